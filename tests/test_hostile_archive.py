"""The archive under stress, with real processes: two `nianbao ingest` on one data folder at once,
kill -9 in the middle of an ingest and a restart, and `nianbao verify` finding and repairing
damage done to the files by hand."""
import json
import re
import shutil
import subprocess

from search import archive, index
from tests.conftest import NIANBAO, ROOT, nianbao, stderr_lines
from tests.gen.corpus import write_reports
from tests.processes import kill_9_when, survivors


def assert_consistent(data, count):
    run = nianbao("verify", "--data", data)
    assert run.returncode == 0 and run.stdout.strip().endswith("nianbao: consistent"), run.stdout
    assert f"{count} originals, {count} records, {count} index entries" in run.stdout


def test_two_ingests_at_once_store_each_report_once(tmp_path, backend):
    paths = write_reports(tmp_path / "in", 40)
    data = backend.fresh(tmp_path / "data")
    command = NIANBAO + ["ingest", str(tmp_path / "in"), "--data", str(data), "--workers", "2"]
    runs = [subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [run.communicate(timeout=120)[1] for run in runs]
    for run, err in zip(runs, errors):
        assert run.returncode == 0 and "Traceback" not in err, err
    assert len(archive.report_ids(data)) == len(paths)
    statuses = [line["status"] for line in archive.read_log(data)]
    assert statuses.count("stored") == len(paths) and statuses.count("duplicate") == len(paths)
    assert_consistent(data, len(paths))


def test_kill_9_mid_ingest_then_a_restart_finishes_with_nothing_lost(tmp_path, backend):
    paths = write_reports(tmp_path / "in", 150)
    data = backend.fresh(tmp_path / "data")
    process = subprocess.Popen(NIANBAO + ["ingest", str(tmp_path / "in"), "--data", str(data)], cwd=ROOT,
                               stderr=subprocess.DEVNULL)
    workers = kill_9_when(process, lambda: sum(line["status"] == "stored" for line in archive.read_log(data)) >= 15, within=60)
    assert workers and survivors(workers) == [], "reader processes outlived the killed ingest"
    stored = [line for line in archive.read_log(data) if line["status"] == "stored"]
    assert 15 <= len(stored) < len(paths), "the run finished before it could be killed"
    for line in stored:
        assert archive.original_path(data, line["id"]).read_bytes() == open(line["path"], "rb").read()
        assert archive.has(data, line["id"])
    check = nianbao("verify", "--data", data)  # the batch not yet indexed is what it may find
    assert check.returncode in (0, 1) and "Traceback" not in check.stderr
    assert all("archived but not indexed" in line or "original without a record" in line or "temp file" in line
               for line in check.stdout.splitlines()[1:-1]), check.stdout
    restart = nianbao("ingest", tmp_path / "in", "--data", data)
    assert restart.returncode == 0, restart.stderr
    # A report archived in the instant before the kill, its log line not yet written, is found
    # archived by the restart and logged a duplicate: at most one such report (a known gap of the
    # log, not of the archive, which assert_consistent checks whole).
    counts = re.search(r"(\d+) stored, (\d+) duplicate, 0 failed", restart.stderr)
    assert counts, restart.stderr
    again, duplicate = map(int, counts.groups())
    assert again + duplicate == len(paths) and len(paths) - len(stored) - 1 <= again <= len(paths) - len(stored)
    assert_consistent(data, len(paths))


def ingested(tmp_path, count):
    write_reports(tmp_path / "in", count, seed=7)
    data = tmp_path / "data"
    assert nianbao("ingest", tmp_path / "in", "--data", data).returncode == 0
    return data, archive.report_ids(data)


def test_verify_finds_damage_and_repair_mends_it(tmp_path):
    data, ids = ingested(tmp_path, 6)
    flipped, unrecorded, truncated, orphan, gone = ids[:5]
    before = {i: archive.load(data, i)["record"] for i in ids}
    with open(archive.original_path(data, flipped), "r+b") as f:
        f.write(b"X")
    archive.record_path(data, unrecorded).unlink()
    record = archive.record_path(data, truncated)
    record.write_bytes(record.read_bytes()[:200])
    archive.original_path(data, orphan).unlink()  # a record whose original is gone
    archive.original_path(data, gone).unlink()
    archive.record_path(data, gone).unlink()  # a report gone from the archive, still in the index
    stray = archive.record_path(data, ids[5]).with_name("x.json.12345.tmp")
    stray.write_bytes(b"{")

    found = nianbao("verify", "--data", data)
    lines = stderr_lines(found) + found.stdout.splitlines()
    assert found.returncode == 1 and lines[-1] == "nianbao: 7 problems (nianbao verify --repair fixes what it can)"
    expected = {gone: "indexed but not archived", flipped: "original's bytes do not match its sha256",
                unrecorded: "original without a record",
                truncated: "record cannot be used", orphan: "record without its original",
                str(stray): "temp file left by an interrupted write"}
    for subject, what in expected.items():
        assert any(line.startswith(f"  {subject}: {what}") for line in lines), (subject, found.stdout)

    repaired = nianbao("verify", "--repair", "--data", data)
    assert repaired.returncode == 0 and repaired.stdout.strip().endswith("all repaired; consistent"), repaired.stdout
    assert_consistent(data, 3)
    assert sorted(archive.report_ids(data)) == sorted([unrecorded, truncated, ids[5]])
    assert archive.load(data, unrecorded)["record"] == before[unrecorded]
    assert archive.load(data, truncated)["record"] == before[truncated]
    assert sorted(p.name for p in (data / "quarantine").iterdir()) == sorted([flipped, f"{flipped}.json", f"{orphan}.json"])
    quarantined = [line for line in archive.read_log(data) if line["status"] == "quarantined"]
    assert {line["id"] for line in quarantined} == {flipped, orphan}
    search = nianbao("search", "", "--json", "--limit", "0", "--data", data)
    assert sorted(hit["id"] for hit in json.loads(search.stdout)["hits"]) == sorted(archive.report_ids(data))


def test_verify_rebuilds_an_index_that_cannot_be_opened(tmp_path):
    data, ids = ingested(tmp_path, 3)
    for toc in index.index_dir(data).glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    found = nianbao("verify", "--data", data)
    assert found.returncode == 1 and "index cannot be opened" in found.stdout and "Traceback" not in found.stderr
    search = nianbao("search", "公开", "--data", data)
    assert search.returncode == 2 and "run `nianbao verify --repair`" in stderr_lines(search)[0]
    repaired = nianbao("verify", "--repair", "--data", data)
    assert repaired.returncode == 0 and "index rebuilt from the archive (3 reports)" in repaired.stdout
    assert_consistent(data, 3)
    shutil.rmtree(index.index_dir(data))
    assert nianbao("verify", "--repair", "--data", data).returncode == 0
    assert_consistent(data, 3)
    for toc in index.index_dir(data).glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    again = nianbao("ingest", tmp_path / "in", "--data", data)  # ingest rebuilds what it cannot open
    assert again.returncode == 0 and "rebuilt it from the archive: 3 reports" in again.stderr
    assert_consistent(data, 3)
