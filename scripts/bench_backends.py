"""The data folder (Whoosh) and PostgreSQL side by side on the same generated archive.

For each size: indexing rate (reports stored and indexed a second, each backend's own path:
the folder's bulk index build, the database's row a report), search p50/p95 per query class
with and without filters through search.query.find.search, requests/s of `nianbao serve` at
1/4/16 clients with 1 and 2 server processes (clients take the servers in turn), a queued
ingest through Celery with 1 and 2 workers (reports/s), disk, and the servers' peak memory.

    .venv/bin/python scripts/bench_backends.py --sizes 2000          # a few minutes
    .venv/bin/python scripts/bench_backends.py --sizes 10000 --queue-files 200

Needs the PostgreSQL and Redis that scripts/setup.sh starts ($NIANBAO_TEST_PG, $NIANBAO_TEST_REDIS
name others). Timings on a shared machine move with its load: compare the columns of one run.
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench_search import QUERIES, percentiles  # noqa: E402
from search import archive, index, queue  # noqa: E402
from search.query.find import search  # noqa: E402
from search.sample import records  # noqa: E402
from tests import pg  # noqa: E402
from tests.conftest import NIANBAO, ROOT  # noqa: E402
from tests.gen.corpus import write_reports  # noqa: E402
from tests.test_web_browser import free_port  # noqa: E402

CLIENTS = (1, 4, 16)
SERVERS = (1, 2)
WEB_SECONDS = 5  # each (servers, clients) cell is this long
WEB_QUERY = "/api/search?q=%E5%9F%B9%E8%AE%AD&where=year%3E%3D2020&limit=10"  # 培训, year>=2020: a term and a filter
BROKER = "redis://127.0.0.1:6379/14"


def entries(recs):
    """(original bytes, entry) per record: the record's JSON stands in for the report file."""
    out = []
    for n, record in enumerate(recs):
        data = json.dumps({"n": n, "record": record}, ensure_ascii=False).encode()
        out.append((data, {"id": archive.content_id(data), "name": f"r{n}.json", "size": len(data),
                           "ingested_at": "2026-12-01T00:00:00+0000", "record": record}))
    return out


def fill(data, items):
    """Store and index every item the backend's own way; seconds."""
    start = time.perf_counter()
    with archive.locked(data):
        for blob, entry in items:
            archive.put(data, blob, entry)
        if isinstance(data, Path):
            index.rebuild(data)
    return time.perf_counter() - start


def disk_mib(data):
    files = sum(p.stat().st_size for p in Path(archive.original_path(data, "00").parent.parent).rglob("*") if p.is_file())
    if isinstance(data, Path):
        return sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 2**20
    import psycopg

    with psycopg.connect(data.split("?")[0]) as conn:
        return (conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] + files) / 2**20


def search_times(data, repeats):
    """{kind: [seconds]} over QUERIES, each run `repeats` times after one warm-up."""
    by_kind = {}
    for kind, text, where, _ in QUERIES:
        search(data, text, where=where, limit=10)
        for _ in range(repeats):
            start = time.perf_counter()
            search(data, text, where=where, limit=10)
            by_kind.setdefault(kind, []).append(time.perf_counter() - start)
    return by_kind


def wait_up(url, process, seconds=180):
    """Wait until a server answers `url` (a loaded machine starts it slowly)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nianbao serve exited: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=30):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nianbao serve did not answer {url}")


def peak_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def web(data):
    """{(servers, clients): requests/s}, and the servers' peak memory in MiB."""
    results, peak = {}, 0.0
    for count in SERVERS:
        ports = [free_port() for _ in range(count)]
        servers = [subprocess.Popen(NIANBAO + ["serve", "--data", str(data), "--port", str(port)], cwd=ROOT,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for port in ports]
        try:
            for port, server in zip(ports, servers):
                wait_up(f"http://127.0.0.1:{port}{WEB_QUERY}", server)
            for clients in CLIENTS:
                done, stop = [0] * clients, time.monotonic() + WEB_SECONDS

                def client(n):
                    port = ports[n % count]
                    while time.monotonic() < stop:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}{WEB_QUERY}", timeout=60) as response:
                            response.read()
                        done[n] += 1

                threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                results[count, clients] = sum(done) / WEB_SECONDS
            peak = max(peak, *(peak_mib(s.pid) for s in servers))
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
    return results, peak


