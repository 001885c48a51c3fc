"""`nianbao extract FILE...`: print the canonical record as JSON."""
import json
import sys

from .errors import ReportError


def register(subparsers):
    p = subparsers.add_parser("extract", help="print the record of a report file as JSON")
    p.add_argument("files", nargs="+", metavar="FILE", help="a PDF or text report")
    p.set_defaults(func=run_extract)


def run_extract(args):
    """One JSON record per file (a JSON list when several); bad files get one line on stderr and exit 2."""
    from .extract import extract_file

    records, failed = [], False
    for path in args.files:
        try:
            records.append(extract_file(path))
        except ReportError as exc:
            print(f"nianbao: {exc}", file=sys.stderr)
            failed = True
    if records:
        out = records[0] if len(args.files) == 1 else records
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 2 if failed else 0
