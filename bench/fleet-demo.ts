/**
 * `npm run demo:fleet`: the bundled examples plus a generated fleet of a few thousand devices and
 * its Entra export, ingested into a fresh store, then the fleet report. The store is left in the
 * temporary folder printed at the end, for `fleet devices` and `fleet device` to explore.
 *
 * Size knob: DEMO_FLEET_DEVICES (default 3000).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/program.ts';
import { writeFleet } from './fleet-generate.ts';

const root = join(import.meta.dirname, '..');
const dir = join(tmpdir(), 'dsreg-doctor-demo-fleet');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const count = Number(process.env.DEMO_FLEET_DEVICES) > 0 ? Number(process.env.DEMO_FLEET_DEVICES) : 3000;
const db = join(dir, 'fleet.db');
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.txt'))
  .map((f) => join(root, 'examples', f));

process.stderr.write(`Generating ${count} devices and their Entra export in ${dir} …\n`);
const fleet = writeFleet(dir, count, 1);
const now = '2026-12-01T00:00:00Z';
const steps: string[][] = [
  ['fleet', 'ingest', ...examples, fleet.captures, '--db', db, '--now', now, '--format', 'text'],
  ['fleet', 'import-entra', fleet.entra, '--db', db, '--now', now],
  ['fleet', 'report', '--db', db, '--now', now, '--since', '2026-11-28', '--format', 'text'],
];
for (const argv of steps) {
  const code = await runCli(argv);
  if (code !== 0) {
    process.exitCode = code;
    break;
  }
}
process.stderr.write(
  `\nThe store is ${db}. Try:\n  npx tsx src/cli/main.ts fleet devices --db ${db} --pending\n  npx tsx src/cli/main.ts fleet report --db ${db} --now ${now} -o fleet.html\n`,
);
