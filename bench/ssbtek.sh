#!/usr/bin/env bash
# SSBTEK benchmark: composite queries per second and latency of `utbyte serve` fanning every
# question out to the six SIMULATED base services (fixed latency, one slower) plus LEFI
# in-process, against its named peer measured in the same run: a direct call of the slowest
# simulator. The parallel fan-out's p50/p99 should sit near the slowest source, not the sum of
# all sources. Driven by bench/loadgen (keep-alive HTTPS/1.1 with a client certificate).
#
# usage: bench/ssbtek.sh BUILD_DIR
# tunables (environment): CONNECTIONS=16 DURATION=8 WARMUP=2 LATENCY_MS=50 SLOW_MS=120
#                         SERVER_THREADS=2 SIM_THREADS=64 PERSONS=1000
# writes bench/results/ssbtek.json (OUT=FILE to write elsewhere)
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/ssbtek.sh BUILD_DIR" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
UTBYTE=$BUILD/utbyte
LOADGEN=$BUILD/loadgen

CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-2}
LATENCY_MS=${LATENCY_MS:-50}
SLOW_MS=${SLOW_MS:-120}   # Skatteverket's simulator: the slowest source
SERVER_THREADS=${SERVER_THREADS:-2}   # I/O threads; SSBTEK holds no thread while it fans out
SIM_THREADS=${SIM_THREADS:-64}        # a simulated latency holds a simulator thread
PERSONS=${PERSONS:-1000}

# shellcheck source=common.sh
source "$BENCH/common.sh"
bench_setup ssbtek "$PERSONS"

log "simulators: ${LATENCY_MS} ms each, Skatteverket ${SLOW_MS} ms"
"$UTBYTE" ssbtek simulatorer --certs "$CERTS" --latens-ms "$LATENCY_MS" \
  --kalla-latens "skatteverket=$SLOW_MS" --tradar "$SIM_THREADS" --timeout-ms 2000 \
  --total-tidsgrans-ms 5000 --config-ut "$RUN/kallor.json" >"$RUN/simulators.out" 2>"$RUN/simulators.err" &
PIDS+=($!)
for _ in $(seq 100); do grep -q "simulators ready" "$RUN/simulators.out" 2>/dev/null && break; sleep 0.1; done
grep -q "simulators ready" "$RUN/simulators.out" || die "simulators did not start: $(cat "$RUN/simulators.err")"

(cd "$ROOT" && exec "$UTBYTE" serve --listen 127.0.0.1:0 --db "$DB" --certs "$CERTS" --sla off \
  --no-access-log --threads "$SERVER_THREADS" --ssbtek-config "$RUN/kallor.json") \
  >"$RUN/serve.out" 2>"$RUN/serve.err" &
PIDS+=($!)
for _ in $(seq 100); do grep -q "listening on" "$RUN/serve.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on https:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$RUN/serve.out")
[[ -n $PORT ]] || die "serve did not start: $(cat "$RUN/serve.err")"

TODAY=$(date -u +%F)
FROM=$(date -u -d "$TODAY -1 year" +%F)
cat >"$RUN/fraga.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><sb:HamtaUppgifterEkonomisktBistand xmlns:sb="urn:utbyte:ssbtek:ekonomisktbistand:1"><sb:arendereferens>BENCH-1</sb:arendereferens><sb:sokande>199405309999</sb:sokande><sb:fromDatum>$FROM</sb:fromDatum><sb:tomDatum>$TODAY</sb:tomDatum></sb:HamtaUppgifterEkonomisktBistand></soap:Body></soap:Envelope>
XML
printf '{"personnummer":"199405309999","fromDatum":"%s","tomDatum":"%s"}' "$FROM" "$TODAY" >"$RUN/simulator.json"
SLOWEST=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).kallor.SKATTEVERKET.url)' "$RUN/kallor.json")

TLS=(--cert "$CERTS/client.pem" --key "$CERTS/client.key" --cacert "$CERTS/ca.pem")
LOAD=(--connections "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" --quiet)

# A sanity check: the composite answer is complete before it is measured.
curl -sS --cert "$CERTS/client.pem" --key "$CERTS/client.key" --cacert "$CERTS/ca.pem" \
  -H 'Content-Type: text/xml; charset=utf-8' --data-binary @"$RUN/fraga.xml" \
  "https://127.0.0.1:$PORT/ws/FK.SSBTEK.EkonomisktBistand" >"$RUN/svar.xml"
grep -q '<sb:komplett>true</sb:komplett>' "$RUN/svar.xml" || die "the answer is not complete: $(head -c 600 "$RUN/svar.xml")"

log "composite: POST /ws/FK.SSBTEK.EkonomisktBistand, $CONNECTIONS connections, ${DURATION} s"
"$LOADGEN" --url "https://127.0.0.1:$PORT/ws/FK.SSBTEK.EkonomisktBistand" --method POST \
  --body-file "$RUN/fraga.xml" --header 'Content-Type: text/xml; charset=utf-8' "${TLS[@]}" "${LOAD[@]}" \
  --json "$RUN/composite.json"
log "peer: the slowest simulator directly ($SLOWEST/uppgifter)"
"$LOADGEN" --url "$SLOWEST/uppgifter" --method POST --body-file "$RUN/simulator.json" \
  --header 'Content-Type: application/json' "${TLS[@]}" "${LOAD[@]}" --json "$RUN/peer.json"

node - "$RUN" "${OUT:-$BENCH/results/ssbtek.json}" "$LATENCY_MS" "$SLOW_MS" "$SERVER_THREADS" <<'JS'
const fs = require('fs');
const [run, out, latency, slow, threads] = process.argv.slice(2);
const composite = JSON.parse(fs.readFileSync(`${run}/composite.json`));
const peer = JSON.parse(fs.readFileSync(`${run}/peer.json`));
const sum = 5 * Number(latency) + Number(slow);
const row = (name, r) => ({ name, requests_per_s: Math.round(r.requests_per_s * 10) / 10,
  p50_ms: r.latency_ms.p50, p99_ms: r.latency_ms.p99, non_2xx: r.non_2xx, errors: r.errors });
const result = {
  when: new Date().toISOString(),
  scenario: `6 simulated sources at ${latency} ms (Skatteverket ${slow} ms) + FK/PM via LEFI; ` +
            `${composite.connections} keep-alive mTLS connections; serve --threads ${threads}`,
  slowest_source_ms: Number(slow),
  sum_of_sources_ms: sum,
  rows: [row('utbyte SSBTEK composite (SOAP, fan-out)', composite), row('peer: slowest simulator directly', peer)],
  composite_p50_over_slowest_peer_p50: Math.round(composite.latency_ms.p50 / peer.latency_ms.p50 * 100) / 100,
  composite_p50_over_sum_of_sources: Math.round(composite.latency_ms.p50 / sum * 100) / 100,
  raw: { composite, peer },
};
fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log('| what | req/s | p50 ms | p99 ms | non-2xx |');
console.log('|---|---|---|---|---|');
for (const r of result.rows) console.log(`| ${r.name} | ${r.requests_per_s} | ${r.p50_ms.toFixed(1)} | ${r.p99_ms.toFixed(1)} | ${r.non_2xx} |`);
console.log(`sum of the sources' latencies: ${sum} ms; slowest source: ${slow} ms`);
console.log(`composite p50 / peer p50 = ${result.composite_p50_over_slowest_peer_p50}; composite p50 / sum = ${result.composite_p50_over_sum_of_sources}`);
JS
