/**
 * Large text inputs in parts. No JavaScript string may exceed V8's length limit (about 512 M
 * UTF-16 units), and a file of several hundred MB decoded whole either fails or holds gigabytes:
 * so a text above the part size is cut into parts, never inside a UTF-8 sequence or a UTF-16
 * unit. Captures are cut between dsregcmd documents where one starts inside the last quarter of
 * a part (the `+----` banner above `| Device State`), else at a line end, and only when a line
 * is longer than a whole part, inside it. An event export is cut between two events, and each
 * part is framed so it reads on its own: a table's header row is repeated in front of every
 * later part, XML's opening (`<Events>`) in front and its closing (`</Events>`) behind, and so
 * is a JSON array's `[` and `]`. Each part keeps the byte order mark, so it decodes as the whole
 * would. Pure, linear in the input.
 * @module
 */

/** Bytes `[start, end)` of the input. */
export interface ByteRange {
  start: number;
  end: number;
}

/** One part: the bytes `[start, end)` of the input, and its lines (1-based, inclusive). */
export interface TextPart {
  start: number;
  end: number;
  firstLine: number;
  lastLine: number;
  /**
   * How the part ends: between two documents (captures) or two records (events), at a line end,
   * or inside a line that was too long.
   */
  cut: 'document' | 'record' | 'line' | 'inside-line' | 'end';
  /** Bytes of the input put in front of the part so it reads on its own (a header row, `<Events>`). */
  head?: ByteRange;
  /** Bytes of the input put behind the part so it reads on its own (`</Events>`, a JSON `]`). */
  tail?: ByteRange;
}

/**
 * What the text holds, which decides where it may be cut: dsregcmd captures, or an event export
 * as XML, a table (CSV or tab-separated, a header row on top), a JSON array, or records of
 * pasted or `Format-List` text (separated by blank lines).
 */
export type TextShape = 'captures' | 'xml' | 'table' | 'json' | 'records';

type Layout = { unit: 1 | 2; order: 'le' | 'be' | null; bom: number };

