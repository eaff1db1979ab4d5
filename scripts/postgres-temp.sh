#!/usr/bin/env bash
# A throw-away PostgreSQL server in a directory of its own, for tests, benchmarks and the local
# cluster. No system service, no root: when run as root (CI), the server runs as the user
# "nobody", because initdb refuses to run as root.
#
#   scripts/postgres-temp.sh start DIR [PORT]   initdb (first time) and start; prints the URL
#   scripts/postgres-temp.sh stop DIR           stop (fast shutdown); the data stays in DIR
#   scripts/postgres-temp.sh remove DIR         stop and delete the data
#   scripts/postgres-temp.sh url DIR            the URL of the running server
#
# Without PORT the server listens only on a Unix socket in DIR (port number 5432, no TCP), so any
# number of servers can run side by side. With PORT it also listens on 127.0.0.1:PORT.
# The database "utbyte" is created on first start; authentication is "trust" for the local
# user "postgres" only: this is a test server, never a production one.
set -euo pipefail

PG_BIN="${PG_BIN:-}"
if [[ -z "$PG_BIN" ]]; then
  for candidate in /usr/lib/postgresql/*/bin; do
    [[ -x "$candidate/initdb" ]] && PG_BIN="$candidate"
  done
fi
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
  echo "postgres-temp: hittar inte PostgreSQL (initdb); installera paketet 'postgresql'" >&2
  exit 3
fi

usage() {
  echo "användning: $0 start DIR [PORT] | stop DIR | remove DIR | url DIR" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
command="$1"
dir="$2"
port="${3:-}"

# Runs a command as the server's owner: nobody when we are root, ourselves otherwise. It starts
# in the server's own directory, never in the caller's: initdb and pg_ctl fail when they cannot
# enter their working directory, and a caller in a 0700 home (root's, a mktemp -d folder) has one
# "nobody" may not enter.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    (cd "$home" && runuser -u nobody -- "$@")
  else
    (cd "$home" && "$@")
  fi
}

# True when "nobody" can reach DIR through every parent directory.
nobody_reaches() {
  (cd / && runuser -u nobody -- test -x "$1") 2>/dev/null
}

# The directory the server's files live in ($home): DIR itself, unless we are root and "nobody"
# cannot reach DIR (a clone under a 0700 parent). Then the server lives in a directory of its own
# under /tmp, whose name DIR/home keeps, so that stop and url find it again.
resolve_home() {
  home="$dir"
  [[ "$(id -u)" == 0 ]] || return 0
  if [[ -f "$dir/home" ]]; then
    home="$(cat "$dir/home")"
  elif ! nobody_reaches "$dir"; then
    [[ "$1" == create ]] || return 0
    home="$(mktemp -d "${TMPDIR:-/tmp}/utbyte-pg-home.XXXXXX")"
    chmod 755 "$home"
    echo "$home" >"$dir/home"
  fi
}

url_of() {
  local p
  p="$(cat "$home/port")"
  echo "postgresql://postgres@/utbyte?host=$home&port=$p"
}

case "$command" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    resolve_home create
    if [[ "$(id -u)" == 0 ]]; then
      chown nobody "$home"
      chmod 700 "$home"
    fi
    if [[ ! -f "$home/data/PG_VERSION" ]]; then
      as_owner "$PG_BIN/initdb" -D "$home/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        --no-instructions >"$home/initdb.log" 2>&1 ||
        { cat "$home/initdb.log" >&2; exit 1; }
    fi
    if [[ -n "$port" ]]; then
      listen="127.0.0.1"
    else
      port=5432
      listen=""
    fi
    as_owner sh -c "echo '$port' > '$home/port'"
    # fsync off: a test server whose data may be lost on power failure, in exchange for speed.
    as_owner "$PG_BIN/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
      -o "-k $home -p $port -c listen_addresses='$listen' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null ||
      { tail -n 30 "$home/server.log" >&2; exit 1; }
    if ! as_owner "$PG_BIN/psql" -h "$home" -p "$port" -U postgres -d postgres -Atqc \
        "SELECT 1 FROM pg_database WHERE datname = 'utbyte'" | grep -q 1; then
      as_owner "$PG_BIN/createdb" -h "$home" -p "$port" -U postgres utbyte
    fi
    url_of
    ;;
  stop)
    dir="$(cd "$dir" && pwd)"
    resolve_home
    if [[ -f "$home/data/postmaster.pid" ]]; then
      as_owner "$PG_BIN/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null
    fi
    ;;
  remove)
    # Stops the server and deletes its files, also those kept outside DIR.
    dir="$(cd "$dir" && pwd)"
    resolve_home
    if [[ -f "$home/data/postmaster.pid" ]]; then
      as_owner "$PG_BIN/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null
    fi
    [[ "$home" == "$dir" ]] || rm -rf "$home"
    rm -rf "$dir"
    ;;
  url)
    dir="$(cd "$dir" && pwd)"
    resolve_home
    [[ -f "$home/port" ]] || { echo "postgres-temp: ingen server i $dir" >&2; exit 1; }
    url_of
    ;;
  *)
    usage
    ;;
esac
