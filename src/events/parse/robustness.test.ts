import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventReadResult } from '../../model/events.ts';
import { factsOf } from '../facts.ts';
import { readEventJson } from './json.ts';
import { readEventGrid, readEventTable } from './table.ts';
import { readEventText } from './text.ts';
import { readEventXml } from './xml.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/events');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

const readers: [string, (text: string) => EventReadResult, string][] = [
  ['xml', readEventXml, 'udr-admin.wevtutil.xml'],
  ['json', readEventJson, 'udr-admin.ps51.json'],
  ['csv', (t) => readEventTable(t, 'csv'), 'udr-admin.export.csv'],
  ['text', readEventText, 'every-event.copied.txt'],
  ['Get-WinEvent table', readEventGrid, 'udr-aad.get-winevent.txt'],
  ['en-GB tab-separated', (t) => readEventTable(t, 'text'), 'udr-admin.en-gb.eventviewer.txt'],
];

describe.each(readers)('%s reader on damaged input', (_, read, name) => {
  const original = fixture(name);

  it('never throws, always returns a valid result, and facts never throw', () => {
    fc.assert(
      fc.property(fc.nat(original.length), fc.nat(200), fc.string({ maxLength: 20 }), (at, cut, insert) => {
        const damaged = original.slice(0, at) + insert + original.slice(at + cut);
        const result = read(damaged);
        expect(EventReadResult.safeParse(result).success).toBe(true);
        for (const record of result.records) factsOf(record);
      }),
      { numRuns: 150 },
    );
  });

  it('reads a truncated file up to the cut', () => {
    const full = read(original).records.length;
    const half = read(original.slice(0, Math.floor(original.length / 2))).records.length;
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(full);
  });
});
