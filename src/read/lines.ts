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

/** Splits on CRLF, LF and lone CR; the common case is a run of `indexOf`. */
export function splitLines(text: string): SplitText {
  const lines: string[] = [];
  let crlf = 0;
  let lf = 0;
  let start = 0;
  let at = text.indexOf('\n');
  while (at !== -1) {
    if (at > start && text.charCodeAt(at - 1) === 13) {
      lines.push(text.slice(start, at - 1));
      crlf++;
    } else {
      lines.push(text.slice(start, at));
      lf++;
    }
    start = at + 1;
    at = text.indexOf('\n', start);
  }
  // Lone carriage returns (classic Mac, or a mix) need a character scan.
  if (countChar(text, 13) > crlf) return splitByScan(text);
  return finish(text, lines, start, crlf, lf, 0);
}

function countChar(text: string, code: number): number {
  let count = 0;
  let at = text.indexOf(String.fromCharCode(code));
  while (at !== -1) {
    count++;
    at = text.indexOf(String.fromCharCode(code), at + 1);
  }
  return count;
}

function splitByScan(text: string): SplitText {
  const lines: string[] = [];
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lines.push(text.slice(start, i));
      lf++;
      start = i + 1;
    } else if (c === 13) {
      lines.push(text.slice(start, i));
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
      start = i + 1;
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
