// Retakes docs/screenshots/webb-hamta.png and webb-visa.png: runs the web interface's e2e suite
// with UTBYTE_SCREENSHOTS=1 (the suite photographs the pages it drives).
//
//   node scripts/webui-screenshots.mjs            (UTBYTE_BIN defaults to build/utbyte)

import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const result = spawnSync(process.execPath, ['--test', '--test-name-pattern', 'catalogue person',
  path.join(root, 'tests/e2e/webui.test.mjs')], {
  stdio: 'inherit',
  env: { ...process.env, UTBYTE_SCREENSHOTS: '1', UTBYTE_ROOT: root,
    UTBYTE_BIN: process.env.UTBYTE_BIN ?? path.join(root, 'build/utbyte') },
});
process.exit(result.status ?? 1);
