#!/usr/bin/env bash
# Set everything up (scripts/setup.sh: apt and pip), then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .  # lint first ([tool.ruff] in pyproject.toml): a finding stops the run before the tests
.venv/bin/python -m pytest -q "$@"
