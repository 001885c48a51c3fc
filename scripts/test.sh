#!/usr/bin/env bash
# Everything the tests need on a fresh machine (apt and pip), then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
APT_PACKAGES="fonts-wqy-microhei poppler-utils chromium chromium-driver libreoffice-writer-nogui"
missing=""
for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
bash scripts/setup.sh
.venv/bin/ruff check .  # lint first ([tool.ruff] in pyproject.toml): a finding stops the run before the tests
.venv/bin/python -m pytest -q "$@"
