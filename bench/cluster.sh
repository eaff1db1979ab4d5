#!/usr/bin/env bash
# LEFI v9 query throughput over mutual TLS with one vs three `utbyte serve` instances on one
# PostgreSQL behind nginx (TLS passthrough, scripts/cluster.sh), and vs a single instance on SQLite.
# Driven by bench/loadgen (keep-alive, client certificate). See bench/README.md ("Cluster").
#
# usage: bench/cluster.sh BUILD_DIR
# tunables (environment): CONNECTIONS=32 DURATION=8 WARMUP=2 ROUNDS=3 PERSONS=20000
#                         INSTANCE_THREADS=2 (utbyte serve --threads per instance)
# Writes bench/results/cluster.json and prints a table with ratios.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/cluster.sh BUILD_DIR" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
UTBYTE=$BUILD/utbyte
LOADGEN=$BUILD/loadgen

CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-3}
PERSONS=${PERSONS:-20000}
INSTANCE_THREADS=${INSTANCE_THREADS:-2}
export CONNECTIONS DURATION WARMUP ROUNDS PERSONS INSTANCE_THREADS # read by the report below
AKTORS_ID=BENCH
LEFI_PATH=/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/$AKTORS_ID/formansinformation/fraga

WORK=$BENCH/work/cluster
CERTS=$WORK/certs
RUN=$WORK/run
CLUSTER_DIR=$WORK/cluster # PostgreSQL data, instance and nginx pid files and logs (scripts/cluster.sh)
OUT=$BENCH/results/cluster.json
mkdir -p "$WORK" "$BENCH/results"
rm -rf "$RUN" && mkdir -p "$RUN"

log() { printf '[bench-cluster] %s\n' "$*" >&2; }
die() { printf '[bench-cluster] error: %s\n' "$*" >&2; exit 1; }

[[ -x $UTBYTE ]] || die "$UTBYTE not found: build first"
if [[ ! -x $LOADGEN ]]; then
  log "building loadgen"
  cmake --build "$BUILD" --target loadgen >/dev/null
fi
for tool in nginx curl node; do command -v "$tool" >/dev/null || die "$tool is required (scripts/setup.sh)"; done

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

