"""`nianbao extract FILE...`: print the canonical record as JSON (its arguments are declared in web/cli.py)."""
import argparse
import json
import sys

from .errors import printable


def run_extract(args: argparse.Namespace) -> int:
    """One JSON record per file (a JSON list when several); bad files get one line on stderr and exit 2.

    A report whose tables could not be read is printed (exit code unchanged) with a warning
    line on stderr saying so, so an empty `fields` is never silent. Each file is read in a
    worker process under the time limit (see ingest/workers.py).
    """
    from .extract import extract_or_reason
    from .limits import from_args
    from .record import tables_not_read
    from .workers import run

    try:
        limits = from_args(args)
    except ValueError as exc:
        print(f"nianbao: {exc}", file=sys.stderr)
        return 2
    jobs = ((path, (None, path, limits)) for path in args.files)
    records, failed = [], False
    for path, result, error in run(extract_or_reason, jobs, 1, limits.timeout_s):
        record, reason = result or (None, error)
        if record is None:
            print(f"nianbao: {printable(path)}: {reason}", file=sys.stderr)
            failed = True
        else:
            records.append(record)
            unread = tables_not_read(record)
            if unread:
                print(f"nianbao: warning: {printable(path)}: tables not read: {printable(unread)}", file=sys.stderr)
    if records:
        out = records[0] if len(args.files) == 1 else records
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return 2 if failed else 0
