#!/usr/bin/env bash
# LEFI v9 benchmark: utbyte vs nginx serving a static copy of the same answer, both over mutual
# TLS, and vs Prism mocking our own OpenAPI contract (plain HTTP: Prism has no TLS), driven by
# bench/loadgen from the same machine. See bench/README.md.
#
# usage: bench/run.sh BUILD_DIR            (make bench runs: bench/run.sh build)
# tunables (environment): CONNECTIONS=32 DURATION=8 WARMUP=2 THREADS=1 ROUNDS=3
#                         PERSONS=100000 SEED=1 SERVER_CPUS=1 LOADGEN_CPUS=0 VALIDATE=1
#                         WITH_PRISM=1 PRISM_LOG=error
#                         BASELINE=OTHER_BUILD/utbyte  also measure an older utbyte binary in the
#                                                      same run (before/after a change)
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/run.sh BUILD_DIR" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
UTBYTE=$BUILD/utbyte
LOADGEN=$BUILD/loadgen

CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-2}
THREADS=${THREADS:-1}  # utbyte serve --threads and nginx worker_processes
ROUNDS=${ROUNDS:-3}    # >1: every scenario runs ROUNDS times per side; the median run is reported
PERSONS=${PERSONS:-100000}
SEED=${SEED:-1}
VALIDATE=${VALIDATE:-1}  # 1: also run loadgen vs wrk on nginx plain TLS
WITH_PRISM=${WITH_PRISM:-1}   # 1: also run the keep-alive query against a Prism mock of the contract
PRISM_LOG=${PRISM_LOG:-error} # Prism's --verboseLevel; "info" logs every request (like an access log)
BASELINE=${BASELINE:-}        # an older utbyte binary, measured beside this one (target "baseline")
AKTORS_ID=BENCH
LEFI_PATH=/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/$AKTORS_ID/formansinformation/fraga

