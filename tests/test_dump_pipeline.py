"""Text dumps made by real engines and tools (tests/gen/dumps.py), and real reports' label wording.

The generators in tests/gen/text*.py and the reader share their authors; here Chromium prints
the page and pdftotext / PyMuPDF take the text back, and labels read as published reports
word them (tests/gen/wording.py).
"""
import random

import pytest
from lxml import html as lxml_html

from ingest.document import blank_page_numbers, heading_at, split_at_headings, split_head
from ingest.extract import extract_bytes
from ingest.tables.checks import rules
from ingest.tables.placement import Slot, place
from ingest.read.text import table_rows

from tests.conftest import require_tools
from tests.gen.docx_file import record_docx
from tests.gen.dumps import PDF_DUMPS, convert_docx, html_dump, pdf_dump, print_html
from tests.gen.gold import differences, gold_record
from tests.gen.html_page import record_page
from tests.gen.oracle import rules as oracle_rules
from tests.gen.print_docx import record_docx_print
from tests.gen.producers import producer_job
from tests.gen.record import random_record
from tests.gen.wording import VARIANTS, reword_html


def _record(seed, template):
    """Blank cells left out: where a dump drops them, 0 and blank cannot be told apart."""
    return random_record(seed, template, bare_unit=False)


@pytest.mark.parametrize("seed", range(6))
def test_real_wording_reads_back(seed):
    """Every variant in a page (share=1), dumped one text node a line."""
    record = _record(seed, ("2019", "2021")[seed % 2])
    page = reword_html(record_page(record).decode("utf-8"), random.Random(seed), share=1.0)
    got = extract_bytes(html_dump(page.encode("utf-8"), "html-lines"), "page.txt")
    assert differences(got, gold_record(record, "page.txt")) == []


def test_every_variant_is_in_the_generated_page():
    pages = [record_page(_record(seed, template)).decode("utf-8") for seed, template in ((1, "2019"), (2, "2021"))]
    pages.append(pages[-1].replace("（六）其他处理", "（六）其他处理"))
    missing = [original for original, _ in VARIANTS if not any(f">{original}<" in page for page in pages)]
    assert missing == []


def test_text_after_a_rows_numbers_starts_a_new_row():
    """PyMuPDF's sorted text puts a wrapped label's last line, or the next row, after the numbers."""
    rows = table_rows(["3.补正后申请内容仍不", "        0    24    0    15   39    明确   1.信访举报投诉类申请  19  0  0  1  29  0  49"])
    assert [r.cells for r in rows] == [["3.补正后申请内容仍不"], ["0", "24", "0", "15", "39"],
                                       ["明确", "1.信访举报投诉类申请", "19", "0", "0", "1", "29", "0", "49"]]


def test_rows_as_crawlers_flatten_them_with_pipes():
    """Every cell closed by a pipe, none opening the row; a spanned or empty cell a bare pipe."""
    rows = table_rows(["第二十条第(五)项 | |||", "信息内容 | 本年处理决定数量 | ||", "行政许可 | 0 | ||", "| 35 | 0 |"])
    assert [r.cells for r in rows] == [["第二十条第(五)项", "", "", ""], ["信息内容", "本年处理决定数量", "", ""],
                                       ["行政许可", "0", "", ""], ["", "35", "0"]]
    assert all(r.blanks_known for r in rows)
    assert [r.cells for r in table_rows(["| a | b |", "| 1 | 2 |"])] == [["a", "b"], ["1", "2"]]


def test_numbers_glued_to_text_and_units_after_a_gap():
    """PyMuPDF leaves out the space between two cells (`119办`, `235三、本年`) or sets a unit apart (`902294627 元`)."""
    rows = table_rows(["政府集中采购      824            902294627 元", "  6    33      119办        方合法权益"])
    assert [r.cells for r in rows] == [["政府集中采购", "824", "902294627 元"], ["6", "33", "119"], ["办", "方合法权益"]]


def test_page_number_beside_a_row_or_a_heading():
    """A sorted dump sets `- 2 -` beside a table row, or a bare page number before a heading."""
    assert blank_page_numbers("      - 2 -       (六) 其他处理     0   27") == "                  (六) 其他处理     0   27"
    assert blank_page_numbers("规章   5   0") == "规章   5   0"
    assert heading_at(["1   三、收到和处理政府信息公开申请情况"], 0)[0] == "t3"
    assert heading_at(["三、收到和处理政府信息公开申请情况（本列数据的勾稽关系  申请人情况"], 0) == (
        "t3", 1, "（本列数据的勾稽关系  申请人情况")


