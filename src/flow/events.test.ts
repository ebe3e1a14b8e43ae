import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEventKind, readEvents } from './events.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/events');
const bytes = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c & 0xff;
    out[3 + i * 2] = c >> 8;
  }
  return out;
}

describe('detectEventKind and readEvents on every fixture', () => {
  it.each([
    ['udr-admin.wevtutil.xml', 'xml', 16],
    ['aad.saved.xml', 'xml', 11],
    ['udr-304.rendered.xml', 'xml', 1],
    ['wpj-win7.wevtutil.xml', 'xml', 10],
    ['udr-admin.ps51.json', 'json', 3],
    ['aad-1098.ps7.json', 'json', 1],
    ['udr-admin.export.csv', 'csv', 3],
    ['udr-admin.eventviewer.csv', 'csv', 3],
    ['udr-admin.eventviewer.txt', 'text', 3],
    ['copy-details.txt', 'text', 2],
    ['every-event.copied.txt', 'text', 36],
    ['wevtutil-text.txt', 'text', 2],
    ['details-friendly.txt', 'text', 1],
    ['general-tab-paste.md', 'text', 2],
  ])('%s: %s with %i records, from bytes and from text', (name, kind, count) => {
    expect(detectEventKind(bytes(name))).toBe(kind);
    const fromBytes = readEvents(bytes(name), { name });
    expect(fromBytes?.kind).toBe(kind);
    expect(fromBytes?.records).toHaveLength(count);
    const fromText = readEvents(readFileSync(join(fixtures, name), 'utf8'));
    expect(fromText?.records).toEqual(fromBytes?.records);
  });

  it('decodes UTF-16 exports (PowerShell 5.1 Out-File writes UTF-16 LE)', () => {
    const text = readFileSync(join(fixtures, 'udr-admin.ps51.json'), 'utf8');
    const result = readEvents(utf16le(text));
    expect(result?.kind).toBe('json');
    expect(result?.records.map((r) => r.eventId)).toEqual([306, 305, 304]);
  });

  it('returns null for what is not an event file, and never throws', () => {
    expect(readEvents('+----+\n| Device State |\n AzureAdJoined : YES\n')).toBeNull();
    expect(detectEventKind('')).toBeNull();
    expect(readEvents(new Uint8Array([0x00, 0xff, 0x10, 0x80]))).toBeNull();
    expect(readEvents('<Event><System><EventID>304</EventID>')?.skipped).toEqual([
      { where: 'line 1', why: 'event cut off: no closing </Event>' },
    ]);
  });
});

const samples = join(import.meta.dirname, '../../../shared/evtx-samples');
describe.runIf(existsSync(samples))('readEvents on real EVTX files', () => {
  it('detects EVTX by its signature and hands it to the EVTX reader', () => {
    const file = readdirSync(samples).find(
      (f) => f === 'Microsoft-Windows-HelloForBusiness-Operational.evtx',
    ) as string;
    const data = new Uint8Array(readFileSync(join(samples, file)));
    expect(detectEventKind(data)).toBe('evtx');
    const result = readEvents(data);
    expect(result?.kind).toBe('evtx');
    expect(result?.records.length).toBeGreaterThanOrEqual(5);
  });
});
const references = join(samples, 'reference');
describe.runIf(existsSync(references))('readEvents on the reference readers’ XML of real logs', () => {
  it.each([
    ['system.python-evtx.xml', 1881],
    ['system.evtxexport.xml', 1881],
    ['sample_with_a_bad_chunk_magic.python-evtx.xml', 270],
    ['sample_with_a_bad_chunk_magic.evtxexport.xml', 267],
    ['Microsoft-Windows-HelloForBusiness-Operational.python-evtx.xml', 6],
    ['security_bad_string_cache.evtxexport.xml', 2261],
  ])('%s: %i records, as many as <Event> elements in the file', (name, count) => {
    const data = new Uint8Array(readFileSync(join(references, name)));
    const text = new TextDecoder().decode(data);
    expect((text.match(/<Event[\s>]/g) ?? []).length).toBe(count);
    const result = readEvents(data, { name });
    expect(result?.kind).toBe('xml');
    expect(result?.records).toHaveLength(count);
    expect(result?.skipped).toEqual([]);
  });
});

if (!existsSync(samples)) console.warn(`skipping the EVTX checks: ${samples} is absent`);
