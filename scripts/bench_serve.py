#!/usr/bin/env python3
"""Requests/s, latency and server CPU a request of `/api/search` under concurrent clients, served by
`nianbao serve --workers N` and, beside it, by gunicorn's threaded workers (gthread) on the same app:
the obvious alternative to forking waitress processes ourselves.

    .venv/bin/python scripts/bench_serve.py                        # 10,000 reports; 1, 4, 16, 64 clients; 1 and 2 processes
    .venv/bin/python scripts/bench_serve.py --reports 100000 --workers 1,2,4 --seconds 20

The archive is built once into --data (an index of search.sample records, as bench_search.py
builds it) and kept for the next run. Each client holds one keep-alive connection and asks the
query mix below in turn for --seconds; every answer is checked (status 200, the total the query
has). The clients are wrk's (`--client wrk`, the default: C, one thread, a few % of a core) or
threads of this process (`--client python`: on a small machine they take a core from the
servers, so their numbers are a floor).
"""
import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search import index  # noqa: E402
from search.sample import records  # noqa: E402

# The query classes of bench_search.py, as /api/search parameters.
QUERIES = [
    {"q": "培训"},
    {"q": "政务公开 培训"},
    {"q": '"政务公开 业务培训"'},
    {"q": "培训", "where": "t3.new.total>=3"},
    {"q": "政务公开 培训", "where": ["t2.procurement.amount>=100", "year>=2020"]},
]
STARTUP_S = 60
WRK_SCRIPT = """
local paths, totals, threads = {%(paths)s}, {%(totals)s}, {}
setup = function(thread) table.insert(threads, thread) end
n, wrong = 0, 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
response = function(status, headers, body)
  local total, ok = tonumber(string.match(body, '"total": *(%%d+)')), false
  for _, t in ipairs(totals) do ok = ok or total == t end
  if status ~= 200 or not ok then wrong = wrong + 1 end
end
done = function(summary, latency, requests)
  local bad = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for _, thread in ipairs(threads) do bad = bad + thread:get("wrong") end
  io.write(string.format("RESULT %%d %%f %%f %%f %%d\\n", summary.requests, summary.duration / 1e6,
                         latency:percentile(50) / 1000, latency:percentile(95) / 1000, bad))
end
"""  # wrk's Lua: each thread rotates over the query mix and counts wrong answers; done() sums them
TICKS_PER_S = os.sysconf("SC_CLK_TCK")


