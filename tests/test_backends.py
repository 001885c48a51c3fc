"""The data folder and PostgreSQL side by side: the same archive gives the same answers, `migrate`
moves it either way byte for byte, `verify` mends both, several servers read one database while
an ingest commits, and a database that cannot be used is one line."""
import io
import json
import subprocess
import urllib.request

import pytest

from search import archive, backends
from search.query.find import search
from search.store import ingest
from tests.conftest import NIANBAO, ROOT, missing, nianbao, stderr_lines
from tests.gen.corpus import write_reports
from tests.test_web_browser import free_port, wait_for
from web.app import create_app

# Queries of every class: terms, two terms, a phrase, OR, NOT, a section, filters, sorts, template. (Where a string
# is found only inside words the segmenter cut otherwise, the database finds more: see the substring test.)
QUERIES = [
    ("公开", {}), ("政务公开 培训", {}), ('"公开 工作"', {}), ("培训 OR 学习", {}), ("公开 -培训", {}),
    ("problems:培训", {}), ("", {"where": ["t2.procurement.amount>=100"]}), ("", {"sort": "-year"}),
    ("公开", {"year": 2020}), ("", {"template": "2019", "sort": "t3.new.total"}), ("依申请公开", {"where": ["t3.new.total>=1"]}),
    ("", {"where": ["t3.denied.total>0"], "sort": "-t3.denied.total"}), ("", {"tables_read": "yes"}),
]


@pytest.fixture
def database(tmp_path):
    """A URL of an empty test database (dropped after), its originals under tmp_path/files."""
    from tests import pg

    if (why := pg.unavailable()) is not None:
        missing(why)
    url = pg.new_database(tmp_path / "files")
    yield url
    pg.drop_database(url)


@pytest.fixture
def archives(tmp_path, database):
    """(folder, database): 40 generated reports ingested into a data folder, then migrated to the database."""
    folder = tmp_path / "folder"
    ingest(write_reports(tmp_path / "in", 40, seed=3), folder, stream=io.StringIO())
    run = nianbao("migrate", "--data", folder, "--to", database)
    assert run.returncode == 0 and "40 reports copied" in run.stderr, run.stderr
    return folder, database


def core(hit: dict) -> dict:
    """A hit less its score (each backend ranks in BM25's class, not to the same number)."""
    return hit | {"score": None}


def test_the_backends_give_the_same_hits_on_the_same_archive(archives):
    folder, database = archives
    for text, kwargs in QUERIES:
        ours, theirs = search(folder, text, limit=0, **kwargs), search(database, text, limit=0, **kwargs)
        assert ours["total"] == theirs["total"] > 0, (text, kwargs)
        if "sort" in kwargs:  # the same order of values (reports tie in the order each backend took them in)
            key = kwargs["sort"].lstrip("-")
            values = [[hit["fields"].get(key, hit["sums"].get(key, hit["year"])) for hit in r["hits"]] for r in (ours, theirs)]
            assert values[0] == values[1], (text, kwargs)
        assert {hit["id"]: core(hit) for hit in ours["hits"]} == {hit["id"]: core(hit) for hit in theirs["hits"]}, (text, kwargs)
    ranked = search(database, "公开 培训", limit=0)["hits"]
    assert all(hit["score"] > 0 for hit in ranked) and [h["score"] for h in ranked] == sorted((h["score"] for h in ranked), reverse=True)


# Every facet the search page shows (web/views/search.py FACETS) and the keyword fields behind the --body filter
# and the findings: (facet field, the search() argument that filters on one of its values, or None).
FACET_FILTERS = [("year", "year"), ("template", "template"), ("checks", "check"), ("tables_read", "tables_read"),
                 ("level", "level"), ("kind", "kind"), ("region", "region"), ("timeliness", "timeliness"),
                 ("body", None), ("findings", None)]