ROOT=$(cd "$BENCH/.." && pwd)
PRISM_BIN=$ROOT/node_modules/.bin/prism  # what `npx --no-install prism` runs, without npm in between
CONTRACT=$ROOT/contracts/openapi/lefi-formansinformation-v9.yaml
# Prism matches paths relative to the contract's server URLs and ignores their base path (/rest):
# LEFI_PATH itself gets 404 NO_PATH_MATCHED_ERROR, so Prism is asked at the contract's own path.
PRISM_PATH=${LEFI_PATH#/rest}
WORK=$BENCH/work
CERTS=$WORK/certs
DB=$WORK/register-$PERSONS-$SEED.db
NGINX_DIR=$WORK/nginx
RUN_DIR=$WORK/run
mkdir -p "$WORK" "$NGINX_DIR/tmp" "$BENCH/results"
rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

[[ -x $UTBYTE ]] || die "$UTBYTE not found: build first (make build)"
[[ -z $BASELINE || -x $BASELINE ]] || die "BASELINE=$BASELINE is not an executable"
if [[ ! -x $LOADGEN ]]; then
  log "building loadgen"
  cmake --build "$BUILD" --target loadgen >/dev/null
fi
for tool in nginx curl node; do
  command -v "$tool" >/dev/null || die "$tool is required (scripts/setup.sh installs it)"
done
if [[ $WITH_PRISM == 1 && ! -x $PRISM_BIN ]]; then
  die "$PRISM_BIN not found: run npm ci (or WITH_PRISM=0 to skip the Prism peer)"
fi

# --- CPU pinning: server on SERVER_CPUS, load generator on LOADGEN_CPUS --------------------------
CPUS=$(nproc)
SERVER_PIN=()
LOADGEN_PIN=()
PINNING="none (taskset missing or fewer than 2 CPUs)"
if command -v taskset >/dev/null && ((CPUS >= 2)); then
  SERVER_CPUS=${SERVER_CPUS:-1}
  LOADGEN_CPUS=${LOADGEN_CPUS:-0}
  SERVER_PIN=(taskset -c "$SERVER_CPUS")
  LOADGEN_PIN=(taskset -c "$LOADGEN_CPUS")
  PINNING="servers on cpu $SERVER_CPUS, load generator on cpu $LOADGEN_CPUS"
fi

# --- process bookkeeping ---------------------------------------------------------------------------
SERVER_PID=""
BASELINE_PID=""
NGINX_PID=""
PRISM_PID=""
# PID and all its descendants (children first listed after their parent).
process_tree() {
  local pid=$1 child
  echo "$pid"
  for child in $(pgrep -P "$pid" 2>/dev/null); do process_tree "$child"; done
}
cleanup() {
  local pid all
  all="$SERVER_PID $BASELINE_PID $NGINX_PID"
  [[ -n $PRISM_PID ]] && all+=" $(process_tree "$PRISM_PID" | tr '\n' ' ')"
  for pid in $all; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in $all; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CLK_TCK=$(getconf CLK_TCK)
# CPU ticks (user + system) used so far by the given processes and all their threads.
cpu_ticks() {
  local total=0 pid stat rest
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    rest=${stat##*) }  # fields after "pid (comm) "; utime and stime are fields 14 and 15
    read -r -a f <<<"$rest"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}
# Peak resident set (VmHWM) of the given processes in KiB, summed.
peak_rss_kib() {
  local total=0 pid v
  for pid in "$@"; do
    v=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
nginx_pids() { echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"; }
prism_pids() { process_tree "$PRISM_PID" | tr '\n' ' '; }  # node, and any children it forks
free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}
now_s() { date +%s.%N; }

# --- certificates and register (reused when they exist with the same parameters) -----------------
if [[ ! -f $CERTS/ca.pem || ! -f $CERTS/server.pem || ! -f $CERTS/client.pem ]]; then
  log "creating certificates in $CERTS"
  rm -rf "$CERTS"
  "$UTBYTE" certs init --dir "$CERTS" >"$WORK/certs-init.log"
fi
STAMP="$DB.params"
WANT_STAMP="persons=$PERSONS seed=$SEED utbyte=$("$UTBYTE" --version 2>/dev/null | head -1)"
if [[ -f $DB && -f $STAMP ]] && [[ $(head -1 "$STAMP") == "$WANT_STAMP" ]] &&
  "$UTBYTE" register catalogue --db "$DB" >"$WORK/catalogue.json" 2>/dev/null; then
  AS_OF=$(sed -n 2p "$STAMP")
  log "reusing register $DB (as of $AS_OF)"
else
  AS_OF=$(date +%F)
  log "generating a register of $PERSONS persons (seed $SEED) in $DB"
  rm -f "$DB" "$DB-wal" "$DB-shm" "$STAMP"
  start=$(now_s)
  "$UTBYTE" register generate --db "$DB" --persons "$PERSONS" --seed "$SEED" --as-of "$AS_OF" \
    >"$WORK/generate.log"
  log "generated in $(awk -v a="$start" -v b="$(now_s)" 'BEGIN {printf "%.1f", b - a}') s"
  printf '%s\n%s\n' "$WANT_STAMP" "$AS_OF" >"$STAMP"
  "$UTBYTE" register catalogue --db "$DB" >"$WORK/catalogue.json"
fi

# utbyte appends audit records to the register file: serve a fresh copy, so that every run starts
# from the same database.
SERVE_DB=$RUN_DIR/register.db
cp "$DB" "$SERVE_DB"
[[ -f $DB-wal ]] && cp "$DB-wal" "$SERVE_DB-wal"

# --- utbyte serve --------------------------------------------------------------------------------
# start_utbyte BINARY DB LOG: starts `serve` pinned like the peers; sets STARTED_PID, STARTED_PORT.
start_utbyte() {
  local binary=$1 db=$2 logfile=$3 pid port=""
  "${SERVER_PIN[@]}" "$binary" serve --listen 127.0.0.1:0 --db "$db" --certs "$CERTS" --mode test \
    --sla off --threads "$THREADS" --no-access-log >"$logfile" 2>&1 &
  pid=$!
  for _ in $(seq 600); do
    port=$(sed -n 's/.*listening on https:\/\/127\.0\.0\.1:\([0-9]\+\).*/\1/p' "$logfile" | head -1)
    [[ -n $port ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$logfile" >&2; die "$binary serve exited"; }
    sleep 0.1
  done
  [[ -n $port ]] || die "$binary serve printed no 'listening on' line within 60 s"
  STARTED_PID=$pid STARTED_PORT=$port
}
log "starting utbyte serve (--threads $THREADS, --sla off for a load test, access log off like nginx's)"
start_utbyte "$UTBYTE" "$SERVE_DB" "$RUN_DIR/utbyte.log"
SERVER_PID=$STARTED_PID
UTBYTE_PORT=$STARTED_PORT
UTBYTE_URL=https://127.0.0.1:$UTBYTE_PORT$LEFI_PATH
BASELINE_URL=""
if [[ -n $BASELINE ]]; then
  # Its own copy of the same register: both binaries start from the same bytes.
  cp "$DB" "$RUN_DIR/baseline.db"
  [[ -f $DB-wal ]] && cp "$DB-wal" "$RUN_DIR/baseline.db-wal"
  log "starting the baseline $BASELINE ($("$BASELINE" --version 2>/dev/null | head -1))"
  start_utbyte "$BASELINE" "$RUN_DIR/baseline.db" "$RUN_DIR/baseline.log"
  BASELINE_PID=$STARTED_PID
  BASELINE_URL=https://127.0.0.1:$STARTED_PORT$LEFI_PATH
fi
CURL=(curl -s --cert "$CERTS/client.pem" --key "$CERTS/client.key" --cacert "$CERTS/ca.pem")

# --- the query: the catalogue person (benefits + UTBETALNING) whose answer is largest -------------
node "$BENCH/report.mjs" bodies "$WORK/catalogue.json" "$AS_OF" "$RUN_DIR"
BODY="" BEST_SIZE=0
for candidate in "$RUN_DIR"/candidate-*.json; do
  code=$("${CURL[@]}" -o "$RUN_DIR/answer.tmp" -w '%{http_code}' \
    -H 'Content-Type: application/json' -d @"$candidate" "$UTBYTE_URL") || code=000
  size=$(stat -c %s "$RUN_DIR/answer.tmp" 2>/dev/null || echo 0)
  if [[ $code == 200 ]] && ((size > BEST_SIZE)); then
    BEST_SIZE=$size
    BODY=$RUN_DIR/body.json
    cp "$candidate" "$BODY"
    cp "$RUN_DIR/answer.tmp" "$NGINX_DIR/answer.json"
  fi
done
rm -f "$RUN_DIR/answer.tmp"
[[ -n $BODY ]] || die "no catalogue person got a 200 answer from utbyte (see $RUN_DIR/utbyte.log)"
log "query body $(stat -c %s "$BODY") bytes, answer $BEST_SIZE bytes"
if [[ -n $BASELINE ]]; then
  code=$("${CURL[@]}" -o "$RUN_DIR/baseline-answer.json" -w '%{http_code}' \
    -H 'Content-Type: application/json' -d @"$BODY" "$BASELINE_URL") || code=000
  [[ $code == 200 ]] || die "the baseline answers $code to the query (see $RUN_DIR/baseline.log)"
  log "baseline answer $(stat -c %s "$RUN_DIR/baseline-answer.json") bytes"
fi

# --- nginx: the same certificates, mutual TLS, the saved answer at the same path -----------------
NGINX_PORT=$(free_port)
PLAIN_PORT=$(free_port)
USER_LINE=""
[[ $(id -u) -eq 0 ]] && USER_LINE="user $(id -un) $(id -gn);"  # else workers would run as nobody
cat >"$NGINX_DIR/nginx.conf" <<EOF
# Generated by bench/run.sh.
worker_processes $THREADS;
$USER_LINE
error_log $NGINX_DIR/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $NGINX_DIR/tmp/body;
  proxy_temp_path $NGINX_DIR/tmp/proxy;
  fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
  uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
  scgi_temp_path $NGINX_DIR/tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  ssl_protocols TLSv1.3;
  ssl_certificate $CERTS/server.pem;
  ssl_certificate_key $CERTS/server.key;

  # The peer: mutual TLS like utbyte, the saved LEFI answer at the same path.
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    ssl_client_certificate $CERTS/ca.pem;
    ssl_verify_client on;
    location = $LEFI_PATH {
      alias $NGINX_DIR/answer.json;
      default_type "application/json; charset=utf-8";
      add_header X-Transaktions-Id \$request_id always;
      # The static module answers POST with 405; this internal redirect serves the file instead
      # (error_page redirects change the method to GET), with status 200.
      error_page 405 =200 \$uri;
    }
  }

  # Load generator self-check: plain TLS, no client certificate, so wrk can be used too.
  server {
    listen 127.0.0.1:$PLAIN_PORT ssl;
    location = /answer.json {
      alias $NGINX_DIR/answer.json;
      default_type "application/json; charset=utf-8";
    }
  }
}
EOF
log "starting nginx (worker_processes $THREADS)"
"${SERVER_PIN[@]}" nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" \
  -g "daemon off; pid $NGINX_DIR/nginx.pid;" 2>"$NGINX_DIR/stderr.log" &
NGINX_PID=$!
NGINX_URL=https://127.0.0.1:$NGINX_PORT$LEFI_PATH
for _ in $(seq 100); do
  code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d @"$BODY" "$NGINX_URL" 2>/dev/null) || code=000
  [[ $code == 200 ]] && break
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$NGINX_DIR/stderr.log" "$NGINX_DIR/error.log" >&2; die "nginx exited"; }
  sleep 0.1
done
[[ $code == 200 ]] || die "nginx does not answer 200 on $NGINX_URL"

RSS_IDLE=$(peak_rss_kib "$SERVER_PID")
read -r -a pids <<<"$(nginx_pids)"
NGINX_RSS_IDLE=$(peak_rss_kib "${pids[@]}")

# --- runs ------------------------------------------------------------------------------------------
RUNS=$RUN_DIR/runs.jsonl
: >"$RUNS"
# run_loadgen ROUND SCENARIO TARGET URL [loadgen options...]
run_loadgen() {
  local round=$1 scenario=$2 target=$3 url=$4
  shift 4
  local pids out=$RUN_DIR/$scenario-$target-$round.json
  case $target in
    utbyte) pids=("$SERVER_PID") ;;
    baseline) pids=("$BASELINE_PID") ;;
    nginx) read -r -a pids <<<"$(nginx_pids)" ;;
    prism) read -r -a pids <<<"$(prism_pids)" ;;
    *) die "unknown target $target" ;;
  esac
  local before after start end sampler
  # Server CPU is sampled over the measured window only: at the end of warmup and at the end.
  (sleep "$WARMUP" && cpu_ticks "${pids[@]}" >"$RUN_DIR/ticks.start") &
  sampler=$!
  start=$(now_s)
  "${LOADGEN_PIN[@]}" "$LOADGEN" --url "$url" --method POST --body-file "$BODY" \
    --header 'Content-Type: application/json' --cert "$CERTS/client.pem" \
    --key "$CERTS/client.key" --cacert "$CERTS/ca.pem" --connections "$CONNECTIONS" \
    --duration "$DURATION" --warmup "$WARMUP" --quiet --json "$out" "$@" || true
  after=$(cpu_ticks "${pids[@]}")
  end=$(now_s)
  wait "$sampler" || true
  before=$(cat "$RUN_DIR/ticks.start")
  [[ -s $out ]] || die "loadgen wrote no results for $scenario/$target"
  printf '{"round":%s,"scenario":"%s","target":"%s","server_cpu_s":%s,"measured_s":%s,"wall_s":%s,"loadgen":%s}\n' \
    "$round" "$scenario" "$target" \
    "$(awk -v t=$((after - before)) -v h="$CLK_TCK" 'BEGIN {printf "%.3f", t / h}')" \
    "$(awk -v a="$start" -v b="$end" -v w="$WARMUP" 'BEGIN {printf "%.3f", b - a - w}')" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')" \
    "$(tr -d '\n' <"$out")" >>"$RUNS"
  node "$BENCH/report.mjs" line "$RUNS" >&2
}