function layoutOf(bytes: Uint8Array): Layout {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { unit: 1, order: null, bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { unit: 2, order: 'le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { unit: 2, order: 'be', bom: 2 };
  // UTF-16 without a byte order mark: ASCII text has a zero in every other byte.
  const n = Math.min(bytes.length, 4096) & ~1;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  if (n >= 16 && oddZero > n / 2 / 2 && evenZero < n / 2 / 20) return { unit: 2, order: 'le', bom: 0 };
  if (n >= 16 && evenZero > n / 2 / 2 && oddZero < n / 2 / 20) return { unit: 2, order: 'be', bom: 0 };
  return { unit: 1, order: null, bom: 0 };
}

/** How many bytes of byte order mark the text starts with (0, 2 or 3). */
export function byteOrderMarkLength(bytes: Uint8Array): number {
  return layoutOf(bytes).bom;
}

/** The code unit at `i` (a byte, or a UTF-16 unit in the file's byte order). */
function unitAt(bytes: Uint8Array, i: number, layout: Layout): number {
  if (layout.unit === 1) return bytes[i] ?? 0;
  const a = bytes[i] ?? 0;
  const b = bytes[i + 1] ?? 0;
  return layout.order === 'be' ? (a << 8) | b : (b << 8) | a;
}

const NEWLINE = 0x0a;
const MARKER = '| Device State';

/** Where a part ends, and where the next one starts when bytes between them are left out. */
type Cut = { end: number; cut: TextPart['cut']; next?: number };

/**
 * Splits the bytes into parts of at most `maxPart` bytes (plus the byte order mark, and for an
 * event export the header or opening and closing repeated around each part).
 */
export function splitText(bytes: Uint8Array, maxPart: number, shape: TextShape = 'captures'): TextPart[] {
  const layout = layoutOf(bytes);
  const frame = shape === 'captures' ? {} : frameOf(bytes, layout, shape);
  // The first part holds the head among its own bytes; every later part carries a copy.
  const room = (first: boolean) =>
    Math.max(maxPart - layout.bom - rangeLength(frame.tail) - (first ? 0 : rangeLength(frame.head)), 64) & ~1;
  const parts: TextPart[] = [];
  let start = layout.bom;
  let line = 1;
  while (start < bytes.length) {
    const size = room(start === layout.bom);
    const chosen: Cut =
      bytes.length - start <= size
        ? { end: bytes.length, cut: 'end' }
        : shape === 'captures'
          ? chooseCut(bytes, start, start + size, layout)
          : // The first part holds the head: it is cut after at least one record past it.
            chooseRecordCut(bytes, start, start + size, layout, shape, Math.max(start, frame.head?.end ?? 0));
    const { end, cut } = chosen;
    const next = chosen.next ?? end;
    const newlines = countNewlines(bytes, start, end, layout);
    const endsWithNewline = unitAt(bytes, end - layout.unit, layout) === NEWLINE;
    // A part cut inside a line ends on that line, and the next part starts on it.
    const lastLine = endsWithNewline ? Math.max(line, line + newlines - 1) : line + newlines;
    const part: TextPart = { start, end, firstLine: line, lastLine, cut };
    if (frame.head && start > layout.bom) part.head = frame.head;
    if (frame.tail && cut !== 'end') part.tail = frame.tail;
    parts.push(part);
    line += newlines + countNewlines(bytes, end, next, layout);
    start = next;
  }
  return parts;
}

/**
 * The bytes of one part: the input's byte order mark in front of every part after the first,
 * then the part's head, its own bytes and its tail.
 */
export function partBytes(bytes: Uint8Array, part: TextPart): Uint8Array {
  const bom = layoutOf(bytes).bom;
  const first = part.start === bom;
  const pieces: Uint8Array[] = [];
  if (bom > 0 && !first) pieces.push(bytes.subarray(0, bom));
  if (part.head) pieces.push(bytes.subarray(part.head.start, part.head.end));
  pieces.push(bytes.subarray(first ? 0 : part.start, part.end));
  if (part.tail) pieces.push(bytes.subarray(part.tail.start, part.tail.end));
  if (pieces.length === 1) return pieces[0] as Uint8Array;
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function rangeLength(range: ByteRange | undefined): number {
  return range ? range.end - range.start : 0;
}

function chooseCut(bytes: Uint8Array, start: number, limit: number, layout: Layout): Cut {
  const u = layout.unit;
  const floor = start + Math.floor(((limit - start) * 3) / 4 / u) * u;
  let lastNewline = -1;
  for (let i = limit - u; i >= start; i -= u) {
    if (unitAt(bytes, i, layout) !== NEWLINE) continue;
    if (lastNewline < 0) lastNewline = i + u;
    if (i < floor) break;
    if (startsDocument(bytes, i + u, layout)) return { end: i + u, cut: 'document' };
  }
  return lineCut(bytes, start, limit, layout, lastNewline);
}

/**
 * The last line end in `(start, limit]` (or the one already found), else a cut inside the one
 * line longer than a part, at a character boundary.
 */
function lineCut(bytes: Uint8Array, start: number, limit: number, layout: Layout, found = -1): Cut {
  const u = layout.unit;
  let lastNewline = found;
  for (let i = limit - u; lastNewline < 0 && i >= start; i -= u) {
    if (unitAt(bytes, i, layout) === NEWLINE) lastNewline = i + u;
  }
  if (lastNewline > start) return { end: lastNewline, cut: 'line' };
  // One line longer than a part: cut inside it, at a character boundary.
  let end = limit;
  if (u === 1) while (end > start + 1 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  else {
    const unit = unitAt(bytes, end, layout);
    if (unit >= 0xdc00 && unit <= 0xdfff) end -= 2;
  }
  return { end, cut: 'inside-line' };
}

/** How far into the input the opening of an export is looked for, and from its end the closing. */
const FRAME_REACH = 64 * 1024;

/**
 * The bytes an event export repeats around each part: a table's lines up to its header row, the
 * XML before its first event and after its last, a JSON array's opening and closing. Nothing
 * when they are not found near the ends (a part would not read on its own, but is still cut
 * between records).
 */
function frameOf(
  bytes: Uint8Array,
  layout: Layout,
  shape: TextShape,
): { head?: ByteRange; tail?: ByteRange } {
  const u = layout.unit;
  const from = layout.bom;
  const reach = Math.min(bytes.length, from + FRAME_REACH);
  const back = Math.max(from, bytes.length - FRAME_REACH);
  const range = (start: number, end: number) => (end > start ? { start, end } : undefined);
  const framed = (head?: ByteRange, tail?: ByteRange) => ({
    ...(head ? { head } : {}),
    ...(tail ? { tail } : {}),
  });
  if (shape === 'table') {
    // `Export-Csv` may write a `#TYPE` line above the header; blank lines are skipped too.
    let p = from;
    while (p < reach) {
      const eol = nextNewline(bytes, p, reach, layout);
      if (eol < 0) return {};
      const first = unitAt(bytes, p, layout);
      const blank = first === NEWLINE || (first === 0x0d && unitAt(bytes, p + u, layout) === NEWLINE);
      if (!blank && first !== 0x23 /* # */) return framed(range(from, eol + u));
      p = eol + u;
    }
    return {};
  }
  if (shape === 'xml') {
    let open = -1;
    for (let p = from; p < reach && open < 0; p += u) if (opensEvent(bytes, p, layout)) open = p;
    let close = -1;
    for (let p = bytes.length - u; p >= back && close < 0; p -= u)
      if (closesEvent(bytes, p, layout)) close = p;
    const afterClose = close + 8 * u;
    return framed(
      open > 0 ? range(from, lineStartBefore(bytes, open, layout)) : undefined,
      close > 0 ? range(afterClose, bytes.length) : undefined,
    );
  }
  if (shape === 'json') {
    let open = -1;
    for (let p = from; p < reach && open < 0; p += u) if (unitAt(bytes, p, layout) === 0x7b /* { */) open = p;
    let close = -1;
    for (let p = bytes.length - u; p >= back && close < 0; p -= u)
      if (unitAt(bytes, p, layout) === 0x7d /* } */) close = p + u;
    // Only an array is cut between its elements: `[` before the first object.
    if (open < 0 || !hasUnit(bytes, from, open, layout, 0x5b /* [ */)) return {};
    return framed(range(from, open), close > 0 ? range(close, bytes.length) : undefined);
  }
  return {};
}

/** Where an event export may be cut: between two records, else at a line end. */
function chooseRecordCut(
  bytes: Uint8Array,
  start: number,
  limit: number,
  layout: Layout,
  shape: TextShape,
  after: number,
): Cut {
  const found =
    shape === 'xml'
      ? xmlCut(bytes, start, limit, layout)
      : shape === 'table'
        ? tableCut(bytes, start, limit, layout)
        : shape === 'json'
          ? jsonCut(bytes, start, limit, layout)
          : blankLineCut(bytes, start, limit, layout);
  return found && found.end > after ? found : lineCut(bytes, start, limit, layout);
}

/** Just before the last `<Event` that opens in `(start, limit)`, at its line's start when it begins one. */
function xmlCut(bytes: Uint8Array, start: number, limit: number, layout: Layout): Cut | null {
  const u = layout.unit;
  for (let p = limit - u; p > start; p -= u) {
    if (!opensEvent(bytes, p, layout)) continue;
    const line = lineStartBefore(bytes, p, layout);
    return { end: line > start ? line : p, cut: 'record' };
  }
  return null;
}

/** The start of the line `p` is on when only spaces and tabs stand before it there, else `p`. */
function lineStartBefore(bytes: Uint8Array, p: number, layout: Layout): number {
  const u = layout.unit;
  let q = p;
  while (q >= u && (unitAt(bytes, q - u, layout) === 0x20 || unitAt(bytes, q - u, layout) === 0x09)) q -= u;
  return q >= u && unitAt(bytes, q - u, layout) === NEWLINE ? q : p;
}

/**
 * After the last row end in `(start, limit]` outside a quoted cell: a message cell holds line
 * breaks, so quotes are followed from the part's start (a part always starts at a row).
 */
function tableCut(bytes: Uint8Array, start: number, limit: number, layout: Layout): Cut | null {
  const u = layout.unit;
  let quoted = false;
  let row = -1;
  if (u === 1) {
    // The same walk on bytes directly: a large export is all read here once.
    for (let p = start; p < limit; p++) {
      const c = bytes[p];
      if (c === 0x22) quoted = !quoted;
      else if (c === NEWLINE && !quoted) row = p + 1;
    }
    return row > start ? { end: row, cut: 'record' } : null;
  }
  for (let p = start; p < limit; p += u) {
    const c = unitAt(bytes, p, layout);
    // `""` inside a quoted cell flips twice: the state stays right without looking ahead.
    if (c === 0x22) quoted = !quoted;
    else if (c === NEWLINE && !quoted) row = p + u;
  }
  return row > start ? { end: row, cut: 'record' } : null;
}

/**
 * After the last complete element of the array in `(start, limit)`, the next part starting at
 * the element after it (the comma between them is left out, so each part is a valid array).
 */
function jsonCut(bytes: Uint8Array, start: number, limit: number, layout: Layout): Cut | null {
  const u = layout.unit;
  // A part after the first starts at an element, inside the array.
  let depth = start === layout.bom ? 0 : 1;
  let inString = false;
  let closed = -1;
  let best: Cut | null = null;
  for (let p = start; p < limit; p += u) {
    const c = unitAt(bytes, p, layout);
    if (inString) {
      if (c === 0x5c /* \ */) p += u;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (depth === 1 && c === 0x7b && closed > start) best = { end: closed, cut: 'record', next: p };
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 1 && c === 0x7d) closed = p + u;
    }
  }
  return best;
}

/** After the last blank line in `(start, limit]`: pasted events are separated by blank lines. */
function blankLineCut(bytes: Uint8Array, start: number, limit: number, layout: Layout): Cut | null {
  const u = layout.unit;
  for (let p = limit - 2 * u; p > start; p -= u) {
    if (unitAt(bytes, p, layout) !== NEWLINE) continue;
    // The line after this line end is empty: the part ends after it.
    const next = unitAt(bytes, p + u, layout);
    if (next === NEWLINE) return { end: p + 2 * u, cut: 'record' };
    if (next === 0x0d && p + 3 * u <= limit && unitAt(bytes, p + 2 * u, layout) === NEWLINE)
      return { end: p + 3 * u, cut: 'record' };
  }
  return null;
}

/** `<Event` followed by a space or `>` starts at `p` (`<Events>` does not). */
function opensEvent(bytes: Uint8Array, p: number, layout: Layout): boolean {
  if (unitAt(bytes, p, layout) !== 0x3c || !matches(bytes, p + layout.unit, layout, 'Event')) return false;
  const after = unitAt(bytes, p + 6 * layout.unit, layout);
  return after === 0x3e || after === 0x20 || after === 0x09 || after === 0x0d || after === NEWLINE;
}

/** `</Event>` starts at `p`. */
function closesEvent(bytes: Uint8Array, p: number, layout: Layout): boolean {
  return unitAt(bytes, p, layout) === 0x3c && matches(bytes, p + layout.unit, layout, '/Event>');
}

/** Whether the ASCII `word` is at `p`, in the file's code units. */
function matches(bytes: Uint8Array, p: number, layout: Layout, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if (unitAt(bytes, p + k * layout.unit, layout) !== word.charCodeAt(k)) return false;
  }
  return true;
}

function hasUnit(bytes: Uint8Array, start: number, end: number, layout: Layout, unit: number): boolean {
  for (let p = start; p < end; p += layout.unit) if (unitAt(bytes, p, layout) === unit) return true;
  return false;
}

/** The next line end in `[p, limit)`, or -1. */
function nextNewline(bytes: Uint8Array, p: number, limit: number, layout: Layout): number {
  for (let i = p; i < limit; i += layout.unit) if (unitAt(bytes, i, layout) === NEWLINE) return i;
  return -1;
}

/** A line starting at `at` is a `+---` banner followed by `| Device State`, or that line itself. */
function startsDocument(bytes: Uint8Array, at: number, layout: Layout): boolean {
  const u = layout.unit;
  let p = at;
  if (unitAt(bytes, p, layout) === 0x2b /* + */) {
    while (p < bytes.length && unitAt(bytes, p, layout) !== NEWLINE) p += u;
    p += u;
  }
  for (let k = 0; k < MARKER.length; k++) {
    if (unitAt(bytes, p + k * u, layout) !== MARKER.charCodeAt(k)) return false;
  }
  if (p !== at) return true;
  // The `| Device State` line itself: a document starts here only if no banner line is above it.
  let q = at - u;
  if (q < u) return true;
  q -= u;
  while (q > 0 && unitAt(bytes, q - u, layout) !== NEWLINE) q -= u;
  return unitAt(bytes, q, layout) !== 0x2b;
}

function countNewlines(bytes: Uint8Array, start: number, end: number, layout: Layout): number {
  let n = 0;
  if (layout.unit === 1) {
    // The native search jumps from line end to line end, never past the part.
    const part = bytes.subarray(start, end);
    for (let i = part.indexOf(NEWLINE); i !== -1; i = part.indexOf(NEWLINE, i + 1)) n++;
    return n;
  }
  for (let i = start; i + 1 < end; i += 2) if (unitAt(bytes, i, layout) === NEWLINE) n++;
  return n;
}
