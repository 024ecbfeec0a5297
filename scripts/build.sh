#!/usr/bin/env bash
# Configures and builds one build tree:
#   scripts/build.sh DIR [--target T] [cmake args...]
# Compiles through ccache when it is installed (scripts/install-deps.sh
# installs it): paths are taken relative to the source tree, so a clone in
# another folder (CI's) reuses what an earlier build compiled.
set -euo pipefail
dir="$1"; shift
targets=()
if [ "${1:-}" = "--target" ]; then targets=("$2"); shift 2; fi
src="$(cd "$(dirname "$0")/.." && pwd)"
launcher=()
if command -v ccache >/dev/null 2>&1; then
  export CCACHE_BASEDIR="$src" CCACHE_NOHASHDIR=true
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$src" -B "$dir" -G Ninja "${launcher[@]}" "$@" >/dev/null
ninja -C "$dir" -j"$(nproc)" "${targets[@]}"
