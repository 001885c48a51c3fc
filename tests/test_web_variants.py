"""HTML and Word reports as sites, offices and converters make them (tests/gen/variants), not as our own
generators do; scripts/bench_web.py measures the same variants over many more documents."""
import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from ingest.read.blocks import is_grid
from ingest.read.docx import body_blocks, text_of
from ingest.document import split_head
from ingest.extract import extract_bytes, sniff
from ingest.numbers import parse_number
from ingest.tables.mapping import align
from tests.conftest import soffice_or_skip
from tests.gen.variants import VARIANTS, documents, score
from tests.gen.variants.word_docs import NS

LIBREOFFICE = ("docx-lo-html", "docx-lo-wordhtml", "docx-lo", "doc-lo", "rtf-lo")
# One LibreOffice run each (.doc: test_docx_reader.py); bench_web.py runs them all.
TESTED_LIBREOFFICE = ("docx-lo-html", "docx-lo", "rtf-lo")


def assert_exact(variant, count, seed):
    for name, data, record in documents(variant, count, seed):
        assert score(extract_bytes(data, name), record)[2] == [], name


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v not in LIBREOFFICE])
def test_variant_reads_exactly(variant):
    assert_exact(variant, 6, seed=7)


@pytest.mark.parametrize("variant", TESTED_LIBREOFFICE)
def test_libreoffice_variant_reads_exactly(variant):
    soffice_or_skip()
    assert_exact(variant, 1 if variant == "rtf-lo" else 2, seed=7)


PAGE = """<html><head><meta charset="utf-8"><title>红椿镇人民政府2020年政府信息公开工作年度报告_红椿镇门户网站</title></head>
<body><ul><li><a href="/1">东区人民政府2019年政府信息公开工作年度报告</a></li></ul><div id="zoom">
<p>一、总体情况</p><p>本年度工作有序开展。</p><p>六、其他需要报告的事项</p><p>无。</p></div>
<p>上一篇：<a href="/2">西区人民政府2020年政府信息公开工作年度报告</a></p></body></html>"""


def test_a_link_to_another_report_is_never_the_title():
    got = extract_bytes(PAGE.encode(), "page.html")
    assert (got["title"], got["org"], got["year"]) == ("红椿镇人民政府2020年政府信息公开工作年度报告", "红椿镇人民政府", 2020)
    assert any(n["key"] == "title" and "<title>" in n["note"] for n in got["notes"])


def test_a_page_saved_as_text_keeps_its_menus_above_the_title():
    lines = ["您当前的位置：首页 > 政府信息公开 > 政府信息公开年报", "东区人民政府2019年政府信息公开工作年度报告",
             "西区人民政府2020年政府信息公开工作年度报告", "发布时间：2021-01-10",
             "根据条例要求，现公布西区人民政府2020年政府信息公开工作年度报告"]
    assert split_head(lines)[:3] == ("西区人民政府2020年政府信息公开工作年度报告", "西区人民政府", 2020)


def test_docx_without_a_title_line_takes_its_title_property():
    document = docx.Document()
    document.core_properties.title = "青溪县财政局2022年政府信息公开工作年度报告 - 青溪县人民政府网"
    for text in ("一、总体情况", "本年度工作有序开展。"):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    got = extract_bytes(out.getvalue(), "page.docx")
    assert (got["org"], got["year"]) == ("青溪县财政局", 2022)
    assert any(n["key"] == "title" for n in got["notes"])


def test_paragraph_text_is_what_word_shows():
    from docx.oxml import parse_xml

    p = parse_xml(f"""<w:p {NS}><w:smartTag w:element="chsdate"><w:r><w:t>2020年</w:t></w:r></w:smartTag>
        <w:del w:id="1"><w:r><w:delText>17</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>12</w:t></w:r></w:ins>
        <w:fldSimple w:instr=" =SUM(LEFT) "><w:r><w:t>+5</w:t></w:r></w:fldSimple>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> =SUM(ABOVE) </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>9</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>""")
    assert text_of(p).replace("\n", "").replace(" ", "") == "2020年12+59"


def test_a_table_in_a_text_box_is_read_once():
    """Word writes a text box twice (DrawingML and its VML fallback)."""
    name, data, record = next(d for d in documents("docx-box", 12, seed=3) if b"mc:Fallback" in _document_xml(d[1]))
    document = docx.Document(io.BytesIO(data))
    blocks = list(body_blocks(document.element.body, document.part, []))
    grids = [b for b in blocks if not isinstance(b, str) and is_grid(b)]
    assert len([g for g in grids if any("申请人情况" in text for _, text in g[0])]) == 1, name


def _document_xml(data):
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_numbers_printed_with_a_plus():
    assert parse_number("+5") == (5, None) and parse_number("＋12") == (12, None) and parse_number("-3") == (-3, None)


def test_a_merged_number_a_converter_repeated_is_read_once():
    assert align(["5", "3", "3"], 2)[0] == ["5", "3"]
    assert align(["7", "7", "7"], 1)[0] == ["7"]
    # a leading blank is a pad cell, not a blank value: the zeros are real columns
    assert align([None, "515", "0", "0"], 3)[0] == ["515", "0", "0"]


def test_rtf_saved_as_doc_and_unicode_web_pages_are_recognised():
    assert sniff(b"{\\rtf1\\ansi\\ansicpg936 ...") == "rtf"
    page = PAGE.replace("utf-8", "unicode").encode("utf-16")
    assert sniff(page) == "html"
    assert extract_bytes(page, "report.doc")["org"] == "红椿镇人民政府"


def test_a_page_stored_as_utf8_under_a_gb2312_meta():
    page = PAGE.replace('charset="utf-8"', 'http-equiv="Content-Type" content="text/html; charset=gb2312"').encode()
    assert extract_bytes(page, "page.html")["org"] == "红椿镇人民政府"


def test_ingest_of_a_folder_picks_up_rtf(tmp_path):
    """An .rtf among a folder's files is archived by `nianbao ingest FOLDER`, as the README promises."""
    soffice_or_skip()
    (name, data, record), = documents("rtf-lo", 1, seed=3)
    folder = tmp_path / "in" / "sub"
    folder.mkdir(parents=True)
    (folder / "report.rtf").write_bytes(data)
    (folder / "notes.xyz").write_bytes(b"not a report")
    done = subprocess.run([str(Path(sys.executable).with_name("nianbao")), "ingest", str(tmp_path / "in"),
                           "--data", str(tmp_path / "data")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    logged = [json.loads(line) for line in (tmp_path / "data" / "ingest-log.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(Path(line["path"]).name, line["status"]) for line in logged] == [("report.rtf", "stored")]
    stored = json.loads(next((tmp_path / "data" / "records").rglob("*.json")).read_text(encoding="utf-8"))
    assert score(stored["record"], record)[2] == []
