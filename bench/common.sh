# Sourced by the benchmarks that share one set-up (ssbtek.sh, pipeline.sh): after BENCH, BUILD,
# UTBYTE and LOADGEN are set,
#   bench_setup NAME PERSONS
# defines log/die (prefixed [NAME-bench]), makes WORK=bench/work/NAME with an empty RUN dir,
# checks utbyte (building loadgen if missing), creates dev certificates in CERTS and a register
# of PERSONS in DB (both reused between runs), and kills every pid in PIDS on exit.

log() { printf '[%s-bench] %s\n' "$BENCH_NAME" "$*" >&2; }
die() { printf '[%s-bench] error: %s\n' "$BENCH_NAME" "$*" >&2; exit 1; }

bench_setup() {
  BENCH_NAME=$1
  local persons=$2
  WORK=$BENCH/work/$BENCH_NAME
  RUN=$WORK/run
  mkdir -p "$WORK" "$BENCH/results"
  rm -rf "$RUN" && mkdir -p "$RUN"

  [[ -x $UTBYTE ]] || die "$UTBYTE not found: build first"
  [[ -x $LOADGEN ]] || { log "building loadgen"; cmake --build "$BUILD" --target loadgen >/dev/null; }

  CERTS=$WORK/certs
  [[ -f $CERTS/ca.pem ]] || "$UTBYTE" certs init --dir "$CERTS" >/dev/null
  DB=$WORK/register-$persons.db
  [[ -f $DB ]] || "$UTBYTE" register generate --db "$DB" --persons "$persons" --seed 1 >/dev/null 2>&1

  PIDS=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
