"""Copying, indicators and cohorts over generated multi-year archives (tests/gen/years.py with
tests/gen/copies.py's copied, fresh and lifted narratives), ingested and reindexed by the real
command, in two arrival orders, in a data folder and in PostgreSQL (the `backend` fixture); every
expectation is the generator's truth or its records."""
import csv
import io
import shutil

import pytest

from tests.conftest import hits_by_org_year, ingested_years, nianbao, succeeded_json
from tests.gen.years import BODIES, make_archive


def _check_copied(root, truths):
    hits = hits_by_org_year(root)
    for truth in truths:
        got = hits[(truth.org, truth.year)]["copied"]
        assert (got is None) == (truth.copied is None), (truth.path.name, got, truth.copied)
        assert got is None or got == pytest.approx(truth.copied), truth.path.name
    return hits


@pytest.fixture(scope="module")
def archive(tmp_path_factory, backend):
    return ingested_years(tmp_path_factory.mktemp("years"), backend, seed=5)


def test_copied_is_the_share_the_generator_kept_from_last_year(archive):
    root, truths = archive
    assert {t.copied for t in truths if t.copied is not None} - {0.0}  # some copy, some do not
    # ingested a body at a time, the first bodies were measured before the template was seen to be one;
    # reindex measures over the whole archive
    assert nianbao("reindex", "--data", root).returncode == 0
    _check_copied(root, truths)


def test_where_copied_finds_exactly_the_reports_that_copy(archive):
    root, truths = archive
    found = succeeded_json(nianbao("search", "--where", "copied>=0.7", "--limit", "0", "--json", "--data", root))["hits"]
    assert {(h["org"], h["year"]) for h in found} == {(t.org, t.year) for t in truths if (t.copied or 0) >= 0.7 - 1e-9}
    assert found


def test_other_bodies_passages_are_found_after_a_reindex(archive):
    root, truths = archive
    assert nianbao("reindex", "--data", root).returncode == 0
    hits = hits_by_org_year(root)
    by_key = {(t.body, t.year): t for t in truths}
    lifts = [t for t in truths if t.lifted_from]
    assert lifts
    for truth in lifts:
        source = by_key[truth.lifted_from]
        shared = {s["id"]: s["chars"] for s in hits[(truth.org, truth.year)]["copying"]["shared"]}
        assert shared.get(hits[(source.org, source.year)]["id"]) == truth.lifted_chars
    lifted = {t.body for t in lifts} | {t.lifted_from[0] for t in lifts}
    assert all(not hits[(t.org, t.year)]["copying"]["shared"] for t in truths if t.body not in lifted)


def test_copied_and_the_change_are_right_whatever_order_reports_arrive_in(tmp_path, backend):
    """Every body's even years first, then the odd ones: each report measured as it arrives (the template
    printed by every body is boilerplate by then), the next year's report measured again."""
    truths = make_archive(tmp_path / "files", seed=5)
    later, earlier = tmp_path / "later", tmp_path / "earlier"
    for folder in (later, earlier):
        folder.mkdir()
    for truth in truths:
        shutil.copy(truth.path, (later if truth.year % 2 == 0 else earlier) / truth.path.name)
    data = backend.fresh(tmp_path / "data")
    for folder in (later, earlier):
        assert nianbao("ingest", folder, "--data", data).returncode == 0
    hits = _check_copied(data, truths)
    by_key = {(t.body, t.year): t for t in truths}
    for truth in truths:
        before = by_key.get((truth.body, truth.year - 1))
        got = hits[(truth.org, truth.year)]["indicators"]["requests_change"]
        if before is None or not before.record["fields"]["t3.new.total"]:
            assert got is None
        else:
            now, then = truth.record["fields"]["t3.new.total"], before.record["fields"]["t3.new.total"]
            assert got == pytest.approx((now - then) / then), truth.path.name


def granted_share(fields):
    return (fields["t3.granted.total"] + fields["t3.partial.total"]) / fields["t3.total.total"] if fields["t3.total.total"] else None


