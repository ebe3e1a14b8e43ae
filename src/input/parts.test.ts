/**
 * Large text in parts: cuts between captures where it can, at line ends otherwise, with exact
 * line ranges, in UTF-8 and UTF-16, and no text lost or doubled.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { decodeBytes } from './decode.ts';
import { partBytes, splitText, type TextPart } from './parts.ts';

/** One capture of a device, as `dsregcmd /status` prints its first block: 9 lines, 368 bytes. */
function capture(n: number): string {
  return [
    '+----------------------------------------------------------------------+',
    '| Device State                                                         |',
    '+----------------------------------------------------------------------+',
    '',
    '             AzureAdJoined : YES',
    '          EnterpriseJoined : NO',
    '              DomainJoined : YES',
    `               Device Name : PC-${String(n).padStart(4, '0')}.contoso.com`,
    '',
    '',
  ].join('\n');
}

const utf16le = (text: string) => {
  const body = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    body[i * 2] = text.charCodeAt(i) & 0xff;
    body[i * 2 + 1] = text.charCodeAt(i) >> 8;
  }
  return new Uint8Array([0xff, 0xfe, ...body]);
};

describe('splitText', () => {
  const text = Array.from({ length: 40 }, (_, i) => capture(i + 1)).join('');
  const bytes = new TextEncoder().encode(text);
  const one = new TextEncoder().encode(capture(1)).length;

  it('cuts between captures, with the line ranges of each part', () => {
    expect(one).toBe(368);
    // Room for 3.25 captures a part: each part ends where the next capture's banner starts.
    const parts = splitText(bytes, 1200);
    expect(parts).toHaveLength(14);
    expect(parts.slice(0, 3)).toEqual([
      { start: 0, end: 1104, firstLine: 1, lastLine: 27, cut: 'document' },
      { start: 1104, end: 2208, firstLine: 28, lastLine: 54, cut: 'document' },
      { start: 2208, end: 3312, firstLine: 55, lastLine: 81, cut: 'document' },
    ]);
    expect(parts.at(-1)).toEqual({ start: 14352, end: 14720, firstLine: 352, lastLine: 360, cut: 'end' });
    const joined = parts.map((p) => new TextDecoder().decode(partBytes(bytes, p))).join('');
    expect(joined).toBe(text);
  });

  it('cuts at a line end when no capture starts in reach, and inside a line only when it must', () => {
    const lines = new TextEncoder().encode(`${'x'.repeat(99)}\n`.repeat(30));
    const parts = splitText(lines, 450);
    expect(parts.slice(0, 2)).toEqual([
      { start: 0, end: 400, firstLine: 1, lastLine: 4, cut: 'line' },
      { start: 400, end: 800, firstLine: 5, lastLine: 8, cut: 'line' },
    ]);
    const long = new TextEncoder().encode(`${'é'.repeat(300)}\nend\n`);
    const cut = splitText(long, 101);
    // 'é' is two bytes in UTF-8: a cut never falls between them.
    expect(cut.map((p) => [p.start, p.end, p.firstLine, p.lastLine, p.cut])).toEqual([
      [0, 100, 1, 1, 'inside-line'],
      [100, 200, 1, 1, 'inside-line'],
      [200, 300, 1, 1, 'inside-line'],
      [300, 400, 1, 1, 'inside-line'],
      [400, 500, 1, 1, 'inside-line'],
      [500, 600, 1, 1, 'inside-line'],
      // The part that starts with the newline ending line 1.
      [600, 605, 1, 2, 'end'],
    ]);
    expect(
      cut.map((p) => new TextDecoder('utf-8', { fatal: true }).decode(partBytes(long, p))).join(''),
    ).toBe(new TextDecoder().decode(long));
  });

  it('keeps the byte order mark of UTF-16 on every part, so each decodes as the whole', () => {
    const wide = utf16le(Array.from({ length: 6 }, (_, i) => capture(i + 1)).join(''));
    const parts = splitText(wide, 1600);
    expect(parts.map((p) => [p.firstLine, p.lastLine, p.cut])).toEqual([
      [1, 18, 'document'],
      [19, 36, 'document'],
      [37, 54, 'end'],
    ]);
    const decoded = parts.map((p) => decodeBytes(partBytes(wide, p)));
    expect(decoded.map((d) => d.encoding)).toEqual(['utf-16le-bom', 'utf-16le-bom', 'utf-16le-bom']);
    expect(decoded.map((d) => d.text).join('')).toBe(
      Array.from({ length: 6 }, (_, i) => capture(i + 1)).join(''),
    );
  });

  it('stays linear: 8x the text costs about 8x the work', () => {
    const small = new TextEncoder().encode(Array.from({ length: 8000 }, (_, i) => capture(i)).join(''));
    const large = new TextEncoder().encode(Array.from({ length: 64000 }, (_, i) => capture(i)).join(''));
    // Best of three, so a busy machine does not decide the result.
    const time = (b: Uint8Array) => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        splitText(b, 64 * 1024);
        best = Math.min(best, performance.now() - t);
      }
      return best;
    };
    const a = time(small);
    const b = time(large);
    expect(b / Math.max(a, 0.5)).toBeLessThan(30);
  });
});

