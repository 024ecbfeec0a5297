#!/usr/bin/env bash
# Installs what Casebook builds, runs and is tested with (as root, or through
# sudo): Debian 12 packages, and the npm packages of the console's browser
# tests (tests/web, pinned by its package-lock.json). Does nothing when all
# are present already.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config ninja-build git ccache
  librocksdb-dev libxapian-dev libcpp-httplib-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libicu-dev
  libxml2-dev libzip-dev libssl-dev libsqlite3-dev wrk
  clang clang-format curl
  chromium fonts-noto-cjk
)
# Node.js for the console tests: Debian's, unless a node is installed already
# (a newer one from elsewhere must not be replaced).
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -f tests/web/node_modules/playwright-core/package.json ]; then
  echo "install-deps: npm ci in tests/web (playwright-core, for the console tests)"
  npm ci --prefix tests/web --no-audit --no-fund --loglevel=error
fi
