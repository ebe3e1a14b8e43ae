/**
 * Large text in parts: cuts between captures where it can, at line ends otherwise, with exact
 * line ranges, in UTF-8 and UTF-16, and no text lost or doubled.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { decodeBytes } from './decode.ts';
import { partBytes, splitText } from './parts.ts';

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