def build(data: Path, count: int) -> None:
    """An index of `count` generated reports in `data` (nothing else: /api/search reads only the index)."""
    if index.exists(data):
        return
    start = time.perf_counter()
    print(f"building an index of {count:,} generated reports in {data} …", file=sys.stderr, flush=True)
    index.add_all(index.create_empty(index.index_dir(data)),
                  ({"id": f"{n:064x}", "record": record} for n, record in enumerate(records(count))))
    print(f"built in {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)


def paths() -> list[str]:
    return ["/api/search?" + urllib.parse.urlencode(q, doseq=True) for q in QUERIES]


def command(server: str, data: Path, port: int, workers: int) -> list[str]:
    """How to start `server` with `workers` processes: ours, or gunicorn's threaded workers on the same app."""
    if server == "nianbao":
        return [str(ROOT / ".venv/bin/nianbao"), "serve", "--data", str(data), "--port", str(port),
                "--workers", str(workers), "--read-only"]
    return [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "gthread", "--threads", "8",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning", f"web.app:create_app({str(data)!r}, READ_ONLY=True)"]


def serve(server: str, data: Path, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(command(server, data, port, workers), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        try:
            get(http.client.HTTPConnection("127.0.0.1", port, timeout=30), paths()[0])
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the server did not answer")


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, dict]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, json.loads(response.read())


def expected_totals(port: int) -> dict[str, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    return {path: get(conn, path)[1]["total"] for path in paths()}


def server_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by the server process `pid` and its worker processes: what a
    request costs whatever else the machine runs, which the wall-clock numbers on a shared machine do not say."""
    total, found = 0, [pid]
    while found:
        p = found.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            found += [int(c) for t in os.listdir(f"/proc/{p}/task")
                      for c in Path(f"/proc/{p}/task/{t}/children").read_text().split()]
        except OSError:
            continue
    return total / TICKS_PER_S


def load(port: int, clients: int, seconds: float, totals: dict[str, int]) -> tuple[float, float, float, int, int]:
    """(requests/s, p50 ms, p95 ms, wrong answers, requests) of `clients` keep-alive clients asking for `seconds`."""
    latencies, wrong = [], [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(n):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, bad, order = [], 0, paths()
        i = n
        while time.monotonic() < stop:
            path = order[i % len(order)]
            i += 1
            start = time.perf_counter()
            try:
                status, body = get(conn, path)
                bad += status != 200 or body["total"] != totals[path]
            except (OSError, http.client.HTTPException, ValueError):
                bad += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            wrong[0] += bad

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    ms = sorted(x * 1000 for x in latencies)
    return len(ms) / elapsed, statistics.median(ms), ms[int(0.95 * (len(ms) - 1))], wrong[0], len(ms)


def wrk_load(port: int, clients: int, seconds: float, totals: dict[str, int]) -> tuple[float, float, float, int, int]:
    """load() with wrk's clients. An answer is right when its status is 200 and its total is one of the mix's
    totals (wrk's requests and answers are not paired in its script, so not matched to their own query)."""
    lua = WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths()),
                        "totals": ", ".join(str(t) for t in totals.values())}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(lua)
        script.flush()
        run = subprocess.run(["wrk", "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "60s", "-s", script.name,
                              f"http://127.0.0.1:{port}/"], capture_output=True, text=True, check=True)
    result = next(line.split()[1:] for line in run.stdout.splitlines() if line.startswith("RESULT"))
    count, duration, p50, p95, wrong = int(result[0]), float(result[1]), float(result[2]), float(result[3]), int(result[4])
    return count / duration, p50, p95, wrong, count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--data", type=Path, help="where the generated archive is kept (default /tmp/nianbao-bench-serve-N)")
    ap.add_argument("--clients", default="1,4,16,64")
    ap.add_argument("--workers", default="1,2", help="server processes to compare")
    ap.add_argument("--seconds", type=float, default=10.0, help="each measurement's length")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--servers", default="nianbao,gunicorn",
                    help="nianbao (serve --workers: waitress in N processes) and gunicorn (gthread workers, the alternative)")
    ap.add_argument("--client", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python",
                    help="wrk (apt-get install wrk; the default when installed) or threads of this process")
    args = ap.parse_args()
    measure = wrk_load if args.client == "wrk" else load
    data = args.data or Path(f"/tmp/nianbao-bench-serve-{args.reports}")
    build(data, args.reports)
    print(f"{args.reports:,} reports; /api/search, {len(QUERIES)} query classes in turn; {args.seconds:g} s a row; "
          f"{args.client} clients")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'server':<9} {'processes':>9} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'wrong':>6} {'cpu ms/req':>10}")
    for workers in map(int, args.workers.split(",")):
        for name in args.servers.split(","):
            server = serve(name, data, args.port, workers)
            try:
                totals = expected_totals(args.port)
                load(args.port, 4, 2.0, totals)  # warm every process's searcher and caches
                for clients in map(int, args.clients.split(",")):
                    cpu = server_cpu_s(server.pid)
                    rate, p50, p95, wrong, count = measure(args.port, clients, args.seconds, totals)
                    per_request = (server_cpu_s(server.pid) - cpu) * 1000 / count
                    print(f"{name:<9} {workers:>9} {clients:>7} {rate:>8.1f} {p50:>8.1f} {p95:>8.1f} {wrong:>6} {per_request:>10.1f}",
                          flush=True)
            finally:
                server.terminate()
                server.wait(timeout=30)


if __name__ == "__main__":
    main()
