/**
 * Large text inputs in parts. No JavaScript string may exceed V8's length limit (about 512 M
 * UTF-16 units), and a file of several hundred MB decoded whole either fails or holds gigabytes:
 * so a text above the part size is cut into parts, between dsregcmd documents where one starts
 * inside the last quarter of a part (the `+----` banner above `| Device State`), else at a line
 * end, and only when a line is longer than a whole part, inside it (never inside a UTF-8
 * sequence or a UTF-16 unit). Each part keeps the byte order mark, so it decodes as the whole
 * would. Pure, linear in the input.
 * @module
 */

/** One part: the bytes `[start, end)` of the input, and its lines (1-based, inclusive). */
export interface TextPart {
  start: number;
  end: number;
  firstLine: number;
  lastLine: number;
  /** How the part ends: between two documents, at a line end, or inside a line that was too long. */
  cut: 'document' | 'line' | 'inside-line' | 'end';
}

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

/** The code unit at `i` (a byte, or a UTF-16 unit in the file's byte order). */
function unitAt(bytes: Uint8Array, i: number, layout: Layout): number {
  if (layout.unit === 1) return bytes[i] ?? 0;
  const a = bytes[i] ?? 0;
  const b = bytes[i + 1] ?? 0;
  return layout.order === 'be' ? (a << 8) | b : (b << 8) | a;
}

const NEWLINE = 0x0a;
const MARKER = '| Device State';

/** Splits the bytes into parts of at most `maxPart` bytes (plus the byte order mark). */
export function splitText(bytes: Uint8Array, maxPart: number): TextPart[] {
  const layout = layoutOf(bytes);
  const size = Math.max(maxPart - layout.bom, 64) & ~1;
  const parts: TextPart[] = [];
  let start = layout.bom;
  let line = 1;
  while (start < bytes.length) {
    const chosen: { end: number; cut: TextPart['cut'] } =
      bytes.length - start <= size
        ? { end: bytes.length, cut: 'end' }
        : chooseCut(bytes, start, start + size, layout);
    const { end, cut } = chosen;
    const newlines = countNewlines(bytes, start, end, layout);
    const endsWithNewline = unitAt(bytes, end - layout.unit, layout) === NEWLINE;
    // A part cut inside a line ends on that line, and the next part starts on it.
    const lastLine = endsWithNewline ? Math.max(line, line + newlines - 1) : line + newlines;
    parts.push({ start, end, firstLine: line, lastLine, cut });
    line += newlines;
    start = end;
  }
  return parts;
}

/** The bytes of one part, with the input's byte order mark in front of every part after the first. */
export function partBytes(bytes: Uint8Array, part: TextPart): Uint8Array {
  const bom = layoutOf(bytes).bom;
  if (bom === 0 || part.start === bom) return bytes.subarray(part.start === bom ? 0 : part.start, part.end);
  const out = new Uint8Array(bom + part.end - part.start);
  out.set(bytes.subarray(0, bom), 0);
  out.set(bytes.subarray(part.start, part.end), bom);
  return out;
}

function chooseCut(
  bytes: Uint8Array,
  start: number,
  limit: number,
  layout: Layout,
): { end: number; cut: TextPart['cut'] } {
  const u = layout.unit;
  const floor = start + Math.floor(((limit - start) * 3) / 4 / u) * u;
  let lastNewline = -1;
  for (let i = limit - u; i >= start; i -= u) {
    if (unitAt(bytes, i, layout) !== NEWLINE) continue;
    if (lastNewline < 0) lastNewline = i + u;
    if (i < floor) break;
    if (startsDocument(bytes, i + u, layout)) return { end: i + u, cut: 'document' };
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
