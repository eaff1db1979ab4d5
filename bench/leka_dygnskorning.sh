#!/usr/bin/env bash
# LEKA's daily run (dygnskörning) at scale: 1 000 000 subscriptions, ~100 000 register changes.
#
#   bash bench/leka_dygnskorning.sh BUILD_DIR        (default: build)
#
# 1. A 1 000 000-person register (catalogue + bulk), generated once as of 2026-11-19 and kept in
#    bench/work/leka/register-base.db; each run works on a fresh copy.
# 2. 1 000 000 subscriptions of one actor, one per person, every benefit type plus UTBETALNING, from
#    2024-01-01 (`utbyte leka prenumerera --bulk`, straight into the database).
# 3. `utbyte register advance --days 1`: 2026-11-20 is barnbidrag's pay day (the 20th), so about
#    one person in eight has preliminary payments paid out, plus the day's decisions, endings and
#    deaths: ~185 000 change-log rows, of which the first 100 000 are kept.
# 4. `utbyte leka run` under /usr/bin/time -v: wall time and peak RSS of the daily run, which
#    matches every change against the subscriptions and renders and stores every notification.
# Writes bench/results/leka_dygnskorning.json. Target (issue 5): under 10 s.
set -euo pipefail

BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$ROOT" && realpath "$BUILD/utbyte")
WORK=$ROOT/bench/work/leka
RESULT=$ROOT/bench/results/leka_dygnskorning.json
PERSONS=999983  # bulk persons; with the 17 catalogue persons the register has 1 000 000
SUBSCRIPTIONS=1000000
AS_OF=2026-11-19
CHANGES=100000
mkdir -p "$WORK" "$ROOT/bench/results"

if [[ ! -f $WORK/register-base.db ]]; then
  echo "genererar registret ($PERSONS + katalogen, as-of $AS_OF) ..." >&2
  rm -f "$WORK"/register-base.db*
  "$BIN" register generate --db "$WORK/register-base.db.tmp" --persons "$PERSONS" --seed 1 --as-of "$AS_OF" >&2
  mv "$WORK/register-base.db.tmp" "$WORK/register-base.db"
fi

RUN=$WORK/run.db
rm -f "$RUN" "$RUN-wal" "$RUN-shm"
cp "$WORK/register-base.db" "$RUN"

echo "skapar $SUBSCRIPTIONS prenumerationer ..." >&2
subscribe_start=$(date +%s.%N)
"$BIN" leka prenumerera --db "$RUN" --aktor BENCH --bulk "$SUBSCRIPTIONS" --from 2024-01-01 >&2
subscribe_s=$(printf '%.3f' "$(echo "$(date +%s.%N) - $subscribe_start" | bc)")

echo "flyttar registret en dag framåt ..." >&2
advance_start=$(date +%s.%N)
"$BIN" register advance --db "$RUN" --days 1 --seed 1 > "$WORK/advance.txt" 2>/dev/null
advance_s=$(printf '%.3f' "$(echo "$(date +%s.%N) - $advance_start" | bc)")
cat "$WORK/advance.txt" >&2
day_changes=$(sqlite3 "$RUN" "SELECT count(*) FROM register_andring")
# The issue's load is 100 000 changes: the daily run gets the day's first 100 000 log rows (the
# rest are removed from this throw-away copy; the full day is reported as register_day_changes).
sqlite3 "$RUN" "DELETE FROM register_andring WHERE seq > $CHANGES"
changes=$(sqlite3 "$RUN" "SELECT count(*) FROM register_andring")

echo "dygnskörning ..." >&2
/usr/bin/time -v "$BIN" leka run --db "$RUN" > "$WORK/run.txt" 2> "$WORK/time.txt"
cat "$WORK/run.txt" >&2
notifications=$(sqlite3 "$RUN" "SELECT count(*) FROM leka_avisering")
subs=$(sqlite3 "$RUN" "SELECT count(*) FROM leka_prenumeration")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.txt")
# "m:ss.xx" or "h:mm:ss" to seconds
wall_s=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")

# Peer, in the same run on the same database: the matching and storing done as one plain SQL
# statement in sqlite3 — every (change, subscription) pair of the same person and type inserted
# with a payload of the notifications' average size. It renders nothing and keeps no high-water
# mark, so it is the floor a hand-written SQL daily run could reach on this disk.
avg_bytes=$(sqlite3 "$RUN" "SELECT CAST(avg(length(innehall)) AS INTEGER) FROM leka_avisering")
peer_start=$(date +%s.%N)
peer_rows=$(sqlite3 "$RUN" "PRAGMA synchronous=FULL;
CREATE TABLE peer_avisering (seq INTEGER, prenumeration TEXT, innehall TEXT);
INSERT INTO peer_avisering
  SELECT c.seq, s.id, printf('%.*c', $avg_bytes, 'x')
  FROM register_andring c JOIN leka_prenumeration s ON s.personnummer = c.personnummer
  WHERE instr(',' || s.informationstyper || ',', ',' || c.informationstyp || ',') > 0;
SELECT changes();" | tail -1)
peer_s=$(printf '%.3f' "$(echo "$(date +%s.%N) - $peer_start" | bc)")
echo "peer (plain SQL join + insert): $peer_rows rader på $peer_s s" >&2

cat > "$RESULT" <<JSON
{
  "benchmark": "leka_dygnskorning",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": {"cpus": $(nproc), "kernel": "$(uname -r)"},
  "register_persons": $((PERSONS + 17)),
  "subscriptions": $subs,
  "register_day_changes": $day_changes,
  "change_log_rows": $changes,
  "notifications_written": $notifications,
  "daily_run_wall_seconds": $wall_s,
  "daily_run_peak_rss_mb": $(echo "scale=1; $rss_kb / 1024" | bc),
  "bulk_subscribe_seconds": $subscribe_s,
  "register_advance_seconds": $advance_s,
  "target_seconds": 10,
  "peer": {"what": "sqlite3: one INSERT … SELECT join of changes and subscriptions, same payload size",
           "rows": $peer_rows, "seconds": $peer_s, "payload_bytes": $avg_bytes}
}
JSON
cat "$RESULT"
