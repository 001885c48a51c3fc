#!/usr/bin/env bash
# Everything nianbao and its tests need on a fresh Debian machine: the system packages (apt,
# skipped when already installed), then .venv with nianbao and its test tools. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
# The CJK font the test PDFs are typeset in, pdftotext for the text-dump tests, Chromium (and its
# driver) for the browser tests and printed pages, LibreOffice for .doc/.rtf and converted PDFs,
# Tesseract's Simplified Chinese data for scanned reports (tesserocr reads it from /usr/share/tesseract-ocr),
# PostgreSQL and Redis for the shared deployment (--data postgresql://…, ingest --queue redis://…) and its tests,
# wrk for scripts/bench_serve.py's clients.
APT_PACKAGES="fonts-wqy-microhei poppler-utils chromium chromium-driver libreoffice-writer-nogui tesseract-ocr tesseract-ocr-chi-sim postgresql redis-server wrk"
missing=""
for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ -n "$missing" ]; then
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test,bench]'

# Start PostgreSQL (Debian's cluster) and Redis when they are not running, and make the role the tests use
# (tests/pg.py: nianbao/nianbao on 127.0.0.1, allowed to create the databases each test module copies).
as_postgres="runuser -u postgres --"
[ "$(id -u)" -eq 0 ] || as_postgres="sudo -u postgres"
pg_lsclusters --no-header | while read -r version cluster _ status _; do
  [ "$status" = online ] || $sudo pg_ctlcluster "$version" "$cluster" start
done
$as_postgres psql -qc "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nianbao') THEN
  CREATE ROLE nianbao LOGIN CREATEDB PASSWORD 'nianbao'; END IF; END\$\$;" >/dev/null
redis-cli ping >/dev/null 2>&1 || $sudo redis-server --daemonize yes --save '' --appendonly no >/dev/null
