// The one table of `make bench`: reads the newest result of every benchmark in bench/results/ and
// prints one row per scenario — utbyte, its peer measured in the same run, the ratio and the goal —
// and writes the table as bench/results/summary-<stamp>.json. A benchmark that has not been run
// shows as "not run", never as a number from somewhere else.
//
//   node bench/summary.mjs [RESULTS_DIR]
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), 'results');

/** The newest file of dir whose name matches `pattern`, parsed; undefined when there is none. */
function newest(pattern) {
  const files = fs.readdirSync(dir).filter((f) => pattern.test(f))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  if (files.length === 0) return undefined;
  return { file: files[0].f, data: JSON.parse(fs.readFileSync(path.join(dir, files[0].f), 'utf8')) };
}

const rows = [];
const add = (row) => rows.push(row);
const notRun = (scenario, how) => add({ scenario, utbyte: 'not run', peer: how, ratio: null });

// LEFI v9 against nginx and Prism, handshakes, RSS: bench/run.sh.
const lefi = newest(/^\d{8}T\d{6}Z\.json$/);
if (lefi) {
  for (const r of lefi.data.rows) {
    if (r.unit === 'KiB') {
      add({ scenario: r.scenario, utbyte: `${r.utbyte_idle_kib} → ${r.utbyte_after_kib} KiB`,
        peer: `${r.peer}: ${r.peer_idle_kib} → ${r.peer_after_kib} KiB`, ratio: r.ratio, higherIsBetter: false,
        source: lefi.file });
    } else {
      add({ scenario: r.scenario, utbyte: `${r.utbyte_per_s} ${r.unit}`, peer: `${r.peer}: ${r.peer_per_s}`,
        ratio: r.ratio, goal: r.goal_ratio, source: lefi.file });
    }
  }
} else {
  notRun('LEFI v9 query vs nginx / Prism', 'bench/run.sh');
}

const massfraga = newest(/^massfraga-.*\.json$/);
if (massfraga) {
  const m = massfraga.data;
  add({ scenario: `Massfråga: ${m.order_persons} persons against a ${m.register_persons}-person register`,
    utbyte: `${m.persons_per_s} persons/s`, peer: `v9 sync endpoint, 32 connections: ${m.peer?.answers_per_s ?? '?'} answers/s`,
    ratio: m.ratio_massfraga_to_v9, goal: null, note: 'target 10 000 persons/s', source: massfraga.file });
} else {
  notRun('Massfråga', 'bench/massfraga.sh');
}

const leka = newest(/^leka_dygnskorning\.json$/);
if (leka?.data.peer) {
  const l = leka.data;
  add({ scenario: `LEKA daily run: ${l.change_log_rows} changes × ${l.subscriptions} subscriptions`,
    utbyte: `${l.daily_run_wall_seconds} s, peak RSS ${l.daily_run_peak_rss_mb} MB`,
    peer: `plain SQL join+insert in sqlite3: ${Number(l.peer.seconds).toFixed(2)} s`,
    ratio: Number(l.peer.seconds) / l.daily_run_wall_seconds, note: `target < ${l.target_seconds} s: ` +
      (l.daily_run_wall_seconds < l.target_seconds ? 'met' : 'missed'), source: leka.file });
} else {
  notRun('LEKA daily run', 'bench/leka_dygnskorning.sh');
}

const eioa = newest(/^eioa\.json$/);
if (eioa?.data.peer) {
  const e = eioa.data;
  add({ scenario: 'E-IOA: validated + signature-checked + stored notifications', utbyte: `${e.notifications_per_s}/s`,
    peer: `${e.peer.what}: ${e.peer.commits_per_s}/s`, ratio: e.ratio_to_peer, source: eioa.file });
} else {
  notRun('E-IOA intake', 'bench/eioa.sh');
}

const ssbtek = newest(/^ssbtek\.json$/);
if (ssbtek) {
  const [composite, peer] = ssbtek.data.rows;
  add({ scenario: 'SSBTEK composite query (6 sources in parallel), p50 latency', utbyte: `${composite.p50_ms.toFixed(1)} ms`,
    peer: `slowest source directly: ${peer.p50_ms.toFixed(1)} ms`, ratio: composite.p50_ms / peer.p50_ms,
    higherIsBetter: false, note: `${composite.requests_per_s} vs ${peer.requests_per_s} req/s`, source: ssbtek.file });
} else {
  notRun('SSBTEK composite', 'bench/ssbtek.sh');
}

const pipeline = newest(/^pipeline\.json$/);
if (pipeline) {
  const [beside, alone] = pipeline.data.rows;
  add({ scenario: 'LEFI v9 beside SSBTEK questions to hanging sources', utbyte: `${beside.requests_per_s} req/s, p99 ${beside.p99_ms.toFixed(1)} ms`,
    peer: `LEFI alone: ${alone.requests_per_s} req/s, p99 ${alone.p99_ms.toFixed(1)} ms`,
    ratio: beside.requests_per_s / alone.requests_per_s, source: pipeline.file });
} else {
  notRun('LEFI beside hanging SSBTEK', 'bench/pipeline.sh');
}

const cluster = newest(/^cluster\.json$/);
if (cluster) {
  const by = Object.fromEntries(cluster.data.scenarios.map((x) => [x.key, x]));
  const pair = (scenario, a, b, note) => {
    if (!by[a] || !by[b]) return;
    add({ scenario, utbyte: `${by[a].label}: ${Math.round(by[a].requests_per_s)} req/s`,
      peer: `${by[b].label}: ${Math.round(by[b].requests_per_s)} req/s`,
      ratio: by[a].requests_per_s / by[b].requests_per_s, note, source: cluster.file });
  };
  pair('LEFI v9 on PostgreSQL: 3 instances vs 1, through nginx', 'pg_3_lb', 'pg_1_lb',
    'all share 2 cores and one audit chain lock (bench/README.md)');
  pair('LEFI v9: PostgreSQL vs SQLite, 1 instance', 'pg_1', 'sqlite_1');
} else {
  notRun('Cluster scaling', 'bench/cluster.sh');
}

const fmt = (x) => (x === null || x === undefined ? '—' : Number(x).toFixed(2));
const widths = [62, 34, 66, 6];
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i]).slice(0, Math.max(widths[i], String(c).length))).join('  ');
console.log(line(['scenario', 'utbyte', 'peer (same run)', 'ratio']));
for (const r of rows) {
  let ratio = fmt(r.ratio);
  if (r.goal) ratio += ` (goal ${r.goal}: ${r.ratio >= r.goal ? 'met' : 'missed'})`;
  if (r.higherIsBetter === false && r.ratio !== null) ratio += ' (lower is better)';
  if (r.note) ratio += `; ${r.note}`;
  console.log(line([r.scenario, r.utbyte, r.peer, ratio]));
}
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
fs.writeFileSync(path.join(dir, `summary-${stamp}.json`), `${JSON.stringify({ when: new Date().toISOString(), rows }, null, 2)}\n`);
