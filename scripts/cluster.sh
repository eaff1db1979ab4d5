#!/usr/bin/env bash
# A local utbyte cluster: one PostgreSQL, three `utbyte serve` instances sharing it, and nginx in
# front as a TLS-passthrough load balancer (stream module), so every instance still sees the
# client certificate itself. No system service: everything runs as the current user from DIR, with
# pid files there.
#
#   scripts/cluster.sh start BUILD_DIR [DIR]   (make cluster)       builds nothing; DIR=var/cluster
#   scripts/cluster.sh stop [DIR]              (make cluster-stop)
#   scripts/cluster.sh status [DIR]
#
# Tunables (environment), with their defaults:
#   CLUSTER_LB=127.0.0.1:8300            the load balancer's address (what clients use)
#   CLUSTER_INSTANCES=127.0.0.1:8301,127.0.0.1:8302,127.0.0.1:8303
#   CLUSTER_PG_PORT=8399                 PostgreSQL on 127.0.0.1:PORT (empty: Unix socket only)
#   CLUSTER_PERSONS=10000                size of the synthetic register generated on first start
#   CLUSTER_SERVE_ARGS="--mode test"     extra `utbyte serve` arguments for every instance
#   CLUSTER_NGINX_WORKERS=1
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LB=${CLUSTER_LB:-127.0.0.1:8300}
INSTANCES=${CLUSTER_INSTANCES:-127.0.0.1:8301,127.0.0.1:8302,127.0.0.1:8303}
PG_PORT=${CLUSTER_PG_PORT-8399}
PERSONS=${CLUSTER_PERSONS:-10000}
SERVE_ARGS=${CLUSTER_SERVE_ARGS:---mode test}
NGINX_WORKERS=${CLUSTER_NGINX_WORKERS:-1}
NGINX_STREAM_MODULE=${NGINX_STREAM_MODULE:-/usr/lib/nginx/modules/ngx_stream_module.so}

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] fel: %s\n' "$*" >&2; exit 1; }

