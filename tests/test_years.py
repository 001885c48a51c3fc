"""Bodies, cross-year findings and timeliness over generated multi-year archives (tests/gen/years.py),
ingested by the real command in different orders, in a data folder and in PostgreSQL (the `backend`
fixture); every expectation is the generator's truth."""
import datetime
import json
import shutil

import pytest

from search import backends
from tests.conftest import hits_by_org_year, ingested_years, nianbao, stderr_lines, succeeded_json
from tests.gen.years import BODIES, make_archive


def _check_against_truth(root, truths):
    hits = hits_by_org_year(root)
    assert len(hits) == len(truths)
    ids = {}
    for truth in truths:
        hit = hits[(truth.org, truth.year)]
        got = {f["rule"]: (f["expected"], f["found"]) for f in hit["findings"]}
        assert got == truth.findings, (truth.path.name, hit["findings"])
        assert {f["rule"] for f in hit["findings"] if f.get("warning")} == truth.warnings
        assert hit["timeliness"]["late_days"] == truth.late_days, truth.path.name
        assert hit["timeliness"]["status"] == ("late" if truth.late_days > 0 else "on time")
        ids.setdefault(truth.body, set()).add(hit["body"]["id"])
    assert all(len(found) == 1 for found in ids.values()), ids  # every name variant of a body: one id
    assert len({next(iter(found)) for found in ids.values()}) == len(ids)  # no two bodies share one
    return {key: found.pop() for key, found in ids.items()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory, backend):
    return ingested_years(tmp_path_factory.mktemp("years"), backend, seed=3)


def copied(root, backend, tmp_path):
    """A new archive of the same kind holding what `root` holds (`nianbao migrate`), its files folder beside."""
    copy = backend.fresh(tmp_path / "data")
    run = nianbao("migrate", "--data", root, "--to", copy)
    assert run.returncode == 0, run.stderr
    return copy


def test_findings_timeliness_and_identities_match_the_generators_truth(archive):
    root, truths = archive
    assert any(t.findings for t in truths) and any(not t.findings for t in truths)  # the seed breaks some chains
    _check_against_truth(root, truths)


def test_findings_are_the_same_whatever_order_reports_arrive_in(tmp_path, backend):
    """Each run takes its files latest year first. The first run holds every year of half the bodies
    (a report's year before arrives after it, in the same batch) and the even years of the others; the
    second run their odd years (the reports already indexed get the findings that involve them)."""
    truths = make_archive(tmp_path / "files", seed=3)
    whole = {spec.key for spec in BODIES[::2]}
    later, earlier = tmp_path / "later", tmp_path / "earlier"
    for folder in (later, earlier):
        folder.mkdir()
    for truth in truths:
        first = truth.body in whole or truth.year % 2 == 0
        shutil.copy(truth.path, (later if first else earlier) / f"{9999 - truth.year}_{truth.path.name}")
    data = backend.fresh(tmp_path / "data")
    for folder in (later, earlier):
        run = nianbao("ingest", folder, "--data", data)
        assert run.returncode == 0, run.stderr
    _check_against_truth(data, truths)
    assert nianbao("reindex", "--data", data).returncode == 0
    _check_against_truth(data, truths)


def test_bodies_lists_each_body_with_its_region_level_kind_names_and_years(archive):
    root, truths = archive
    listed = succeeded_json(nianbao("bodies", "--json", "--data", root))
    assert len(listed) == len(BODIES)
    for spec in BODIES:
        (body,) = [b for b in listed if set(b["names"]) & {t.org for t in truths if t.body == spec.key}]
        assert body["region"] == spec.region
        assert (body["level"], body["kind"]) == (spec.level, spec.kind)
        assert set(body["names"]) == {t.org for t in truths if t.body == spec.key}
        assert body["years"] == sorted(t.year for t in truths if t.body == spec.key)
    towns = succeeded_json(nianbao("bodies", "--level", "乡镇/街道", "--json", "--data", root))
    assert {b["id"] for b in towns} == {b["id"] for b in listed if b["region"]["town"]}
    huaian = succeeded_json(nianbao("bodies", "--region", "淮安市", "--json", "--data", root))
    assert {b["region"]["city"] for b in huaian} == {"淮安市"} and len(huaian) == 2
    run = nianbao("bodies", "--level", "村", "--data", root)
    assert run.returncode == 2 and len(stderr_lines(run)) == 1