def test_heading_set_after_a_row_and_a_title_wrapped_before_its_last_character():
    """PyMuPDF's sorted text: `…8272741200元  三、收到和处理…` on one line; `…年度报` / `告`."""
    assert split_at_headings(["  政府集中采购      499      8272741200元  三、收到和处理政府信息公开申请情况", "规章   5   0"]) == [
        "  政府集中采购      499      8272741200元", "三、收到和处理政府信息公开申请情况", "规章   5   0"]
    head = ["首页", "2018年政府信息公开工作年度报告", "云湖区人民政府2021年政府信息公开工作年度报", "告",
            "本报告由云湖区人民政府编制，为2021年政府信息公开工作年度报告。报告"]
    assert split_head(head)[:3] == ("云湖区人民政府2021年政府信息公开工作年度报告", "云湖区人民政府", 2021)


def test_a_line_of_spaces_between_values_is_a_blank_cell():
    """PyMuPDF keeps a printed page's `&nbsp;` cell as a line holding a space: the values after it stay put."""
    record = random_record(3, "2019", blanks=0.5, bare_unit=False)
    assert any(v is None for k, v in record["fields"].items() if k.startswith("t3."))
    root = lxml_html.fromstring(record_page(record))
    lines = [t.strip() or t for t in root.xpath("//body")[0].itertext() if t.strip() or t == "\xa0"]
    got = extract_bytes("\n".join(lines).encode("utf-8"), "spaces.txt")
    assert differences(got, gold_record(record, "spaces.txt")) == []


def test_pdftotext_layout_aligns_one_character_a_column():
    """pdftotext -layout gives a CJK character one column, an editor two: the measure that lines
    the numbers up is the one used."""
    lines = ["  1.属于国家秘密      0     3     22", "  4.保护第三方合法权益   5     9     48", "  7.属于执法案卷        6     8"]
    rows = [r for r in table_rows(lines) if r.xs and r.cells[0][0].isdigit() and len(r.cells) == 3]
    assert len({round(r.xs[0]) for r in rows}) == 1


def _t3_keys(row):
    return [f"t3.{row}.{col}" for col in ("natural", "commercial", "research", "social", "legal", "other", "total")]


def _place_t3(fixed_rows, short_rows, glued=False):
    """Place `short_rows` {row: printed values} among `fixed_rows` {row: 7 cells} by 表三's rules:
    {row: cells}, the unknown keys."""
    fixed = {key: raw for row, cells in fixed_rows.items() for key, raw in zip(_t3_keys(row), cells)}
    slots = [Slot(_t3_keys(row), values, f"t3.{row}", glued) for row, values in short_rows.items()]
    placed = place(slots, fixed, rules([*fixed, *(k for s in slots for k in s.keys)]))
    return ({row: placed[i].cells for i, row in enumerate(short_rows)},
            set().union(*(p.unknown for p in placed.values())))


def test_column_search_places_rows_the_row_by_row_search_misses():
    """Two rows each short of one value: only a placement of both together makes the columns add up."""
    fixed = {"new": ["3", "4", "0", "0", "0", "0", "7"], "carried_in": ["0"] * 7,
             "total": ["3", "4", "0", "0", "0", "0", "7"], "carried_out": ["0"] * 7}
    placed, unknown = _place_t3(fixed, {"granted": ["1", "3", "4"], "partial": ["2", "1", "3"]})
    assert placed == {"granted": ["1", "3", None, None, None, None, "4"], "partial": ["2", "1", None, None, None, None, "3"]}
    assert unknown == set()


def test_where_a_zero_stood_among_blank_cells_is_left_unknown():
    fixed = {"new": ["3", "0", "4", "0", "0", "0", "7"], "carried_in": ["0"] * 7,
             "total": ["3", "0", "4", "0", "0", "0", "7"], "carried_out": ["0"] * 7}
    placed, unknown = _place_t3(fixed, {"granted": ["3", "0", "4", "7"]})
    assert placed == {"granted": ["3", "0", "4", None, None, None, "7"]} and unknown == set()
    placed, unknown = _place_t3(fixed, {"granted": ["3", "4", "0", "7"]})
    # The 0 stands in one of social, legal, other: which, the sums cannot tell.
    assert placed == {"granted": ["3", None, "4", None, None, None, "7"]}
    assert unknown == {"t3.granted.social", "t3.granted.legal", "t3.granted.other"}


def test_no_value_is_moved_to_make_a_slip_disappear():
    """The report's own 总计 is misprinted (6 and 9 where its rows add to 4 and 7): no arrangement
    of the short row fits the column sums, so only its own total decides: 7 is its total, and
    where 3 and 4 stood stays null rather than go where the slip would be hidden."""
    fixed = {"new": ["3", "4", "0", "0", "0", "0", "7"], "carried_in": ["0"] * 7,
             "total": ["3", "6", "0", "0", "0", "0", "9"], "carried_out": ["0"] * 7}
    placed, unknown = _place_t3(fixed, {"granted": ["3", "4", "7"]})
    assert placed == {"granted": [None] * 6 + ["7"]}
    assert unknown == set(_t3_keys("granted")[:6])