SQLITE_PID=""
cleanup() {
  [[ -n $SQLITE_PID ]] && kill -TERM "$SQLITE_PID" 2>/dev/null && wait "$SQLITE_PID" 2>/dev/null
  "$ROOT/scripts/cluster.sh" stop "$CLUSTER_DIR" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- certificates, the SQLite register and the query -----------------------------------------------
[[ -f $CERTS/client.pem ]] || "$UTBYTE" certs init --dir "$CERTS" >"$WORK/certs-init.log"
# The cluster uses the same certificates (scripts/cluster.sh keeps existing ones).
# A cluster dir with a register of another size starts over (scripts/cluster.sh generates once).
if [[ -f $CLUSTER_DIR/register.params ]] && ! grep -qx "persons=$PERSONS seed=1" "$CLUSTER_DIR/register.params"; then
  "$ROOT/scripts/cluster.sh" stop "$CLUSTER_DIR" >/dev/null 2>&1 || true
  rm -rf "$CLUSTER_DIR"
fi
mkdir -p "$CLUSTER_DIR" && chmod 755 "$CLUSTER_DIR"
[[ -e $CLUSTER_DIR/certs ]] || cp -r "$CERTS" "$CLUSTER_DIR/certs"
SQLITE_DB=$WORK/register-$PERSONS.db
if [[ ! -f $SQLITE_DB ]]; then
  log "generating a SQLite register of $PERSONS persons"
  "$UTBYTE" register generate --db "$SQLITE_DB" --persons "$PERSONS" --seed 1 >"$WORK/generate-sqlite.log"
fi
cp "$SQLITE_DB" "$RUN/register.db" # the audit log grows: every run from the same start
AS_OF=$(date +%F)
"$UTBYTE" register catalogue --db "$RUN/register.db" >"$RUN/catalogue.json"
node "$BENCH/report.mjs" bodies "$RUN/catalogue.json" "$AS_OF" "$RUN" 5

CURL=(curl -s --cert "$CERTS/client.pem" --key "$CERTS/client.key" --cacert "$CERTS/ca.pem")

# Waits for "listening on" in log $1 of pid $2; prints the port.
wait_port() {
  local port=""
  for _ in $(seq 600); do
    port=$(sed -n 's/.*listening on https:\/\/127\.0\.0\.1:\([0-9]\+\).*/\1/p' "$1" | head -1)
    [[ -n $port ]] && { echo "$port"; return 0; }
    kill -0 "$2" 2>/dev/null || { cat "$1" >&2; return 1; }
    sleep 0.1
  done
  return 1
}

# One scenario: ROUNDS loadgen runs against URL, the median (by requests/s) kept in RUN/NAME.json.
measure() {
  local name=$1 url=$2 r
  for r in $(seq "$ROUNDS"); do
    "$LOADGEN" --url "$url" --method POST --body-file "$BODY" --header 'Content-Type: application/json' \
      --cert "$CERTS/client.pem" --key "$CERTS/client.key" --cacert "$CERTS/ca.pem" \
      --connections "$CONNECTIONS" --threads 1 --duration "$DURATION" --warmup "$WARMUP" \
      --json "$RUN/$name-$r.json" --quiet >/dev/null
    log "$name round $r: $(node -e "const j=require('$RUN/$name-$r.json');console.log(j.requests_per_s.toFixed(0)+' req/s, non-2xx '+j.non_2xx)")"
  done
  node -e "
    const fs=require('fs');const runs=[];for(let r=1;r<=$ROUNDS;r++)runs.push(JSON.parse(fs.readFileSync('$RUN/$name-'+r+'.json','utf8')));
    runs.sort((a,b)=>a.requests_per_s-b.requests_per_s);
    fs.writeFileSync('$RUN/$name.json',JSON.stringify({median:runs[Math.floor(runs.length/2)],rounds:runs.map(r=>r.requests_per_s)}));"
}

# --- 1. SQLite, one instance -----------------------------------------------------------------------
log "SQLite: one instance (--threads $INSTANCE_THREADS)"
"$UTBYTE" serve --listen 127.0.0.1:0 --db "$RUN/register.db" --certs "$CERTS" --mode test --sla off \
  --threads "$INSTANCE_THREADS" --no-access-log >"$RUN/sqlite.log" 2>&1 &
SQLITE_PID=$!
SQLITE_PORT=$(wait_port "$RUN/sqlite.log" "$SQLITE_PID") || die "utbyte serve (SQLite) did not start"
BODY=""
for candidate in "$RUN"/candidate-*.json; do
  code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d @"$candidate" \
    "https://127.0.0.1:$SQLITE_PORT$LEFI_PATH") || code=000
  if [[ $code == 200 ]]; then BODY=$candidate; break; fi
done
[[ -n $BODY ]] || die "no catalogue person got a 200 answer"
cp "$BODY" "$RUN/body.json" && BODY=$RUN/body.json
measure sqlite_1 "https://127.0.0.1:$SQLITE_PORT$LEFI_PATH"
kill -TERM "$SQLITE_PID" 2>/dev/null || true
wait "$SQLITE_PID" 2>/dev/null || true
SQLITE_PID=""

