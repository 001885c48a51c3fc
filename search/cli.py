"""`nianbao ingest | reindex | optimize | search | verify | stats`: the archive and its search index from the command line.

The runners of these commands; their arguments are declared with every other command's in web/cli.py.
"""
import argparse
import json
import sys


def _print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def run_ingest(args: argparse.Namespace) -> int:
    from ingest.limits import from_args

    if args.queue or args.status:
        return _run_queued(args)
    if not args.paths:
        print("nianbao: ingest needs a PATH (or --status --queue URL)", file=sys.stderr)
        return 2

    from .archive import data_dir
    from .manifest import Manifest
    from .store import ingest

    try:
        limits = from_args(args)
        manifest = Manifest(args.manifest) if args.manifest else None
    except ValueError as exc:  # a ManifestError is one
        print(f"nianbao: {exc}", file=sys.stderr)
        return 2
    for warning in manifest.warnings if manifest else ():
        print(f"nianbao: warning: {warning}", file=sys.stderr)
    counts = ingest(args.paths, data_dir(args.data), workers=args.workers, limits=limits, manifest=manifest)
    return 1 if counts["failed"] else 0


def _run_queued(args: argparse.Namespace) -> int:
    """`ingest PATH… --queue URL`: the files put on the queue; `ingest --status --queue URL`: its progress."""
    from . import queue

    if not args.queue:
        print("nianbao: --status needs --queue URL", file=sys.stderr)
        return 2
    if args.status:
        counts = queue.status(args.queue)
        progress = ("queued", "waiting", "being read", "stopped", "redelivered", "done")
        outcomes = ", ".join(f"{n} {status}" for status, n in counts.items() if status not in progress)
        print(f"queued {counts['queued']}, done {counts['done']}" + (f" ({outcomes})" if outcomes else "")
              + f", waiting {counts['waiting']}, being read {counts['being read']}"
              + (f", held by a stopped worker {counts['stopped']} (back in the queue once the visibility timeout has "
                 "passed and a worker runs)" if counts["stopped"] else "")
              + (f", redelivered {counts['redelivered']}" if counts["redelivered"] else ""))
        return 0
    if args.manifest:
        print("nianbao: --manifest is not taken with --queue yet; ingest those files without it", file=sys.stderr)
        return 2
    queued, unreadable = queue.enqueue(args.paths, args.queue)
    print(f"nianbao: {queued} files queued on {args.queue}; {unreadable} unreadable", file=sys.stderr)
    return 1 if unreadable else 0


def run_migrate(args: argparse.Namespace) -> int:
    from .archive import data_dir
    from .backends import display
    from .migrate import migrate

    try:
        counts = migrate(data_dir(args.data), args.to)
    except ValueError as exc:
        print(f"nianbao: {exc}", file=sys.stderr)
        return 2
    print(f"nianbao: {counts['copied']} reports copied to {display(args.to)}, {counts['present']} there already, "
          f"{counts['log_lines']} log lines added", file=sys.stderr)
    return 0


def run_worker(args: argparse.Namespace) -> int:
    from . import queue
    from .archive import data_dir

    queue.work(data_dir(args.data), args.queue)
    return 0


def run_reindex(args: argparse.Namespace) -> int:
    from .archive import data_dir, locked
    from .index import rebuild

    from .backends import display

    root = data_dir(args.data)
    with locked(root):
        count = rebuild(root)
    print(f"nianbao: indexed {count} reports in {display(root)}", file=sys.stderr)
    return 0


def run_optimize(args: argparse.Namespace) -> int:
    from . import backends
    from .archive import data_dir
    from .merge import OPTIMIZE_SEGMENT_DOCS, optimize

    root = data_dir(args.data)
    if backends.is_database(root):  # no Whoosh segments: PostgreSQL's autovacuum keeps its indexes
        print("nianbao: optimize: nothing to merge in a PostgreSQL archive (autovacuum keeps its indexes)", file=sys.stderr)
        return 0
    try:
        groups, left = optimize(root)
    except FileNotFoundError as exc:
        print(f"nianbao: {exc}", file=sys.stderr)
        return 2
    print(f"nianbao: optimize: {groups} merges; {left} segments of up to {OPTIMIZE_SEGMENT_DOCS:,} reports", file=sys.stderr)
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from .archive import data_dir
    from .verify import render, verify

    report = verify(data_dir(args.data), repair=args.repair)
    print("\n".join(render(report)))
    return 1 if report["remaining"] else 0


def run_search(args: argparse.Namespace) -> int:
    from whoosh.index import IndexError as DamagedIndex

    from .archive import data_dir
    from .query.find import search
    from .index import DictionaryChanged
    from .query.parse import QueryError

    try:
        result = search(data_dir(args.data), args.query, where=args.where, year=args.year, template=args.template,
                        org=args.org, tables_read=args.tables_read, sort=args.sort, limit=args.limit,
                        region=args.region, level=args.level, kind=args.kind, body=args.body, timeliness=args.timeliness)
    except (QueryError, FileNotFoundError, DictionaryChanged) as exc:
        print(f"nianbao: {exc}", file=sys.stderr)
        return 2
    except DamagedIndex as exc:
        print(f"nianbao: the search index cannot be opened ({exc}); run `nianbao verify --repair`", file=sys.stderr)
        return 2
    if args.json:
        _print_json(result)
        return 0
    print(f"{result['total']} reports")
    if result.get("hint"):
        print(f"hint: {result['hint']}")
    for hit in result["hits"]:
        score = f"  score {hit['score']:.2f}" if hit["score"] else ""
        unread = "" if hit["tables_read"] else "  (tables not read)"
        dates = "".join(f", {key} {hit[key]}" for key in ("published", "dated") if hit[key])
        print(f"\n{hit['title']}  [{hit['year']}, {hit['template'] or 'no template'}{dates}]  {hit['id'][:12]}{score}{unread}")
        for snippet in hit["snippets"]:
            print(f"  {snippet['section']}: {snippet['text']}")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from .archive import data_dir
    from .stats import collect, render

    stats = collect(data_dir(args.data))
    if args.json:
        _print_json(stats)
    else:
        print("\n".join(render(stats)))
    return 0
