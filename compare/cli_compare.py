"""`nianbao compare | cohort`: two reports side by side, and a cohort of bodies ranked on an indicator.

The runners of these commands; their arguments are declared with every other command's in web/cli.py.
"""
import argparse
import json
import sys

from ingest.schema import SECTION_LABELS

from web.fields import format_number

STATUS_MARKS = {"same": " ", "changed": "≠", "only_a": "<", "only_b": ">", "blank": " "}
SENTENCE_MARKS = {"stayed": "=", "changed": "~", "added": "+", "removed": "-"}


def _print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


class ReportNotFound(LookupError):
    """An id that names no archived report (or more than one); str() is the line the user sees."""


def find_report(root, wanted: str) -> dict:
    """The archived entry whose id is `wanted` or starts with it (a prefix must name exactly one report)."""
    from search import archive

    if len(wanted) == 64 and archive.has(root, wanted):
        return archive.load(root, wanted)
    matches = [report_id for report_id in archive.report_ids(root) if report_id.startswith(wanted.lower())] if wanted else []
    if len(matches) != 1:
        reason = "no archived report has that id" if not matches else f"{len(matches)} reports start with it"
        raise ReportNotFound(f"{wanted}: {reason}")
    return archive.load(root, matches[0])


def run_compare(args: argparse.Namespace) -> int:
    from search.archive import data_dir

    from .diff import compare

    root = data_dir(args.data)
    try:
        a, b = (find_report(root, wanted) for wanted in (args.a, args.b))
    except ReportNotFound as exc:
        print(f"nianbao: {exc}", file=sys.stderr)
        return 2
    result = compare(a["record"], b["record"])
    result["a"]["id"], result["b"]["id"] = a["id"], b["id"]
    if args.json:
        _print_json(result)
        return 0
    for side in ("a", "b"):
        info = result[side]
        print(f"{side}: {info['title']}  [{info['year']}, {info['template'] or 'no template'}]  {info['id'][:12]}")
    print(f"\n{result['changed']} of {len(result['fields'])} numbers differ (≠ changed, < only in a, > only in b)")
    for row in result["fields"]:
        if row["status"] not in ("same", "blank"):
            change = f"  ({row['change']:+g})" if row["change"] is not None else ""
            print(f"{STATUS_MARKS[row['status']]} {row['key']}  {format_number(row['a'])} → {format_number(row['b'])}{change}")
    if result["not_carried_over"]:
        print(f"\nnot carried over ({result['not_carried_reason']}): {', '.join(result['not_carried_over'])}")
    counts = result["sentences"]
    print(f"\nnarrative: {counts['stayed']} sentences stayed, {counts['changed']} changed, "
          f"{counts['added']} added, {counts['removed']} removed (= ~ + -)")
    for section, parts in result["narrative"].items():
        print(f"\n{SECTION_LABELS[section]}")
        for part in parts:
            text = part["b"] if part["b"] is not None else part["a"]
            print(f"{SENTENCE_MARKS[part['status']]} {text}")
    return 0


def run_cohort(args: argparse.Namespace) -> int:
    import csv

    from search.archive import data_dir
    from search.index import DictionaryChanged
    from search.query.parse import QueryError

    from . import cohort
    from .indicators import BY_NAME

    indicator = BY_NAME.get(args.indicator)
    if indicator is None:
        print(f"nianbao: unknown indicator {args.indicator!r} (known: {', '.join(BY_NAME)})", file=sys.stderr)
        return 2
    try:
        found = cohort.members(data_dir(args.data), indicator, year=args.year, level=args.level, kind=args.kind,
                               region=args.region)
    except (QueryError, FileNotFoundError, DictionaryChanged) as exc:
        print(f"nianbao: {exc}", file=sys.stderr)
        return 2
    result = cohort.rank(found, indicator, args.min_cases)
    if args.json:
        _print_json(result)
    elif args.csv:
        csv.writer(sys.stdout).writerows(cohort.csv_rows(result))
    else:
        print("\n".join(cohort.render(result)))
    return 0
