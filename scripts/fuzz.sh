#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ with clang++-14 (ASan + UBSan) and runs each for a set
# time from its committed seed corpus. Any crash, leak or undefined behaviour fails the run and
# leaves the reproducer in $BUILD/fuzz/artifacts/.
#
#   scripts/fuzz.sh [SECONDS_PER_HARNESS] [BUILD_DIR]     (make fuzz: 120 s each)
# BUILD_DIR is a -DUTBYTE_FUZZ=ON clang build (make build-sanitize makes build-sanitize/).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
build="${2:-build-sanitize}"

CXX=clang++-14 CC=clang-14 cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DUTBYTE_FUZZ=ON >/dev/null
harnesses=$(sed -n 's/^utbyte_fuzzer(\([a-z_]*\).*/\1/p' fuzz/fuzz.cmake)
# shellcheck disable=SC2086
cmake --build "$build" -j "$(nproc)" --target $harnesses

mkdir -p "$build/fuzz/artifacts"
status=0
for h in $harnesses; do
  work="$build/fuzz/corpus/$h"
  mkdir -p "$work"
  # New inputs go to the build's corpus; the committed seeds are read only.
  if "$build/fuzz/$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$build/fuzz/artifacts/$h-" "$work" "fuzz/corpus/$h" \
      >"$build/fuzz/$h.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz/$h.log")
    echo "fuzz: $h ok (${runs:-?} runs in ${seconds} s)"
  else
    echo "fuzz: $h FAILED, see $build/fuzz/$h.log:"
    grep -E "ERROR|SUMMARY|runtime error" "$build/fuzz/$h.log" | head -5
    status=1
  fi
done
exit $status