# --- 2. PostgreSQL: one instance, direct and through nginx ------------------------------------------
# The same register (persons, seed 1) in PostgreSQL: scripts/cluster.sh generates it on first start.
start_cluster() {
  local count=$1 ports=()
  while ((${#ports[@]} < count)); do ports+=("127.0.0.1:$(free_port)"); done
  LB_PORT=$(free_port)
  INSTANCES=$(IFS=,; echo "${ports[*]}")
  CLUSTER_LB=127.0.0.1:$LB_PORT CLUSTER_INSTANCES=$INSTANCES CLUSTER_PG_PORT='' CLUSTER_PERSONS=$PERSONS \
    CLUSTER_SERVE_ARGS="--mode test --sla off --no-access-log --threads $INSTANCE_THREADS" \
    "$ROOT/scripts/cluster.sh" start "$BUILD" "$CLUSTER_DIR" >"$RUN/cluster-$count.log" 2>&1 ||
    { cat "$RUN/cluster-$count.log" >&2; die "scripts/cluster.sh start failed"; }
  FIRST_INSTANCE=${ports[0]}
}
log "PostgreSQL: one instance"
start_cluster 1
measure pg_1 "https://$FIRST_INSTANCE$LEFI_PATH"
measure pg_1_lb "https://127.0.0.1:$LB_PORT$LEFI_PATH"
"$ROOT/scripts/cluster.sh" stop "$CLUSTER_DIR" >/dev/null 2>&1

# --- 3. PostgreSQL: three instances through nginx ---------------------------------------------------
log "PostgreSQL: three instances behind nginx"
start_cluster 3
measure pg_3_lb "https://127.0.0.1:$LB_PORT$LEFI_PATH"
DB_URL=$(cat "$CLUSTER_DIR/db-url")
"$UTBYTE" audit verify --db "$DB_URL" >"$RUN/audit-verify.log" || die "audit verify failed after the load"
"$ROOT/scripts/cluster.sh" stop "$CLUSTER_DIR" >/dev/null 2>&1

# --- the table and bench/results/cluster.json -------------------------------------------------------
node - "$RUN" "$OUT" <<'EOF'
const fs = require('fs');
const [runDir, out] = process.argv.slice(2);
const read = (n) => JSON.parse(fs.readFileSync(`${runDir}/${n}.json`, 'utf8'));
const scenarios = {
  sqlite_1: 'SQLite, 1 instance, direct',
  pg_1: 'PostgreSQL, 1 instance, direct',
  pg_1_lb: 'PostgreSQL, 1 instance, via nginx',
  pg_3_lb: 'PostgreSQL, 3 instances, via nginx',
};
const rows = Object.entries(scenarios).map(([key, label]) => {
  const { median, rounds } = read(key);
  return { key, label, requests_per_s: median.requests_per_s, rounds, non_2xx: median.non_2xx,
    errors: median.errors, latency_ms: median.latency_ms, tls: median.tls };
});
const rps = Object.fromEntries(rows.map((r) => [r.key, r.requests_per_s]));
const ratios = {
  'pg_3_lb / pg_1_lb (scale-out)': rps.pg_3_lb / rps.pg_1_lb,
  'pg_1 / sqlite_1 (store)': rps.pg_1 / rps.sqlite_1,
  'pg_1_lb / pg_1 (nginx hop)': rps.pg_1_lb / rps.pg_1,
  'pg_3_lb / sqlite_1': rps.pg_3_lb / rps.sqlite_1,
};
const pad = (s, n) => String(s).padEnd(n);
console.log(`\n${pad('scenario', 38)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}non-2xx`);
for (const r of rows) {
  console.log(`${pad(r.label, 38)}${pad(r.requests_per_s.toFixed(0), 10)}${pad(r.latency_ms.p50.toFixed(2), 9)}` +
    `${pad(r.latency_ms.p99.toFixed(2), 9)}${r.non_2xx}`);
}
console.log('');
for (const [k, v] of Object.entries(ratios)) console.log(`${pad(k, 38)}${v.toFixed(2)}`);
fs.writeFileSync(out, JSON.stringify({
  when: new Date().toISOString(),
  machine: { cpus: require('os').cpus().length, model: require('os').cpus()[0]?.model },
  settings: {
    connections: Number(process.env.CONNECTIONS || 32), duration_s: Number(process.env.DURATION || 8),
    warmup_s: Number(process.env.WARMUP || 2), rounds: Number(process.env.ROUNDS || 3),
    persons: Number(process.env.PERSONS || 20000), instance_threads: Number(process.env.INSTANCE_THREADS || 2),
    load_balancer: 'nginx 1.22 stream (TLS passthrough), least_conn', sla: 'off', access_log: 'off',
  },
  scenarios: rows,
  ratios,
}, null, 2) + '\n');
console.log(`\nwritten: ${out}`);
EOF
