"""Shared test helpers: where ../shared is, and what to do when it is not there."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts):
    """A path under ../shared; skips the test with a visible reason when ../shared is absent (a user's
    clone), and fails it under CI (CI=true), where its absence means a broken setup."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent (the development corpus lives beside the project, in ../shared)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
