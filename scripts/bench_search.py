"""Benchmark the search index against a plain substring scan over the same generated reports.

For each size: index throughput, p50/p95 latency of typical queries through search.find.search
(the code `nianbao search --json` runs: open the index, parse, filter, rank, count, snippets),
the same queries answered by scanning the narrative texts in memory, agreement of the two
(precision/recall of the index against the scan), and peak memory (ru_maxrss).

    .venv/bin/python scripts/bench_search.py                   # 2,000 reports, a minute or two
    .venv/bin/python scripts/bench_search.py --sizes 10000,100000
"""
import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import index  # noqa: E402
from search.find import allowed_docs, search  # noqa: E402
from search.query import filters, parse  # noqa: E402
from search.sample import narrative, records  # noqa: E402

# (kind, query, --where clauses, the words a substring scan looks for)
QUERIES = [
    ("one term", "培训", [], ["培训"]),
    ("one term", "政策解读", [], ["政策解读"]),
    ("one term", "保密审查", [], ["保密审查"]),
    ("two terms", "政务公开 培训", [], ["政务公开", "培训"]),
    ("two terms", "信息公开 政策解读", [], ["信息公开", "政策解读"]),
    ("two terms", "依申请公开 工作人员", [], ["依申请公开", "工作人员"]),
    ("phrase", '"政务公开 业务培训"', [], ["政务公开业务培训"]),
    ("phrase", "公开工作", [], ["公开工作"]),
    ("one term + where", "培训", ["t3.new.total>=3"], ["培训"]),
    ("two terms + where", "政务公开 培训", ["t2.procurement.amount>=100", "year>=2020"], ["政务公开", "培训"]),
]
WHERE_TESTS = {
    "t3.new.total>=3": lambda r: (r["fields"].get("t3.new.total") or -1) >= 3,
    "t2.procurement.amount>=100": lambda r: (r["fields"].get("t2.procurement.amount") or -1) >= 100,
    "year>=2020": lambda r: r["year"] >= 2020,
}


def build(root, recs):
    """Index `recs` into root/index-v1 the way reindex does; return seconds."""
    from whoosh import index as whoosh_index

    path = index.index_dir(root)
    path.mkdir(parents=True)
    start = time.perf_counter()
    ix = whoosh_index.create_in(str(path), index.schema())
    writer = ix.writer(limitmb=512)
    for n, record in enumerate(recs):
        writer.add_document(**index.document({"id": f"{n:08d}", "record": record}))
    writer.commit()
    return time.perf_counter() - start


def scan(texts, recs, words, where):
    tests = [WHERE_TESTS[w] for w in where]
    return {f"{n:08d}" for n, text in enumerate(texts)
            if all(w in text for w in words) and all(t(recs[n]) for t in tests)}


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples) * 1000, samples[min(len(samples) - 1, int(len(samples) * 0.95))] * 1000


def bench(size, repeats, seed):
    recs = records(size, seed)
    texts = [narrative(r) for r in recs]
    root = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    try:
        seconds = build(root, recs)
        print(f"\n== {size} reports: indexed in {seconds:.1f} s, {size / seconds:.0f} reports/s, "
              f"index {sum(p.stat().st_size for p in index.index_dir(root).iterdir()) / 2**20:.0f} MiB")
        print(f"{'query':<48} {'hits':>7} {'index p50/p95 ms':>18} {'scan p50/p95 ms':>17} {'prec':>6} {'recall':>6}")
        ix = index.open_index(root, create=False)
        by_kind = {}
        for kind, text, where, words in QUERIES:
            search(root, text, where=where, limit=10)  # warm caches as a serving process would be
            times, scan_times = [], []
            for _ in range(repeats):
                t = time.perf_counter()
                result = search(root, text, where=where, limit=10)
                times.append(time.perf_counter() - t)
                t = time.perf_counter()
                truth = scan(texts, recs, words, where)
                scan_times.append(time.perf_counter() - t)
            with ix.searcher() as searcher:
                ids = searcher.reader().column_reader("id")
                docs = set(searcher.docs_for_query(parse(text)))
                allowed = allowed_docs(searcher, filters(where))
                found = {ids[d] for d in (docs if allowed is None else docs & allowed)}
            precision = len(found & truth) / len(found) if found else float(not truth)
            recall = len(found & truth) / len(truth) if truth else float(not found)
            p50, p95 = percentiles(times)
            s50, s95 = percentiles(scan_times)
            by_kind.setdefault(kind, []).extend(times)
            label = f"{kind}: {text} {' '.join(where)}"
            print(f"{label:<48} {result['total']:>7} {p50:>8.1f} / {p95:>7.1f} {s50:>7.1f} / {s95:>7.1f} "
                  f"{precision:>6.3f} {recall:>6.3f}")
        for kind, times in by_kind.items():
            p50, p95 = percentiles(times)
            print(f"  {kind:<20} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
        print(f"  peak memory (ru_maxrss) so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000", help="comma-separated report counts (default 2000)")
    parser.add_argument("--repeats", type=int, default=20, help="timed runs of each query (default 20)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    random.seed(args.seed)
    for size in (int(s) for s in args.sizes.split(",")):
        bench(size, args.repeats, args.seed)


if __name__ == "__main__":
    main()
