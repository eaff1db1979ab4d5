// SSBTEK helpers shared by the suites: the simulated base services in a process of their own
// (`utbyte ssbtek simulatorer`, as an operator runs real ones) and the SOAP request text.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN } from './harness.mjs';

export const SSBTEK_NS = 'urn:utbyte:ssbtek:ekonomisktbistand:1';
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SSBTEK_WS = '/ws/FK.SSBTEK.EkonomisktBistand';

/** Starts `utbyte ssbtek simulatorer` with `args` and resolves once it says ready. */
export function startSimulators(name, args, dir) {
  return new Promise((resolve, reject) => {
    const config = path.join(dir, `${name}.json`);
    const child = spawn(BIN, ['ssbtek', 'simulatorer', '--certs', path.join(dir, 'certs'), '--config-ut', config, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name}: not ready in 30 s\n${out}`)), 30_000);
    child.stdout.on('data', (c) => {
      out += c;
      if (/simulators ready/.test(out)) {
        clearTimeout(timer);
        resolve({ child, config, urls: JSON.parse(fs.readFileSync(config, 'utf8')).kallor });
      }
    });
    child.stderr.on('data', (c) => { out += c; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${name} exited ${code}\n${out}`)); });
  });
}

export function envelope(payload, header = '') {
  return `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP_NS}">` +
    (header ? `<soap:Header>${header}</soap:Header>` : '') + `<soap:Body>${payload}</soap:Body></soap:Envelope>`;
}

export function ssbtekRequest({ sokande, medsokande, from, tom, kallor, referens = 'E2E-1' }) {
  return `<sb:HamtaUppgifterEkonomisktBistand xmlns:sb="${SSBTEK_NS}"><sb:arendereferens>${referens}</sb:arendereferens>` +
    `<sb:sokande>${sokande}</sb:sokande>${medsokande ? `<sb:medsokande>${medsokande}</sb:medsokande>` : ''}` +
    `<sb:fromDatum>${from}</sb:fromDatum><sb:tomDatum>${tom}</sb:tomDatum>` +
    (kallor ? `<sb:kallor>${kallor.map((k) => `<sb:kalla>${k}</sb:kalla>`).join('')}</sb:kallor>` : '') +
    '</sb:HamtaUppgifterEkonomisktBistand>';
}
