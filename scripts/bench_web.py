#!/usr/bin/env python3
"""How exactly HTML and Word reports we did not write the readers beside come out, per variant.

    .venv/bin/python scripts/bench_web.py [--count 50] [--seed 0] [--only html-cms,docx-word] [-v]

Prints per variant: documents exact (every field, meta, check and paragraph), field accuracy
(keys not expected count as wrong), and the commonest differences.
"""
import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.errors import ReportError  # noqa: E402
from ingest.extract import extract_bytes  # noqa: E402
from tests.gen.variants import VARIANTS, documents, score  # noqa: E402


def kind(diff):
    """A difference without its numbers, to count alike ones together."""
    return diff.split(":")[0].split(" want")[0][:60]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", default=",".join(VARIANTS))
    ap.add_argument("-v", "--verbose", action="store_true", help="print every failing document's differences")
    args = ap.parse_args()
    print(f"{'variant':<16} {'docs':>5} {'exact':>6} {'fields':>8}  commonest differences")
    for variant in args.only.split(","):
        exact = right = total = 0
        kinds = Counter()
        docs = documents(variant, args.count, args.seed)
        for name, data, record in docs:
            try:
                got = extract_bytes(data, name)
            except ReportError as exc:
                got = {"fields": {}}
                diffs = [f"error: {exc}"]
                r, t = 0, len(record["fields"])
            else:
                r, t, diffs = score(got, record)
            exact += not diffs
            right, total = right + r, total + t
            kinds.update({kind(d) for d in diffs})
            if diffs and args.verbose:
                print(f"  {name}: " + "; ".join(diffs[:6]))
        common = ", ".join(f"{k} ×{n}" for k, n in kinds.most_common(4))
        print(f"{variant:<16} {len(docs):>5} {exact:>6} {right / max(total, 1):>8.4f}  {common}", flush=True)


if __name__ == "__main__":
    main()
