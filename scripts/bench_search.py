"""Benchmark the search index against a plain substring scan over the same generated reports.

First jieba against rjieba (the segmenter the index uses) on the same narratives: speed and
agreement of their words. Then for each size: record generation and index throughput, p50/p95 latency of typical queries
through search.query.find.search (the code `nianbao search --json` and the web app run: parse,
filter, count, rank, snippets for 10 hits, on the searcher the process keeps open), the first
search of a fresh process (opening the index), the same queries answered by scanning the
narrative texts in memory, agreement of the two (precision/recall of the index against the
scan), and peak memory (ru_maxrss) of the searching process.

Beside ours, tantivy (scripts/tantivy_index.py: the same terms pre-tokenized, numbers as fast
fields) answers the same queries: its build time and size, p50/p95 per query class and the
ratio, and whether it matched the same reports. Last, what a one-report commit costs right
after the bulk build (twice: the second is where whoosh's default policy merged everything).

    .venv/bin/python scripts/bench_search.py                   # 2,000 reports, a minute or two
    .venv/bin/python scripts/bench_search.py --sizes 10000,100000 --scan-repeats 3
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

from scripts import tantivy_index  # noqa: E402
from search import analysis, dictionary, index  # noqa: E402
from search.query import docsets, snapshot  # noqa: E402
from search.query.find import search  # noqa: E402
from search.query.parse import filters, parse  # noqa: E402
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
    ("fragment", "依申请", [], ["依申请"]),
    ("fragment", "申请公开", [], ["申请公开"]),
    ("fragment", "务公开业", [], ["务公开业"]),
    ("one term + where", "培训", ["t3.new.total>=3"], ["培训"]),
    ("two terms + where", "政务公开 培训", ["t2.procurement.amount>=100", "year>=2020"], ["政务公开", "培训"]),
]
WHERE_TESTS = {
    "t3.new.total>=3": lambda r: (r["fields"].get("t3.new.total") or -1) >= 3,
    "t2.procurement.amount>=100": lambda r: (r["fields"].get("t2.procurement.amount") or -1) >= 100,
    "year>=2020": lambda r: r["year"] >= 2020,
}


def build(root, recs):
    """Index `recs` into the index folder of `root` the way reindex does; return seconds."""
    start = time.perf_counter()
    index.add_all(index.create_empty(index.index_dir(root)),
                  ({"id": f"{n:08d}", "record": record} for n, record in enumerate(recs)))
    return time.perf_counter() - start


def folder_mib(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()) / 2**20


def tantivy_run(tix, root, text, where, limit):
    """Our parse, then tantivy's search: (total, ids of the first `limit` hits)."""
    used = dictionary.for_data(root)
    schema = tix.schema
    q = tantivy_index.full_query(schema, parse(text, used), filters(used, where))
    searcher = tix.searcher()
    result = searcher.search(q, limit)
    return result.count, {searcher.doc(address)[tantivy_index.ID][0] for _, address in result.hits}


def commit_after_build(root, recs):
    """Seconds and segment counts of two one-report commits right after the bulk build (the ingest path)."""
    out = []
    for n, record in enumerate(recs):
        before = len(index.open_index(root)._segments())
        start = time.perf_counter()
        batch = index.Batch(index.open_index(root))
        batch.add({"id": f"extra{n:04d}", "record": record})
        batch.commit()
        out.append((time.perf_counter() - start, before, len(index.open_index(root)._segments())))
    return out


def matched_ids(root, text, where):
    """The ids the index matches, every one (what the count counts), for the agreement check."""
    with snapshot.opened(root) as snap:
        used = dictionary.for_data(root)
        mask = docsets.match(snap, parse(text, used)) & docsets.passes(snap, filters(used, where)) & snap.live()
        return {snap.reader.stored_fields(int(d))["id"] for d in mask.nonzero()[0]}


def fresh_process(root):
    """(ms of the first search, ms of the first run of every query, peak MiB) of a new searching process."""
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--fresh", str(root)], capture_output=True, text=True, check=True)
    return [float(x) for x in out.stdout.split()]


def fresh(root):
    """In the new process: time the first search (imports, opening the index), then each query once.

    Peak memory is VmHWM: a forked child's ru_maxrss starts at its parent's.
    """
    start = time.perf_counter()
    search(root, "培训", limit=10)
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _, text, where, _ in QUERIES:
        search(root, text, where=where, limit=10)
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1]
    print(first * 1000, (time.perf_counter() - start) * 1000, int(peak) / 1024)


def scan(texts, recs, words, where):
    tests = [WHERE_TESTS[w] for w in where]
    return {f"{n:08d}" for n, text in enumerate(texts)
            if all(w in text for w in words) and all(t(recs[n]) for t in tests)}


def segmenters(texts):
    """jieba against rjieba on the same texts with the same user dictionary, HMM off as the index has it.

    Prints ms per report for jieba's cut_for_search (what jieba's ChineseAnalyzer runs), rjieba's
    precise cut, and the index's whole terms() (rjieba plus sub-words and domain terms), and how
    many of jieba's precise-cut words rjieba cuts the same (position by position).
    """
    import jieba

    jieba.setLogLevel(60)
    packaged = dictionary.load(dictionary.PACKAGED)
    for word, freq in packaged.words.items():
        jieba.add_word(word, freq)
    jieba.initialize()
    rust = analysis.segmenter(packaged)
    timings = {}
    for name, cut in (("jieba cut_for_search", lambda t: list(jieba.cut_for_search(t, HMM=False))),
                      ("rjieba cut", lambda t: rust.cut(t, hmm=False)),
                      ("index terms() (rjieba)", lambda t: analysis.terms(t, packaged))):
        start = time.perf_counter()
        for text in texts:
            cut(text)
        timings[name] = (time.perf_counter() - start) * 1000 / len(texts)
    same = total = 0
    for text in texts:
        mine, theirs = rust.cut(text, hmm=False), list(jieba.cut(text, HMM=False))
        total += len(theirs)
        same += len(theirs) if mine == theirs else sum(a == b for a, b in zip(mine, theirs))
    print(f"  segmenting {len(texts)} narratives: " + ", ".join(f"{k} {v:.2f} ms" for k, v in timings.items())
          + f" per report; rjieba cuts {same / total:.2%} of jieba's words the same")


