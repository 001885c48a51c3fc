"""A report's slips stay the report's (issue 10, part 2; SCHEMA.md, "Placement").

Reports with two misprinted totals, some of their zero cells printed blank, in every layout
where a blank cell leaves no trace (aligned text, a PDF text dump, a borderless PDF, the dumps
poppler and PyMuPDF take from a printed PDF). A reader may not know where a value stood; it
must then leave the cell null and say so, never move a number to make the sums hold:

(a) every field is what the report printed, or null with a note on its key, its row (`t3.new`)
    or its table (`t3`);
(b) `checks` lists only rules the report itself breaks (tests/gen/oracle.py, not the code
    under test), and every one of them whose cells were all read.
"""
import functools
import random

import pytest

from ingest.extract import extract_bytes
from tests.conftest import require_tools
from tests.gen.dumps import pdf_dump
from tests.gen.oracle import broken_rules, rules
from tests.gen.pdf import write_pdf
from tests.gen.record import random_record
from tests.gen.text import write_text

TEXT_LAYOUTS = ("spaces", "pdfdump")
DUMPS = ("pdftotext-layout", "pdftotext-raw", "pymupdf", "pymupdf-sort")
LAYOUTS = TEXT_LAYOUTS + ("borderless",) + DUMPS
BLANK_RATES = (0.1, 0.25, 0.4)
# Two reports per layout and rate, one of each template.
REPORTS = ((0, "2019"), (1, "2021"))
PLANTED_SLIPS = 2


def report(layout, blanks, seed, template):
    """(expected record, file name, bytes) of one report in `layout`."""
    record = random_record(7000 + seed + int(blanks * 100), template, consistent=False, broken=PLANTED_SLIPS,
                           blanks=blanks, bare_unit=False)
    rng = random.Random(seed)
    if layout in TEXT_LAYOUTS:
        return record, "report.txt", write_text(record, layout, "utf-8", rng)
    if layout == "borderless":
        return record, "report.pdf", write_pdf(record, layout, rng)
    return record, f"{layout}.txt", None


@functools.cache
def printed_pdf(blanks, seed, template):
    """The ruled PDF the four dumps of one report are taken from, typeset once."""
    record, _, _ = report("ruled", blanks, seed, template)
    return write_pdf(record, "ruled", random.Random(seed))


def dump(layout, blanks, seed, template, tmp_path):
    """The text `layout` (a tool) takes out of the report's PDF, as a person pastes it."""
    if layout.startswith("pdftotext"):
        require_tools("pdftotext")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(printed_pdf(blanks, seed, template))
    return pdf_dump(pdf, layout)


def noted(key, notes):
    """Whether a note speaks for `key`: on the key itself, its row, or its table."""
    row, table = key.rsplit(".", 1)[0], key.split(".")[0]
    return any(note["key"] in (key, row, table) for note in notes)


def moved_values(want, got):
    """Every field that differs from the printed value and is not a null the reader said it was unsure of."""
    fields = got["fields"]
    moved = []
    for key in sorted(set(want["fields"]) | set(fields)):
        printed, read = want["fields"].get(key), fields.get(key)
        if read == printed and (key in fields) == (key in want["fields"]):
            continue
        if read is None and noted(key, got["notes"]):
            continue
        moved.append(f"{key}: printed {printed!r}, read {fields.get(key, 'no key')!r}")
    return moved


def wrong_checks(want, got):
    """Rules reported that the report does not break, and broken rules not reported though all their cells were read."""
    planted = set(broken_rules(want["fields"]))
    reported = {check["rule"] for check in got["checks"]}
    invented = sorted(reported - planted)
    cells = rules(want["fields"])
    readable = {rule for rule in planted if all(got["fields"].get(key) is not None for key in cells[rule])}
    unreported = sorted(readable - reported)
    return ([f"not broken by the report: {invented}"] if invented else []) + (
        [f"broken and read, not reported: {unreported}"] if unreported else [])


@pytest.mark.parametrize("seed, template", REPORTS, ids=[t for _, t in REPORTS])
@pytest.mark.parametrize("blanks", BLANK_RATES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_value_moved_and_checks_are_the_reports_own(layout, blanks, seed, template, tmp_path):
    want, name, data = report(layout, blanks, seed, template)
    assert len(broken_rules(want["fields"])) >= 1  # the slips are really there
    got = extract_bytes(data if data is not None else dump(layout, blanks, seed, template, tmp_path), name)
    assert moved_values(want, got) + wrong_checks(want, got) == []


def test_the_judges_see_a_moved_number_and_an_invented_check():
    """The assertions above can fail: a swapped pair of cells and a check the report does not break."""
    want = random_record(7001, "2019", consistent=False, broken=PLANTED_SLIPS, bare_unit=False)
    got = {**want, "fields": dict(want["fields"]), "notes": [],
           "checks": [{"rule": rule} for rule in broken_rules(want["fields"])]}
    assert moved_values(want, got) == [] and wrong_checks(want, got) == []
    got["fields"]["t3.granted.natural"], got["fields"]["t3.granted.commercial"] = (
        want["fields"]["t3.granted.commercial"], want["fields"]["t3.granted.natural"])
    assert len(moved_values(want, got)) == 2
    got["fields"]["t3.granted.natural"] = None
    got["notes"] = [{"key": "t3.granted", "note": "where the row's values stood is not known"}]
    assert moved_values(want, got) == ["t3.granted.commercial: printed "
                                       f"{want['fields']['t3.granted.commercial']!r}, read "
                                       f"{want['fields']['t3.granted.natural']!r}"]
    got["checks"].append({"rule": "t4.review.total"})
    assert wrong_checks(want, got) == ["not broken by the report: ['t4.review.total']"]
    got["fields"], got["checks"] = dict(want["fields"]), got["checks"][1:-1]
    assert wrong_checks(want, got)[0].startswith("broken and read, not reported")