describe('splitText: event exports', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const dec = (b: Uint8Array) => new TextDecoder().decode(b);
  const header =
    '#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\nId,TimeCreated,ProviderName,Message\r\n';

  it('cuts a table only at a row end outside a quoted message, the lines to its header row in front of every part', () => {
    // Each row is 3 lines and 73 bytes: its message holds two line breaks inside quotes.
    const row = (i: number) =>
      `304,3/4/2025 9:1${i}:00 AM,UDR,"Join failed.\r\nExit code: 0x801c03f2 (${i})\r\n"\r\n`;
    const csv = enc(header + [1, 2, 3, 4, 5].map(row).join(''));
    expect([enc(header).length, enc(row(1)).length]).toEqual([94, 73]);
    // Room for the header and two rows, then for two rows behind a copy of the header: a cut at
    // the full 250 bytes would fall inside the third row's message.
    const parts = splitText(csv, 250, 'table');
    expect(parts).toEqual([
      { start: 0, end: 240, firstLine: 1, lastLine: 8, cut: 'record' },
      { start: 240, end: 386, firstLine: 9, lastLine: 14, cut: 'record', head: { start: 0, end: 94 } },
      { start: 386, end: 459, firstLine: 15, lastLine: 17, cut: 'end', head: { start: 0, end: 94 } },
    ]);
    expect(dec(partBytes(csv, parts[2] as TextPart))).toBe(header + row(5));
  });

  it('cuts a JSON array between two objects, each part an array that parses on its own', () => {
    const obj = (i: number) =>
      `    {\r\n        "Id":  30${i},\r\n        "Message":  "a {b} \\"c\\" [d]",\r\n        "Properties":  [ { "Value": ${i} } ]\r\n    }`;
    const json = enc(`[\r\n${[1, 2, 3, 4].map(obj).join(',\r\n')}\r\n]\r\n`);
    const parts = splitText(json, 200, 'json');
    expect(parts).toEqual([
      { start: 0, end: 119, firstLine: 1, lastLine: 6, cut: 'record', tail: { start: 476, end: 481 } },
      {
        start: 126,
        end: 238,
        firstLine: 7,
        lastLine: 11,
        cut: 'record',
        head: { start: 0, end: 7 },
        tail: { start: 476, end: 481 },
      },
      {
        start: 245,
        end: 357,
        firstLine: 12,
        lastLine: 16,
        cut: 'record',
        head: { start: 0, end: 7 },
        tail: { start: 476, end: 481 },
      },
      { start: 364, end: 481, firstLine: 17, lastLine: 22, cut: 'end', head: { start: 0, end: 7 } },
    ]);
    expect(parts.map((p) => JSON.parse(dec(partBytes(json, p))).map((o: { Id: number }) => o.Id))).toEqual([
      [301],
      [302],
      [303],
      [304],
    ]);
  });

  it('stays linear on a table and on XML: 8x the export costs about 8x the work', () => {
    const row = (i: number) => `304,3/4/2025 9:10:00 AM,UDR,"Join failed.\r\nExit code: ${i}\r\n"\r\n`;
    const table = (n: number) => enc(header + Array.from({ length: n }, (_, i) => row(i)).join(''));
    const event = (i: number) =>
      `<Event><System><EventID>304</EventID></System><Data>${i}</Data></Event>\r\n`;
    const xml = (n: number) =>
      enc(`<Events>\r\n${Array.from({ length: n }, (_, i) => event(i)).join('')}</Events>`);
    const time = (b: Uint8Array, shape: 'table' | 'xml') => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        splitText(b, 64 * 1024, shape);
        best = Math.min(best, performance.now() - t);
      }
      return best;
    };
    for (const [make, shape] of [
      [table, 'table'],
      [xml, 'xml'],
    ] as const) {
      const a = time(make(8000), shape);
      const b = time(make(64000), shape);
      expect(b / Math.max(a, 0.5)).toBeLessThan(30);
    }
  });

  it('cuts pasted event text after a blank line, between two events', () => {
    const text = enc(
      [
        'Log Name: A',
        'Event ID: 304',
        '',
        'Log Name: A',
        'Event ID: 307',
        '',
        'Log Name: A',
        'Event ID: 305',
        '',
      ].join('\r\n'),
    );
    expect(splitText(text, 70, 'records')).toEqual([
      { start: 0, end: 60, firstLine: 1, lastLine: 6, cut: 'record' },
      { start: 60, end: 88, firstLine: 7, lastLine: 8, cut: 'end' },
    ]);
  });
});
