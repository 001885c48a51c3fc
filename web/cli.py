"""The `nianbao` command: one parser; each package's cli module adds its own subcommands.

A command module exposes `register(subparsers)`, which adds parsers whose `func(args)`
returns the exit code. Every module is imported here by name, so one that fails to import
stops the command with its error instead of losing its subcommands. Heavy imports happen
inside the `func`s, so `nianbao extract` does not pay for Whoosh or Flask.
"""
import argparse
import sys

from ingest import cli as ingest_cli
from search import cli as search_cli

from . import serve_cli

COMMAND_MODULES = (ingest_cli, search_cli, serve_cli)  # extract; ingest reindex search verify stats; serve


def build_parser():
    parser = argparse.ArgumentParser(
        prog="nianbao",
        description="Ingest, archive and search 政府信息公开工作年度报告 (government information-disclosure annual reports).",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
    except KeyboardInterrupt:
        print("nianbao: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = 0
    sys.exit(code or 0)
