"""Long work is never silent: ingest, reindex, verify and stats show progress on stderr, a bar
on a terminal and plain lines when stderr is a pipe (real processes, real pipes and a real pty)."""
import fcntl
import os
import pty
import re
import struct
import subprocess
import termios

import pytest

from tests.conftest import NIANBAO, ROOT, nianbao
from tests.gen.corpus import write_reports

REPORTS = 8
EVERY_ITEM = {"NIANBAO_PROGRESS_S": "0"}  # a plain line per item, so a short run shows every one


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("progress")
    write_reports(folder / "in", REPORTS)
    run = nianbao("ingest", folder / "in", "--data", folder / "data", env=EVERY_ITEM)
    assert run.returncode == 0, run.stderr
    return folder


def progress_lines(stderr, what, unit):
    """The counts of the plain progress lines of `what`, in order."""
    pattern = re.compile(rf"^nianbao: {re.escape(what)}: (\d+)/{REPORTS} {unit} \((\d+)%\), \d+ s$")
    found = [pattern.match(line) for line in stderr.splitlines()]
    return [(int(m[1]), int(m[2])) for m in found if m]


def every_step():
    return [(n, round(100 * n / REPORTS)) for n in range(1, REPORTS + 1)]


def test_ingest_into_a_pipe_prints_plain_lines(tmp_path):
    write_reports(tmp_path / "in", REPORTS)
    run = nianbao("ingest", tmp_path / "in", "--data", tmp_path / "data", env=EVERY_ITEM)
    assert run.returncode == 0 and "\r" not in run.stderr
    assert progress_lines(run.stderr, "ingest", "files") == every_step()


@pytest.mark.parametrize("command, what", [("reindex", "reindex"), ("verify", "verify: hashing originals"),
                                           ("verify", "verify: reading records"), ("stats", "stats")])
def test_reindex_verify_and_stats_into_a_pipe_print_plain_lines(data, command, what):
    run = nianbao(command, "--data", data / "data", env=EVERY_ITEM)
    assert run.returncode == 0 and "\r" not in run.stderr
    assert progress_lines(run.stderr, what, "reports") == every_step()


def test_a_short_run_into_a_pipe_stays_quiet_between_the_periodic_lines(data):
    run = nianbao("reindex", "--data", data / "data")  # the default period is far longer than this run
    assert run.returncode == 0 and run.stderr == f"nianbao: indexed {REPORTS} reports in {data / 'data'}\n"


def test_on_a_terminal_reindex_draws_a_bar(data):
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(NIANBAO + ["reindex", "--data", str(data / "data")], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    text = seen.decode("utf-8", "replace")
    assert re.search(rf"\rnianbao: reindex: +0%\|.*\| 0/{REPORTS} ", text), text
    assert f"nianbao: indexed {REPORTS} reports" in text and "reindex: 1/" not in text  # a bar, not plain lines