def test_a_cohort_ranks_the_bodies_of_a_level_as_their_records_say(archive):
    root, truths = archive
    year, level = 2021, "县级"
    wanted = {spec.key for spec in BODIES if spec.level == level}
    truth = {t.body: granted_share(t.record["fields"]) for t in truths if t.year == year and t.body in wanted}
    cases = {t.body: t.record["fields"]["t3.total.total"] for t in truths if t.year == year and t.body in wanted}
    result = succeeded_json(nianbao("cohort", "--indicator", "granted_share", "--year", year, "--level", level, "--min-cases", 1,
                           "--json", "--data", root))
    orgs = {t.org: t.body for t in truths if t.year == year}
    ranked = [(orgs[row["org"]], row["value"]) for row in result["ranked"]]
    expected = sorted(((b, v) for b, v in truth.items() if v is not None and cases[b] >= 1), key=lambda p: -p[1])
    assert [b for b, _ in ranked] == [b for b, _ in expected] and [v for _, v in ranked] == pytest.approx([v for _, v in expected])
    assert len(ranked) >= 2
    # the threshold leaves out exactly the bodies with fewer cases, and says so
    cut = sorted(cases.values())[len(cases) // 2]
    fewer = succeeded_json(nianbao("cohort", "--indicator", "granted_share", "--year", year, "--level", level,
                          "--min-cases", cut, "--json", "--data", root))
    assert {orgs[row["org"]] for row in fewer["left_out"] if row["status"] == "too_few_cases"} == {
        b for b, c in cases.items() if c < cut}
    table = list(csv.reader(io.StringIO(nianbao("cohort", "--indicator", "granted_share", "--year", year, "--level", level,
                                                "--min-cases", 1, "--csv", "--data", root).stdout)))
    assert [orgs[row[11]] for row in table[1:] if row[1] == "ranked"] == [b for b, _ in expected]


def test_the_cohort_api_and_page_agree_with_the_cli(archive):
    from web.app import create_app

    root, _ = archive
    cli = succeeded_json(nianbao("cohort", "--indicator", "review_corrected", "--min-cases", 1, "--json", "--data", root))
    client = create_app(root, TESTING=True).test_client()
    api = client.get("/api/cohort?indicator=review_corrected&min_cases=1").get_json()
    assert api["ranked"] == cli["ranked"] and api["left_out"] == cli["left_out"]
    page = client.get("/cohort?indicator=review_corrected&min_cases=1").get_data(as_text=True)
    assert cli["indicator"]["formula"] in page.replace("&#43;", "+")
    assert all(f'data-body="{row["body_id"]}"' in page for row in cli["ranked"])
    assert client.get("/api/cohort?indicator=bogus").status_code == 400
    assert nianbao("cohort", "--indicator", "bogus", "--data", root).returncode == 2


def test_the_report_page_and_api_show_copied_with_its_definition(archive):
    from web.app import create_app

    root, truths = archive
    assert nianbao("reindex", "--data", root).returncode == 0
    hits = hits_by_org_year(root)
    truth = max((t for t in truths if t.copied), key=lambda t: t.copied)
    hit = hits[(truth.org, truth.year)]
    client = create_app(root, TESTING=True).test_client()
    assert client.get(f"/api/reports/{hit['id']}").get_json()["copied"] == pytest.approx(truth.copied)
    page = client.get(f"/reports/{hit['id']}").get_data(as_text=True)
    assert f"{truth.copied * 100:.0f}%" in page and f"a={hit['copying']['previous']}" in page
    assert "个以上机关共用的模板句" in page and 'data-indicator="granted_share"' in page


def test_a_bodys_years_carry_their_indicators_and_copied(archive):
    root, truths = archive
    hits = hits_by_org_year(root)
    truth = next(t for t in truths if t.body == "jiangsu" and t.year == 2022)
    before = next(t for t in truths if t.body == "jiangsu" and t.year == 2021)
    body_id = hits[(truth.org, truth.year)]["body"]["id"]
    shown = succeeded_json(nianbao("body", body_id, "--json", "--data", root))
    (report,) = next(y["reports"] for y in shown["years"] if y["year"] == 2022)
    now, then = truth.record["fields"]["t3.new.total"], before.record["fields"]["t3.new.total"]
    assert report["indicators"]["requests_change"] == pytest.approx((now - then) / then)
    assert report["copied"] == pytest.approx(truth.copied)
