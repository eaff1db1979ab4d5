#!/usr/bin/env bash
# Shows that bench/loadgen is not the bottleneck: loadgen and wrk, one thread each, against the
# same nginx over plain TLS (no client certificate, which wrk cannot present), same connection
# count, alternating, ROUNDS times; prints every pair and the medians. Needs no utbyte: the
# certificates (ECDSA P-256) are made with the openssl CLI in bench/work/selftest/.
#
# usage: bench/validate_loadgen.sh BUILD_DIR
# tunables: CONNECTIONS=32 DURATION=8 ROUNDS=3 ANSWER_BYTES=4400 SERVER_CPUS=1 LOADGEN_CPUS=0
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -ge 1 ]] || { echo "usage: bench/validate_loadgen.sh BUILD_DIR" >&2; exit 2; }
LOADGEN=$(cd "$1" && pwd)/loadgen
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-8}
ROUNDS=${ROUNDS:-3}
ANSWER_BYTES=${ANSWER_BYTES:-4400}
DIR=$BENCH/work/selftest
[[ -x $LOADGEN ]] || { echo "$LOADGEN not found: cmake --build $1 --target loadgen" >&2; exit 1; }
for tool in wrk nginx openssl; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
mkdir -p "$DIR/tmp"

SERVER_PIN=()
LOADGEN_PIN=()
if command -v taskset >/dev/null && (($(nproc) >= 2)); then
  SERVER_PIN=(taskset -c "${SERVER_CPUS:-1}")
  LOADGEN_PIN=(taskset -c "${LOADGEN_CPUS:-0}")
fi

# A CA, a server certificate for 127.0.0.1 and a client certificate, all ECDSA P-256.
if [[ ! -f $DIR/client.pem ]]; then
  (
    cd "$DIR"
    key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
    key ca.key
    openssl req -x509 -new -key ca.key -out ca.pem -days 365 -subj '/CN=loadgen selftest CA'
    for who in server client; do
      key "$who.key"
      openssl req -new -key "$who.key" -out "$who.csr" -subj "/CN=loadgen selftest $who"
    done
    printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
    printf 'extendedKeyUsage=clientAuth\n' >client.ext
    for who in server client; do
      openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 365 \
        -extfile "$who.ext" -out "$who.pem" 2>/dev/null
    done
  )
fi
# A JSON answer of about the size of a LEFI answer.
node -e "const n=+process.argv[1];let s='{\"utbetalningar\":[';while(s.length<n-80)s+='{\"datum\":\"2025-01-25\",\"bruttobelopp\":12345},';process.stdout.write(s.slice(0,-1)+']}')" \
  "$ANSWER_BYTES" >"$DIR/answer.json"

PLAIN_PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
MTLS_PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
USER_LINE=""
[[ $(id -u) -eq 0 ]] && USER_LINE="user $(id -un) $(id -gn);"
cat >"$DIR/nginx.conf" <<EOF
worker_processes 1;
$USER_LINE
error_log $DIR/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $DIR/tmp/body;
  keepalive_requests 1000000;
  ssl_protocols TLSv1.3;
  ssl_certificate $DIR/server.pem;
  ssl_certificate_key $DIR/server.key;
  server {
    listen 127.0.0.1:$PLAIN_PORT ssl;
    location = /answer.json { alias $DIR/answer.json; default_type application/json; }
  }
  server {
    listen 127.0.0.1:$MTLS_PORT ssl;
    ssl_client_certificate $DIR/ca.pem;
    ssl_verify_client on;
    location = /answer.json {
      alias $DIR/answer.json;
      default_type application/json;
      error_page 405 =200 \$uri;
    }
  }
}
EOF
"${SERVER_PIN[@]}" nginx -p "$DIR" -c "$DIR/nginx.conf" -g "daemon off; pid $DIR/nginx.pid;" &
NGINX_PID=$!
cleanup() {
  kill -TERM "$NGINX_PID" 2>/dev/null || true
  wait "$NGINX_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
sleep 0.5
URL=https://127.0.0.1:$PLAIN_PORT/answer.json
curl -sf --cacert "$DIR/ca.pem" -o /dev/null "$URL" || { cat "$DIR/error.log" >&2; exit 1; }

run_loadgen() {
  "${LOADGEN_PIN[@]}" "$LOADGEN" --url "$URL" --cacert "$DIR/ca.pem" --connections "$CONNECTIONS" \
    --duration "$DURATION" --quiet --json "$DIR/loadgen.json" >/dev/null
  node -e "console.log(require('$DIR/loadgen.json').requests_per_s.toFixed(0))"
}
run_wrk() {
  "${LOADGEN_PIN[@]}" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$URL" |
    awk '/^Requests\/sec:/ {printf "%.0f\n", $2}'
}

echo "nginx 1 worker, plain TLS 1.3 GET of a $ANSWER_BYTES B JSON, $CONNECTIONS connections, ${DURATION} s, 1 thread each"
loadgen_runs=()
wrk_runs=()
for round in $(seq "$ROUNDS"); do
  if ((round % 2)); then
    l=$(run_loadgen)
    w=$(run_wrk)
  else
    w=$(run_wrk)
    l=$(run_loadgen)
  fi
  loadgen_runs+=("$l")
  wrk_runs+=("$w")
  echo "round $round: loadgen $l req/s, wrk $w req/s ($(awk -v l="$l" -v w="$w" 'BEGIN {printf "%.0f", 100 * l / w}') %)"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
l=$(median "${loadgen_runs[@]}")
w=$(median "${wrk_runs[@]}")
echo "median: loadgen $l req/s, wrk $w req/s = $(awk -v l="$l" -v w="$w" 'BEGIN {printf "%.0f", 100 * l / w}') % (must be >= 90 %)"

# The same nginx with a client certificate required: loadgen only (wrk cannot do this).
"${LOADGEN_PIN[@]}" "$LOADGEN" --url "https://127.0.0.1:$MTLS_PORT/answer.json" --method POST \
  --body-file "$DIR/answer.json" --header 'Content-Type: application/json' --cert "$DIR/client.pem" \
  --key "$DIR/client.key" --cacert "$DIR/ca.pem" --connections "$CONNECTIONS" --duration "$DURATION"