@pytest.fixture
def years(tmp_path, database, corpus):
    """(folder, database): the multi-year generated archive (tests/gen/years.py: bodies over six years, broken
    chains, late reports, copied narratives), 30 single reports and the suite's corpus (whose reports fail
    checks), ingested into a data folder and migrated to the database; then both reindexed, so copying is
    the whole-archive run's."""
    from tests.gen.years import make_archive

    folder = tmp_path / "folder"
    make_archive(tmp_path / "in", seed=5)
    write_reports(tmp_path / "in", 30, seed=6)
    ingest([tmp_path / "in", *sorted(corpus)], folder, stream=io.StringIO())
    assert nianbao("migrate", "--data", folder, "--to", database).returncode == 0
    for data in (folder, database):
        assert nianbao("reindex", "--data", data).returncode == 0
    return folder, database


def test_the_backends_count_the_same_facets_and_filter_alike_on_derived_data(years):
    folder, database = years
    fields = [field for field, _ in FACET_FILTERS]
    ours, theirs = search(folder, facets=fields, limit=0), search(database, facets=fields, limit=0)
    for field in fields:
        assert ours["facets"][field] == theirs["facets"][field], field
        assert ours["facets"][field], field  # the archive has values of every one
    assert {hit["id"]: core(hit) for hit in ours["hits"]} == {hit["id"]: core(hit) for hit in theirs["hits"]}
    for field, argument in FACET_FILTERS:  # a value's filter finds as many reports as its facet counted, on both
        for value, count in ours["facets"][field][:3]:
            if argument is not None and value != "":
                kwargs = {argument: int(value) if field == "year" else value}
                totals = [search(data, limit=1, **kwargs)["total"] for data in (folder, database)]
                assert totals == [count, count], kwargs
    body_name = next(hit["body"]["name"] for hit in ours["hits"] if hit["body"])
    assert search(folder, body=body_name, limit=0)["total"] == search(database, body=body_name, limit=0)["total"] > 0
    for where in (["late_days>30"], ["copied>=0.7"], ["ind.granted_share<0.9"], ["ind.requests_change>0"]):
        found = [{hit["id"] for hit in search(data, where=where, sort="-" + where[0].split("<")[0].split(">")[0],
                                              limit=0)["hits"]} for data in (folder, database)]
        assert found[0] == found[1] and found[0], (where, len(found[0]), len(found[1]))
    shown = search(database, "公开", facets=["year", "level"], values=["t3.new.total"], limit=1)
    assert shown["facets"] == search(folder, "公开", facets=["year", "level"], limit=1)["facets"]
    assert sorted(shown["values"]["t3.new.total"]) == sorted(search(folder, "公开", values=["t3.new.total"])["values"]["t3.new.total"])


def test_a_substring_the_segmenter_cuts_across_is_found_in_the_database(archives):
    _, database = archives
    truth = {e["id"] for e in archive.entries(database) if "开工" in "".join(e["record"]["sections"].values())}
    assert truth and {hit["id"] for hit in search(database, "开工", limit=0)["hits"]} == truth


def test_migrate_there_and_back_keeps_every_byte_and_verify_passes_on_both(archives, tmp_path):
    folder, database = archives
    back = tmp_path / "back"
    assert nianbao("migrate", "--data", database, "--to", back).returncode == 0
    for sub in ("originals", "records"):
        ours = {p.relative_to(folder): p.read_bytes() for p in (folder / sub).rglob("*") if p.is_file()}
        assert ours == {p.relative_to(back): p.read_bytes() for p in (back / sub).rglob("*") if p.is_file()}
    assert archive.read_log(back) == archive.read_log(folder)
    for data in (database, back):
        run = nianbao("verify", "--data", data)
        assert run.returncode == 0 and run.stdout.strip().endswith("consistent"), run.stdout
    again = nianbao("migrate", "--data", folder, "--to", database)
    assert "0 reports copied" in again.stderr and "40 there already, 0 log lines added" in again.stderr


