#!/usr/bin/env bash
# Installs what building, running and testing zhengtong needs on Debian 12, and nothing
# when it is all there already. Used by `make run` and `make test`; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libssl-dev libargon2-dev libfmt-dev libspdlog-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libqrencode-dev libcairo2-dev libpango1.0-dev libxlsxwriter-dev libzip-dev libpugixml-dev zlib1g-dev
  poppler-utils zbar-tools libreoffice-writer-nogui libreoffice-calc-nogui
  libtomlplusplus-dev
  nodejs chromium fonts-noto-cjk
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Some machines carry nodejs and npm outside dpkg; accept a working binary.
if command -v node >/dev/null 2>&1; then
  tmp=(); for p in "${missing[@]}"; do [ "$p" = nodejs ] || tmp+=("$p"); done; missing=("${tmp[@]}")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >&2
fi
if ! command -v npm >/dev/null 2>&1; then
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq npm >&2
fi