def percentiles(samples):
    samples = sorted(samples)
    return statistics.median(samples) * 1000, samples[min(len(samples) - 1, int(len(samples) * 0.95))] * 1000


def bench(size, repeats, scan_repeats, seed, with_tantivy, keep):
    start = time.perf_counter()
    recs = records(size, seed)
    texts = [narrative(r) for r in recs]
    generated = time.perf_counter() - start
    root = Path(tempfile.mkdtemp(prefix="nianbao-bench-")) if keep is None else keep / str(size)
    try:
        segmenters(texts[:500])
        seconds = build(root, recs)
        print(f"\n== {size} reports: generated in {generated:.1f} s; indexed in {seconds:.1f} s, "
              f"{size / seconds:.0f} reports/s, index {folder_mib(index.index_dir(root)):.0f} MiB, "
              f"{len(index.open_index(root)._segments())} segments")
        tix = None
        if with_tantivy:
            tix, tseconds = tantivy_index.build(root / "tantivy", ((f"{n:08d}", r) for n, r in enumerate(recs)),
                                                dictionary.for_data(root))
            print(f"  tantivy: indexed in {tseconds:.1f} s, {size / tseconds:.0f} reports/s, "
                  f"index {folder_mib(root / 'tantivy'):.0f} MiB")
        first, cold, rss = fresh_process(root)
        print(f"  fresh searching process: first search {first:.0f} ms (imports, opening the index), then each "
              f"query once {cold:.0f} ms in all, peak memory {rss:.0f} MiB")
        print(f"{'query':<48} {'hits':>7} {'index p50/p95 ms':>18} {'scan p50/p95 ms':>17} {'prec':>6} {'recall':>6}"
              + (f" {'tantivy p50/p95 ms':>19} {'same hits':>9}" if tix else ""))
        by_kind, tantivy_by_kind = {}, {}
        for kind, text, where, words in QUERIES:
            search(root, text, where=where, limit=10)  # the searcher a serving process keeps open
            times, scan_times, tantivy_times = [], [], []
            for n in range(repeats):
                t = time.perf_counter()
                result = search(root, text, where=where, limit=10)
                times.append(time.perf_counter() - t)
                if tix:
                    t = time.perf_counter()
                    tantivy_run(tix, root, text, where, 10)
                    tantivy_times.append(time.perf_counter() - t)
                if n < scan_repeats:
                    t = time.perf_counter()
                    truth = scan(texts, recs, words, where)
                    scan_times.append(time.perf_counter() - t)
            found = matched_ids(root, text, where)
            assert len(found) == result["total"]
            precision = len(found & truth) / len(found) if found else float(not truth)
            recall = len(found & truth) / len(truth) if truth else float(not found)
            p50, p95 = percentiles(times)
            s50, s95 = percentiles(scan_times)
            by_kind.setdefault(kind, []).extend(times)
            label = f"{kind}: {text} {' '.join(where)}"
            line = (f"{label:<48} {result['total']:>7} {p50:>8.1f} / {p95:>7.1f} {s50:>7.1f} / {s95:>7.1f} "
                    f"{precision:>6.3f} {recall:>6.3f}")
            if tix:
                count, theirs = tantivy_run(tix, root, text, where, max(len(found), 1))
                t50, t95 = percentiles(tantivy_times)
                tantivy_by_kind.setdefault(kind, []).extend(tantivy_times)
                line += f" {t50:>9.1f} / {t95:>6.1f} {'yes' if theirs == found and count == len(found) else 'NO':>9}"
            print(line)
        for kind, times in by_kind.items():
            p50, p95 = percentiles(times)
            line = f"  {kind:<20} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
            if tix:
                t50, t95 = percentiles(tantivy_by_kind[kind])
                line += f"   tantivy p50 {t50:5.1f} ms  p95 {t95:5.1f} ms   ours/tantivy p50 {p50 / t50:4.1f}x  p95 {p95 / t95:4.1f}x"
            print(line)
        for n, (seconds, before, after) in enumerate(commit_after_build(root, records(2, seed + 1))):
            print(f"  one-report commit {n + 1} after the bulk build: {seconds:.2f} s, segments {before} -> {after}")
        print(f"  peak memory (ru_maxrss) of this process (generating, indexing, scanning, searching): "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000", help="comma-separated report counts (default 2000)")
    parser.add_argument("--repeats", type=int, default=20, help="timed runs of each query (default 20)")
    parser.add_argument("--scan-repeats", type=int, default=20, help="of which also timed as a substring scan (default 20)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-tantivy", action="store_true", help="leave out the tantivy comparison")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build each size's archive in DIR/SIZE and keep it (for scripts/bench_serve.py --data)")
    parser.add_argument("--fresh", metavar="DIR", help=argparse.SUPPRESS)  # the fresh searching process
    args = parser.parse_args()
    if args.fresh:
        return fresh(args.fresh)
    random.seed(args.seed)
    for size in (int(s) for s in args.sizes.split(",")):
        bench(size, args.repeats, args.scan_repeats, args.seed, not args.no_tantivy, args.keep)


if __name__ == "__main__":
    main()
