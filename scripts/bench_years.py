"""Benchmark what compare/ adds to an archive: body identities, the body registry, cross-year
findings and timeliness, and a reindex with them against the same reindex without them.

The archive: N/6 bodies (a department or government of a real county, a town) with a report
for each year 2019-2024 (search/sample.py records, so no reader runs), stored as the archive
stores any report. For each size it prints per-report times and the peak memory of the process.

    .venv/bin/python scripts/bench_years.py                     # 1,200 reports
    .venv/bin/python scripts/bench_years.py --sizes 1200,12000
"""
import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from compare import bodies, derived, gazetteer  # noqa: E402
from search import archive, index  # noqa: E402
from search.sample import record  # noqa: E402

YEARS = range(2019, 2025)
UNITS = ("人民政府", "自然资源局", "公安局", "市场监督管理局", "教育局", "民政局")


def body_names(count, rng):
    """`count` org names: units of real counties, and towns the gazetteer does not list."""
    counties = sorted(name for name, places in gazetteer.load().by_name.items()
                      if any(p.level == "county" and p.years[1] == 2024 for p in places))
    names = set()
    while len(names) < count:
        if rng.random() < 0.2:
            names.add(f"{rng.choice(counties)[:-1]}{rng.choice('东西南北新')}{rng.choice(('镇', '乡', '街道'))}")
        else:
            names.add(rng.choice(counties) + rng.choice(UNITS))
    return sorted(names)


def build(root, size, seed=0):
    rng = random.Random(seed)
    for org in body_names(size // len(YEARS), rng):
        for year in YEARS:
            template = "2019" if year <= 2020 else "2021"
            rec = record(rng)
            while rec["template"] != template:
                rec = record(rng)
            rec.update(org=org, year=year, title=f"{org}{year}年政府信息公开工作年度报告",
                       dated=f"{year + 1}-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}")
            archive.store(root, json.dumps(rec, ensure_ascii=False).encode(), f"{org}{year}.json", rec)


def timed(label, count, fn):
    start = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - start
    print(f"  {label:<46} {elapsed:8.2f} s  {elapsed / count * 1000:7.2f} ms a report")
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1200")
    args = parser.parse_args()
    gazetteer.load()
    for size in map(int, args.sizes.split(",")):
        root = Path(tempfile.mkdtemp(prefix="bench-years-"))
        try:
            timed(f"{size} reports: build the archive", size, lambda: build(root, size))
            entries = list(archive.entries(root))
            print(f"{len(entries)} reports")
            timed("identify (gazetteer, function words)", len(entries),
                  lambda: [bodies.identify(e["record"], e["id"]) for e in entries])
            deriver = derived.Deriver(root)
            timed("registry: register every report", len(entries), lambda: deriver.rebuild_registry(entries))
            fresh = derived.Deriver(root)  # no identities cached: what a reindex pays
            found = timed("findings + timeliness of every report", len(entries),
                          lambda: [fresh.profile(e) for e in entries])
            print(f"  {sum(bool(p['findings']) for p in found)} reports with findings, "
                  f"{sum(p['timeliness']['status'] == 'late' for p in found)} late")
            timed("reindex with the derived fields", len(entries), lambda: index.rebuild(root))
            plain_fields, plain_registry = derived.Deriver.fields, derived.Deriver.rebuild_registry
            derived.Deriver.fields = lambda self, entry: {}
            derived.Deriver.rebuild_registry = lambda self, entries: None
            try:
                timed("reindex without them (the index before compare/)", len(entries), lambda: index.rebuild(root))
            finally:
                derived.Deriver.fields, derived.Deriver.rebuild_registry = plain_fields, plain_registry
            print(f"  peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
