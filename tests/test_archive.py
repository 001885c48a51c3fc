"""The archive and `ingest`: originals byte-identical under their sha256, one report per content,
bad files logged while the batch goes on, nothing reported as stored lost to kill -9."""
import json
import subprocess
import sys
import time

from search import archive, index
from search.store import ingest
from search.sample import records
from tests.conftest import ROOT
from tests.processes import kill_9_when, survivors


def record_from_json(data, name):
    """A stand-in reader for archive tests: the file holds its record as JSON."""
    try:
        return json.loads(data), None
    except ValueError:
        return None, "not a JSON record"


def slow_record_from_json(data, name):
    time.sleep(0.01)
    return record_from_json(data, name)


def write_reports(folder, count, seed=0):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, record in enumerate(records(count, seed)):
        path = folder / f"r{n:04d}.txt"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    return paths


def archive_state(root):
    """Every file of the archive but the log, with its bytes."""
    return {p.relative_to(root): p.read_bytes() for sub in ("originals", "records") for p in (root / sub).rglob("*")
            if p.is_file()}


def test_store_keeps_the_bytes_under_their_hash(tmp_path, backend):
    root = backend.fresh(tmp_path)
    data = "三屯镇 report\r\n\x00 bytes as they came".encode()
    record = records(1)[0]
    entry = archive.store(root, data, "/some/where/三屯镇.txt", record)
    assert entry["id"] == archive.content_id(data)
    assert archive.original_path(root, entry["id"]).read_bytes() == data
    assert archive.original_path(root, entry["id"]) == tmp_path / "originals" / entry["id"][:2] / entry["id"]
    assert archive.has(root, entry["id"])
    loaded = archive.load(root, entry["id"])
    assert loaded["record"] == record and loaded["name"] == "三屯镇.txt" and loaded["size"] == len(data)
    assert archive.report_ids(root) == [entry["id"]]


def test_ingest_twice_adds_nothing_and_same_bytes_are_one_report(tmp_path):
    paths = write_reports(tmp_path / "in", 12)
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / "copy.txt").write_bytes(paths[0].read_bytes())
    data = tmp_path / "data"
    counts = ingest([tmp_path / "in"], data, extract=record_from_json)
    assert counts == {"stored": 12, "duplicate": 1, "failed": 0}
    before = archive_state(data)
    counts = ingest([tmp_path / "in"], data, extract=record_from_json)
    assert counts == {"stored": 0, "duplicate": 13, "failed": 0}
    assert archive_state(data) == before
    assert index.indexed_ids(index.open_index(data)) == set(archive.report_ids(data))
    statuses = [line["status"] for line in archive.read_log(data)]
    assert statuses.count("stored") == 12 and statuses.count("duplicate") == 14


def test_a_bad_file_is_logged_and_the_batch_goes_on(tmp_path, capsys, backend):
    paths = write_reports(tmp_path / "in", 3)
    bad = tmp_path / "in" / "r0001b.txt"
    bad.write_text("not json at all", encoding="utf-8")
    broken = tmp_path / "in" / "r0001c.txt"
    broken_record = dict(records(1)[0], fields={"t9.nope": 1})
    broken.write_text(json.dumps(broken_record), encoding="utf-8")
    data = backend.fresh(tmp_path / "data")
    counts = ingest([tmp_path / "in"], data, extract=record_from_json)
    assert counts == {"stored": 3, "duplicate": 0, "failed": 2}
    err = capsys.readouterr().err
    assert f"{bad}: not a JSON record" in err
    assert f"{broken}: record breaks the schema: unknown field key 't9.nope'" in err
    failed = [line for line in archive.read_log(data) if line["status"] == "failed"]
    assert [(line["path"], line["reason"]) for line in failed][0] == (str(bad), "not a JSON record")
    assert len(archive.report_ids(data)) == 3 and len(paths) == 3


def test_workers_archive_the_same_as_one_process(tmp_path):
    write_reports(tmp_path / "in", 20)
    ingest([tmp_path / "in"], tmp_path / "one", extract=record_from_json)
    ingest([tmp_path / "in"], tmp_path / "two", workers=2, extract=record_from_json)
    assert archive.report_ids(tmp_path / "one") == archive.report_ids(tmp_path / "two")
    assert index.indexed_ids(index.open_index(tmp_path / "two")) == set(archive.report_ids(tmp_path / "two"))


def test_kill_9_loses_nothing_reported_as_stored(tmp_path):
    paths = write_reports(tmp_path / "in", 300)
    data = tmp_path / "data"
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from search.store import ingest; "
            f"from tests.test_archive import slow_record_from_json as f; ingest([{str(tmp_path / 'in')!r}], "
            f"{str(data)!r}, extract=f)")
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.DEVNULL)
    workers = kill_9_when(proc, lambda: sum(line["status"] == "stored" for line in archive.read_log(data)) >= 40, within=30)
    assert workers and survivors(workers) == [], "reader processes outlived the killed ingest"
    stored = [line for line in archive.read_log(data) if line["status"] == "stored"]
    assert 40 <= len(stored) < len(paths), "the run finished before it could be killed"
    for line in stored:
        source = open(line["path"], "rb").read()
        assert archive.original_path(data, line["id"]).read_bytes() == source
        assert archive.load(data, line["id"])["record"] == json.loads(source)
    ix = index.open_index(data)  # opens after the kill, holding no report the archive lacks
    assert index.indexed_ids(ix) <= set(archive.report_ids(data))
    counts = ingest([tmp_path / "in"], data, extract=record_from_json)
    assert counts["failed"] == 0 and len(archive.report_ids(data)) == len(paths)
    assert index.indexed_ids(index.open_index(data)) == set(archive.report_ids(data))


def test_reindex_rebuilds_the_index_from_the_archive_alone(tmp_path):
    write_reports(tmp_path / "in", 15)
    data = tmp_path / "data"
    ingest([tmp_path / "in"], data, extract=record_from_json)
    for path in index.index_dir(data).iterdir():
        path.unlink()
    assert index.rebuild(data) == 15
    assert index.indexed_ids(index.open_index(data)) == set(archive.report_ids(data))


def test_sync_repairs_an_index_behind_or_ahead_of_the_archive(tmp_path):
    write_reports(tmp_path / "in", 6)
    data = tmp_path / "data"
    ingest([tmp_path / "in"], data, extract=record_from_json)
    gone = archive.report_ids(data)[0]
    archive.record_path(data, gone).unlink()
    extra = archive.store(data, b"archived but never indexed", "late.txt", records(1, seed=5)[0])
    ix = index.open_index(data)
    assert index.sync(data, ix) == (1, 1)
    assert index.indexed_ids(ix) == set(archive.report_ids(data)) and extra["id"] in index.indexed_ids(ix)
