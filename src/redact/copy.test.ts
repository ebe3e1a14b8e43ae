import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBytes } from '../analyze.ts';
import { readCaptures } from '../read/index.ts';
import { createRedactor, redactCaptureText, redactEventText } from './index.ts';

const events = (name: string) => join(import.meta.dirname, '../../test/fixtures/events', name);

/** The event IDs an export reads to, in order. */
function eventIds(text: string, name: string): number[] {
  const input = analyzeBytes(new TextEncoder().encode(text), { path: name });
  return input.events?.records.map((r) => r.eventId) ?? [];
}

describe('redacted copies of event exports', () => {
  it.each([
    ['udr-admin.wevtutil.xml', 'xml'],
    ['udr-admin.ps51.json', 'json'],
    ['udr-admin.export.csv', 'csv'],
    ['udr-admin.eventviewer.txt', 'text'],
  ])('%s stays %s, reads to the same events, and names no device, tenant or domain', (file, kind) => {
    const text = readFileSync(events(file), 'utf8');
    const input = analyzeBytes(new TextEncoder().encode(text), { path: file });
    expect(input.events?.kind).toBe(kind);
    const copy = redactEventText(text, input.events?.records ?? [], createRedactor());
    expect(eventIds(copy, file)).toEqual(eventIds(text, file));
    expect(copy.split('\n').length).toBe(text.split('\n').length);
    for (const id of [
      'PC01',
      'contoso.com',
      'aaaabbbb-0000-cccc-1111-dddd2222eeee',
      'bbbbcccc-1111-dddd-2222-eeee3333ffff',
    ]) {
      expect(copy).not.toContain(id);
    }
  });

  it('gives a device the same pseudonym in its capture and in its event log', () => {
    const capture = [
      '+----------------------------------------------------------------------+',
      '| Device State                                                         |',
      '+----------------------------------------------------------------------+',
      '               Device Name : PC01.contoso.com',
      '',
    ].join('\n');
    const xml = readFileSync(events('udr-admin.wevtutil.xml'), 'utf8');
    const redactor = createRedactor();
    const captureCopy = redactCaptureText(capture, readCaptures(capture), redactor);
    const records = analyzeBytes(new TextEncoder().encode(xml), { path: 'a.xml' }).events?.records ?? [];
    const xmlCopy = redactEventText(xml, records, redactor);
    expect(captureCopy).toContain('Device Name : DEVICE1.domain1.example');
    expect(xmlCopy).toContain('<Computer>DEVICE1.domain1.example</Computer>');
  });
});

describe('redacted copies of captures stay linear', () => {
  /** A collapsed paste: one line holding `n` repeats of a field (line breaks lost). */
  const collapsed = (n: number) =>
    `Device State ${Array.from({ length: n }, () => 'NgcSet : YES').join(' ')}\n`;

  function millis(n: number): number {
    const text = collapsed(n);
    const captures = readCaptures(text);
    const start = performance.now();
    redactCaptureText(text, captures, createRedactor());
    return performance.now() - start;
  }

  it('costs about 8 times as much for a line with 8 times the repeated fields, not 64', () => {
    millis(2_000); // warm-up
    const small = millis(4_000);
    const large = millis(32_000);
    // Linear work gives about 8; the old copy-on-append gave about 64. The bound is generous.
    expect(large / Math.max(small, 1)).toBeLessThan(24);
  });
});
