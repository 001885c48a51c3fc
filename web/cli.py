"""The `nianbao` command: every subcommand is registered here, from one table (COMMANDS).

A row names the command, its help, the function that adds its arguments, and the function
that runs it (`run(args)` returns the exit code). The runners live beside what they run:
`extract` in ingest/cli.py; `ingest`, `reindex`, `optimize`, `search`, `verify`, `stats` in
search/cli.py; `bodies`, `body` in compare/cli.py; `serve` in web/serve.py. Those modules are imported by name, so one that
fails to import stops the command with its error instead of losing its subcommands. Heavy
imports happen inside the runners, so `nianbao extract` does not pay for Whoosh or Flask.
"""
import argparse
import sys
from collections.abc import Callable, Sequence

from compare import cli as compare_cli
from compare import cli_compare
from compare.bodies import LEVELS
from compare.overrides import OverrideError
from compare.timeliness import STATUSES, RulesError
from ingest import cli as ingest_cli
from ingest.limits import add_arguments as add_limit_arguments
from search import cli as search_cli
from search.backends import BackendError
from search.dictionary import DictionaryError

from . import serve


def _data(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR|URL",
                   help="data folder, or postgresql://user@host/db?files=/shared/folder (default: $NIANBAO_DATA, "
                        "else corpus/ in the project)")


def _extract(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="a PDF or text report")
    add_limit_arguments(p)


def _ingest(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--queue", metavar="URL", help="put the files on this Celery queue (redis://host) for `nianbao worker`s "
                                                "instead of reading them here")
    p.add_argument("--status", action="store_true", help="with --queue: how far the queued files have come")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="extraction processes (default 1)")
    p.add_argument("--manifest", metavar="FILE",
                   help="a crawl manifest (CSV with a header, or JSON lines: file, published, url) that fills "
                        "published and url for files that do not state them")
    add_limit_arguments(p)
    _data(p)


def _search(p: argparse.ArgumentParser) -> None:
    p.description = ("Space means AND; OR (binds tighter than space); \"a phrase\"; -term excludes; "
                     "problems:term searches one section (title org preamble overview problems other); "
                     "an empty QUERY lists every report that passes the filters.")
    p.add_argument("query", nargs="?", default="", metavar="QUERY")
    p.add_argument("--where", action="append", default=[], metavar="'KEY OP VALUE'",
                   help="filter on a SCHEMA field key, year, a 表三 group sum (t3.denied.total …), or a date "
                        "(published>=2021-01-01, dated<2022-03-31); OP is = != < <= > >=; repeat to AND")
    p.add_argument("--year", type=int)
    p.add_argument("--template", metavar="T")
    p.add_argument("--org", metavar="TEXT", help="reports whose org holds TEXT")
    _body_filters(p)
    p.add_argument("--body", metavar="ID_OR_NAME", help="reports of one body (its id, or a name it is known by)")
    p.add_argument("--timeliness", choices=STATUSES, help="published on time, late, or unknown (see also --where 'late_days>30')")
    p.add_argument("--tables-read", choices=("yes", "no"),
                   help="only reports whose tables were read (yes) or could not be read (no: pre-2019 layouts, no table found)")
    p.add_argument("--sort", metavar="[-]KEY", help="order by year or a field key instead of relevance; --sort=-KEY for descending")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits to show (0: all; default 20)")
    p.add_argument("--json", action="store_true", help="print {total, hits} as JSON")
    _data(p)


def _body_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--region", metavar="TEXT", help="a province, city, county or town, by its full name (江苏省, 淮安市, 洪泽区)")
    p.add_argument("--level", metavar="L", help=f"the body's level: {', '.join(LEVELS)}")
    p.add_argument("--kind", metavar="K", help="政府 for a government's own report, else a department's function (自然资源, 公安 …)")


def _bodies(p: argparse.ArgumentParser) -> None:
    _body_filters(p)
    p.add_argument("--json", action="store_true")
    _data(p)


def _body(p: argparse.ArgumentParser) -> None:
    p.add_argument("body", metavar="ID_OR_NAME", help="a body's id, or a name it is known by")
    p.add_argument("--json", action="store_true")
    _data(p)


def _verify(p: argparse.ArgumentParser) -> None:
    p.add_argument("--repair", action="store_true",
                   help="re-extract missing records, index what is missing, drop stale index entries, "
                        "quarantine what cannot be trusted, delete stray temp files")
    _data(p)


