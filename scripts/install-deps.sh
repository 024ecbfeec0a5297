#!/usr/bin/env bash
# Installs the Debian 12 packages Casebook builds and runs with (as root, or
# through sudo). Does nothing when they are all present already.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ninja-build git
  librocksdb-dev libxapian-dev libcpp-httplib-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libicu-dev
  libxml2-dev libzip-dev libssl-dev libsqlite3-dev wrk
  clang curl ccache
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
