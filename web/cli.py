"""The `nianbao` command: one parser, each package adds its own subcommands.

A subcommand module exposes `register(subparsers)`, which adds parsers whose `func(args)`
returns the exit code. Heavy imports happen inside those functions, so `nianbao extract`
does not pay for Whoosh or Flask.
"""
import argparse
import sys

COMMAND_MODULES = ("ingest.cli", "search.cli", "web.serve_cli")


def build_parser():
    import importlib

    parser = argparse.ArgumentParser(
        prog="nianbao",
        description="Ingest, archive and search 政府信息公开工作年度报告 (government information-disclosure annual reports).",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a package whose commands are not built yet
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
