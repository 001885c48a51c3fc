"""`nianbao ingest | reindex | search | stats | verify`: the archive and its search index from the command line."""
import functools
import json
import sys

from ingest.limits import add_arguments


def _data_arg(parser):
    parser.add_argument("--data", metavar="DIR", help="data folder (default: $NIANBAO_DATA or corpus/ in the project)")


def _dictionary_errors_reported(run):
    """A command whose unreadable user dictionary is one line naming the file, exit 2, not a traceback."""
    @functools.wraps(run)
    def wrapped(args):
        from .dictionary import DictionaryError

        try:
            return run(args)
        except DictionaryError as exc:
            print(f"nianbao: {exc}", file=sys.stderr)
            return 2
    return wrapped


def register(subparsers):
    p = subparsers.add_parser("ingest", help="archive and index report files (files or folders, recursive)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="extraction processes (default 1)")
    p.add_argument("--manifest", metavar="FILE",
                   help="a crawl manifest (CSV with a header, or JSON lines: file, published, url) that fills "
                        "published and url for files that do not state them")
    add_arguments(p)
    _data_arg(p)
    p.set_defaults(func=_dictionary_errors_reported(run_ingest))

    p = subparsers.add_parser("reindex", help="rebuild the search index from the archive alone")
    _data_arg(p)
    p.set_defaults(func=_dictionary_errors_reported(run_reindex))

    p = subparsers.add_parser(
        "search", help="search the archived reports",
        description="Space means AND; OR (binds tighter than space); \"a phrase\"; -term excludes; "
                    "problems:term searches one section (title org preamble overview problems other); "
                    "an empty QUERY lists every report that passes the filters.")
    p.add_argument("query", nargs="?", default="", metavar="QUERY")
    p.add_argument("--where", action="append", default=[], metavar="'KEY OP VALUE'",
                   help="filter on a SCHEMA field key, year, a 表三 group sum (t3.denied.total …), or a date "
                        "(published>=2021-01-01, dated<2022-03-31); OP is = != < <= > >=; repeat to AND")
    p.add_argument("--year", type=int)
    p.add_argument("--template", metavar="T")
    p.add_argument("--org", metavar="TEXT", help="reports whose org holds TEXT")
    p.add_argument("--tables-read", choices=("yes", "no"),
                   help="only reports whose tables were read (yes) or could not be read (no: pre-2019 layouts, no table found)")
    p.add_argument("--sort", metavar="[-]KEY", help="order by year or a field key instead of relevance; --sort=-KEY for descending")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits to show (0: all; default 20)")
    p.add_argument("--json", action="store_true", help="print {total, hits} as JSON")
    _data_arg(p)
    p.set_defaults(func=_dictionary_errors_reported(run_search))

    p = subparsers.add_parser("verify", help="check that archive and index agree; --repair fixes what it can")
    p.add_argument("--repair", action="store_true",
                   help="re-extract missing records, index what is missing, drop stale index entries, "
                        "quarantine what cannot be trusted, delete stray temp files")
    _data_arg(p)
    p.set_defaults(func=_dictionary_errors_reported(run_verify))

    p = subparsers.add_parser("stats", help="reports by year and template, failing checks, each field's range")
    p.add_argument("--json", action="store_true")
    _data_arg(p)
    p.set_defaults(func=run_stats)


def run_ingest(args):
    from ingest.limits import from_args

    from .archive import data_dir
    from .store import ingest

    from .manifest import Manifest

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


def run_reindex(args):
    from .archive import data_dir, locked
    from .index import rebuild

    root = data_dir(args.data)
    with locked(root):
        count = rebuild(root)
    print(f"nianbao: indexed {count} reports in {root}", file=sys.stderr)
    return 0


def run_verify(args):
    from .archive import data_dir
    from .verify import render, verify

    report = verify(data_dir(args.data), repair=args.repair)
    print("\n".join(render(report)))
    return 1 if report["remaining"] else 0


def run_search(args):
    from whoosh.index import IndexError as DamagedIndex

    from .archive import data_dir
    from .find import search
    from .index import DictionaryChanged
    from .query import QueryError

    try:
        result = search(data_dir(args.data), args.query, where=args.where, year=args.year, template=args.template,
                        org=args.org, tables_read=args.tables_read, sort=args.sort, limit=args.limit)
    except (QueryError, FileNotFoundError, DictionaryChanged) as exc:
        print(f"nianbao: {exc}", file=sys.stderr)
        return 2
    except DamagedIndex as exc:
        print(f"nianbao: the search index cannot be opened ({exc}); run `nianbao verify --repair`", file=sys.stderr)
        return 2
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    print(f"{result['total']} reports")
    for hit in result["hits"]:
        score = f"  score {hit['score']:.2f}" if hit["score"] else ""
        unread = "" if hit["tables_read"] else "  (tables not read)"
        dates = "".join(f", {key} {hit[key]}" for key in ("published", "dated") if hit[key])
        print(f"\n{hit['title']}  [{hit['year']}, {hit['template'] or 'no template'}{dates}]  {hit['id'][:12]}{score}{unread}")
        for snippet in hit["snippets"]:
            print(f"  {snippet['section']}: {snippet['text']}")
    return 0


def run_stats(args):
    from .archive import data_dir
    from .stats import collect, render

    stats = collect(data_dir(args.data))
    if args.json:
        json.dump(stats, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print("\n".join(render(stats)))
    return 0
