"""The `nianbao` command registers every subcommand, and a command module that fails to import stops it loudly."""
import subprocess
import sys

from tests.conftest import ROOT
from web.cli import build_parser

COMMANDS = {"extract", "ingest", "reindex", "optimize", "search", "bodies", "body", "verify", "stats", "compare", "cohort",
            "migrate", "worker", "serve"}


def test_every_command_is_registered():
    parser = build_parser()
    (subparsers,) = [a for a in parser._actions if a.dest == "command"]
    assert set(subparsers.choices) == COMMANDS


def test_a_command_module_that_cannot_be_imported_is_an_error_not_a_missing_command():
    code = "import sys; sys.modules['search.cli'] = None; from web.cli import main; main(['extract', '--help'])"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode != 0 and "search.cli" in run.stderr.splitlines()[-1]
