"""Shared test helpers: the `nianbao` command, the corpus the suite writes itself, and what to do
when something outside the repository (../shared, a system tool) is not there."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
NIANBAO = [str(Path(sys.executable).with_name("nianbao"))]  # the installed console script
COMMAND_SECONDS = 120


def nianbao(*args, env=None):
    """Run the installed `nianbao` command as a user does, from the project folder."""
    return subprocess.run(NIANBAO + list(map(str, args)), capture_output=True, text=True, cwd=ROOT,
                          timeout=COMMAND_SECONDS, env={**os.environ, **(env or {})})


def succeeded_json(run):
    """What a `nianbao … --json` run printed, once it has exited 0."""
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def hits_by_org_year(root):
    """{(org, year): hit} of every indexed report of `root`, as `nianbao search --json` shows it."""
    hits = succeeded_json(nianbao("search", "--limit", "0", "--json", "--data", root))["hits"]
    return {(h["org"], h["year"]): h for h in hits}


def ingested_years(base, backend, seed):
    """(archive, generator's truths) of a generated multi-year archive (tests/gen/years.py) ingested in one
    `nianbao ingest` run into a fresh `backend` archive under `base` (files in name order: each body's years in order)."""
    from tests.gen.years import make_archive

    truths = make_archive(base / "files", seed=seed)
    data = backend.fresh(base / "data")
    run = nianbao("ingest", base / "files", "--data", data)
    assert run.returncode == 0, run.stderr
    return data, truths


def stderr_lines(run):
    """The lines a `nianbao` run wrote on stderr, none of them a traceback."""
    assert "Traceback" not in run.stderr, run.stderr
    return run.stderr.strip().splitlines()


def missing(message):
    """Skip the test with a visible reason where a user's machine lacks something; fail it under CI
    (CI=true), where the lack means a broken setup."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_tools(*names):
    """Go on only where every program of `names` (tests/gen/dumps.py: chromium, soffice, pdftotext, tesseract,
    ocrmypdf) is installed; else `missing`, naming the first absent one and its package."""
    from tests.gen.dumps import missing_tool

    absent = missing_tool(*names)
    if absent:
        missing(absent)


def shared_path(*parts):
    """A path under ../shared: the real development corpus, kept beside the project and not in it.
    Only the tests that score against real reports use it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        missing(f"{path} is absent (the real development corpus lives beside the project, in ../shared)")
    return path


def soffice_or_skip():
    """The LibreOffice command (absent on a user's machine, installed by scripts/setup.sh)."""
    from ingest.read.doc_converter import soffice

    if soffice() is None:
        missing("LibreOffice (soffice) is not installed (apt-get install libreoffice-writer-nogui); .doc is not tested")
    return soffice()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The suite's own development corpus (tests/gen/corpus.py): {file path: expected record}."""
    from tests.gen.corpus import write_corpus

    return write_corpus(tmp_path_factory.mktemp("corpus"))


BACKENDS = ("folder", "postgres")  # where an archive lives (search/backends): every parametrised test runs on each


class Backend:
    """Makes empty archives of one kind: a data folder, or a PostgreSQL database (tests/pg.py) whose
    originals live in the folder given."""

    def __init__(self, name):
        self.name = name
        self.made = []  # databases to drop when the module is done

    def fresh(self, folder):
        """A new empty archive keeping its files under `folder`: the folder itself, or a database URL."""
        if self.name == "folder":
            return folder
        from tests import pg

        url = pg.new_database(folder)
        self.made.append(url)
        return url

    def drop_all(self):
        from tests import pg

        for url in self.made:
            pg.drop_database(url)


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request):
    """Each kind of archive in turn, for a whole module (its databases dropped after it)."""
    if request.param == "postgres":
        from tests import pg

        if (why := pg.unavailable()) is not None:
            missing(why)
    made = Backend(request.param)
    yield made
    made.drop_all()
