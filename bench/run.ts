/**
 * `npm run bench`: every benchmark, one after another, printing figures (no assertions).
 * BENCH_ONLY names the parts to run, comma-separated (`reader`, `evtx`, `redact`, `cli`, `parse`,
 * `server`, `fleet`): `BENCH_ONLY=parse npm run bench` runs only the parse comparison.
 */
import { benchCli } from './cli.ts';
import { benchEvtx } from './evtx.ts';
import { benchFleet } from './fleet.ts';
import { benchParse } from './parse.ts';
import { benchReader } from './reader.ts';
import { benchRedact } from './redact.ts';
import { benchServer } from './server.ts';

const parts: [string, () => unknown][] = [
  ['reader', benchReader],
  ['evtx', benchEvtx],
  ['redact', benchRedact],
  ['cli', benchCli],
  ['parse', benchParse],
  ['server', benchServer],
  ['fleet', benchFleet],
];

const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter((s) => s !== '');
const unknown = only.filter((name) => !parts.some(([part]) => part === name));
if (unknown.length > 0) {
  console.error(
    `BENCH_ONLY: no part named ${unknown.join(', ')} (parts: ${parts.map(([p]) => p).join(', ')})`,
  );
  process.exit(2);
}
for (const [name, bench] of parts) {
  if (only.length === 0 || only.includes(name)) await bench();
}
