/**
 * Physical lines of the decoded text, with their 1-based numbers, and the newline form.
 * `<br/>` tags (line breaks that became HTML) split a physical line into several logical ones
 * that keep the physical line's number.
 * @module
 */
import type { ReadReport } from '../model/capture.ts';

export type NewlineForm = ReadReport['newline'];

export interface SplitText {
  lines: string[];
  newline: NewlineForm;
  /** The text ends with a line break (a capture cut short usually does not). */
  endsWithNewline: boolean;
}

/**
 * Splits on CRLF, LF and lone CR. Two `indexOf` cursors, one per break character, jump from
 * break to break, so even a text with lone carriage returns is never scanned character by
 * character.
 */
export function splitLines(text: string): SplitText {
  const lines: string[] = [];
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let start = 0;
  let nextCr = text.indexOf('\r');
  let nextLf = text.indexOf('\n');
  while (nextLf !== -1 || nextCr !== -1) {
    if (nextCr !== -1 && (nextLf === -1 || nextCr < nextLf)) {
      lines.push(text.slice(start, nextCr));
      if (nextLf === nextCr + 1) {
        crlf++;
        start = nextLf + 1;
        nextLf = text.indexOf('\n', start);
      } else {
        cr++;
        start = nextCr + 1;
      }
      nextCr = text.indexOf('\r', start);
    } else {
      lines.push(text.slice(start, nextLf));
      lf++;
      start = nextLf + 1;
      nextLf = text.indexOf('\n', start);
    }
  }
  return finish(text, lines, start, crlf, lf, cr);
}

function finish(
  text: string,
  lines: string[],
  start: number,
  crlf: number,
  lf: number,
  cr: number,
): SplitText {
  const n = text.length;
  if (start < n || n === 0) lines.push(text.slice(start));
  const kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  const newline: NewlineForm =
    kinds === 0 ? 'none' : kinds > 1 ? 'mixed' : crlf > 0 ? 'crlf' : lf > 0 ? 'lf' : 'cr';
  const last = text.charCodeAt(n - 1);
  return { lines, newline, endsWithNewline: last === 10 || last === 13 };
}

/** Splits a line on `<br>`, `<br/>`, `<br />` in any case; null when it holds none. */
export function splitBreakTags(line: string): string[] | null {
  let at = line.indexOf('<');
  if (at === -1) return null;
  const parts: string[] = [];
  let start = 0;
  while (at !== -1) {
    const c1 = line.charCodeAt(at + 1) | 32;
    const c2 = line.charCodeAt(at + 2) | 32;
    if (c1 === 98 && c2 === 114) {
      let end = at + 3;
      while (line.charCodeAt(end) === 32) end++;
      if (line.charCodeAt(end) === 47) end++;
      if (line.charCodeAt(end) === 62) {
        parts.push(line.slice(start, at));
        start = end + 1;
        at = line.indexOf('<', start);
        continue;
      }
    }
    at = line.indexOf('<', at + 1);
  }
  if (parts.length === 0) return null;
  parts.push(line.slice(start));
  return parts;
}
