#!/usr/bin/env python3
"""PDF extraction throughput and memory: our reader next to a pdfplumber `extract_tables()` pass.

    .venv/bin/python scripts/bench_pdf.py FILE_OR_DIR... [--repeat N] [--rss-files 1000]

Both passes read the same files in one process, after a warm-up, so interpreter start-up
and imports are left out. RSS is sampled while our reader extracts `--rss-files` documents
(the inputs cycled); flat RSS means documents are closed and nothing accumulates.
"""
import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.errors import ReportError  # noqa: E402
from ingest.read.pdf.reader import read_pdf  # noqa: E402


def pdf_files(paths):
    out = []
    for p in map(Path, paths):
        out += sorted(p.glob("*.pdf")) if p.is_dir() else [p]
    return out


def rss_mib():
    """Current resident set size (Linux /proc), in MiB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def ours(data, name):
    try:
        read_pdf(data, name)
    except ReportError:
        pass


def plumber(data, name):
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()


def rate(fn, docs, repeat):
    pages = sum(n for _, _, n in docs) * repeat
    start = time.perf_counter()
    for _ in range(repeat):
        for name, data, _ in docs:
            fn(data, name)
    took = time.perf_counter() - start
    return len(docs) * repeat / took, pages / took


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rss-files", type=int, default=1000)
    args = ap.parse_args()

    import pymupdf

    docs = []
    for path in pdf_files(args.paths):
        data = path.read_bytes()
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            docs.append((str(path), data, doc.page_count))
    if not docs:
        sys.exit("no PDF files given")
    pages = sum(n for _, _, n in docs)
    print(f"{len(docs)} files, {pages / len(docs):.1f} pages a file")
    for name, data, _ in docs[:3]:
        ours(data, name)
        plumber(data, name)
    for label, fn, repeat in (("nianbao ingest.read.pdf", ours, args.repeat), ("pdfplumber extract_tables", plumber, 1)):
        docs_s, pages_s = rate(fn, docs, repeat)
        print(f"{label:28s} {docs_s:8.1f} docs/s  {pages_s:8.1f} pages/s  (one core)")

    before = rss_mib()
    samples = []
    for i in range(args.rss_files):
        name, data, _ = docs[i % len(docs)]
        ours(data, name)
        if i % max(1, args.rss_files // 10) == 0:
            samples.append(rss_mib())
    after = rss_mib()
    print(f"RSS over {args.rss_files} extractions: {before:.1f} MiB → {after:.1f} MiB "
          f"(+{after - before:.1f}); samples {' '.join(f'{s:.0f}' for s in samples)}")


if __name__ == "__main__":
    main()
