#!/usr/bin/env bash
# `make run`: creates a dev CA, certificates and a synthetic register under var/demo/ (once),
# prints a first query, and serves LEFI on https://127.0.0.1:8200 in test mode.
set -euo pipefail
build_dir=${1:-build}
demo_dir=${2:-var/demo}
persons=${UTBYTE_DEMO_PERSONS:-10000}
bin="$build_dir/utbyte"

mkdir -p "$demo_dir"
if [[ ! -f "$demo_dir/certs/ca.pem" ]]; then
  "$bin" certs init --dir "$demo_dir/certs" >/dev/null
  echo "run: created a dev CA and certificates in $demo_dir/certs"
fi
if [[ ! -f "$demo_dir/register.db" ]]; then
  "$bin" register generate --db "$demo_dir/register.db" --persons "$persons" --seed 1
fi

from=$(date -u -d '1 year ago' +%F)
tom=$(date -u +%F)
cat <<MSG

A first query (in another terminal, from $(pwd)):

  curl --cert $demo_dir/certs/client.pem --key $demo_dir/certs/client.key --cacert $demo_dir/certs/ca.pem \\
    -H 'Content-Type: application/json' \\
    -d '{"personnummer":"198503129986","informationstyper":["PERSONUPPGIFTER","SJUKPENNING","UTBETALNING"],"fromDatum":"$from","tomDatum":"$tom"}' \\
    https://127.0.0.1:8200/rest/FK.EXI.LevereraFormansinformation.V9/lefi-extern-formansinformation/v9/aktorer/MIN-TESTAKTOR/formansinformation/fraga

or with the CLI:

  $bin lefi fraga --certs $demo_dir/certs --aktor MIN-TESTAKTOR --personnummer 198503129986 \\
    --typer PERSONUPPGIFTER,SJUKPENNING,UTBETALNING --format table

SSBTEK (simulated sources) and LEFI v5–7 answer at https://127.0.0.1:8200/ws and /shs2 (docs/ssbtek.md,
docs/lefi-soap.md).
Test persons: $bin register catalogue --db $demo_dir/register.db
Stop the server with Ctrl-C.

MSG
# SSBTEK's six base services run as simulators in the same process (every answer says so), so the
# whole local test environment answers at FK's addresses, /ws and /shs2 included.
exec "$bin" serve --listen 127.0.0.1:8200 --db "$demo_dir/register.db" --certs "$demo_dir/certs" --mode test \
  --ssbtek-simulatorer
