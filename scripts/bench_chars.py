#!/usr/bin/env python3
"""Does pdfplumber see characters MuPDF does not? Both libraries' character layers, compared.

    .venv/bin/python scripts/bench_chars.py FILE_OR_DIR... [--show 10]

For every page, each non-space character MuPDF reports (ingest.read.pdf.source, what the reader
uses) is paired with a pdfplumber character of the same text at the same place (x within
1.5 pt, y within 6 pt: the two put a character's box at different heights); the rest are
differences: characters only one library reports, or the same place read as different text
(a missing ToUnicode map, a ligature, vertical text). Also the time each library takes to
deliver the characters of all pages.
"""
import argparse
import io
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.read.pdf.source import read_pages  # noqa: E402
from scripts.bench_pdf import pdf_files  # noqa: E402

NEAR_X, NEAR_Y = 1.5, 6.0


def plumber_pages(data):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        out = []
        for page in pdf.pages:
            out.append([(c["text"], c["x0"], c["top"]) for c in page.chars])
            page.close()
        return out


def compare(ours, theirs):
    """(paired, only MuPDF, only pdfplumber, examples) for one page's non-space characters."""
    theirs = [c for c in theirs if not c[0].isspace()]
    ours = [(c.text, c.x0, c.top) for c in ours if not c.text.isspace()]
    buckets = {}
    for i, (_, x, _) in enumerate(theirs):
        buckets.setdefault(round(x), []).append(i)
    used, paired, only_ours = set(), 0, []
    for text, x, y in ours:
        hit = None
        for dx in (-1, 0, 1):
            for i in buckets.get(round(x) + dx, ()):
                t, tx, ty = theirs[i]
                if hit is None and i not in used and t == text and abs(tx - x) <= NEAR_X and abs(ty - y) <= NEAR_Y:
                    hit = i
        if hit is None:
            only_ours.append((text, round(x), round(y)))
        else:
            used.add(hit)
            paired += 1
    only_theirs = [(t, round(x), round(y)) for i, (t, x, y) in enumerate(theirs) if i not in used]
    return paired, only_ours, only_theirs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args()
    totals, kinds, times, shown = Counter(), Counter(), Counter(), 0
    for path in pdf_files(args.paths):
        data = path.read_bytes()
        start = time.perf_counter()
        ours = read_pages(data, str(path), 500)
        times["MuPDF"] += time.perf_counter() - start
        start = time.perf_counter()
        theirs = plumber_pages(data)
        times["pdfplumber"] += time.perf_counter() - start
        totals["files"] += 1
        for page, chars in zip(ours, theirs):
            paired, only_ours, only_theirs = compare(page.chars, chars)
            totals["pages"] += 1
            totals["paired"] += paired
            totals["only MuPDF"] += len(only_ours)
            totals["only pdfplumber"] += len(only_theirs)
            kinds.update(f"MuPDF {t!r}" for t, *_ in only_ours)
            kinds.update(f"pdfplumber {t!r}" for t, *_ in only_theirs)
            if (only_ours or only_theirs) and shown < args.show:
                shown += 1
                print(f"{path} page {page.number + 1}: only MuPDF {only_ours[:8]}; only pdfplumber {only_theirs[:8]}")
    print(dict(totals))
    print("characters one library reports and the other does not (text: count):", dict(kinds.most_common(15)))
    print(f"time for the characters of {totals['pages']} pages: " +
          ", ".join(f"{name} {secs:.2f} s" for name, secs in times.items()))


if __name__ == "__main__":
    main()
