"""The generator's own promises: valid records, honest checks, faithful encodings. Readers are tested elsewhere."""
import json
import random
import re

import pytest

from ingest.tables.checks import check_fields
from ingest.numbers import fold_width
from ingest.schema import T3_HANDLED_OTHER_PARTS, field_keys
from tests import generate
from tests.gen.gold import gold_record
from tests.gen.pdf import PDF_LAYOUTS, write_pdf
from tests.gen.record import random_record
from tests.gen.text import ENCODINGS, TEXT_LAYOUTS, write_text

SEEDS = range(30)


@pytest.mark.parametrize("seed", SEEDS)
def test_record_keys_belong_to_its_template(seed):
    record = random_record(seed)
    assert set(record["fields"]) <= set(field_keys(record["template"]))
    assert (record["year"] <= 2020) == (record["template"] == "2019")
    assert record["org"] and record["title"].startswith(record["org"])
    assert str(record["year"]) in record["title"]


@pytest.mark.parametrize("seed", SEEDS)
def test_checks_are_what_check_fields_finds(seed):
    consistent = seed % 2 == 0
    record = random_record(seed, consistent=consistent, blanks=0.2)
    assert record["checks"] == sorted({c["rule"] for c in check_fields(record["fields"])})
    assert (record["checks"] == []) == consistent


def test_numbers_are_mostly_non_zero():
    values = list(random_record(1)["fields"].values())
    assert sum(1 for v in values if v) > 0.6 * len(values)


def test_split_other_and_blanks():
    record = random_record(2, template="2021", split_other=True, blanks=1.0)
    keys = record["fields"]
    assert all(f"t3.{p}.total" in keys for p in T3_HANDLED_OTHER_PARTS)
    assert "t3.handled_other.total" not in keys
    assert None in keys.values() and 0 not in keys.values()


def test_bare_unit_carries_a_note():
    record = random_record(3, template="2019", bare_unit=True, zeros=0)
    assert [n["key"] for n in record["notes"]] == ["t2.procurement.amount"]
    assert random_record(3, template="2019", bare_unit=False)["notes"] == []


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_encodings_hold_the_same_text(layout):
    record = random_record(4, blanks=0.2)
    texts = {enc: write_text(record, layout, enc, random.Random(9), newline="\n").decode(enc) for enc in ENCODINGS}
    bom = "\ufeff"
    assert len({t.lstrip(bom) for t in texts.values()}) == 1


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@pytest.mark.parametrize("seed", range(6))
def test_text_holds_every_count_and_the_title(layout, seed):
    record = random_record(seed, blanks=0.1)
    text = fold_width(write_text(record, layout, "utf-8", random.Random(seed)).decode("utf-8"))
    for key, value in record["fields"].items():
        if value is not None and "amount" not in key:
            assert str(value) in text, key
    assert record["org"] in text
    flat = re.sub(r"\s|\*\*|#", "", text)
    for name, section in record["sections"].items():
        for paragraph in filter(None, section.split("\n")):
            assert fold_width(paragraph[:6]) in flat, name


def test_gold_record_is_what_score_reads(tmp_path):
    record = random_record(5)
    gold = gold_record(record, "x.txt")
    assert {"file", "title", "org", "year", "template", "fields", "checks", "sections"} <= set(gold)
    for spec in gold["sections"].values():
        assert spec["contains"]


def test_cli_writes_documents_and_gold(tmp_path):
    generate.main(["--out", str(tmp_path), "--count", "5", "--seed", "1"])
    golds = sorted(tmp_path.glob("*.json"))
    assert len(golds) == 5
    for path in golds:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert (tmp_path / gold["file"]).is_file()


@pytest.mark.parametrize("layout", PDF_LAYOUTS)
def test_pdf_opens_and_holds_every_number(layout):
    pymupdf = pytest.importorskip("pymupdf")
    record = random_record(7, blanks=0.1)
    doc = pymupdf.open(stream=write_pdf(record, layout, random.Random(7)), filetype="pdf")
    assert doc.page_count >= 2
    words = {w[4] for page in doc for w in page.get_text("words")}
    for key, value in record["fields"].items():
        if value is not None and "amount" not in key:
            assert str(value) in words, key
    text = re.sub(r"\s", "", "".join(page.get_text() for page in doc))
    assert record["sections"]["problems"].split("\n")[0][:10] in text


def test_sample_corpus_mixes_layouts_years_and_formats():
    docs = list(generate.sample_documents())
    assert 10 <= len(docs) <= 14
    assert {n.rsplit(".", 1)[1] for n, _, _ in docs} == {"txt", "pdf"}
    same_org = [r["year"] for _, _, r in docs if r["org"] == generate.SAMPLE_ORG]
    assert len(set(same_org)) >= 5
