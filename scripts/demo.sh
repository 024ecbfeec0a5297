#!/usr/bin/env bash
# Builds Casebook and runs it on generated demo data, from a fresh Debian 12
# machine: installs the packages, builds, writes demo cases, imports them into
# ./demo-data (store + search index), shows a sample search, the review queue
# and a year's statistics, then starts the
# server on 127.0.0.1 (URL printed; Ctrl-C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh build --target casebook -DCMAKE_BUILD_TYPE=RelWithDebInfo

CASEBOOK=./build/api/casebook
DATA=${CASEBOOK_DEMO_DATA:-./demo-data}
PORT=${CASEBOOK_DEMO_PORT:-8080}
rm -rf "$DATA"
mkdir -p "$DATA"
$CASEBOOK demo --count 600 --out "$DATA/demo-cases.jsonl"
$CASEBOOK import --data "$DATA" "$DATA/demo-cases.jsonl"
echo "== casebook search --data $DATA --limit 3 垃圾分类"
$CASEBOOK search --data "$DATA" --limit 3 垃圾分类
echo "== casebook queue --data $DATA --section commitments --limit 5   (the review queue: countdowns, overdue first)"
$CASEBOOK queue --data "$DATA" --section commitments --limit 5
echo "== casebook stats --data $DATA --year 2024"
$CASEBOOK stats --data "$DATA" --year 2024
if $CASEBOOK help | grep -q "^  casebook serve"; then
  echo "== Casebook is serving the demo data at http://127.0.0.1:$PORT/"
  exec $CASEBOOK serve --data "$DATA" --listen "127.0.0.1:$PORT"
else
  echo "The HTTP server is not built yet: this demo stops after the import and a sample search."
fi
