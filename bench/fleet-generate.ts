/**
 * Writes a generated fleet to a folder: one `dsregcmd /status` capture per device (a few in the
 * logon-script shape and as collection-script JSON) and the matching Entra portal export.
 *
 *   tsx bench/fleet-generate.ts OUT_DIR [COUNT=3000] [SEED=1]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDevice, generateEntraCsv } from '../src/fleet/generate.ts';

/** Writes `count` devices under `dir/captures` and `dir/entra-devices.csv`; returns the paths. */
export function writeFleet(dir: string, count: number, seed = 1): { captures: string; entra: string } {
  const captures = join(dir, 'captures');
  mkdirSync(captures, { recursive: true });
  for (let i = 0; i < count; i++) {
    const d = generateDevice(seed, i);
    const sub = join(captures, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
    if (i % 50 === 7) {
      // The logon-script shape: <user>--<computer>.txt with two systeminfo lines appended.
      const text = `${d.text}\r\nOS Name:                   Microsoft Windows ${Number(d.build.split('.')[2]) >= 22000 ? 11 : 10} Enterprise\r\nOS Version:                ${d.build.split('.').slice(0, 3).join('.')} N/A Build ${d.build.split('.')[2]}\r\n`;
      writeFileSync(join(sub, `user${i}--${d.computer}.txt`), text);
    } else {
      writeFileSync(join(sub, `${d.computer}.txt`), d.text);
    }
  }
  const entra = join(dir, 'entra-devices.csv');
  writeFileSync(entra, generateEntraCsv(seed, count));
  return { captures, entra };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, count = '3000', seed = '1'] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('usage: tsx bench/fleet-generate.ts OUT_DIR [COUNT] [SEED]\n');
    process.exitCode = 2;
  } else {
    const paths = writeFleet(out, Number(count), Number(seed));
    process.stdout.write(`${paths.captures}\n${paths.entra}\n`);
  }
}
