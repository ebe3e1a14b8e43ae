import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getEntry, lookupCode, matchServerMessage } from './index.ts';

const SEEDS = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'seeds');

function seed(prefix: string): string {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`seed ${prefix} missing`);
  return readFileSync(join(SEEDS, file), 'utf8');
}

/** Every `**NAME** (0xhex/-decimal)` item of a seed's error lists. */
function printedCodes(text: string): { name: string; hex: string; decimal: string }[] {
  return [...text.matchAll(/\*\*([A-Z0-9_]+)\*\*\s*\((0x[0-9a-f]{8})\/(-\d+)\)/gi)].map((m) => ({
    name: m[1] as string,
    hex: m[2] as string,
    decimal: m[3] as string,
  }));
}

describe.each([
  ['001', 'English, 2019'],
  ['002', 'Dutch translation'],
])('seed %s (%s): every printed code', (prefix) => {
  const items = printedCodes(seed(prefix));

  it('is read from the article', () => {
    expect(items.length).toBe(31);
  });

  it('resolves by name, hex and decimal to the entry of that name, except the user-realm misprint (J5)', () => {
    const mismatches: string[] = [];
    for (const { name, hex, decimal } of items) {
      const byName = lookupCode(name).entry;
      const byHex = lookupCode(hex).entry;
      const byDecimal = lookupCode(decimal).entry;
      const names = (e: typeof byName) => (e ? [e.name, ...e.aliases] : []);
      if (!names(byName).includes(name)) mismatches.push(`${name} by name`);
      if (!names(byHex).includes(name)) mismatches.push(`${name} by ${hex}`);
      if (!names(byDecimal).includes(name)) mismatches.push(`${name} by ${decimal}`);
    }
    expect(mismatches).toEqual([
      'DSREG_AUTOJOIN_USERREALM_DISCOVERY_FAILED by 0x801c0021',
      'DSREG_AUTOJOIN_USERREALM_DISCOVERY_FAILED by -2145648611',
    ]);
    expect(lookupCode('DSREG_AUTOJOIN_USERREALM_DISCOVERY_FAILED').normalized).toBe('0x801c003d');
  });
});

describe('seed 001 samples', () => {
  const text = seed('001');

  it('the Previous Registration sample: sync join, 0x801c03f2, device object not found, expected while syncing', () => {
    const block =
      /Registration Type : (\w+)[\s\S]*?Client ErrorCode : (\S+)[\s\S]*?Server ErrorCode : (\S+)\s+Server Message : (.+)/.exec(
        text,
      );
    expect(block).not.toBeNull();
    const [, type, client, server, message] = block as unknown as string[];
    expect(getEntry(lookupCode(client as string).normalized ?? '')?.name).toBe('DSREG_E_DIRECTORY_FAILURE');
    const match = matchServerMessage(server as string, message as string, type as 'sync');
    expect(match).toMatchObject({ id: 'drs-device-object-not-found', expectedWhileSyncing: true });
  });

  it('every server message of the federated and sync join tables is matched', () => {
    const rows = [...text.matchAll(/^\| (DirectoryError|AuthenticationError) \| ([^|]+) \|/gm)].map((m) => [
      m[1] as string,
      (m[2] as string).trim(),
    ]);
    expect(rows.map(([code, message]) => matchServerMessage(code as string, message as string)?.id)).toEqual([
      'drs-throttled',
      'drs-tenant-not-found',
      'drs-device-object-not-found',
      'drs-sid-verification',
    ]);
  });
});
