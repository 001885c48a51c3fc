"""`nianbao bodies | body`: the bodies behind the archived reports, and one body across its years.

The runners; their arguments are declared with every other command's in web/cli.py.
"""
import argparse
import json
import sys

from ingest.schema import field_label


def _print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _region(region: dict) -> str:
    return "".join(v for k, v in region.items() if v and not (k == "city" and v == region.get("province"))) or "region unknown"


def run_bodies(args: argparse.Namespace) -> int:
    from search.archive import data_dir

    from .bodies import LEVELS
    from .history import list_bodies

    if args.level is not None and args.level not in LEVELS:
        print(f"nianbao: unknown level {args.level!r} (known: {', '.join(LEVELS)})", file=sys.stderr)
        return 2
    found = list_bodies(data_dir(args.data), region=args.region, level=args.level, kind=args.kind)
    if args.json:
        _print_json(found)
        return 0
    print(f"{len(found)} bodies")
    for body in found:
        years = ", ".join(map(str, body["years"])) or "year unknown"
        print(f"{body['id']}  {body['name']}  [{_region(body['region'])}; {body['level'] or 'level unknown'}; "
              f"{body['kind'] or 'kind unknown'}]  {years}")
        others = [n for n in body["names"] if n != body["name"]]
        if others:
            print(f"  also written: {', '.join(others)}")
    return 0


def _number(value) -> str:
    return "—" if value is None else f"{value:g}"


def run_body(args: argparse.Namespace) -> int:
    from search.archive import data_dir

    from . import registry
    from .history import body_history

    root = data_dir(args.data)
    found = registry.find(root, args.body)
    if not found:
        print(f"nianbao: no body is known as {args.body!r} in {root} (see `nianbao bodies`)", file=sys.stderr)
        return 2
    if len(found) > 1:
        listed = "; ".join(f"{b['id']} {b['name']} ({_region(b['region'])})" for b in found)
        print(f"nianbao: {args.body!r} names {len(found)} bodies: {listed}; give the id", file=sys.stderr)
        return 2
    history = body_history(root, found[0]["id"])
    if args.json:
        _print_json(history)
        return 0
    body = history["body"]
    print(f"{body['name']}  {body['id']}\n  {_region(body['region'])}; {body['level'] or 'level unknown'}; "
          f"{body['kind'] or 'kind unknown'}\n  written as: {', '.join(body['names'])}")
    for year in history["years"]:
        for report in year["reports"]:
            t = report["timeliness"]
            when = f"{t['status']}" + (f" by {t['late_days']} days" if t["status"] == "late" else "")
            print(f"\n{year['year']}  {report['title']}  {report['id'][:12]}  [{report['template'] or 'no template'}; {when}]")
            for finding in report["findings"]:
                flag = " (warning)" if finding.get("warning") else ""
                print(f"  finding {finding['rule']}: expected {_number(finding['expected'])}, found {_number(finding['found'])}{flag}")
            for skipped in report["not_compared"]:
                print(f"  not compared {skipped['rule']}: {skipped['why']}")
            if report["not_carried_over"]:
                print(f"  not carried over from the year before (other layout): {len(report['not_carried_over'])} keys")
            for key, value in report["fields"].items():
                change = report["change"].get(key)
                delta = "" if change is None else f"  ({'+' if change >= 0 else ''}{change:g})"
                print(f"  {key}  {field_label(key)}  {_number(value)}{delta}")
    return 0
