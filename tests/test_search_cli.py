"""The real `nianbao` command on the suite's own development corpus (tests/gen/corpus.py): the issue's
acceptance checks."""
import json

import pytest

from search import archive, backends
from tests.conftest import nianbao


def narrative(record):
    return "".join(record["sections"].values())


@pytest.fixture(scope="module")
def data(corpus, tmp_path_factory, backend):
    """The corpus (five texts in seeds/, a PDF in pdf/), ingested by the CLI into each kind of archive."""
    folders = sorted({path.parent for path in corpus})
    root = backend.fresh(tmp_path_factory.mktemp("data"))
    run = nianbao("ingest", *folders, "--data", root)
    assert run.returncode == 0, run.stderr
    assert "6 stored, 0 duplicate, 0 failed" in run.stderr
    return root


def search_json(root, *args):
    run = nianbao("search", *args, "--json", "--limit", "0", "--data", str(root))
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_two_terms_return_exactly_the_reports_whose_narrative_holds_both(data):
    truth = {e["id"] for e in archive.entries(data) if "政务公开" in narrative(e["record"])
             and "培训" in narrative(e["record"])}
    result = search_json(data, "政务公开 培训")
    assert truth and {hit["id"] for hit in result["hits"]} == truth and result["total"] == len(truth)
    for hit in result["hits"]:
        assert set(hit) >= {"id", "title", "org", "year", "score", "snippets", "fields"}


def test_where_returns_exactly_the_towns_with_such_a_procurement_total(data):
    truth = {e["id"] for e in archive.entries(data) if (e["record"]["fields"].get("t2.procurement.amount") or 0) >= 100}
    result = search_json(data, "", "--where", "t2.procurement.amount>=100")
    assert truth and {hit["id"] for hit in result["hits"]} == truth


def archived_files(data):
    files = backends.files_root(data)
    return [archive.report_ids(data)] + sorted(p.relative_to(files) for p in files.rglob("*")
                                               if "records" in p.parts or "originals" in p.parts)


def test_ingesting_the_same_folder_twice_leaves_the_same_archive(corpus, data):
    before = archived_files(data)
    seeds = next(path.parent for path in corpus if path.suffix == ".txt")
    run = nianbao("ingest", seeds, "--data", data)
    assert run.returncode == 0 and "0 stored, 5 duplicate, 0 failed" in run.stderr
    after = archived_files(data)
    assert after == before and len(before[0]) == 6
    for entry in archive.entries(data):
        original = archive.original_path(data, entry["id"]).read_bytes()
        assert archive.content_id(original) == entry["id"]


def test_empty_query_lists_every_report_and_reindex_keeps_them(data):
    assert search_json(data, "")["total"] == 6
    run = nianbao("reindex", "--data", str(data))
    assert run.returncode == 0, run.stderr
    assert search_json(data, "", "--template", "2021")["total"] == 1


def test_bad_input_is_one_line_and_exit_2(data, tmp_path):
    for args, word in ((["foo:bar"], "foo"), (["", "--where", "t2.nope>=1"], "t2.nope"), (["", "--sort", "t9"], "t9")):
        run = nianbao("search", *args, "--data", str(data))
        assert run.returncode == 2 and word in run.stderr and len(run.stderr.strip().splitlines()) == 1
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    run = nianbao("ingest", str(empty), "--data", str(tmp_path / "d"))
    assert run.returncode == 1 and f"{empty}: empty file" in run.stderr


def test_stats_count_reports_and_field_ranges(data):
    run = nianbao("stats", "--json", "--data", str(data))
    stats = json.loads(run.stdout)
    assert stats["reports"] == 6 and sum(stats["by_template"].values()) == 6
    amount = stats["fields"]["t2.procurement.amount"]
    assert amount["min"] <= amount["median"] <= amount["max"]