def test_body_shows_every_year_with_changes_and_findings(archive):
    root, truths = archive
    shown = succeeded_json(nianbao("body", "新津县人民政府", "--json", "--data", root))  # its name before the 2020 rename
    mine = {t.year: t for t in truths if t.body == "xinjin"}
    assert [y["year"] for y in shown["years"]] == sorted(mine)
    for year in shown["years"]:
        (report,) = year["reports"]
        truth = mine[year["year"]]
        assert {f["rule"] for f in report["findings"]} == set(truth.findings)
        before = mine.get(year["year"] - 1)
        if before is None:
            assert report["change"] == {}
            continue
        for key in ("t3.new.total", "t4.review.total"):
            assert report["change"][key] == truth.record["fields"][key] - before.record["fields"][key]
        if truth.template != before.template:  # 2019 → 2021: 表二's rows mean other things
            assert "t2.rules.in_force" in report["not_carried_over"] and "t2.rules.in_force" not in report["change"]
            assert any(s["rule"] == "yoy.t2.rules.in_force" for s in report["not_compared"])


def test_search_filters_on_region_level_kind_body_and_lateness(archive):
    root, truths = archive

    def orgs_years(*args):
        hits = succeeded_json(nianbao("search", "--limit", "0", "--json", "--data", root, *args))["hits"]
        return {(h["org"], h["year"]) for h in hits}

    late = {(t.org, t.year) for t in truths if t.late_days > 30}
    assert orgs_years("--where", "late_days>30") == late
    assert orgs_years("--timeliness", "late") == {(t.org, t.year) for t in truths if t.late_days > 0}
    assert orgs_years("--kind", "公安") == {(t.org, t.year) for t in truths if t.body == "hongze-ga"}
    assert orgs_years("--region", "江苏省", "--level", "县级") == {(t.org, t.year) for t in truths if t.body == "hongze-ga"}
    assert orgs_years("--body", "红椿镇") == {(t.org, t.year) for t in truths if t.body == "hongchun"}
    run = nianbao("search", "--level", "村级", "--data", root)
    assert run.returncode == 2 and len(stderr_lines(run)) == 1


def test_an_override_file_joins_and_places_a_body_on_reindex(archive, tmp_path, backend):
    root, truths = archive
    copy = copied(root, backend, tmp_path)
    (backends.files_root(copy) / "bodies.override.json").write_text(json.dumps(
        {"names": {"红椿镇": {"id": "hongchun", "region": {"province": "重庆市", "county": "巫溪县"}}}}, ensure_ascii=False))
    assert nianbao("reindex", "--data", copy).returncode == 0
    hits = succeeded_json(nianbao("search", "--body", "hongchun", "--limit", "0", "--json", "--data", copy))["hits"]
    # only the reports that write 红椿镇 are moved; those that write 红椿镇人民政府 keep the derived identity
    assert {(h["org"], h["year"]) for h in hits} == {(t.org, t.year) for t in truths if t.org == "红椿镇"}
    assert all(h["body"]["region"]["county"] == "巫溪县" for h in hits)
    (backends.files_root(copy) / "bodies.override.json").write_text('{"names": {"红椿镇": {"level": "村"}}}')
    run = nianbao("reindex", "--data", copy)
    assert run.returncode == 2
    (line,) = stderr_lines(run)
    assert "bodies.override.json" in line and "level" in line


def test_the_deadline_table_in_the_data_folder_replaces_the_default(archive, tmp_path, backend):
    root, truths = archive
    copy = copied(root, backend, tmp_path)
    (backends.files_root(copy) / "deadlines.json").write_text(json.dumps([{"deadline": "02-28"}]))  # one deadline for every body
    assert nianbao("reindex", "--data", copy).returncode == 0
    hits = hits_by_org_year(copy)
    for truth in truths:
        month, day = next(spec.deadline for spec in BODIES if spec.key == truth.body)
        shift = (datetime.date(truth.year + 1, month, day) - datetime.date(truth.year + 1, 2, 28)).days
        assert hits[(truth.org, truth.year)]["timeliness"]["late_days"] == truth.late_days + shift
