#!/usr/bin/env bash
# Builds the importer's libFuzzer targets (JSONL, CSV, TXT header) with clang++
# and AddressSanitizer in their own build directory, then runs each for a
# bounded time, starting from the saved regression inputs.
#
#   bench/fuzz.sh [SECONDS_PER_TARGET]     (default 60)
#
# A crash leaves its input in $BUILD/fuzz-artifacts/; after fixing the bug,
# copy the input to tests/importer/fuzz_regressions/<target>/ so that
# casebook_tests replays it (FuzzRegressionTest).
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
flags="-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCASEBOOK_FUZZ=ON -DCASEBOOK_TESTS=OFF >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log"; exit 2; }
ninja -C "$build" -j2 fuzz_jsonl fuzz_csv fuzz_txt_header
mkdir -p "$build/fuzz-artifacts"
status=0
for target in jsonl csv txt_header; do
  corpus="$build/fuzz-corpus/$target"
  seeds="$root/tests/importer/fuzz_regressions/$target"
  mkdir -p "$corpus"
  echo "== fuzz_$target for ${seconds}s"
  if ! "$build/bench/fuzz_$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/fuzz-artifacts/$target-" "$corpus" "$seeds" \
      2>"$build/fuzz-$target.log"; then
    echo "fuzz_$target FOUND A CRASH: see $build/fuzz-$target.log and $build/fuzz-artifacts/"
    tail -40 "$build/fuzz-$target.log"
    status=1
  else
    grep -E "stat::number_of_executed_runs|cov:" "$build/fuzz-$target.log" | tail -2
  fi
done
exit $status