def _stats(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")
    _data(p)


def _migrate(p: argparse.ArgumentParser) -> None:
    _data(p)
    p.add_argument("--to", required=True, metavar="DIR|URL", help="the archive to copy into: a data folder or a postgresql:// URL")


def _worker(p: argparse.ArgumentParser) -> None:
    _data(p)
    p.add_argument("--queue", metavar="URL", required=True, help="the Celery queue to read files from (redis://host)")


def _serve(p: argparse.ArgumentParser) -> None:
    _data(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=serve.DEFAULT_PORT, help=f"port to listen on (default: {serve.DEFAULT_PORT})")
    p.add_argument("--max-upload-mb", type=float, default=None, metavar="MB",
                   help="largest file /upload accepts (default: 20)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes, each with its own searcher (default 1; one per core serves the most searches)")
    p.add_argument("--upload-token", metavar="TOKEN", default=None,
                   help=f"the credential an upload must carry (form field, or Authorization: Bearer for /api/upload); "
                        f"default ${serve.TOKEN_ENV}. Required to serve beyond loopback unless --read-only")
    p.add_argument("--read-only", action="store_true", help="no uploads: the upload page and API are refused and hidden")


def _compare(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="REPORT_ID", help="the first report's id (or a prefix naming one report), usually the earlier")
    p.add_argument("b", metavar="REPORT_ID", help="the second report's id")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    _data(p)


def _cohort(p: argparse.ArgumentParser) -> None:
    from compare.cohort import DEFAULT_MIN_CASES
    from compare.indicators import BY_NAME

    p.add_argument("--indicator", required=True, metavar="NAME", help=f"the indicator to rank on: {', '.join(BY_NAME)} "
                   "(docs/indicators.md gives each formula)")
    p.add_argument("--level", metavar="L", help="bodies of this level (乡镇/街道, 县级, 地市级, 省级, 国务院部门)")
    p.add_argument("--kind", metavar="K", help="bodies of this function (自然资源, 公安, 政府 …)")
    p.add_argument("--region", metavar="TEXT", help="bodies whose province, city, county or town holds TEXT")
    p.add_argument("--year", type=int, help="reports of this year (default: each body's latest)")
    p.add_argument("--min-cases", type=float, default=DEFAULT_MIN_CASES, metavar="N",
                   help=f"leave out bodies whose indicator rests on fewer cases (default {DEFAULT_MIN_CASES})")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the cohort as JSON")
    out.add_argument("--csv", action="store_true", help="print the cohort as CSV, ranked bodies then those left out")
    _data(p)


# (command, help, arguments, runner), in the order of a report's path: read, archive, index, search, check, serve.
COMMANDS: tuple[tuple[str, str, Callable, Callable], ...] = (
    ("extract", "print the record of a report file as JSON", _extract, ingest_cli.run_extract),
    ("ingest", "archive and index report files (files or folders, recursive)", _ingest, search_cli.run_ingest),
    ("reindex", "rebuild the search index from the archive alone", _data, search_cli.run_reindex),
    ("optimize", "merge the search index's segments, a group at a time (after a reindex or many ingests)", _data,
     search_cli.run_optimize),
    ("search", "search the archived reports", _search, search_cli.run_search),
    ("bodies", "the bodies that issued the archived reports: id, names, region, level, kind, years", _bodies,
     compare_cli.run_bodies),
    ("body", "one body's reports by year: every field, its change, timeliness, cross-year findings", _body,
     compare_cli.run_body),
    ("verify", "check that archive and index agree; --repair fixes what it can", _verify, search_cli.run_verify),
    ("stats", "reports by year and template, failing checks, each field's range", _stats, search_cli.run_stats),
    ("compare", "two reports side by side: numbers that differ, sentences that stayed, changed, were added",
     _compare, cli_compare.run_compare),
    ("cohort", "rank a cohort of bodies on an indicator, outliers marked", _cohort, cli_compare.run_cohort),
    ("migrate", "copy an archive between a data folder and PostgreSQL (originals byte-identical)", _migrate,
     search_cli.run_migrate),
    ("worker", "store the files queued by `ingest --queue`, one at a time, until stopped", _worker, search_cli.run_worker),
    ("serve", "serve the search web interface", _serve, serve.run_serve),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nianbao",
        description="Ingest, archive and search 政府信息公开工作年度报告 (government information-disclosure annual reports).",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text, add_arguments, run in COMMANDS:
        command = subparsers.add_parser(name, help=help_text)
        add_arguments(command)
        command.set_defaults(func=run)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Run one command and exit with its code; an unreadable user dictionary is one line naming the file, exit 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
    except (DictionaryError, OverrideError, RulesError, BackendError) as exc:
        print(f"nianbao: {exc}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        print("nianbao: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = 0
    sys.exit(code or 0)