def test_verify_on_a_database_quarantines_a_damaged_original(archives):
    _, database = archives
    victim = archive.report_ids(database)[5]
    path = archive.original_path(database, victim)
    path.write_bytes(path.read_bytes() + b"tampered")
    run = nianbao("verify", "--data", database)
    assert run.returncode == 1 and f"{victim}: original's bytes do not match its sha256" in run.stdout
    assert nianbao("verify", "--repair", "--data", database).returncode == 0
    assert victim not in archive.report_ids(database) and len(archive.report_ids(database)) == 39
    assert (backends.files_root(database) / "quarantine" / victim).exists()
    assert len(json.loads(nianbao("search", "", "--json", "--limit", "0", "--data", database).stdout)["hits"]) == 39


def test_two_servers_on_one_database_answer_every_search_while_an_ingest_commits(database, tmp_path):
    ingest(write_reports(tmp_path / "first", 5, seed=4), database, stream=io.StringIO())
    ports = [free_port(), free_port()]
    servers = [subprocess.Popen(NIANBAO + ["serve", "--data", database, "--port", str(port)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for port in ports]
    try:
        for port, server in zip(ports, servers):
            wait_for(f"http://127.0.0.1:{port}/", server)
        write_reports(tmp_path / "more", 40, seed=5)
        writer = subprocess.Popen(NIANBAO + ["ingest", str(tmp_path / "more"), "--data", database, "--workers", "2"],
                                  cwd=ROOT, stderr=subprocess.PIPE, text=True)
        totals = {port: [] for port in ports}
        while writer.poll() is None:
            for port in ports:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=%E5%85%AC%E5%BC%80&limit=1", timeout=30) as response:
                    totals[port].append(json.loads(response.read())["total"])
        assert writer.returncode == 0 and "Traceback" not in writer.stderr.read()
        for port in ports:
            seen = totals[port]
            assert seen == sorted(seen) and all(5 <= t <= 45 for t in seen) and len(seen) > 3, seen
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=&limit=1", timeout=30) as response:
                assert json.loads(response.read())["total"] == 45
    finally:
        for server in servers:
            server.terminate()
            _, err = server.communicate(timeout=10)
            assert "Traceback" not in err, err


def test_a_database_that_cannot_be_used_is_one_line(tmp_path, database):
    for args in (["search", "公开"], ["stats"], ["verify"]):
        run = nianbao(*args, "--data", "postgresql://nobody:secret@127.0.0.1:1/none?files=/tmp")
        lines = stderr_lines(run)
        assert run.returncode == 2 and len(lines) == 1 and "cannot connect to postgresql://nobody@127.0.0.1:1/none" in lines[0]
        assert "secret" not in run.stderr
    client = create_app(f"postgresql://nobody:secret@127.0.0.1:1/none?files={tmp_path}", TESTING=True).test_client()
    response = client.get("/api/search", query_string={"q": "公开"})
    assert response.status_code == 503 and "cannot connect to postgresql://nobody@127.0.0.1:1/none" in response.get_json()["error"]
    bare = database.split("?")[0]
    report = write_reports(tmp_path / "in", 1)[0]
    run = nianbao("ingest", report, "--data", bare)
    assert run.returncode == 2 and "names no folder for the originals" in stderr_lines(run)[0]


def test_a_database_stored_before_it_held_derived_data_says_reindex_and_reindex_fills_it(archives):
    """A database made by an earlier release: its rows lack the derived columns (blank here, as ALTER TABLE
    leaves them) and its META the mark that they are filled. A search says so in one line; reindex fills them."""
    import psycopg

    from search.backends.postgres import DERIVED_META, META, REPORTS

    folder, database = archives
    levels = search(folder, facets=["level"], limit=1)["facets"]["level"]
    with psycopg.connect(backends.database(database).conninfo, autocommit=True) as conn:
        conn.execute(f"UPDATE {REPORTS} SET level = '', body = ''")
        conn.execute(f"DELETE FROM {META} WHERE key = %s", (DERIVED_META,))
    run = nianbao("search", "--level", "县级", "--data", database)
    (line,) = stderr_lines(run)
    assert run.returncode == 2 and "before they held derived data" in line and "nianbao reindex" in line
    assert nianbao("reindex", "--data", database).returncode == 0
    assert search(database, facets=["level"], limit=1)["facets"]["level"] == levels and len(levels) > 1
