"""Shared test helpers: where ../shared is, and what to do when it is not there."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def missing(message):
    """Skip the test with a visible reason where a user's machine lacks something; fail it under CI
    (CI=true), where the lack means a broken setup."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def shared_path(*parts):
    """A path under ../shared (absent in a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        missing(f"{path} is absent (the development corpus lives beside the project, in ../shared)")
    return path


def soffice_or_skip():
    """The LibreOffice command (absent on a user's machine, installed in CI by scripts/test.sh)."""
    from ingest.doc_converter import soffice

    if soffice() is None:
        missing("LibreOffice (soffice) is not installed (apt-get install libreoffice-writer-nogui); .doc is not tested")
    return soffice()