# Stops the process in pid file $1 (SIGTERM, then SIGKILL after 10 s) and removes the file.
stop_pidfile() {
  local file=$1 pid
  [[ -f $file ]] || return 0
  pid=$(cat "$file")
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

running() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Waits until HOST:PORT accepts TCP connections, or the process in pid file $2 has died.
wait_listening() {
  local addr=$1 pidfile=$2 host port
  host=${addr%:*}
  port=${addr##*:}
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null && return 0
    running "$pidfile" || return 1
    sleep 0.1
  done
  return 1
}

cmd_start() {
  local build=${1:?usage: cluster.sh start BUILD_DIR [DIR]} dir=${2:-$ROOT/var/cluster}
  local bin url i addr
  bin=$(cd "$build" && pwd)/utbyte
  [[ -x $bin ]] || die "$bin saknas: bygg först (make build)"
  command -v nginx >/dev/null || die "nginx saknas: kör scripts/setup.sh"
  [[ -f $NGINX_STREAM_MODULE ]] ||
    die "nginx stream-modul saknas ($NGINX_STREAM_MODULE): installera libnginx-mod-stream (scripts/setup.sh)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  mkdir -p "$dir/run" "$dir/logs" "$dir/nginx"

  # PostgreSQL (scripts/postgres-temp.sh: runs as "nobody" when we are root).
  if [[ -n $PG_PORT ]]; then
    url=$("$ROOT/scripts/postgres-temp.sh" start "$dir/pg" "$PG_PORT")
    url="postgresql://postgres@127.0.0.1:$PG_PORT/utbyte"  # TCP: usable from anywhere on the host
  else
    url=$("$ROOT/scripts/postgres-temp.sh" start "$dir/pg")
  fi
  echo "$url" >"$dir/db-url"
  log "PostgreSQL: $url"

  # Dev CA, server and client certificates (once); every instance serves the same server cert.
  if [[ ! -f $dir/certs/ca.pem ]]; then
    "$bin" certs init --dir "$dir/certs" >"$dir/logs/certs-init.log"
    log "dev-CA och certifikat i $dir/certs"
  fi
  # The synthetic register (once per data directory).
  if [[ ! -f $dir/register.params ]]; then
    log "genererar ett register med $PERSONS personer"
    "$bin" register generate --db "$url" --persons "$PERSONS" --seed 1 >"$dir/logs/generate.log"
    echo "persons=$PERSONS seed=1" >"$dir/register.params"
  fi

  # The instances. Migrations run at start under an advisory lock, so starting them together is safe.
  IFS=, read -r -a addrs <<<"$INSTANCES"
  i=0
  for addr in "${addrs[@]}"; do
    i=$((i + 1))
    if running "$dir/run/utbyte-$i.pid"; then
      log "instans $i kör redan (pid $(cat "$dir/run/utbyte-$i.pid"))"
      continue
    fi
    # shellcheck disable=SC2086 # SERVE_ARGS is a word list on purpose
    nohup "$bin" serve --listen "$addr" --db "$url" --certs "$dir/certs" $SERVE_ARGS \
      >>"$dir/logs/utbyte-$i.log" 2>&1 </dev/null &
    echo $! >"$dir/run/utbyte-$i.pid"
  done
  i=0
  for addr in "${addrs[@]}"; do
    i=$((i + 1))
    wait_listening "$addr" "$dir/run/utbyte-$i.pid" ||
      { tail -n 20 "$dir/logs/utbyte-$i.log" >&2; die "instans $i ($addr) startade inte"; }
    log "instans $i: https://$addr (pid $(cat "$dir/run/utbyte-$i.pid"))"
  done

  # nginx: TLS passthrough (stream). Least connections; a refused or failed connect is retried on
  # the next instance, and an instance that failed is left out for 10 s (passive health check).
  {
    echo "# Generated by scripts/cluster.sh; regenerated on every start."
    echo "load_module $NGINX_STREAM_MODULE;"
    echo "worker_processes $NGINX_WORKERS;"
    echo "pid $dir/run/nginx.pid;"
    echo "error_log $dir/logs/nginx-error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "stream {"
    echo "  log_format lb '\$time_iso8601 \$remote_addr \$upstream_addr \$status \$bytes_received \$bytes_sent \$session_time';"
    echo "  access_log $dir/logs/nginx-access.log lb buffer=64k flush=1s;"
    echo "  upstream utbyte {"
    echo "    least_conn;"
    for addr in "${addrs[@]}"; do echo "    server $addr max_fails=1 fail_timeout=10s;"; done
    echo "  }"
    echo "  server {"
    echo "    listen $LB reuseport;"
    echo "    proxy_pass utbyte;"
    echo "    proxy_connect_timeout 2s;"
    echo "    proxy_next_upstream on;"
    echo "    proxy_next_upstream_tries 3;"
    echo "    proxy_timeout 10m;"
    echo "  }"
    echo "}"
  } >"$dir/nginx/nginx.conf"
  stop_pidfile "$dir/run/nginx.pid"
  nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -t -q 2>"$dir/logs/nginx-test.log" ||
    { cat "$dir/logs/nginx-test.log" >&2; die "nginx-konfigurationen underkändes"; }
  # daemon on: nginx writes its own pid file; -e keeps early messages out of /var/log.
  nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/logs/nginx-error.log" ||
    die "nginx startade inte (se $dir/logs/nginx-error.log)"
  for _ in $(seq 50); do [[ -s $dir/run/nginx.pid ]] && break; sleep 0.1; done
  wait_listening "$LB" "$dir/run/nginx.pid" || die "nginx lyssnar inte på $LB"
  log "nginx (TLS passthrough): https://$LB (pid $(cat "$dir/run/nginx.pid"))"

  local rel=${dir#"$PWD"/} from tom
  bin=${bin#"$PWD"/}
  from=$(date -u -d '1 year ago' +%F)
  tom=$(date -u +%F)
  cat <<MSG

Klustret kör: nginx https://$LB -> ${addrs[*]} -> $url

Fråga via lastbalanseraren (dev-certifikaten i $rel/certs):

  curl --cert $rel/certs/client.pem --key $rel/certs/client.key --cacert $rel/certs/ca.pem \\
    -H 'Content-Type: application/json' \\
    -d '{"personnummer":"198503129986","informationstyper":["PERSONUPPGIFTER","SJUKPENNING","UTBETALNING"],"fromDatum":"$from","tomDatum":"$tom"}' \\
    https://$LB/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/MIN-TESTAKTOR/formansinformation/fraga

  $bin lefi fraga --url https://$LB --certs $rel/certs --aktor MIN-TESTAKTOR \\
    --personnummer 198503129986 --typer PERSONUPPGIFTER,SJUKPENNING,UTBETALNING --format table

Testpersoner:  $bin register catalogue --db '$url'
Revisionslogg: $bin audit verify --db '$url'
Databasen:     psql '$url'
Loggar:        $rel/logs/    Stoppa: make cluster-stop

MSG
}

cmd_stop() {
  local dir=${1:-$ROOT/var/cluster} f
  [[ -d $dir ]] || { log "inget kluster i $dir"; return 0; }
  dir=$(cd "$dir" && pwd)
  stop_pidfile "$dir/run/nginx.pid"
  for f in "$dir"/run/utbyte-*.pid; do
    [[ -e $f ]] && stop_pidfile "$f"
  done
  [[ -d $dir/pg ]] && "$ROOT/scripts/postgres-temp.sh" stop "$dir/pg"
  log "stoppat (data kvar i $dir; ta bort katalogen för att börja om)"
}

cmd_status() {
  local dir=${1:-$ROOT/var/cluster} f
  for f in "$dir"/run/*.pid; do
    [[ -e $f ]] || continue
    if running "$f"; then echo "$(basename "$f" .pid): kör (pid $(cat "$f"))"; else echo "$(basename "$f" .pid): stoppad"; fi
  done
  [[ -f $dir/db-url ]] && echo "databas: $(cat "$dir/db-url")"
  return 0
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  status) shift; cmd_status "$@" ;;
  *) echo "användning: $0 start BUILD_DIR [DIR] | stop [DIR] | status [DIR]" >&2; exit 2 ;;
esac
