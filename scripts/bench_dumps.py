#!/usr/bin/env python3
"""How the text reader holds on dumps made by real engines and tools (tests/gen/dumps.py).

    .venv/bin/python scripts/bench_dumps.py [--count 50] [--work DIR] [--sources chromium,fpdf2,soffice] [--show 2]
                                            [--no-blanks]

Each document is a fresh random record; `chromium` prints its web page (template wording,
and real reports' wording from tests/gen/wording.py), `fpdf2` draws it as our PDF generator
does, `soffice` prints its .docx and saves it as text (soffice-txt: one cell a line). Every PDF is then dumped by pdftotext (-layout, -raw,
plain) and PyMuPDF (get_text, sort=True); the page itself by html-lines and html-tsv.
Prints, per source, wording and dump: documents exact and field accuracy. PDFs are kept in
--work, so a second run only re-reads.
"""
import argparse
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.errors import ReportError  # noqa: E402
from ingest.extract import extract_bytes  # noqa: E402
from tests.gen.docx_file import record_docx  # noqa: E402
from tests.gen.dumps import HTML_DUMPS, PDF_DUMPS, convert_docx, html_dump, missing_tool, pdf_dump, print_html  # noqa: E402
from tests.gen.gold import differences, fields_right, gold_record  # noqa: E402
from tests.gen.html_page import record_page  # noqa: E402
from tests.gen.pdf import PDF_LAYOUTS, write_pdf  # noqa: E402
from tests.gen.record import random_record  # noqa: E402
from tests.gen.wording import reword_html  # noqa: E402


def document(index, blanks=True):
    """(record, rng) of the index-th document: blanks, broken totals and split (六) as often as in
    tests/generate.py; without blank cells when `blanks` is false (0 prints as 0)."""
    rng = random.Random(7_919 * index + 1)
    seed, consistent, share = rng.random(), rng.random() < 0.75, rng.choice([0, 0, 0.1, 0.4])
    record = random_record(seed, consistent=consistent, blanks=share if blanks else 0, bare_unit=False)
    return record, rng


def sources(index, work, wanted, blanks):
    """Yield (source, wording, pdf path or None, page bytes or None) for one document."""
    record, rng = document(index, blanks)
    if "chromium" in wanted:
        for wording in ("template", "real"):
            page = record_page(record)
            if wording == "real":
                page = reword_html(page.decode("utf-8"), rng).encode("utf-8")
            html_path = work / f"{index:03d}_{wording}.html"
            pdf_path = html_path.with_suffix(".pdf")
            html_path.write_bytes(page)
            if not pdf_path.exists():
                print_html(html_path, pdf_path, work / "chromium-profile")
            yield "chromium", wording, pdf_path, page
    if "fpdf2" in wanted:
        pdf_path = work / f"{index:03d}_fpdf2.pdf"
        if not pdf_path.exists():
            pdf_path.write_bytes(write_pdf(record, rng.choice(PDF_LAYOUTS), rng))
        yield "fpdf2", "template", pdf_path, None
    if "soffice" in wanted:
        yield "soffice", "template", work / "soffice" / f"{index:03d}.pdf", None


def score(record, data, name):
    """(exact, fields right, fields in all, first differences)."""
    gold = gold_record(record, name)
    try:
        got = extract_bytes(data, name)
    except ReportError as exc:
        return False, 0, len(gold["fields"]), [str(exc)]
    diffs = differences(got, gold)
    return not diffs, fields_right(got, gold), len(gold["fields"]), diffs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--work", default="/tmp/nianbao-dumps")
    ap.add_argument("--sources", default="chromium,fpdf2,soffice")
    ap.add_argument("--no-blanks", action="store_true", help="records without blank cells, to tell the reader's "
                    "errors from what a dump that drops blank cells cannot keep (use another --work)")
    ap.add_argument("--show", type=int, default=0, help="print the differences of this many failing documents per row")
    args = ap.parse_args()
    wanted = args.sources.split(",")
    needs = {"chromium": ["chromium", "pdftotext"], "fpdf2": ["pdftotext"], "soffice": ["soffice", "pdftotext"]}
    for name in wanted:
        if missing_tool(*needs[name]):
            sys.exit(missing_tool(*needs[name]))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    if "soffice" in wanted:
        todo = [work / f"{i:03d}.docx" for i in range(args.count) if not (work / "soffice" / f"{i:03d}.pdf").exists()]
        for path in todo:
            path.write_bytes(record_docx(document(int(path.stem), not args.no_blanks)[0]))
        if todo:
            convert_docx(todo, work / "soffice")
            convert_docx(todo, work / "soffice", "txt")
    tally = defaultdict(lambda: [0, 0, 0, 0, []])
    for index in range(args.count):
        record = document(index, not args.no_blanks)[0]
        for source, wording, pdf_path, page in sources(index, work, wanted, not args.no_blanks):
            dumps = [(kind, pdf_dump(pdf_path, kind)) for kind in PDF_DUMPS]
            dumps += [(kind, html_dump(page, kind)) for kind in HTML_DUMPS] if page else []
            if source == "soffice":  # the Word file saved as text by LibreOffice
                dumps.append(("soffice-txt", pdf_path.with_suffix(".txt").read_bytes()))
            for kind, data in dumps:
                exact, right, total, diffs = score(record, data, f"{index:03d}_{kind}.txt")
                row = tally[(source, wording, kind)]
                row[0] += exact
                row[1] += 1
                row[2] += right
                row[3] += total
                if diffs and len(row[4]) < args.show:
                    row[4].append((index, diffs[:8]))
    print(f"{'source':9} {'wording':9} {'dump':17} {'docs exact':>11} {'fields':>16}")
    for (source, wording, kind), (exact, docs, right, total, shown) in tally.items():
        print(f"{source:9} {wording:9} {kind:17} {exact:>5}/{docs:<5} {right:>7}/{total:<7} {right / total:.4f}")
        for index, diffs in shown:
            print(f"    {index:03d}: " + "\n         ".join(diffs))


if __name__ == "__main__":
    main()
