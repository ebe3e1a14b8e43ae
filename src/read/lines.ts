/**
 * Physical lines of the decoded text, one at a time, and the newline form.
 * `<br/>` tags (line breaks that became HTML) split a physical line into several logical ones
 * that keep the physical line's number.
 * @module
 */
import type { ReadReport } from '../model/capture.ts';

export type NewlineForm = ReadReport['newline'];

export interface TextBreaks {
  newline: NewlineForm;
  /** The text ends with a line break (a capture cut short usually does not). */
  endsWithNewline: boolean;
}

/**
 * The newline form of the whole text (CRLF, LF, lone CR, several, or none) and how it ends,
 * without cutting it into lines: a text without carriage returns is settled by two searches.
 */
export function breaksOf(text: string): TextBreaks {
  const n = text.length;
  const last = text.charCodeAt(n - 1);
  const endsWithNewline = last === 10 || last === 13;
  if (text.indexOf('\r') === -1)
    return { newline: text.indexOf('\n') === -1 ? 'none' : 'lf', endsWithNewline };
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  const cursor = new LineCursor(text);
  while (cursor.advance()) {
    if (cursor.ending === 'crlf') crlf++;
    else if (cursor.ending === 'lf') lf++;
    else if (cursor.ending === 'cr') cr++;
  }
  const kinds = (crlf > 0 ? 1 : 0) + (lf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  const newline: NewlineForm =
    kinds === 0 ? 'none' : kinds > 1 ? 'mixed' : crlf > 0 ? 'crlf' : lf > 0 ? 'lf' : 'cr';
  return { newline, endsWithNewline };
}

/**
 * The physical lines of a text one at a time, split on CRLF, LF and lone CR; a text ending with a
 * break has no empty last line, an empty text has one empty line. Two `indexOf` cursors, one per
 * break character, jump from break to break, so even a text with lone carriage returns is never
 * scanned character by character, and no array of every line is built.
 */
export class LineCursor {
  /** The break that ended the line `next` returned last (`none` for a last line without one). */
  ending: 'crlf' | 'lf' | 'cr' | 'none' = 'none';
  /** Where the line `advance` stepped onto starts in the text, and where it ends (its break excluded). */
  lineStart = 0;
  lineEnd = 0;
  private start = 0;
  private nextCr: number;
  private nextLf: number;
  private finished = false;

  constructor(private readonly text: string) {
    this.nextCr = text.indexOf('\r');
    this.nextLf = text.indexOf('\n');
  }

  /** The next line, or null after the last. */
  next(): string | null {
    return this.advance() ? this.text.slice(this.lineStart, this.lineEnd) : null;
  }

  /**
   * Steps onto the next line without cutting it out: `lineStart` and `lineEnd` say where it is.
   * False after the last.
   */
  advance(): boolean {
    const text = this.text;
    const { start, nextCr, nextLf } = this;
    if (nextCr !== -1 && (nextLf === -1 || nextCr < nextLf)) {
      this.lineStart = start;
      this.lineEnd = nextCr;
      if (nextLf === nextCr + 1) {
        this.ending = 'crlf';
        this.start = nextLf + 1;
        this.nextLf = text.indexOf('\n', this.start);
      } else {
        this.ending = 'cr';
        this.start = nextCr + 1;
      }
      this.nextCr = text.indexOf('\r', this.start);
      return true;
    }
    if (nextLf !== -1) {
      this.ending = 'lf';
      this.lineStart = start;
      this.lineEnd = nextLf;
      this.start = nextLf + 1;
      this.nextLf = text.indexOf('\n', this.start);
      return true;
    }
    if (this.finished) return false;
    this.finished = true;
    this.ending = 'none';
    if (start < text.length || text.length === 0) {
      this.lineStart = start;
      this.lineEnd = text.length;
      return true;
    }
    return false;
  }
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
