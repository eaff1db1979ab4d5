#!/usr/bin/env bash
# scripts_postgres_temp: the throw-away PostgreSQL helper works wherever a newcomer clones, as root
# too (CI, a root shell): started from a working directory only the caller may enter, and with
# its data directory under a 0700 parent, which the server's user ("nobody") cannot traverse.
# Each case brings up a server, queries it, stops and restarts it, and removes it.
set -euo pipefail
script="$(cd "$(dirname "$0")/../.." && pwd)/scripts/postgres-temp.sh"
fail() { echo "scripts_postgres_temp: $*" >&2; exit 1; }

private="$(mktemp -d)"  # mode 0700, like /root or any mktemp -d folder
trap 'rm -rf "$private"' EXIT
chmod 700 "$private"
mkdir -p "$private/cwd"
cd "$private/cwd"  # the caller's working directory: closed to everyone else

query() {
  local url="$1" host port
  host="$(sed -E 's/.*[?&]host=([^&]*).*/\1/' <<<"$url")"
  port="$(sed -E 's/.*[?&]port=([^&]*).*/\1/' <<<"$url")"
  psql -h "$host" -p "$port" -U postgres -d utbyte -Atqc "SELECT 40 + 2"
}

check_case() {
  local name="$1" dir="$2" url home
  url="$("$script" start "$dir")" || fail "$name: start failed"
  [[ "$url" == postgresql://* ]] || fail "$name: start printed '$url'"
  [[ "$(query "$url")" == 42 ]] || fail "$name: the server does not answer at $url"
  [[ "$("$script" url "$dir")" == "$url" ]] || fail "$name: url differs from start's"
  "$script" stop "$dir" || fail "$name: stop failed"
  # A second start finds the same data (and, when it lives outside DIR, the same place).
  [[ "$("$script" start "$dir")" == "$url" ]] || fail "$name: restart gave another URL"
  [[ "$(query "$url")" == 42 ]] || fail "$name: no answer after restart"
  home="$(sed -E 's/.*[?&]host=([^&]*).*/\1/' <<<"$url")"
  "$script" remove "$dir" || fail "$name: remove failed"
  [[ ! -e "$dir" && ! -e "$home" ]] || fail "$name: remove left $dir or $home behind"
  echo "scripts_postgres_temp: $name: ok ($home)"
}

# 1. Data directory in the open (as the store tests use), caller's directory closed.
open_dir="$(mktemp -d)"
rmdir "$open_dir"
check_case "working directory 0700" "$open_dir"
# 2. Data directory under the 0700 parent, as `make cluster` puts var/cluster/pg in a clone.
check_case "data directory under a 0700 parent" "$private/clone/var/pg"
