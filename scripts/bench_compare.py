"""Benchmark the whole-archive comparisons (copying, cross-year findings, indicators, a cohort) on generated
archives, each size in a fresh process for its peak memory, next to the obvious alternatives.

Reports are generated in memory (no files, no index: what is measured is the computation
`nianbao reindex` runs over the archive): bodies of five years each, narratives from
tests/gen/copies.py (the template's sentences, own sentences copied or fresh from year to year,
some lifted from another body), 表三/表四 numbers from 500 generated records reused in turn.

- copying: compare/copying.analyse (passages, boilerplate, copied, MinHash LSH Ensemble for
  other bodies' shared passages), against comparing every pair of reports' passage sets: timed
  on `--pairs` random pairs and scaled to the N(N−1)/2 pairs an archive of N has.
- cross-year: compare/findings.cross_year of every report against its body's year before,
  found through a (body, year) table; the alternative, a scan of the archive for each report's
  previous one, timed on `--scans` reports and scaled to N.
- indicators of every report (with the change against the year before) and one cohort ranked.

Times are CPU seconds of the process (time.process_time): this machine's two cores are shared,
and wall-clock time measured the load of others as much as the code.

    .venv/bin/python scripts/bench_compare.py                          # 2,000 reports
    .venv/bin/python scripts/bench_compare.py --sizes 10000,100000
"""
import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

YEARS = (2020, 2021, 2022, 2023, 2024)
FIELD_SETS = 500  # distinct generated records whose numbers the reports reuse in turn
LIFT_SHARE = 0.02  # bodies lifting passages from another body's last report


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(count: int, seed: int = 0):
    """(reports [{id, body, year, record}], narratives {id: sections}) of `count` reports."""
    from tests.gen.copies import body_years, lift
    from tests.gen.record import random_record

    rng = random.Random(seed)
    fields = [random_record(n, year=2021, org="某镇")["fields"] for n in range(FIELD_SETS)]
    reports, years = [], {}
    for b in range(count // len(YEARS)):
        for year, narrative in body_years(rng, list(YEARS), rng.choice((0.0, 0.5, 0.75, 1.0))).items():
            years[(b, year)] = narrative
    bodies = count // len(YEARS)
    for b in rng.sample(range(bodies), int(bodies * LIFT_SHARE)):
        source = rng.randrange(bodies)
        if source != b:
            lift(rng, years[(b, YEARS[-1])], years[(source, YEARS[-1])], f"{source}/{YEARS[-1]}", 5)
    for n, ((b, year), narrative) in enumerate(years.items()):
        record = {"year": year, "template": "2021", "fields": fields[n % FIELD_SETS], "sections": narrative.sections()}
        reports.append({"id": f"r{n}", "body": f"b{b}", "year": year, "record": record})
    return reports


def one(count: int, pairs: int, scans: int) -> dict:
    from compare import cohort, copying, findings, indicators

    out = {"reports": count}
    start = time.process_time()
    reports = generate(count)
    out["generate_s"] = time.process_time() - start
    out["rss_after_generate_mib"] = peak_mib()

    start = time.process_time()
    narratives = [copying.Narrative.of(r["id"], r["body"], r["year"], r["record"]["sections"]) for r in reports]
    out["passages_s"] = time.process_time() - start
    import datasketch  # noqa: F401  (its import, 2 s of scipy, is not the computation)

    start = time.process_time()
    found, common = copying.analyse(narratives)
    out["copying_s"] = time.process_time() - start
    out["copied_known"] = sum(c.copied is not None for c in found.values())
    out["reports_sharing"] = sum(bool(c.shared) for c in found.values())
    out["boilerplate_passages"] = len(common)

    rng = random.Random(1)
    own = [{h: c for h, c in n.passages.items() if h not in common} for n in narratives]
    start = time.process_time()
    for _ in range(pairs):
        a, b = rng.randrange(count), rng.randrange(count)
        sum(c for h, c in own[a].items() if h in own[b])
    per_pair = (time.process_time() - start) / pairs
    out["pairwise_estimate_s"] = per_pair * count * (count - 1) / 2

    by_body_year = {}  # (body, year) → the chain views cross_year compares with (as a reindex keeps them)
    for r in reports:
        by_body_year.setdefault((r["body"], r["year"]), []).append(findings.chain_view(r["record"]))
    start = time.process_time()
    flagged = 0
    for r in reports:
        flagged += bool(findings.cross_year(r["record"], by_body_year.get((r["body"], r["year"] - 1), []))["findings"])
    out["cross_year_s"] = time.process_time() - start
    start = time.process_time()
    for r in reports[:scans]:
        [findings.chain_view(p["record"]) for p in reports if p["body"] == r["body"] and p["year"] == r["year"] - 1]
    out["cross_year_scan_estimate_s"] = (time.process_time() - start) / scans * count

    previous_fields = {(r["body"], r["year"]): r["record"]["fields"] for r in reports}
    start = time.process_time()
    members = []
    for r in reports:
        indicators.values(r["record"]["fields"], previous_fields.get((r["body"], r["year"] - 1)))
        if r["year"] == YEARS[-1]:
            members.append(cohort.Member({"id": r["body"]}, r["id"], r["body"], r["year"], r["record"]["fields"]))
    out["indicators_s"] = time.process_time() - start
    start = time.process_time()
    ranked = cohort.rank(members, indicators.BY_NAME["granted_share"])
    out["cohort_s"] = time.process_time() - start
    out["cohort_bodies"] = len(ranked["ranked"]) + len(ranked["left_out"])
    out["peak_rss_mib"] = peak_mib()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000", help="comma-separated report counts (default 2000)")
    parser.add_argument("--pairs", type=int, default=200_000, help="pairs timed for the pairwise estimate")
    parser.add_argument("--scans", type=int, default=200, help="reports timed for the scan estimate")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process: one size, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.pairs, args.scans)))
        return 0
    for size in (int(s) for s in args.sizes.split(",")):
        run = subprocess.run([sys.executable, __file__, "--one", str(size), "--pairs", str(args.pairs), "--scans", str(args.scans)],
                             stdout=subprocess.PIPE, text=True, check=True)  # its stderr: the terminal
        r = json.loads(run.stdout)
        print(f"{size:,} reports, CPU seconds ({r['generate_s']:.0f} s to generate, {r['rss_after_generate_mib']:.0f} MiB)")
        print(f"  copying      {r['copying_s'] + r['passages_s']:8.1f} s  (passages {r['passages_s']:.1f} s, analyse "
              f"{r['copying_s']:.1f} s; {r['copied_known']:,} copied known, {r['reports_sharing']:,} sharing with another body, "
              f"{r['boilerplate_passages']:,} boilerplate passages)")
        print(f"    every pair compared instead: ~{r['pairwise_estimate_s']:,.0f} s (estimated from {args.pairs:,} pairs)")
        print(f"  cross-year   {r['cross_year_s']:8.1f} s  (a scan for each previous report instead: "
              f"~{r['cross_year_scan_estimate_s']:,.0f} s)")
        print(f"  indicators   {r['indicators_s']:8.1f} s  (every report, the change included); cohort of "
              f"{r['cohort_bodies']:,} bodies ranked in {r['cohort_s'] * 1000:.0f} ms")
        print(f"  peak memory  {r['peak_rss_mib']:8.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
