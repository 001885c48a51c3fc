"""What the search page costs next to the API for the same query, on generated reports.

The page answers with one window of hits plus facet counts and a histogram drawn from the
index's arrays; the API with the same window of hits. Beside them, the obvious alternative the
page used before: building every hit (with snippets) to draw the histogram from.

    .venv/bin/python scripts/bench_page.py                      # 3,000 reports
    .venv/bin/python scripts/bench_page.py --sizes 1000,5000 --repeats 20
"""
import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import index  # noqa: E402
from search.query.find import search  # noqa: E402
from search.sample import records  # noqa: E402
from web.app import create_app  # noqa: E402

QUERIES = [  # (what, URL parameters)
    ("everything", {}),
    ("one term", {"q": "培训"}),
    ("two terms", {"q": "政务公开 培训"}),
    ("term + where", {"q": "培训", "where": "t3.new.total>=3"}),
    ("sorted, page 5", {"q": "公开", "sort": "-t3.new.total", "page": "5"}),
]


def ms(samples):
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(0, round(len(ordered) * 0.95) - 1)] * 1000


def timed(call, repeats):
    call()  # the first run opens the searcher and fills the column caches: timed apart from the rest
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return ms(samples)


def bench(size, repeats, seed):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        index.add_all(index.create_empty(index.index_dir(root)),
                      ({"id": f"{n:064x}", "record": record} for n, record in enumerate(records(size, seed))))
        print(f"\n{size:,} reports (indexed in {time.perf_counter() - start:.1f} s); p50/p95 ms over {repeats} runs")
        client = create_app(root, TESTING=True).test_client()
        print(f"{'query':<16} {'hits':>6} {'API':>13} {'page':>13} {'page/API':>9} {'every hit built (old histogram)':>32}")
        for what, query in QUERIES:
            api = client.get("/api/search", query_string=query)
            assert api.status_code == 200, api.get_data(as_text=True)
            page = client.get("/", query_string=query)
            assert page.status_code == 200, page.get_data(as_text=True)
            api_ms = timed(lambda: client.get("/api/search", query_string=query).get_data(), repeats)
            page_ms = timed(lambda: client.get("/", query_string=query).get_data(), repeats)
            kwargs = {"text": query.get("q", ""), "where": [query["where"]] if "where" in query else []}
            old_ms = timed(lambda: search(root, limit=0, **kwargs), max(3, repeats // 4))
            print(f"{what:<16} {api.get_json()['total']:>6} {api_ms[0]:>6.1f}/{api_ms[1]:<6.1f} "
                  f"{page_ms[0]:>6.1f}/{page_ms[1]:<6.1f} {page_ms[0] / api_ms[0]:>8.1f}x "
                  f"{old_ms[0]:>18.1f}/{old_ms[1]:<.1f} (+ page)")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="3000")
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        bench(size, args.repeats, args.seed)


if __name__ == "__main__":
    main()