# url_of TARGET: where the LEFI query goes.
url_of() {
  case $1 in
    utbyte) echo "$UTBYTE_URL" ;;
    baseline) echo "$BASELINE_URL" ;;
    nginx) echo "$NGINX_URL" ;;
  esac
}
TARGETS=(utbyte nginx)
[[ -n $BASELINE ]] && TARGETS+=(baseline)
for round in $(seq "$ROUNDS"); do
  # Rotate who goes first, so that no side always gets the warmer machine.
  order=()
  for i in "${!TARGETS[@]}"; do
    order+=("${TARGETS[$(((i + round - 1) % ${#TARGETS[@]}))]}")
  done
  for target in "${order[@]}"; do
    run_loadgen "$round" keepalive "$target" "$(url_of "$target")"
  done
  for target in "${order[@]}"; do
    run_loadgen "$round" handshake "$target" "$(url_of "$target")" --no-keepalive
  done
done

RSS_AFTER=$(peak_rss_kib "$SERVER_PID")
read -r -a pids <<<"$(nginx_pids)"
NGINX_RSS_AFTER=$(peak_rss_kib "${pids[@]}")

# --- Prism: the contract's mock server, the stand-in an integrator would otherwise use ------------
# Plain HTTP (Prism has no TLS), pinned like the other servers, answering from the contract's
# examples after validating the request against the contract. The utbyte side of this comparison
# is its keep-alive run above (the median one), so Prism gets the same connections, duration,
# warmup, rounds and body.
PRISM_META=null
if [[ $WITH_PRISM == 1 ]]; then
  PRISM_PORT=$(free_port)
  PRISM_VERSION=$("$PRISM_BIN" --version 2>/dev/null | tail -1)
  log "starting Prism $PRISM_VERSION mock (plain HTTP, --verboseLevel $PRISM_LOG)"
  "${SERVER_PIN[@]}" "$PRISM_BIN" mock -h 127.0.0.1 -p "$PRISM_PORT" --verboseLevel "$PRISM_LOG" \
    "$CONTRACT" >"$RUN_DIR/prism.log" 2>&1 &
  PRISM_PID=$!
  PRISM_URL=http://127.0.0.1:$PRISM_PORT$PRISM_PATH
  code=000
  for _ in $(seq 600); do
    code=$(curl -s -o "$RUN_DIR/prism-answer.json" -w '%{http_code}' -H 'Content-Type: application/json' \
      -d @"$BODY" "$PRISM_URL" 2>/dev/null) || code=000
    [[ $code == 200 ]] && break
    kill -0 "$PRISM_PID" 2>/dev/null || { cat "$RUN_DIR/prism.log" >&2; die "prism exited"; }
    sleep 0.1
  done
  [[ $code == 200 ]] || { tail -20 "$RUN_DIR/prism.log" >&2; die "Prism does not answer 200 on $PRISM_URL"; }
  PRISM_ANSWER=$(stat -c %s "$RUN_DIR/prism-answer.json")
  read -r -a pids <<<"$(prism_pids)"
  PRISM_RSS_IDLE=$(peak_rss_kib "${pids[@]}")
  for round in $(seq "$ROUNDS"); do
    run_loadgen "$round" prism prism "$PRISM_URL"
  done
  read -r -a pids <<<"$(prism_pids)"
  PRISM_RSS_AFTER=$(peak_rss_kib "${pids[@]}")
  PRISM_META=$(printf '{"version":"%s","url":"%s","path":"%s","verbose_level":"%s","processes":%s,"answer_bytes":%s,"rss_kib":{"idle":%s,"after":%s}}' \
    "$PRISM_VERSION" "$PRISM_URL" "$PRISM_PATH" "$PRISM_LOG" "${#pids[@]}" "$PRISM_ANSWER" \
    "$PRISM_RSS_IDLE" "$PRISM_RSS_AFTER")
  # Stop it now: the self-check below should not share the server CPU with an idle node process.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do kill -0 "$PRISM_PID" 2>/dev/null || break; sleep 0.1; done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait "$PRISM_PID" 2>/dev/null || true
  PRISM_PID=""
