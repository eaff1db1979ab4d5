#!/usr/bin/env bash
# A throw-away PostgreSQL server in a directory of its own, for tests, benchmarks and the local
# cluster. No system service, no root: when run as root (CI), the server runs as the user
# "nobody", because initdb refuses to run as root.
#
#   scripts/postgres-temp.sh start DIR [PORT]   initdb (first time) and start; prints the URL
#   scripts/postgres-temp.sh stop DIR           stop (fast shutdown); the data stays in DIR
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
  echo "användning: $0 start DIR [PORT] | stop DIR | url DIR" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
command="$1"
dir="$2"
port="${3:-}"

# Runs a command as the server's owner: nobody when we are root, ourselves otherwise.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

url_of() {
  local d="$1" p
  p="$(cat "$d/port")"
  echo "postgresql://postgres@/utbyte?host=$d&port=$p"
}

case "$command" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    if [[ "$(id -u)" == 0 ]]; then
      chown nobody "$dir"
      chmod 700 "$dir"
    fi
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
        --no-instructions >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if [[ -n "$port" ]]; then
      listen="127.0.0.1"
    else
      port=5432
      listen=""
    fi
    as_owner sh -c "echo '$port' > '$dir/port'"
    # fsync off: a test server whose data may be lost on power failure, in exchange for speed.
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -p $port -c listen_addresses='$listen' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null ||
      { tail -n 30 "$dir/server.log" >&2; exit 1; }
    if ! as_owner "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -Atqc \
        "SELECT 1 FROM pg_database WHERE datname = 'utbyte'" | grep -q 1; then
      as_owner "$PG_BIN/createdb" -h "$dir" -p "$port" -U postgres utbyte
    fi
    url_of "$dir"
    ;;
  stop)
    dir="$(cd "$dir" && pwd)"
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
  url)
    dir="$(cd "$dir" && pwd)"
    [[ -f "$dir/port" ]] || { echo "postgres-temp: ingen server i $dir" >&2; exit 1; }
    url_of "$dir"
    ;;
  *)
    usage
    ;;
esac
