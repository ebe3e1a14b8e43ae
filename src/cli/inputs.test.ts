/**
 * Large event exports in parts: each part cut between two events and framed to read on its own
 * (the header row of a table in front, the XML's opening and closing around), so no event is
 * lost, no part is taken for a capture, and the notice says how the export was read.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from '../flow/classify.ts';
import { inputParts } from './inputs.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/input');
const fixture = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));

/** What each part reads as: its kind and the event IDs found in it, in order. */
function readParts(parts: { name: string; bytes: Uint8Array }[]) {
  return parts.map((p) => {
    const found = classify(p.bytes, p.name);
    return found.kind === 'events'
      ? {
          kind: found.kind,
          ids: found.events.records.map((r) => r.eventId).join(','),
          warnings: found.events.warnings,
        }
      : { kind: found.kind };
  });
}

const LOCAL_TIMES =
  "times in this export carry no time zone (the exporting machine showed local time); they are read as UTC unless a capture's attempts show the offset";

describe('inputParts: event exports', () => {
  it('cuts an Event Viewer CSV export at row ends, the header row in front of every part', () => {
    // Every date of the fixture reads either way (3 April or 4 March): each part says so.
    const ambiguous = (first: string) =>
      `no date in this export shows whether it writes the day or the month first (${first}): dates are read month first`;
    // Six 304 events (a quoted message of nine lines, `registrationType: sync` among them) and
    // six 307 events, one line each: 67 lines, 4,143 bytes.
    const csv = fixture('udr-admin.eventviewer.csv');
    expect(csv.length).toBe(4143);
    const notes: string[] = [];
    const parts = inputParts('udr.csv', csv, (line) => notes.push(line), 2048, 2048);
    expect(parts.map((p) => [p.name, p.bytes.length])).toEqual([
      ['udr.csv [part 1 of 3: lines 1-33]', 1856],
      ['udr.csv [part 2 of 3: lines 34-56]', 1656],
      ['udr.csv [part 3 of 3: lines 57-67]', 733],
    ]);
    const header = 'Level,Date and Time,Source,Event ID,Task Category\r\n';
    for (const p of parts) expect(new TextDecoder().decode(p.bytes.subarray(0, header.length))).toBe(header);
    // Every part is events (never a capture read from the `Debug Output` lines), all 12 kept.
    expect(readParts(parts)).toEqual([
      {
        kind: 'events',
        ids: '304,307,304,307,304',
        warnings: [LOCAL_TIMES, ambiguous('3/4/2025 9:10:00 AM')],
      },
      {
        kind: 'events',
        ids: '307,304,307,304,307',
        warnings: [LOCAL_TIMES, ambiguous('3/4/2025 9:12:01 AM')],
      },
      { kind: 'events', ids: '304,307', warnings: [LOCAL_TIMES, ambiguous('3/4/2025 9:15:00 AM')] },
    ]);
    expect(notes).toEqual([
      'udr.csv: 4 KiB event export (CSV), read in 3 parts of at most 2 KiB, each cut between two events (the header row repeated in front of each); each part is reported as a log of its own',
    ]);
  });

  it('cuts saved event XML between `</Event>` and `<Event`, each part a well-formed document', () => {
    const xml = fixture('udr-admin.saved.xml');
    expect(xml.length).toBe(7486);
    const notes: string[] = [];
    const parts = inputParts('udr.xml', xml, (line) => notes.push(line), 2048, 2048);
    expect(parts.map((p) => p.name)).toEqual([
      'udr.xml [part 1 of 4: lines 1-45]',
      'udr.xml [part 2 of 4: lines 46-89]',
      'udr.xml [part 3 of 4: lines 90-132]',
      'udr.xml [part 4 of 4: lines 133-177]',
    ]);
    const texts = parts.map((p) => new TextDecoder().decode(p.bytes));
    for (const text of texts) {
      expect(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\r\n<Events>\r\n  <Event xmlns=')).toBe(
        true,
      );
      expect(
        text.endsWith('  </Event>\r\n\r\n</Events>\r\n') || text.endsWith('  </Event>\r\n</Events>\r\n'),
      ).toBe(true);
    }
    // No "not well formed" warning: every part parses whole, and no event is lost at a cut.
    expect(readParts(parts)).toEqual([
      { kind: 'events', ids: '307,304,307', warnings: [] },
      { kind: 'events', ids: '304,307,304', warnings: [] },
      { kind: 'events', ids: '307,304,307', warnings: [] },
      { kind: 'events', ids: '304,307,304', warnings: [] },
    ]);
    expect(notes).toEqual([
      'udr.xml: 7.3 KiB event export (XML), read in 4 parts of at most 2 KiB, each cut between two events (the opening and closing tags repeated around each); each part is reported as a log of its own',
    ]);
  });

  it('frames the parts of UTF-16 XML the same way, the byte order mark in front of each', () => {
    const text = new TextDecoder().decode(fixture('udr-admin.saved.xml'));
    const wide = new Uint8Array(2 + text.length * 2);
    wide.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) wide[2 + 2 * i] = text.charCodeAt(i);
    const parts = inputParts('udr16.xml', wide, undefined, 4096, 4096);
    expect(parts.map((p) => p.name)).toEqual([
      'udr16.xml [part 1 of 4: lines 1-45]',
      'udr16.xml [part 2 of 4: lines 46-89]',
      'udr16.xml [part 3 of 4: lines 90-132]',
      'udr16.xml [part 4 of 4: lines 133-177]',
    ]);
    expect(parts.every((p) => p.bytes[0] === 0xff && p.bytes[1] === 0xfe)).toBe(true);
    expect(readParts(parts).map((r) => ('ids' in r ? r.ids : r.kind))).toEqual([
      '307,304,307',
      '304,307,304',
      '307,304,307',
      '304,307,304',
    ]);
  });

  it('reads an export up to the event part size whole, while captures are cut at their own size', () => {
    const csv = fixture('udr-admin.eventviewer.csv');
    const notes: string[] = [];
    const parts = inputParts('udr.csv', csv, (line) => notes.push(line), 2048, 8192);
    expect(parts).toEqual([{ name: 'udr.csv', bytes: csv }]);
    expect(notes).toEqual([]);
  });
});
