// Helpers of bench/run.sh (Node, no dependencies):
//   node report.mjs bodies CATALOGUE.json AS_OF OUT_DIR [N]  candidate query bodies, richest first
//   node report.mjs line RUNS.jsonl                          one-line summary of the latest run
//   node report.mjs table RUNS.jsonl META.json BODY.json OUT.json
//                                                            prints the table, writes OUT.json
import fs from 'node:fs';

const SCENARIOS = {
  keepalive: 'LEFI v9 query, mTLS keep-alive',
  handshake: 'LEFI v9 query, new mTLS handshake per request',
};
const PEER = 'nginx static copy, mTLS';
const PRISM_SCENARIO = 'LEFI v9 query vs Prism mock (plain HTTP, contract examples)';
// The goals of issue 11, as utbyte / peer requests per second.
const GOALS = { nginx: 0.5, prism: 10 };
const goalNote = (ratio, goal) =>
  `goal utbyte/peer ≥ ${goal}: ${ratio === null ? 'not measured' : ratio >= goal ? 'met' : 'missed'}`;

const readRuns = (file) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

/** "2025-03-14" minus one year plus one day: a window of exactly twelve months. */
function twelveMonthsBefore(asOf) {
  const d = new Date(`${asOf}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Payment count if the catalogue states one (any numeric field named like utbetal*). */
function payments(person) {
  let n = 0;
  for (const [key, value] of Object.entries(person)) {
    if (/utbetal/i.test(key)) n = Math.max(n, typeof value === 'number' ? value : Array.isArray(value) ? value.length : 0);
  }
  return n;
}

function bodies([catalogueFile, asOf, outDir, count = '100']) {
  const catalogue = JSON.parse(fs.readFileSync(catalogueFile, 'utf8'));
  const ranked = catalogue
    .filter((p) => p.personnummer && Array.isArray(p.informationstyper) && p.informationstyper.length > 0)
    .sort((a, b) => payments(b) - payments(a) || b.informationstyper.length - a.informationstyper.length);
  ranked.slice(0, Number(count)).forEach((p, i) => {
    const body = {
      personnummer: p.personnummer,
      // The catalogue lists benefit types; payments are their own type (UTBETALNING).
      informationstyper: [...new Set([...p.informationstyper, 'UTBETALNING'])],
      fromDatum: twelveMonthsBefore(asOf),
      tomDatum: asOf,
    };
    fs.writeFileSync(`${outDir}/candidate-${i + 1}.json`, JSON.stringify(body));
  });
  if (ranked.length === 0) {
    console.error('report.mjs: the catalogue has no person with information types');
    process.exit(1);
  }
}

const num = (x, digits = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).replace(/,/g, ' ');
const rps = (run) => run.loadgen.requests_per_s;
const p99 = (run) => `${num(run.loadgen.latency_ms.p99, 2)} ms`;
const pct = (cpuSeconds, wall) => `${num((100 * cpuSeconds) / wall)} %`;
/** Server CPU share over the measured window, and CPU milliseconds per completed response. */
const serverCpu = (run) => pct(run.server_cpu_s, run.measured_s);
const cpuMsPerRequest = (run) => (run.loadgen.requests ? (1000 * run.server_cpu_s) / run.loadgen.requests : null);
const cpuMs = (run) => {
  const ms = cpuMsPerRequest(run);
  return ms === null ? '–' : `${num(ms, ms < 0.1 ? 3 : 2)} ms`;
};
const loadgenCpu = (run) => pct(run.loadgen.loadgen_cpu_s.user + run.loadgen.loadgen_cpu_s.system, run.wall_s);
const bytesPerResponse = (run) => (run.loadgen.requests ? run.loadgen.bytes / run.loadgen.requests : 0);
const failures = (run) => Object.values(run.loadgen.errors).reduce((a, b) => a + b, 0) + run.loadgen.non_2xx;

function line([runsFile]) {
  const runs = readRuns(runsFile);
  const r = runs[runs.length - 1];
  const g = r.loadgen;
  console.log(
    `[bench] round ${r.round} ${r.scenario.padEnd(9)} ${r.target.padEnd(6)} ${num(g.requests_per_s).padStart(7)} req/s` +
      `  p50 ${num(g.latency_ms.p50, 2)} ms  p99 ${num(g.latency_ms.p99, 2)} ms` +
      `  server CPU ${serverCpu(r)} (${cpuMs(r)}/req)  loadgen CPU ${loadgenCpu(r)}` +
      `  non-2xx ${g.non_2xx}  errors ${Object.values(g.errors).reduce((a, b) => a + b, 0)}` +
      (Object.keys(g.first_errors).length ? `  (${JSON.stringify(g.first_errors)})` : ''),
  );
}

/** The run with the median requests/s among a scenario's runs on one side. */
function median(runs) {
  const sorted = [...runs].sort((a, b) => rps(a) - rps(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function mask(personnummer) {
  return `${personnummer.slice(0, 8)}-****`;
}

function table([runsFile, metaFile, bodyFile, outFile]) {
  const runs = readRuns(runsFile);
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  const body = JSON.parse(fs.readFileSync(bodyFile, 'utf8'));
  const rows = [];
  for (const [scenario, label] of Object.entries(SCENARIOS)) {
    const mine = runs.filter((r) => r.scenario === scenario && r.target === 'utbyte');
    const peer = runs.filter((r) => r.scenario === scenario && r.target === 'nginx');
    if (!mine.length || !peer.length) continue;
    const u = median(mine);
    const n = median(peer);
    const unit = scenario === 'handshake' ? 'handshakes/s' : 'req/s';
    const ratio = rps(n) ? rps(u) / rps(n) : null;
    const goal = scenario === 'keepalive' ? GOALS.nginx : null;
    rows.push({
      scenario: label,
      unit,
      utbyte_per_s: rps(u),
      peer: PEER,
      peer_per_s: rps(n),
      ratio,
      ...(goal === null ? {} : { goal_ratio: goal, goal_met: ratio !== null && ratio >= goal }),
      utbyte_p99_ms: u.loadgen.latency_ms.p99,
      peer_p99_ms: n.loadgen.latency_ms.p99,
      connections: u.loadgen.connections,
      utbyte_cpu_percent: (100 * u.server_cpu_s) / u.measured_s,
      peer_cpu_percent: (100 * n.server_cpu_s) / n.measured_s,
      utbyte_cpu_ms_per_request: cpuMsPerRequest(u),
      peer_cpu_ms_per_request: cpuMsPerRequest(n),
      notes:
        (goal === null ? '' : `${goalNote(ratio, goal)}; `) +
        `${unit}; server CPU utbyte ${serverCpu(u)} = ${cpuMs(u)}/req, nginx ${serverCpu(n)} = ${cpuMs(n)}/req; ` +
        `loadgen CPU ${loadgenCpu(u)} / ${loadgenCpu(n)}; ` +
        `${num(bytesPerResponse(u))} / ${num(bytesPerResponse(n))} B per response; ` +
        `errors+non-2xx ${failures(u)} / ${failures(n)}` +
        (meta.rounds > 1 ? `; median of ${mine.length} runs` : ''),
    });
  }
  // Prism: its own runs against utbyte's keep-alive runs above (the same median run).
  // This build against an older one measured in the same run (BASELINE=…): before/after a change.
  for (const [scenario, label] of Object.entries(SCENARIOS)) {
    const mine = runs.filter((r) => r.scenario === scenario && r.target === 'utbyte');
    const before = runs.filter((r) => r.scenario === scenario && r.target === 'baseline');
    if (!mine.length || !before.length) continue;
    const u = median(mine);
    const b = median(before);
    const unit = scenario === 'handshake' ? 'handshakes/s' : 'req/s';
    rows.push({
      scenario: `${label}, this build vs baseline`,
      unit,
      utbyte_per_s: rps(u),
      peer: `baseline ${meta.baseline?.version ?? ''}`.trim(),
      peer_per_s: rps(b),
      ratio: rps(b) ? rps(u) / rps(b) : null,
      utbyte_p99_ms: u.loadgen.latency_ms.p99,
      peer_p99_ms: b.loadgen.latency_ms.p99,
      connections: u.loadgen.connections,
      utbyte_cpu_ms_per_request: cpuMsPerRequest(u),
      peer_cpu_ms_per_request: cpuMsPerRequest(b),
      notes:
        `${unit}; server CPU this build ${cpuMs(u)}/req, baseline ${cpuMs(b)}/req; ` +
        `${num(bytesPerResponse(u))} / ${num(bytesPerResponse(b))} B per response; ` +
        `errors+non-2xx ${failures(u)} / ${failures(b)}` +
        (meta.rounds > 1 ? `; median of ${mine.length} / ${before.length} runs` : ''),
    });
  }
  const prism = meta.prism ?? null;
  const mineKeepalive = runs.filter((r) => r.scenario === 'keepalive' && r.target === 'utbyte');
  const prismRuns = runs.filter((r) => r.scenario === 'prism' && r.target === 'prism');
  if (prism && mineKeepalive.length && prismRuns.length) {
    const u = median(mineKeepalive);
    const p = median(prismRuns);
    const ratio = rps(p) ? rps(u) / rps(p) : null;
    rows.push({
      scenario: PRISM_SCENARIO,
      unit: 'req/s',
      utbyte_per_s: rps(u),
      peer: `Prism ${prism.version} mock, plain HTTP`,
      peer_per_s: rps(p),
      ratio,
      goal_ratio: GOALS.prism,
      goal_met: ratio !== null && ratio >= GOALS.prism,
      utbyte_p99_ms: u.loadgen.latency_ms.p99,
      peer_p99_ms: p.loadgen.latency_ms.p99,
      connections: u.loadgen.connections,
      utbyte_cpu_percent: (100 * u.server_cpu_s) / u.measured_s,
      peer_cpu_percent: (100 * p.server_cpu_s) / p.measured_s,
      utbyte_cpu_ms_per_request: cpuMsPerRequest(u),
      peer_cpu_ms_per_request: cpuMsPerRequest(p),
      notes:
        `${goalNote(ratio, GOALS.prism)}; req/s; Prism answers the contract's canned example ` +
        `(${num(bytesPerResponse(p))} B per response) over plain HTTP without TLS after validating the request; ` +
        `utbyte answers real register data (${num(bytesPerResponse(u))} B) over mTLS; ` +
        `Prism asked at the contract's path without /rest, --verboseLevel ${prism.verbose_level}; ` +
        `server CPU utbyte ${serverCpu(u)} = ${cpuMs(u)}/req, Prism ${serverCpu(p)} = ${cpuMs(p)}/req` +
        (cpuMsPerRequest(u) && cpuMsPerRequest(p)
          ? ` (Prism/utbyte CPU per request ${num(cpuMsPerRequest(p) / cpuMsPerRequest(u), 1)}×)` : '') + '; ' +
        `loadgen CPU ${loadgenCpu(u)} / ${loadgenCpu(p)}; errors+non-2xx ${failures(u)} / ${failures(p)}` +
        (meta.rounds > 1 ? `; median of ${mineKeepalive.length} / ${prismRuns.length} runs` : ''),
    });
  }
  const rss = meta.rss_kib;
  const mib = (kib) => `${num(kib / 1024, 1)} MiB`;
  rows.push({
    scenario: 'peak RSS (VmHWM), idle → after all runs',
    unit: 'KiB',
    utbyte_idle_kib: rss.utbyte_idle,
    utbyte_after_kib: rss.utbyte_after,
    peer: 'nginx master + workers',
    peer_idle_kib: rss.nginx_idle,
    peer_after_kib: rss.nginx_after,
    ratio: rss.nginx_after ? rss.utbyte_after / rss.nginx_after : null,
    notes: `utbyte holds a ${num(meta.register.persons)}-person register (SQLite); nginx holds one file`,
  });
  if (prism) {
    rows.push({
      scenario: 'peak RSS (VmHWM), idle → after its runs',
      unit: 'KiB',
      utbyte_idle_kib: rss.utbyte_idle,
      utbyte_after_kib: rss.utbyte_after,
      peer: `Prism ${prism.version} (node, ${prism.processes} process${prism.processes === 1 ? '' : 'es'})`,
      peer_idle_kib: prism.rss_kib.idle,
      peer_after_kib: prism.rss_kib.after,
      ratio: prism.rss_kib.after ? rss.utbyte_after / prism.rss_kib.after : null,
      notes: 'Prism holds the parsed contract and its examples; utbyte figures as in the row above',
    });
  }

  const header = ['scenario', 'utbyte req/s', 'peer', 'peer req/s', 'ratio', 'utbyte p99', 'peer p99', 'connections', 'notes'];
  const cells = rows.map((r) =>
    r.unit === 'KiB'
      ? [r.scenario, `${mib(r.utbyte_idle_kib)} → ${mib(r.utbyte_after_kib)}`, r.peer,
        `${mib(r.peer_idle_kib)} → ${mib(r.peer_after_kib)}`, r.ratio === null ? '–' : num(r.ratio, 2), '–', '–', '–', r.notes]
      : [r.scenario, num(r.utbyte_per_s), r.peer, num(r.peer_per_s), r.ratio === null ? '–' : num(r.ratio, 2),
        `${num(r.utbyte_p99_ms, 2)} ms`, `${num(r.peer_p99_ms, 2)} ms`, String(r.connections), r.notes],
  );
  const out = [];
  out.push('');
  out.push(`utbyte LEFI v9 benchmark, ${meta.timestamp}: ${meta.machine.cpus} CPUs (${meta.machine.model}), ${meta.machine.note}`);
  out.push(
    `utbyte serve --threads ${meta.server_threads} | nginx worker_processes ${meta.nginx_worker_processes} (${meta.nginx_version}) | ` +
      (prism ? `Prism ${prism.version} mock (node, plain HTTP) | ` : '') +
      `loadgen 1 thread | pinning: ${meta.pinning}`,
  );
  out.push(
    `query: POST ${meta.query.path}, ${meta.query.body_bytes} B body for ${mask(body.personnummer)} ` +
      `(${body.informationstyper.length} information types, ${body.fromDatum}..${body.tomDatum}); answer ${meta.query.answer_bytes} B; ` +
      `register ${num(meta.register.persons)} persons, seed ${meta.register.seed}; ${meta.duration_s} s per run after ${meta.warmup_s} s warmup`,
  );
  out.push('');
  out.push(`| ${header.join(' | ')} |`);
  out.push(`|${header.map(() => '---').join('|')}|`);
  for (const c of cells) out.push(`| ${c.join(' | ')} |`);
  let validation = null;
  if (meta.validation) {
    const v = meta.validation;
    const middle = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const loadgenRps = middle(v.pairs.map((p) => p.loadgen.requests_per_s));
    const wrkRps = middle(v.pairs.map((p) => p.wrk_requests_per_s));
    const usPerRequest = (cpu, n) => (n ? (1e6 * cpu) / n : null);
    const loadgenUs = middle(v.pairs.map((p) =>
      usPerRequest(p.loadgen.loadgen_cpu_s.user + p.loadgen.loadgen_cpu_s.system, p.loadgen.requests)));
    const wrkUs = middle(v.pairs.map((p) => usPerRequest(p.wrk_cpu_s, p.wrk_requests)));
    validation = {
      url: v.url,
      loadgen_cpu_us_per_request: loadgenUs,
      wrk_cpu_us_per_request: wrkUs,
      connections: v.connections,
      loadgen_per_s: loadgenRps,
      wrk_per_s: wrkRps,
      ratio: wrkRps ? loadgenRps / wrkRps : null,
      pairs: v.pairs,
    };
    out.push('');
    out.push(
      `loadgen self-check (nginx plain TLS GET, ${v.connections} connections, both 1 thread` +
        `${v.pairs.length > 1 ? `, median of ${v.pairs.length} alternating pairs` : ''}): loadgen ` +
        `${num(loadgenRps)} req/s vs wrk ${num(wrkRps)} req/s = ` +
        `${validation.ratio === null ? '–' : num(100 * validation.ratio)} % (must be ≥ 90 %); ` +
        `CPU per request: loadgen ${num(loadgenUs ?? 0, 1)} µs, wrk ${num(wrkUs ?? 0, 1)} µs`,
    );
  }
  console.log(out.join('\n'));

  const result = {
    ...meta,
    query: { ...meta.query, personnummer: mask(body.personnummer), informationstyper: body.informationstyper,
      fromDatum: body.fromDatum, tomDatum: body.tomDatum },
    rows,
    validation,
    table: out.join('\n'),
    runs,
  };
  fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
}

const [mode, ...args] = process.argv.slice(2);
const modes = { bodies, line, table };
if (!modes[mode]) {
  console.error('usage: node report.mjs bodies|line|table ...');
  process.exit(2);
}
modes[mode](args);
