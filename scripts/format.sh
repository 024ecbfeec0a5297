#!/usr/bin/env bash
# The C++ sources in .clang-format's style (Google base, 100 columns), with
# Debian 12's clang-format (14):
#   scripts/format.sh           format every tracked .cc/.h in place
#   scripts/format.sh --check   list the files that differ; exit 1 if any
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cc' '*.h')
if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "format: ${#bad[@]} of ${#files[@]} files differ from .clang-format (run scripts/format.sh):"
    printf '  %s\n' "${bad[@]}"
    exit 1
  fi
  echo "format: all ${#files[@]} C++ files follow .clang-format"
else
  clang-format -i "${files[@]}"
fi
