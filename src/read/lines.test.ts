import { describe, expect, it } from 'vitest';
import { breaksOf, LineCursor } from './lines.ts';

/** Every line the cursor hands out, with the break that ended it. */
function linesOf(text: string): [string, string][] {
  const cursor = new LineCursor(text);
  const out: [string, string][] = [];
  for (let line = cursor.next(); line !== null; line = cursor.next()) out.push([line, cursor.ending]);
  return out;
}

describe('LineCursor: physical lines one at a time', () => {
  it('splits on CRLF, LF and a lone CR, each line with the break that ended it', () => {
    expect(linesOf('AzureAdJoined : YES\r\nDomainJoined : NO\nDeviceId : x\rTenantName : CONTOSO')).toEqual([
      ['AzureAdJoined : YES', 'crlf'],
      ['DomainJoined : NO', 'lf'],
      ['DeviceId : x', 'cr'],
      ['TenantName : CONTOSO', 'none'],
    ]);
  });

  it('gives no empty last line after a final break, and one empty line for an empty text', () => {
    expect(linesOf('a\n\nb\n')).toEqual([
      ['a', 'lf'],
      ['', 'lf'],
      ['b', 'lf'],
    ]);
    expect(linesOf('')).toEqual([['', 'none']]);
    expect(linesOf('\r\n')).toEqual([['', 'crlf']]);
    expect(linesOf('\r\r\n')).toEqual([
      ['', 'cr'],
      ['', 'crlf'],
    ]);
  });

  it('steps onto the same lines in place: advance gives where each starts and ends', () => {
    const text = 'a\r\nbb\n\rccc';
    const cursor = new LineCursor(text);
    const spans: [number, number, string][] = [];
    while (cursor.advance()) spans.push([cursor.lineStart, cursor.lineEnd, cursor.ending]);
    expect(spans).toEqual([
      [0, 1, 'crlf'],
      [3, 5, 'lf'],
      [6, 6, 'cr'],
      [7, 10, 'none'],
    ]);
    expect(spans.map(([start, end]) => text.slice(start, end))).toEqual(linesOf(text).map(([line]) => line));
    expect(cursor.advance()).toBe(false);
  });

  it('returns null again once the text is done', () => {
    const cursor = new LineCursor('one');
    expect([cursor.next(), cursor.next(), cursor.next()]).toEqual(['one', null, null]);
  });
});

describe('breaksOf: the newline form of a whole text', () => {
  it('names the one form used, mixed when several are, none without breaks', () => {
    expect(breaksOf('a\nb\n')).toEqual({ newline: 'lf', endsWithNewline: true });
    expect(breaksOf('a\r\nb')).toEqual({ newline: 'crlf', endsWithNewline: false });
    expect(breaksOf('a\rb\r')).toEqual({ newline: 'cr', endsWithNewline: true });
    expect(breaksOf('a\r\nb\n')).toEqual({ newline: 'mixed', endsWithNewline: true });
    expect(breaksOf('a\rb\nc')).toEqual({ newline: 'mixed', endsWithNewline: false });
    expect(breaksOf('one line')).toEqual({ newline: 'none', endsWithNewline: false });
    expect(breaksOf('')).toEqual({ newline: 'none', endsWithNewline: false });
  });
});