fi

# --- load generator self-check: loadgen vs wrk on nginx plain TLS, same connections ------------
# Alternating pairs, ROUNDS times, no warmup for either (wrk has none); the medians are reported.
VALIDATION=null
TIMEFORMAT='%U %S'
if [[ $VALIDATE == 1 ]] && command -v wrk >/dev/null; then
  plain=https://127.0.0.1:$PLAIN_PORT/answer.json
  pairs=""
  for round in $(seq "$ROUNDS"); do
    for tool in $( ((round % 2)) && echo "loadgen wrk" || echo "wrk loadgen"); do
      if [[ $tool == loadgen ]]; then
        "${LOADGEN_PIN[@]}" "$LOADGEN" --url "$plain" --cacert "$CERTS/ca.pem" \
          --connections "$CONNECTIONS" --duration "$DURATION" --quiet \
          --json "$RUN_DIR/validate-loadgen-$round.json" || true
      else
        # bash's time keyword gives wrk's CPU time (user system), for CPU per request.
        { time "${LOADGEN_PIN[@]}" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$plain" \
          >"$RUN_DIR/wrk-$round.txt"; } 2>"$RUN_DIR/wrk-$round.time"
        wrk_rps=$(awk '/^Requests\/sec:/ {print $2}' "$RUN_DIR/wrk-$round.txt")
        wrk_requests=$(awk '/ requests in / {print $1}' "$RUN_DIR/wrk-$round.txt")
        wrk_cpu=$(awk 'NF == 2 {printf "%.3f", $1 + $2}' "$RUN_DIR/wrk-$round.time")
      fi
    done
    pairs+="${pairs:+,}{\"wrk_requests_per_s\":${wrk_rps:-0},\"wrk_requests\":${wrk_requests:-0}"
    pairs+=",\"wrk_cpu_s\":${wrk_cpu:-0},\"loadgen\":$(tr -d '\n' <"$RUN_DIR/validate-loadgen-$round.json")}"
    log "self-check round $round: wrk ${wrk_rps:-?} req/s, loadgen $(node -e \
      "console.log(require('$RUN_DIR/validate-loadgen-$round.json').requests_per_s.toFixed(0))") req/s"
  done
  VALIDATION=$(printf '{"url":"%s","connections":%s,"pairs":[%s]}' "$plain" "$CONNECTIONS" "$pairs")
fi

# --- report ----------------------------------------------------------------------------------------
STAMP_UTC=$(date -u +%Y%m%dT%H%M%SZ)
cat >"$RUN_DIR/meta.json" <<EOF
{
  "timestamp": "$(date -u +%FT%TZ)",
  "machine": {
    "cpus": $CPUS,
    "model": "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo | tr -d '"')",
    "kernel": "$(uname -r)",
    "note": "load generator and servers share this machine"
  },
  "utbyte_version": "$("$UTBYTE" --version 2>/dev/null | head -1)",
  "baseline": $([[ -n $BASELINE ]] && printf '{"binary":"%s","version":"%s"}' "$BASELINE" \
    "$("$BASELINE" --version 2>/dev/null | head -1)" || echo null),
  "nginx_version": "$(nginx -v 2>&1 | sed 's/^nginx version: //')",
  "pinning": "$PINNING",
  "server_threads": $THREADS,
  "nginx_worker_processes": $THREADS,
  "connections": $CONNECTIONS,
  "duration_s": $DURATION,
  "warmup_s": $WARMUP,
  "rounds": $ROUNDS,
  "register": {"persons": $PERSONS, "seed": $SEED, "as_of": "$AS_OF"},
  "query": {"path": "$LEFI_PATH", "body_bytes": $(stat -c %s "$BODY"), "answer_bytes": $BEST_SIZE},
  "rss_kib": {
    "utbyte_idle": $RSS_IDLE, "utbyte_after": $RSS_AFTER,
    "nginx_idle": $NGINX_RSS_IDLE, "nginx_after": $NGINX_RSS_AFTER
  },
  "prism": $PRISM_META,
  "validation": $VALIDATION
}
EOF
node "$BENCH/report.mjs" table "$RUNS" "$RUN_DIR/meta.json" "$BODY" \
  "$BENCH/results/$STAMP_UTC.json"
log "results written to bench/results/$STAMP_UTC.json"
