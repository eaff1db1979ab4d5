// LEKA's daily run inside `utbyte serve`, at its configured Stockholm time: a subscription is
// registered, the register moves on 40 days, and a server whose clock (--fake-time) stands a few
// seconds before 02:00 delivers the changes without anyone running `utbyte leka run`.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { startEnvironment, utbyte, shiftDate } from './lib/harness.mjs';

const PREN = '/rest/FK.EXI.LevereraKundAvisering.Prenumeration.V9/leka-extern-prenumeration/v9/aktorer/SCHEMA-1/prenumerationer';
const AVIS = '/rest/FK.EXI.LevereraKundAvisering.Avisering.V9/leka-extern-avisering/v9/aktorer/SCHEMA-1/aviseringar';

let env;
after(async () => {
  await env?.cleanup();
});

/** Stockholm's UTC offset today, as "+01:00" or "+02:00". */
function stockholmOffset() {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Stockholm', timeZoneName: 'shortOffset' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName').value; // "GMT+1"
  return `+0${name.replace('GMT+', '')}:00`;
}

test('the daily run starts by itself at --leka-dygnskorning', async () => {
  env = await startEnvironment({ persons: 50 });
  const db = env.createDb('schema');

  await env.startServer('subscribe', ['--sla', 'off'], { db });
  const created = await env.request({
    server: 'subscribe',
    path: PREN,
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: { personnummer: '198503129986', informationstyper: ['SJUKPENNING', 'UTBETALNING'], fromDatum: shiftDate(env.today, { months: -6 }) },
  });
  assert.equal(created.status, 201, created.body);
  const first = await env.request({ server: 'subscribe', path: AVIS });
  assert.equal(first.status, 200);
  const firstCount = first.json.aviseringar.length;
  assert.ok(firstCount >= 1);
  assert.ok(first.json.aviseringar.every((a) => a.handelse === 'FORSTA_LEVERANS'));
  await env.stopServer('subscribe');

  utbyte(['register', 'advance', '--db', db, '--days', '40']);

  await env.startServer('schedule', ['--sla', 'off', '--leka-dygnskorning', '02:00',
    '--fake-time', `${env.today}T01:59:57${stockholmOffset()}`], { db });
  let later = [];
  for (let i = 0; i < 40 && later.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const res = await env.request({ server: 'schedule', path: AVIS });
    assert.equal(res.status, 200, res.body);
    later = res.json.aviseringar.filter((a) => a.handelse !== 'FORSTA_LEVERANS');
  }
  assert.ok(later.length > 0, 'no notification from the scheduled daily run within 20 s');
  assert.ok(later.every((a) => a.personnummer === '198503129986'));
  assert.ok(later.every((a) => ['SJUKPENNING', 'UTBETALNING'].includes(a.informationstyp)), JSON.stringify(later.map((a) => a.informationstyp)));
});
