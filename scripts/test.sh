#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs the packages,
# checks the C++ formatting, builds, runs every test (the console's in headless
# Chromium too), then builds and runs the tests again under AddressSanitizer +
# UndefinedBehaviorSanitizer. Exits non-zero on any failure. Builds go through
# ccache (scripts/build.sh), so a second run recompiles only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
phase() { echo "== $1 ($(( $(date +%s) - start )) s)"; }

bash scripts/install-deps.sh

phase "format"
bash scripts/format.sh --check

phase "build (RelWithDebInfo)"
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
phase "tests"
ctest --test-dir build --output-on-failure -j2

phase "build (ASan + UBSan)"
bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DCASEBOOK_SANITIZE=ON \
  -DCASEBOOK_BENCH=OFF
phase "tests under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j2
phase "done"
