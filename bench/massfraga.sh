#!/usr/bin/env bash
# LEFI Asynkron v10 benchmark: persons answered per second for one 100 000-person order against a
# 1 000 000-person register, and utbyte's peak RSS (VmHWM) while it processes the order; beside
# it, in the same run, the peer: the v9 synchronous endpoint driven by bench/loadgen with 32
# keep-alive connections (--sla off). See bench/README.md, "LEFI Asynkron".
#
# usage: bench/massfraga.sh BUILD_DIR
# tunables (environment): PERSONS=1000000 ORDER=100000 SEED=1 WORKERS=2 THREADS=2
#                         CONNECTIONS=32 DURATION=10 WARMUP=2
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/massfraga.sh BUILD_DIR" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
UTBYTE=$BUILD/utbyte
LOADGEN=$BUILD/loadgen

PERSONS=${PERSONS:-1000000}
ORDER=${ORDER:-100000}
SEED=${SEED:-1}
WORKERS=${WORKERS:-2}      # utbyte serve --massfraga-workers
THREADS=${THREADS:-2}      # utbyte serve --threads (the HTTP side)
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
AKTOR=BENCH
TYPES=PERSONUPPGIFTER,SJUKPENNING,FORALDRAPENNING,BOSTADSBIDRAG,UTBETALNING
V9_PATH=/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/$AKTOR/formansinformation/fraga
LEV=/rest/FK.EXI.LevereraFormansinformation.Bestallningsleverantor.V10/lefi-extern-bestallningsleverantor/v10/aktorer/$AKTOR

WORK=$BENCH/work
CERTS=$WORK/certs
DB=$WORK/register-$PERSONS-$SEED.db
RUN_DIR=$WORK/massfraga-run
mkdir -p "$WORK" "$BENCH/results"
rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR"

log() { printf '[massfraga-bench] %s\n' "$*" >&2; }
die() { printf '[massfraga-bench] error: %s\n' "$*" >&2; exit 1; }
now_s() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }

[[ -x $UTBYTE ]] || die "$UTBYTE not found: build first"
if [[ ! -x $LOADGEN ]]; then
  log "building loadgen"
  cmake --build "$BUILD" --target loadgen >/dev/null
fi
for tool in curl jq sqlite3; do
  command -v "$tool" >/dev/null || die "$tool is required"
done
"$UTBYTE" serve --help | grep -q -- --massfraga-workers ||
  die "this utbyte has no LEFI Asynkron server yet (utbyte serve --help lists no --massfraga-workers)"

