#!/usr/bin/env bash
# Installs every system and npm dependency utbyte needs on a bare Debian 12 machine.
# Idempotent and quiet when everything is already present.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  build-essential cmake ninja-build pkg-config clang-14 libclang-rt-14-dev
  libboost-dev libssl-dev openssl nlohmann-json3-dev libxml2-dev libxml2-utils libxmlsec1-dev
  libsqlite3-dev sqlite3 libspdlog-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nodejs npm curl nginx-light libnginx-mod-stream chromium postgresql libpq-dev
)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# Node may come from outside Debian (nodesource, nvm); accept any node >= 18 with npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/utbyte-apt.log 2>&1; then
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/utbyte-apt.log 2>&1 \
      || { cat /tmp/utbyte-apt.log; exit 1; }
  fi
fi

# npm tools used by the tests (contract lint, response validation). The lock file pins them.
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error >/tmp/utbyte-npm.log 2>&1 || { cat /tmp/utbyte-npm.log; exit 1; }
fi
