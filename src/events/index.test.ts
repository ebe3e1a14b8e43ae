import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventKindOfText, looksClearlyLikeEvents, readEventsFromText } from './index.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/events');
const text = (name: string) => readFileSync(join(fixtures, name), 'utf8');

// The room reads text; bytes of any kind are the flow's (`src/flow/events.test.ts`).
describe('the events room reads event exports given as text', () => {
  it.each([
    ['udr-admin.wevtutil.xml', 'xml', 16],
    ['udr-admin.ps51.json', 'json', 3],
    ['udr-admin.export.csv', 'csv', 3],
    ['udr-admin.eventviewer.txt', 'text', 3],
    ['copy-details.txt', 'text', 2],
  ])('%s: %s with %i records', (name, kind, count) => {
    expect(eventKindOfText(text(name))).toBe(kind);
    const result = readEventsFromText(text(name), { name });
    expect(result?.kind).toBe(kind);
    expect(result?.records).toHaveLength(count);
  });

  it('puts the warnings of decoding first, before its own', () => {
    const result = readEventsFromText(text('udr-admin.ps51.json'), {
      warnings: ['the text was decoded as Windows-1252'],
    });
    expect(result?.warnings[0]).toBe('the text was decoded as Windows-1252');
  });

  it('returns null for what is not an event export, and never throws', () => {
    expect(readEventsFromText('+----+\n| Device State |\n AzureAdJoined : YES\n')).toBeNull();
    expect(eventKindOfText('')).toBeNull();
    expect(looksClearlyLikeEvents('+----+\n| Device State |\n AzureAdJoined : YES\n')).toBe(false);
    expect(readEventsFromText('<Event><System><EventID>304</EventID>')?.skipped).toEqual([
      { where: 'line 1', why: 'event cut off: no closing </Event>' },
    ]);
  });
});
