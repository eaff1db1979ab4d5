#!/usr/bin/env bash
# `make bench`: every benchmark of bench/, each with its peer measured in the same run, then one
# table of them all (bench/summary.mjs). Each benchmark also writes its own JSON to
# bench/results/, so figures can be compared over time.
#
#   bench/all.sh BUILD_DIR            ONLY="run eioa" bench/all.sh build   (a subset)
# The first run generates two large registers into bench/work/ (100 000 and 1 000 000 persons,
# about 2 GB, kept for later runs); count on 10–15 minutes then, about 5 afterwards.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD=${1:-build}
ALL="run massfraga leka_dygnskorning eioa ssbtek pipeline cluster"
ONLY=${ONLY:-$ALL}

failed=()
for bench in $ONLY; do
  script=$BENCH/$bench.sh
  [[ -f $script ]] || { echo "bench: $bench.sh does not exist" >&2; failed+=("$bench"); continue; }
  echo "=== bench/$bench.sh ===" >&2
  if ! bash "$script" "$BUILD" >"$BENCH/work/$bench.out" 2> >(sed "s/^/[$bench] /" >&2); then
    echo "bench: $bench.sh failed (output in bench/work/$bench.out)" >&2
    failed+=("$bench")
  fi
done

echo >&2
node "$BENCH/summary.mjs" "$BENCH/results"
if ((${#failed[@]})); then
  echo "bench: failed: ${failed[*]}" >&2
  exit 1
fi