SERVER_PID=""
cleanup() {
  [[ -n $SERVER_PID ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  # The served copy of the register is as large as the register; the figures are in results/.
  rm -f "$RUN_DIR/register.db" "$RUN_DIR/register.db-wal" "$RUN_DIR/register.db-shm"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

vmhwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
vmrss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# --- certificates and the register (generated once, reused) ----------------------------------------
if [[ ! -f $CERTS/ca.pem || ! -f $CERTS/server.pem || ! -f $CERTS/client.pem ]]; then
  log "creating certificates in $CERTS"
  rm -rf "$CERTS"
  "$UTBYTE" certs init --dir "$CERTS" >"$WORK/certs-init.log"
fi
STAMP="$DB.params"
WANT_STAMP="persons=$PERSONS seed=$SEED utbyte=$("$UTBYTE" --version 2>/dev/null | head -1)"
if [[ -f $DB && -f $STAMP ]] && [[ $(head -1 "$STAMP") == "$WANT_STAMP" ]]; then
  AS_OF=$(sed -n 2p "$STAMP")
  log "reusing register $DB (as of $AS_OF)"
else
  AS_OF=$(date +%F)
  log "generating a register of $PERSONS persons (seed $SEED) in $DB — once; later runs reuse it"
  rm -f "$DB" "$DB-wal" "$DB-shm" "$STAMP"
  start=$(now_s)
  "$UTBYTE" register generate --db "$DB" --persons "$PERSONS" --seed "$SEED" --as-of "$AS_OF" \
    >"$WORK/generate-$PERSONS.log"
  log "generated in $(elapsed "$start" "$(now_s)") s"
  printf '%s\n%s\n' "$WANT_STAMP" "$AS_OF" >"$STAMP"
fi
TOM=$(date +%F)
FROM=$(date -d "$TOM -1 year" +%F)

# The server writes orders, answers and audit rows into its database: serve a fresh copy.
SERVE_DB=$RUN_DIR/register.db
cp "$DB" "$SERVE_DB"
[[ -f $DB-wal ]] && cp "$DB-wal" "$SERVE_DB-wal"

# The order: every (PERSONS/ORDER)-th person of the register, spread over it.
STEP=$((PERSONS / ORDER))
((STEP >= 1)) || STEP=1
# (person is a WITHOUT ROWID table: number the rows.)
sqlite3 "$SERVE_DB" "select personnummer from (select personnummer,
  row_number() over (order by personnummer) as n from person) where n % $STEP = 0 limit $ORDER" \
  >"$RUN_DIR/personer.txt"
GOT=$(wc -l <"$RUN_DIR/personer.txt")
((GOT == ORDER)) || die "the register gave $GOT persons, not $ORDER"

# --- utbyte serve --------------------------------------------------------------------------------
log "starting utbyte serve (--sla off, --massfraga-workers $WORKERS, --threads $THREADS)"
"$UTBYTE" serve --listen 127.0.0.1:0 --db "$SERVE_DB" --certs "$CERTS" --mode test --sla off \
  --threads "$THREADS" --massfraga-workers "$WORKERS" --no-access-log >"$RUN_DIR/utbyte.log" 2>&1 &
SERVER_PID=$!
PORT=""
for _ in $(seq 600); do
  PORT=$(sed -n 's/.*listening on https:\/\/127\.0\.0\.1:\([0-9]\+\).*/\1/p' "$RUN_DIR/utbyte.log" | head -1)
  [[ -n $PORT ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$RUN_DIR/utbyte.log" >&2; die "utbyte serve exited"; }
  sleep 0.1
done
[[ -n $PORT ]] || die "utbyte serve printed no 'listening on' line within 60 s"
URL=https://127.0.0.1:$PORT
CURL=(curl -s --cert "$CERTS/client.pem" --key "$CERTS/client.key" --cacert "$CERTS/ca.pem")
RSS_IDLE=$(vmrss_kib "$SERVER_PID")

# --- the order: submit, then poll its status every 0.2 s until KLAR --------------------------------
log "submitting an order of $ORDER persons"
t_submit=$(now_s)
ID=$("$UTBYTE" lefi massfraga skicka --url "$URL" --certs "$CERTS" --aktor "$AKTOR" \
  --fil "$RUN_DIR/personer.txt" --typer "$TYPES" --from "$FROM" --tom "$TOM" --tyst \
  2>"$RUN_DIR/skicka.log" | head -1)
t_accepted=$(now_s)
[[ $ID == B-* ]] || { cat "$RUN_DIR/skicka.log" >&2; die "no order id"; }
log "order $ID accepted in $(elapsed "$t_submit" "$t_accepted") s"
t_first=""
STATUS=""
: >"$RUN_DIR/status.jsonl"
for _ in $(seq 36000); do
  body=$("${CURL[@]}" "$URL$LEV/bestallningar/$ID") || body='{}'
  t=$(now_s)
  printf '%s %s\n' "$t" "$body" >>"$RUN_DIR/status.jsonl"
  STATUS=$(jq -r '.status // ""' <<<"$body")
  besvarade=$(jq -r '.antal.besvarade // 0' <<<"$body")
  [[ -z $t_first && $besvarade -gt 0 ]] && t_first=$t
  [[ $STATUS == KLAR || $STATUS == FEL ]] && break
  sleep 0.2
done
t_done=$(now_s)
[[ $STATUS == KLAR ]] || die "the order ended $STATUS (see $RUN_DIR/status.jsonl)"
GILTIGA=$(tail -1 "$RUN_DIR/status.jsonl" | cut -d' ' -f2- | jq -r '.antal.giltiga')
PEAK_KIB=$(vmhwm_kib "$SERVER_PID")
WALL=$(elapsed "$t_accepted" "$t_done")
RATE=$(awk -v n="$GILTIGA" -v s="$WALL" 'BEGIN {printf "%.0f", n / s}')
log "$GILTIGA persons answered in $WALL s after acceptance: $RATE persons/s; peak RSS $((PEAK_KIB / 1024)) MiB"

# Audited once per person (a sanity check of what was measured).
AUDITED=$(sqlite3 "$SERVE_DB" "select count(*) from audit_logg where tjanst = 'LEFI.BESTALLNING.V10'")

# --- the peer: v9 synchronous answers with 32 keep-alive connections --------------------------------
PNR=$(sed -n "$((ORDER / 2))p" "$RUN_DIR/personer.txt")
jq -n --arg p "$PNR" --arg f "$FROM" --arg t "$TOM" --arg types "$TYPES" \
  '{personnummer: $p, informationstyper: ($types | split(",")), fromDatum: $f, tomDatum: $t}' \
  >"$RUN_DIR/v9-body.json"
log "peer: v9 sync, loadgen --connections $CONNECTIONS --duration $DURATION (one person of the order)"
"$LOADGEN" --url "$URL$V9_PATH" --method POST --body-file "$RUN_DIR/v9-body.json" \
  --header 'Content-Type: application/json' --cert "$CERTS/client.pem" --key "$CERTS/client.key" \
  --cacert "$CERTS/ca.pem" --connections "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" \
  --quiet --json "$RUN_DIR/v9-loadgen.json"
V9_RATE=$(jq -r '.requests_per_s' "$RUN_DIR/v9-loadgen.json")
RATIO=$(awk -v a="$RATE" -v b="$V9_RATE" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
PEAK_ALL_KIB=$(vmhwm_kib "$SERVER_PID")

STAMP_UTC=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$BENCH/results/massfraga-$STAMP_UTC.json
jq -n \
  --arg id "$ID" --argjson persons "$PERSONS" --argjson order "$ORDER" --argjson giltiga "$GILTIGA" \
  --argjson workers "$WORKERS" --argjson threads "$THREADS" --argjson audited "$AUDITED" \
  --argjson submit_s "$(elapsed "$t_submit" "$t_accepted")" --argjson wall_s "$WALL" \
  --argjson rate "$RATE" --argjson rss_idle "$RSS_IDLE" --argjson peak "$PEAK_KIB" \
  --argjson v9_rate "$V9_RATE" --argjson ratio "$RATIO" --argjson peak_all "$PEAK_ALL_KIB" \
  --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
  --argjson cpus "$(nproc)" --argjson connections "$CONNECTIONS" \
  --slurpfile v9 "$RUN_DIR/v9-loadgen.json" \
  '{benchmark: "massfraga", machine: {cpu: $cpu, cpus: $cpus},
    register_persons: $persons, order_persons: $order, valid_persons: $giltiga,
    massfraga_workers: $workers, serve_threads: $threads, bestallningsId: $id,
    submit_s: $submit_s, processing_wall_s: $wall_s, persons_per_s: $rate,
    audit_rows: $audited, rss_idle_kib: $rss_idle, peak_rss_kib_processing: $peak,
    peer: {what: "v9 sync API, loadgen, keep-alive", connections: $connections,
           answers_per_s: $v9_rate, loadgen: $v9[0]},
    ratio_massfraga_to_v9: $ratio, peak_rss_kib_incl_peer: $peak_all}' >"$OUT"

printf '\n%-44s %12s\n' "LEFI Asynkron v10 ($ORDER of $PERSONS persons)" "value"
printf '%-44s %12s\n' "order accepted in (s)" "$(elapsed "$t_submit" "$t_accepted")"
printf '%-44s %12s\n' "processing, acceptance to KLAR (s)" "$WALL"
printf '%-44s %12s\n' "persons answered per second" "$RATE"
printf '%-44s %12s\n' "peak RSS during processing (MiB)" "$((PEAK_KIB / 1024))"
printf '%-44s %12s\n' "peer: v9 sync answers/s ($CONNECTIONS conns)" "$(printf '%.0f' "$V9_RATE")"
printf '%-44s %12s\n' "ratio v10 persons/s : v9 answers/s" "$RATIO"
log "results written to ${OUT#"$BENCH/"}"