def queued(data, folder, files, workers, seed):
    """Reports/s of `files` generated reports through `ingest --queue` and `workers` workers, from the time
    the workers are up (their start-up, seconds of imports, is not counted) to the last report stored."""
    import redis

    client = redis.Redis.from_url(BROKER)
    client.flushdb()
    paths = write_reports(folder, files, seed=seed)
    before = len(archive.report_ids(data))
    subprocess.run(NIANBAO + ["ingest", str(folder), "--queue", BROKER], cwd=ROOT, check=True, capture_output=True)
    procs = [subprocess.Popen(NIANBAO + ["worker", "--data", str(data), "--queue", BROKER], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
    try:
        # counting begins once every worker beats and as many files are done as there are workers
        while len(client.keys(queue.ALIVE_KEY.format("*"))) < workers or client.scard(queue.DONE_IDS_KEY) < workers:
            time.sleep(0.05)
        start, first = time.perf_counter(), len(archive.report_ids(data)) - before
        while len(archive.report_ids(data)) < before + len(paths):
            time.sleep(0.2)
        return (len(paths) - first) / (time.perf_counter() - start)
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=30)
        client.flushdb()


def bench(size, repeats, queue_files, seed):
    items = entries(records(size, seed))
    work = Path(tempfile.mkdtemp(prefix="nianbao-bench-backends-"))
    if (why := pg.unavailable()) is not None:
        sys.exit(why)
    database = pg.new_database(work / "pg-files")
    backends = {"folder": work / "folder", "postgres": database}
    try:
        rows = {}
        for name, data in backends.items():
            seconds = fill(data, items)
            rows[name] = {"index": size / seconds, "search": search_times(data, repeats), "disk": disk_mib(data)}
            rows[name]["web"], rows[name]["rss"] = web(data)
            rows[name]["queue"] = {w: queued(data, work / f"q-{name}-{w}", queue_files, w, seed=90 + w) for w in (1, 2)}
        print(f"\n== {size} reports (generated, seed {seed}); search {repeats} runs a query; "
              f"queued ingest of {queue_files} text reports")
        print(f"{'':<34} {'folder (Whoosh)':>18} {'PostgreSQL':>18}")
        line = lambda label, f: print(f"{label:<34} " + " ".join(f"{f(rows[b]):>18}" for b in backends))  # noqa: E731
        line("indexing, reports/s", lambda r: f"{r['index']:.0f}")
        for kind in rows["folder"]["search"]:
            line(f"search {kind}, p50/p95 ms", lambda r: "{:.1f} / {:.1f}".format(*percentiles(r["search"][kind])))
        for servers in SERVERS:
            for clients in CLIENTS:
                line(f"web {servers} server(s), {clients:>2} clients, req/s", lambda r: f"{r['web'][servers, clients]:.0f}")
        for workers in (1, 2):
            line(f"queued ingest, {workers} worker(s), reports/s", lambda r: f"{r['queue'][workers]:.1f}")
        line("disk, MiB", lambda r: f"{r['disk']:.0f}")
        line("peak memory of a server, MiB", lambda r: f"{r['rss']:.0f}")
    finally:
        pg.drop_database(database)
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000", help="comma-separated report counts (default 2000)")
    parser.add_argument("--repeats", type=int, default=10, help="timed runs of each query (default 10)")
    parser.add_argument("--queue-files", type=int, default=60, help="text reports through the queue (default 60)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        bench(size, args.repeats, args.queue_files, args.seed)


if __name__ == "__main__":
    main()
