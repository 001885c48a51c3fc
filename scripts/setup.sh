#!/usr/bin/env bash
# Everything nianbao and its tests need on a fresh Debian machine: the system packages (apt,
# skipped when already installed), then .venv with nianbao and its test tools. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
# The CJK font the test PDFs are typeset in, pdftotext for the text-dump tests, Chromium (and its
# driver) for the browser tests and printed pages, LibreOffice for .doc/.rtf and converted PDFs,
# Tesseract's Simplified Chinese data for scanned reports (tesserocr reads it from /usr/share/tesseract-ocr).
APT_PACKAGES="fonts-wqy-microhei poppler-utils chromium chromium-driver libreoffice-writer-nogui tesseract-ocr tesseract-ocr-chi-sim"
missing=""
for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,bench]'
