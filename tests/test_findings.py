"""Findings across years on literal records: a blank cell counts as 0, a cell the reader left null
with a note is not compared (SCHEMA.md: uncertainty is never silent, and never a guess)."""
from compare.findings import chain_view, cross_year


def record(year, fields, notes=()):
    return {"template": "2021", "year": year, "fields": fields, "notes": list(notes), "checks": []}


LAST_YEAR = record(2021, {"t2.rules.issued": 1, "t2.rules.repealed": 0, "t2.rules.in_force": 10,
                          "t3.carried_out.natural": 2})


def findings(this_year, last_year=LAST_YEAR):
    return cross_year(this_year, [chain_view(last_year)])


def test_a_blank_cell_counts_as_zero():
    result = findings(record(2022, {"t2.rules.issued": None, "t2.rules.repealed": 0, "t2.rules.in_force": 12,
                                    "t3.carried_in.natural": None}))
    assert {(f["rule"], f["expected"], f["found"]) for f in result["findings"]} == {
        ("yoy.t2.rules.in_force", 10, 12), ("yoy.t3.carried_in.natural", 2, 0)}


def test_a_cell_left_null_with_a_note_this_year_is_not_compared():
    unsure = [{"key": "t2.rules.issued", "note": "two values fit this cell"},
              {"key": "t3.carried_in.natural", "note": "OCR read 3 and 8"}]
    result = findings(record(2022, {"t2.rules.issued": None, "t2.rules.repealed": 0, "t2.rules.in_force": 12,
                                    "t3.carried_in.natural": None}, unsure))
    assert result["findings"] == []
    assert {n["rule"]: n["why"] for n in result["not_compared"]} == {
        "yoy.t2.rules.in_force": "t2.rules.issued is null with a note (the reader was unsure of it)",
        "yoy.t3.carried_in.natural": "t3.carried_in.natural is null with a note (the reader was unsure of it)"}


def test_a_cell_left_null_with_a_note_last_year_is_not_compared():
    last_year = record(2021, {"t2.rules.in_force": None, "t3.carried_out.natural": 2},
                       [{"key": "t2.rules.in_force", "note": "glued cells: 1 or 10"}])
    result = findings(record(2022, {"t2.rules.issued": 0, "t2.rules.repealed": 0, "t2.rules.in_force": 12,
                                    "t3.carried_in.natural": 2}), last_year)
    assert result["findings"] == []
    assert result["not_compared"] == [{"rule": "yoy.t2.rules.in_force", "why": "last year's t2.rules.in_force is null "
                                       "with a note (the reader was unsure of it)"}]


def test_a_note_on_a_cell_that_holds_a_number_does_not_stop_the_comparison():
    noted = [{"key": "t2.rules.in_force", "note": "OCR confidence 0.91"}]
    result = findings(record(2022, {"t2.rules.issued": 0, "t2.rules.repealed": 0, "t2.rules.in_force": 9}, noted))
    assert [(f["rule"], f["expected"], f["found"]) for f in result["findings"]] == [("yoy.t2.rules.in_force", 10, 9)]