def test_a_glued_run_is_split_only_where_one_split_fits():
    fixed = {"carried_in": ["0"] * 7, "carried_out": ["0"] * 7}
    placed, unknown = _place_t3(fixed, {"new": ["963000099"]}, glued=True)
    assert placed == {"new": ["96", "3", "0", "0", "0", "0", "99"]} and unknown == set()
    # 表二 has no sums: 1528310 may be 15/28/310 or 1/528/310 or …, so nothing is kept.
    slot = Slot(["t2.rules.issued", "t2.rules.repealed", "t2.rules.in_force"], ["1528310"], "t2.rules", glued=True)
    got = place([slot], {}, [])[0]
    assert got.cells == [None, None, None] and len(got.unknown) == 3
    # 15 ways with every cell filled (two cuts among six places), 6 × 3 with one blank, 3 with two.
    assert "laid over the columns 36 ways" in got.note


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """One 2019 and one 2021 page, reworded, printed by Chromium: (record, pdf path, page bytes)."""
    require_tools("chromium", "pdftotext")
    out = []
    for seed, template in ((11, "2019"), (12, "2021")):
        record = _record(seed, template)
        page = reword_html(record_page(record).decode("utf-8"), random.Random(seed)).encode("utf-8")
        tmp = tmp_path_factory.mktemp(f"print{seed}")
        (tmp / "page.html").write_bytes(page)
        print_html(tmp / "page.html", tmp / "page.pdf", tmp / "profile")
        out.append((record, tmp / "page.pdf", page))
    return out


# Dumps that may set the page's footer on the date line (PyMuPDF's sorted text joins what shares a
# baseline): the date is then no line of its own, and the reader leaves `dated` null.
DATE_GLUED = ("pymupdf-sort",)


@pytest.mark.parametrize("kind", [k for k in PDF_DUMPS if k != "pdftotext"] + ["html-tsv", "html-pipes"])
def test_printed_page_dumps_read_back(printed, kind):
    for record, pdf, page in printed:
        data = html_dump(page, kind) if kind.startswith("html") else pdf_dump(pdf, kind)
        got = extract_bytes(data, f"{kind}.txt")
        gold = gold_record(record, f"{kind}.txt")
        if kind in DATE_GLUED:
            assert got["dated"] in (record["dated"], None), kind  # never a wrong date
            del gold["dated"]
        assert differences(got, gold) == [], kind


def test_plain_pdftotext_is_read_or_said_to_be_scrambled(printed):
    """Plain pdftotext reads a table block by block, so cells can leave their rows: where the numbers
    do not come out right, the record says so: the order may be lost, or the row is noted (not
    found, or left null), or a broken sum reads the cell."""
    for record, pdf, _ in printed:
        got = extract_bytes(pdf_dump(pdf, "pdftotext"), "plain.txt")
        if any(n["key"] == "fields" and "order" in n["note"] for n in got["notes"]):
            continue
        noted = {n["key"] for n in got["notes"]}
        cells = oracle_rules(got["fields"])
        named = {key for check in got["checks"] for key in cells[check["rule"]]}
        for key, want in record["fields"].items():
            value = got["fields"].get(key, "missing")
            if key.startswith("t3.") and value != want:
                assert key.rsplit(".", 1)[0] in noted or key in named, (key, want, value)


def test_word_files_saved_as_text_by_libreoffice(tmp_path):
    """LibreOffice's Word → text export: one cell a line, no tabs, no form feeds; an empty cell (or
    a merged label's continuation) an empty line. A number beside an empty line is a cell, not a
    page number; an empty line between a row's values keeps the values after it in their columns."""
    require_tools("soffice")
    records = [random_record(21, "2019", blanks=0.4, bare_unit=False),
               random_record(22, "2021", blanks=0.4, split_other=True, bare_unit=False),
               random_record(23, "2019", blanks=0, zeros=0.5, bare_unit=False)]
    paths = []
    for n, record in enumerate(records):
        paths.append(tmp_path / f"plain{n}.docx")
        paths[-1].write_bytes(record_docx(record))
    for index in (1, 2):  # merged label cells, 三、本年度办理结果 vertical, set for print
        _, record, look, rng = producer_job(index, seed=5)
        records.append(record)
        paths.append(tmp_path / f"print{index}.docx")
        paths[-1].write_bytes(record_docx_print(record, look, rng))
    for record, path in zip(records, convert_docx(paths, tmp_path / "txt", "txt")):
        data = path.read_bytes()
        assert b"\t" not in data and b"\f" not in data
        got = extract_bytes(data, path.name)
        assert differences(got, gold_record(record, path.name)) == [], path.name
