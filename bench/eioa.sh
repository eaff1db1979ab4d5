#!/usr/bin/env bash
# E-IOA benchmark: notifications per second that are received over mutual TLS, parsed (hardened
# libxml2), XSD-validated, checked against the business rules, signature-verified (xmlsec, ECDSA
# P-256 chain to the signing CA), committed to SQLite with synchronous=FULL and audited — the whole
# path of POST /ws/FK.EIOA.AnmalanArbetsgivare. Driven by bench/loadgen with keep-alive
# connections. loadgen sends one body, so every request after the first is the same id again: the
# latest-wins path (a new version row and the manual-handling flag), which does the same checks
# and one more row update than a first notification. Writes bench/results/eioa.json.
#
# usage: bench/eioa.sh BUILD_DIR
# tunables (environment): THREADS=2 CONNECTIONS=16 DURATION=10 WARMUP=2
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/eioa.sh BUILD_DIR" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
UTBYTE=$BUILD/utbyte
LOADGEN=${LOADGEN:-$BUILD/loadgen}  # any build of bench/loadgen will do
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
WS=/ws/FK.EIOA.AnmalanArbetsgivare

RUN_DIR=$BENCH/work/eioa-run
rm -rf "$RUN_DIR" && mkdir -p "$RUN_DIR" "$BENCH/results"
log() { printf '[eioa-bench] %s\n' "$*" >&2; }
die() { printf '[eioa-bench] error: %s\n' "$*" >&2; exit 1; }

[[ -x $UTBYTE ]] || die "$UTBYTE not found: build first"
[[ -x $LOADGEN ]] || cmake --build "$BUILD" --target loadgen >/dev/null
for tool in jq sqlite3; do command -v "$tool" >/dev/null || die "$tool is required"; done

SERVER_PID=""
cleanup() {
  [[ -n $SERVER_PID ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CERTS=$RUN_DIR/certs
"$UTBYTE" certs init --dir "$CERTS" >/dev/null
"$UTBYTE" register generate --db "$RUN_DIR/register.db" --persons 100 --seed 1 >/dev/null

# One signed notification in a SOAP envelope: the body loadgen sends.
"$UTBYTE" eioa exempel >"$RUN_DIR/anmalan.xml"
"$UTBYTE" eioa signera "$RUN_DIR/anmalan.xml" --certs "$CERTS" -o "$RUN_DIR/signerad.xml"
"$UTBYTE" eioa validera "$RUN_DIR/signerad.xml" --certs "$CERTS" >&2
{
  printf '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
  sed 1d "$RUN_DIR/signerad.xml"
  printf '</soapenv:Body></soapenv:Envelope>'
} >"$RUN_DIR/kuvert.xml"

log "starting utbyte serve (--threads $THREADS, --sla off)"
"$UTBYTE" serve --listen 127.0.0.1:0 --db "$RUN_DIR/register.db" --certs "$CERTS" --mode test \
  --sla off --threads "$THREADS" --massfraga-workers 0 --no-access-log >"$RUN_DIR/utbyte.log" 2>&1 &
SERVER_PID=$!
PORT=""
for _ in $(seq 300); do
  PORT=$(sed -n 's/.*listening on https:\/\/127\.0\.0\.1:\([0-9]\+\).*/\1/p' "$RUN_DIR/utbyte.log" | head -1)
  [[ -n $PORT ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$RUN_DIR/utbyte.log" >&2; die "utbyte serve exited"; }
  sleep 0.1
done
[[ -n $PORT ]] || die "utbyte serve did not start"

log "loadgen: $CONNECTIONS connections, ${DURATION}s after ${WARMUP}s warm-up"
"$LOADGEN" --url "https://127.0.0.1:$PORT$WS" --method POST --body-file "$RUN_DIR/kuvert.xml" \
  --header 'Content-Type: text/xml; charset=utf-8' --cert "$CERTS/client.pem" \
  --key "$CERTS/client.key" --cacert "$CERTS/ca.pem" --connections "$CONNECTIONS" --threads 1 \
  --duration "$DURATION" --warmup "$WARMUP" --quiet --json "$RUN_DIR/loadgen.json"
cleanup
SERVER_PID=""

# Peer, in the same run on the same disk: sqlite3 committing one row of the envelope's size per
# transaction with the same durability (WAL, synchronous=FULL) — what storing each notification
# durably before answering costs with no network, TLS, parsing or signature check at all.
PEER_COMMITS=${PEER_COMMITS:-2000}
ENVELOPE_BYTES=$(wc -c <"$RUN_DIR/kuvert.xml")
{
  printf 'PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n'
  printf 'CREATE TABLE anmalan (nummer INTEGER PRIMARY KEY, xml BLOB NOT NULL);\n'
  for _ in $(seq "$PEER_COMMITS"); do
    printf 'INSERT INTO anmalan (xml) VALUES (zeroblob(%d));\n' "$ENVELOPE_BYTES"
  done
} >"$RUN_DIR/peer.sql"
peer_start=$(date +%s.%N)
sqlite3 "$RUN_DIR/peer.db" <"$RUN_DIR/peer.sql" >/dev/null
PEER_RATE=$(echo "scale=1; $PEER_COMMITS / ($(date +%s.%N) - $peer_start)" | bc)
log "peer: sqlite3 alone commits $PEER_RATE rows/s (synchronous=FULL)"

RATE=$(jq -r '.requests_per_s' "$RUN_DIR/loadgen.json")
NON2XX=$(jq -r '[.status_counts // {} | to_entries[] | select(.key | test("^2") | not) | .value] | add // 0' \
  "$RUN_DIR/loadgen.json")
STORED=$(sqlite3 "$RUN_DIR/register.db" 'SELECT count(*) FROM eioa_version')
AUDITED=$(sqlite3 "$RUN_DIR/register.db" "SELECT count(*) FROM audit_logg WHERE tjanst='EIOA.ANMALAN.V1'")
[[ $STORED == "$AUDITED" ]] || die "stored $STORED but audited $AUDITED"
((NON2XX == 0)) || die "$NON2XX answers were not 2xx (see $RUN_DIR/loadgen.json)"

jq -n --argjson rate "$RATE" --argjson stored "$STORED" --argjson threads "$THREADS" \
  --argjson peer "$PEER_RATE" --argjson connections "$CONNECTIONS" --argjson duration "$DURATION" --argjson cpus "$(nproc)" \
  --arg when "$(date -u +%FT%TZ)" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --argjson bytes "$(wc -c <"$RUN_DIR/kuvert.xml")" --slurpfile lg "$RUN_DIR/loadgen.json" \
  '{when: $when, what: "E-IOA SOAP: mTLS + XSD + rules + xmlsec signature + SQLite FULL commit + audit",
    path: "same id resent (latest wins: a new version row each time)",
    notifications_per_s: $rate, stored_versions: $stored, body_bytes: $bytes,
    peer: {what: "sqlite3 alone: one commit per row of the same size, WAL + synchronous=FULL",
           commits_per_s: $peer}, ratio_to_peer: ($rate / $peer),
    server_threads: $threads, connections: $connections, duration_s: $duration,
    machine: {cpus: $cpus, loadavg_at_end: $load}, loadgen: $lg[0]}' >"$BENCH/results/eioa.json"
log "$RATE notifications/s (p50 $(jq -r '.latency_ms.p50 // .latency.p50_ms // "?"' "$RUN_DIR/loadgen.json") ms); stored $STORED versions; written bench/results/eioa.json"
