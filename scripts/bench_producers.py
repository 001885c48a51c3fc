#!/usr/bin/env python3
"""The PDF reader on PDFs typeset by engines we did not write (tests/gen/producers.py).

    .venv/bin/python scripts/bench_producers.py [--count 60] [--producers chromium,libreoffice]
        [--out tests/tmp/producers] [--seed 0] [--show 20]

Documents already rendered under --out are read again, not rendered again, so a reader
change is measured in seconds. Per producer: documents exact, field accuracy, how often
meta, sections and checks agree, the accuracy of each look (rules, vertical text, repeated
header, label alignment, font), and the differences of the documents that are not exact.
"""
import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.errors import ReportError  # noqa: E402
from ingest.extract import extract_bytes  # noqa: E402
from tests.gen.gold import META, differences, gold_record  # noqa: E402
from tests.gen.producers import PRODUCERS, fonts, missing, producer_job, render  # noqa: E402

LOOK_KEYS = ("rules", "vertical", "repeat_head", "centre_labels", "font")


def kinds(diffs, gold):
    """Diffs sorted into fields (a count of wrong fields), meta, sections and checks."""
    out = {"fields": 0, "meta": [], "sections": [], "checks": []}
    for d in diffs:
        if d.startswith("keys not in gold"):
            out["fields"] += d.count("'") // 2
        elif d.startswith(("t2.", "t3.", "t4.")):
            out["fields"] += 1
        elif d.startswith("sections."):
            out["sections"].append(d)
        elif d.startswith("checks"):
            out["checks"].append(d)
        elif d.split(":")[0] in META:
            out["meta"].append(d)
        else:
            out["meta"].append(d)
    return out


def measure(producer, count, seed, out):
    """[(name, look, gold field count, diffs, seconds to read)] for `count` documents."""
    folder = out / producer
    jobs = [producer_job(i, seed, fonts()) for i in range(count)]
    todo = [job for job in jobs if not (folder / f"{job[0]}.pdf").exists()]
    if todo:
        start = time.perf_counter()
        render(producer, todo, folder)
        print(f"{producer}: rendered {len(todo)} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    results = []
    for name, record, look, _ in jobs:
        data = (folder / f"{name}.pdf").read_bytes()
        gold = gold_record(record, f"{name}.pdf")
        start = time.perf_counter()
        try:
            diffs = differences(extract_bytes(data, f"{producer}/{name}.pdf"), gold)
        except ReportError as exc:
            diffs = [f"error: {exc}"] + [f"{k}: unread" for k in gold["fields"]]
        results.append((name, look, len(gold["fields"]), diffs, time.perf_counter() - start))
    return results


def report(producer, results, show):
    total = sum(n for _, _, n, _, _ in results)
    sorted_out = [kinds(d, None) for _, _, _, d, _ in results]
    wrong = sum(k["fields"] for k in sorted_out)
    exact = sum(not d for _, _, _, d, _ in results)
    agree = {part: sum(not k[part] for k in sorted_out) for part in ("meta", "sections", "checks")}
    n = len(results)
    secs = sum(r[4] for r in results) / n
    print(f"\n== {producer}: {exact}/{n} documents exact, fields {100 * (total - wrong) / total:.2f}% "
          f"({wrong} wrong of {total}); meta {agree['meta']}/{n}, sections {agree['sections']}/{n}, "
          f"checks {agree['checks']}/{n}; {1000 * secs:.0f} ms a document")
    for key in LOOK_KEYS:
        groups = defaultdict(lambda: [0, 0, 0, 0])
        for (_, look, count, diffs, _), k in zip(results, sorted_out):
            g = groups[getattr(look, key)]
            g[0] += 1
            g[1] += not diffs
            g[2] += count
            g[3] += k["fields"]
        print(f"  {key:12s} " + "; ".join(f"{value}: {g[1]}/{g[0]} exact, {100 * (g[2] - g[3]) / g[2]:.2f}%"
                                          for value, g in sorted(groups.items(), key=lambda kv: str(kv[0]))))
    for name, look, _, diffs, _ in [r for r in results if r[3]][:show]:
        summary = {k: getattr(look, k) for k in LOOK_KEYS}
        print(f"  {name} {json.dumps(summary, ensure_ascii=False)} money={look.style.money[0]}: {len(diffs)} diffs")
        for d in diffs[:6]:
            print(f"      {d[:160]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("--producers", default=",".join(PRODUCERS))
    ap.add_argument("--out", type=Path, default=Path("tests/tmp/producers"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=20, help="documents whose differences are listed")
    args = ap.parse_args()
    for producer in args.producers.split(","):
        if missing(producer):
            sys.exit(missing(producer))
        report(producer, measure(producer, args.count, args.seed, args.out / f"seed{args.seed}"), args.show)


if __name__ == "__main__":
    main()
