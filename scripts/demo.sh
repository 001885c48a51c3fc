#!/usr/bin/env bash
# Set everything up, archive the bundled sample corpus, show a search, and serve the web app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NIANBAO_DATA="${NIANBAO_DATA:-$PWD/corpus}"
nb=.venv/bin/nianbao
echo "== extract one report (the canonical record, abridged)"
$nb extract samples/reports/2020_cells_102.txt | head -n 12
echo "== ingest the sample corpus into $NIANBAO_DATA"
$nb ingest samples/reports
echo "== stats"
$nb stats | head -n 20
echo "== search: 政务公开 培训, procurement total >= 100 万元"
$nb search "政务公开 培训" --where 't2.procurement.amount>=100' --limit 3
echo "== web app on http://127.0.0.1:${PORT:-8000}/ (Ctrl-C stops it)"
exec $nb serve --host 127.0.0.1 --port "${PORT:-8000}"
