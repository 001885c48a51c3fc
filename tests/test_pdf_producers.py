"""The PDF reader on PDFs that Chromium and LibreOffice typeset (tests/gen/producers.py), not our
own fpdf2 drawing: rules full, across only or none, labels wrapping beside centred numbers,
三、本年度办理结果 vertical, 表三 over pages with and without repeated header rows."""
import dataclasses

import pytest

from ingest.extract import extract_bytes
from tests.conftest import require_tools
from tests.gen.gold import differences, gold_record
from tests.gen.producers import PRODUCERS, producer_job, render

# (document index, rules, vertical text, header rows repeated): both templates, (六) split (index 3)
LOOKS = [(0, "grid", "css", True), (1, "hrules", "chars", True), (2, "none", "wrap", False), (3, "none", "chars", True)]


def _jobs():
    jobs = []
    for index, rules, vertical, repeat_head in LOOKS:
        name, record, look, rng = producer_job(index, seed=7)
        jobs.append((name, record, dataclasses.replace(look, rules=rules, vertical=vertical, repeat_head=repeat_head), rng))
    return jobs


@pytest.fixture(scope="module", params=["chromium", "libreoffice"])
def rendered(request, tmp_path_factory):
    """(producer, [(name, record, PDF bytes)]), typeset once per producer."""
    require_tools(PRODUCERS[request.param])
    jobs = _jobs()
    pdfs = render(request.param, jobs, tmp_path_factory.mktemp(request.param))
    return request.param, [(name, record, data) for (name, record, _, _), data in zip(jobs, pdfs)]


def test_producer_pdfs_read_as_their_records(rendered):
    producer, docs = rendered
    for name, record, data in docs:
        got = extract_bytes(data, f"{producer}/{name}.pdf")
        assert differences(got, gold_record(record, f"{name}.pdf")) == [], f"{producer} document {name}"


def test_looks_cover_what_reports_vary():
    """The documents above span both templates, (六) split, every rule style and vertical text."""
    jobs = _jobs()
    assert {record["template"] for _, record, _, _ in jobs} == {"2019", "2021"}
    assert any("t3.handled_other.misc.total" in record["fields"] for _, record, _, _ in jobs)
    assert {look.rules for *_, look, _ in jobs} == {"grid", "hrules", "none"}
    assert {look.vertical for *_, look, _ in jobs} == {"css", "chars", "wrap"}


def test_borderless_tables_on_loose_lines_with_centred_wrapped_labels(tmp_path):
    """9 pt table text on 18 pt lines (line pitch over 1.6x the glyph height), no rules, labels
    centred: a wrapped label's lines are still one cell."""
    require_tools("chromium")
    jobs = []
    for index in range(5):
        name, record, look, rng = producer_job(index, seed=11)
        jobs.append((name, record, dataclasses.replace(look, rules="none", centre_labels=True, table_pt=9,
                                                       table_leading=2.0, font="WenQuanYi Micro Hei"), rng))
    for (name, record, _, _), data in zip(jobs, render("chromium", jobs, tmp_path)):
        assert differences(extract_bytes(data, f"{name}.pdf"), gold_record(record, f"{name}.pdf")) == [], name


@pytest.mark.parametrize("rules", ["hrules", "none"])
def test_t2_as_one_small_table_per_item_with_blank_first_cells(rules, tmp_path):
    """表二 printed as one small table per 第二十条 item, each with its own columns (so (八) and (九)
    put their values at other x than the items of three): a row whose first cell is blank keeps
    its values in their columns."""
    require_tools("chromium")
    jobs = []
    for index in (0, 2, 4):  # 2019 layout: (八) and (九) have two value columns
        name, record, look, rng = producer_job(index, seed=13)
        for key in ("t2.normative.made", "t2.license.prev", "t2.fees.prev", "t2.procurement.items"):
            record["fields"][key] = None
        jobs.append((name, record, dataclasses.replace(look, rules=rules, t2_per_item=True), rng))
    for (name, record, _, _), data in zip(jobs, render("chromium", jobs, tmp_path)):
        assert differences(extract_bytes(data, f"{name}.pdf"), gold_record(record, f"{name}.pdf")) == [], name


def test_borderless_2021_t2_with_centred_captions_over_a_wide_label_column(tmp_path):
    """No rules, 表二's label column over twice a value column's width, so the centred 第二十条
    captions stand between the labels and the values: they are captions, not a row's label."""
    require_tools("chromium")
    jobs = []
    for index in (1, 3, 5):  # 2021 layout
        name, record, look, rng = producer_job(index, seed=17)
        jobs.append((name, record, dataclasses.replace(look, rules="none", t2_label=55.0, centre_labels=True), rng))
    for (name, record, _, _), data in zip(jobs, render("chromium", jobs, tmp_path)):
        assert differences(extract_bytes(data, f"{name}.pdf"), gold_record(record, f"{name}.pdf")) == [], name
