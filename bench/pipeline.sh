#!/usr/bin/env bash
# Partner-pipeline benchmark: LEFI v9 throughput and p99 of `utbyte serve` with SSBTEK traffic
# beside it whose six sources hang (each answers after HANG_MS, past its timeout), against its
# peer measured in the same run: the same server and the same LEFI load with nothing beside it.
# The ratio (beside / alone) shows whether slow partners of one service slow another; with
# handlers on the worker pool and SSBTEK holding no thread while it waits, it should be ~1.
# Driven by bench/loadgen (keep-alive HTTPS/1.1 with a client certificate).
#
# usage: bench/pipeline.sh BUILD_DIR
# tunables (environment): CONNECTIONS=8 SSBTEK_CONNECTIONS=16 DURATION=8 WARMUP=2 HANG_MS=2500
#                         WORKERS=8 PERSONS=1000
# writes bench/results/pipeline.json (OUT=FILE to write elsewhere)
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/pipeline.sh BUILD_DIR" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
UTBYTE=$BUILD/utbyte
LOADGEN=$BUILD/loadgen

CONNECTIONS=${CONNECTIONS:-8}
SSBTEK_CONNECTIONS=${SSBTEK_CONNECTIONS:-16}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-2}
HANG_MS=${HANG_MS:-2500}
WORKERS=${WORKERS:-8}
PERSONS=${PERSONS:-1000}

# shellcheck source=common.sh
source "$BENCH/common.sh"
bench_setup pipeline "$PERSONS"

log "simulators: every source hangs ${HANG_MS} ms (timeout 1000 ms, deadline ${HANG_MS} ms)"
"$UTBYTE" ssbtek simulatorer --certs "$CERTS" --latens-ms "$HANG_MS" --tradar 128 --timeout-ms 1000 \
  --total-tidsgrans-ms "$HANG_MS" --config-ut "$RUN/kallor.json" >"$RUN/simulators.out" 2>"$RUN/simulators.err" &
PIDS+=($!)
for _ in $(seq 100); do grep -q "simulators ready" "$RUN/simulators.out" 2>/dev/null && break; sleep 0.1; done
grep -q "simulators ready" "$RUN/simulators.out" || die "simulators did not start: $(cat "$RUN/simulators.err")"
# No circuit breaker: every question waits for its sources until the deadline, all run long.
node -e 'const fs = require("fs"); const c = JSON.parse(fs.readFileSync(process.argv[1]));
  for (const k of Object.values(c.kallor)) k.brytare = { felgrans: 1000000 };
  fs.writeFileSync(process.argv[1], JSON.stringify(c));' "$RUN/kallor.json"

(cd "$ROOT" && exec "$UTBYTE" serve --listen 127.0.0.1:0 --db "$DB" --certs "$CERTS" --sla off \
  --no-access-log --workers "$WORKERS" --ssbtek-config "$RUN/kallor.json") \
  >"$RUN/serve.out" 2>"$RUN/serve.err" &
PIDS+=($!)
for _ in $(seq 100); do grep -q "listening on" "$RUN/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on https:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$RUN/serve.out")
[[ -n $PORT ]] || die "serve did not start: $(cat "$RUN/serve.err")"

TODAY=$(date -u +%F)
FROM=$(date -u -d "$TODAY -1 year" +%F)
printf '{"personnummer":"198503129986","informationstyper":["PERSONUPPGIFTER","SJUKPENNING","UTBETALNING"],"fromDatum":"%s","tomDatum":"%s"}' \
  "$FROM" "$TODAY" >"$RUN/lefi.json"
cat >"$RUN/ssbtek.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><sb:HamtaUppgifterEkonomisktBistand xmlns:sb="urn:utbyte:ssbtek:ekonomisktbistand:1"><sb:arendereferens>BENCH-1</sb:arendereferens><sb:sokande>199405309999</sb:sokande><sb:fromDatum>$FROM</sb:fromDatum><sb:tomDatum>$TODAY</sb:tomDatum></sb:HamtaUppgifterEkonomisktBistand></soap:Body></soap:Envelope>
XML
LEFI_URL="https://127.0.0.1:$PORT/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/BENCH/formansinformation/fraga"
TLS=(--cert "$CERTS/client.pem" --key "$CERTS/client.key" --cacert "$CERTS/ca.pem")
lefi_load() {
  "$LOADGEN" --url "$LEFI_URL" --method POST --body-file "$RUN/lefi.json" \
    --header 'Content-Type: application/json' "${TLS[@]}" --connections "$CONNECTIONS" \
    --duration "$DURATION" --warmup "$WARMUP" --quiet --json "$1"
}

log "peer: LEFI v9 alone, $CONNECTIONS connections, ${DURATION} s"
lefi_load "$RUN/alone.json"
log "LEFI v9 beside $SSBTEK_CONNECTIONS connections of SSBTEK questions to hanging sources"
"$LOADGEN" --url "https://127.0.0.1:$PORT/ws/FK.SSBTEK.EkonomisktBistand" --method POST \
  --body-file "$RUN/ssbtek.xml" --header 'Content-Type: text/xml; charset=utf-8' "${TLS[@]}" \
  --connections "$SSBTEK_CONNECTIONS" --duration $((DURATION + WARMUP + 4)) --warmup 0 --quiet \
  --json "$RUN/ssbtek.json" &
SSBTEK_LOAD=$!
sleep 2  # every SSBTEK connection has a question out
lefi_load "$RUN/beside.json"
wait "$SSBTEK_LOAD" || die "the SSBTEK load failed"

node - "$RUN" "${OUT:-$BENCH/results/pipeline.json}" "$HANG_MS" "$WORKERS" "$SSBTEK_CONNECTIONS" <<'JS'
const fs = require('fs');
const [run, out, hang, workers, ssbtekConnections] = process.argv.slice(2);
const read = (name) => JSON.parse(fs.readFileSync(`${run}/${name}.json`));
const alone = read('alone');
const beside = read('beside');
const ssbtek = read('ssbtek');
const row = (name, r) => ({ name, requests_per_s: Math.round(r.requests_per_s * 10) / 10,
  p50_ms: r.latency_ms.p50, p99_ms: r.latency_ms.p99, non_2xx: r.non_2xx, errors: r.errors });
const result = {
  when: new Date().toISOString(),
  scenario: `LEFI v9 on ${alone.connections} keep-alive mTLS connections, alone and beside ` +
            `${ssbtekConnections} connections of SSBTEK questions whose sources hang ${hang} ms; ` +
            `serve --workers ${workers}`,
  rows: [row('utbyte LEFI v9 beside hanging SSBTEK', beside), row('peer: the same LEFI load alone', alone),
         row('(the SSBTEK load itself)', ssbtek)],
  throughput_beside_over_alone: Math.round(beside.requests_per_s / alone.requests_per_s * 100) / 100,
  p99_beside_ms: beside.latency_ms.p99,
  raw: { alone, beside, ssbtek },
};
fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log('| what | req/s | p50 ms | p99 ms | non-2xx |');
console.log('|---|---|---|---|---|');
for (const r of result.rows) console.log(`| ${r.name} | ${r.requests_per_s} | ${r.p50_ms.toFixed(1)} | ${r.p99_ms.toFixed(1)} | ${r.non_2xx} |`);
console.log(`LEFI throughput beside / alone = ${result.throughput_beside_over_alone}; p99 beside ${beside.latency_ms.p99.toFixed(1)} ms`);
JS
