/**
 * Bytes → text, whatever Windows wrote: UTF-8 with or without a byte order mark, UTF-16 in either
 * byte order with or without one (Windows PowerShell 5.1's `>` writes UTF-16LE with a BOM), and
 * the single-byte code pages of "ANSI" editors and redirected cmd consoles.
 * Pure and never throwing: whatever the bytes, a text comes back, with warnings saying what was
 * guessed or repaired.
 * @module
 */
import { decodeSingleByte } from './code-pages.ts';
import { guessSingleBytePage } from './legacy.ts';

export interface DecodedText {
  /** The decoded text, without byte order mark(s) or NUL characters. */
  text: string;
  /**
   * `utf-8`, `utf-8-bom`, `utf-16le-bom`, `utf-16be-bom`, `utf-16le`, `utf-16be`,
   * `windows-1252`, `cp437` or `cp850`.
   */
  encoding: string;
  /** The input began with a byte order mark. */
  bom: boolean;
  /** What was guessed or repaired, one sentence each. */
  warnings: string[];
}

type ByteOrder = 'le' | 'be';

/** How many leading bytes the UTF-16 and binary checks look at. */
const SAMPLE = 8192;

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });

/** Decodes the bytes of a text file. Never throws. */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  try {
    const body = withoutPadding(bytes);
    const decoded = decodeRuns(body);
    const ignored = bytes.length - body.length;
    if (ignored > 0) decoded.warnings.push(`${ignored} zero byte(s) of padding at the end ignored`);
    return clean(decoded);
  } catch {
    // Unreachable with the decoders above; a text is promised all the same.
    return { text: '', encoding: 'utf-8', bom: false, warnings: ['the input could not be decoded'] };
  }
}

/** How many zero bytes end the input (padding a tool or a disk left behind). */
function zeroTail(bytes: Uint8Array): number {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.length - end;
}

/**
 * The bytes without the zero padding at their end. UTF-16 text keeps its pairs whole (ASCII in
 * UTF-16LE ends with a zero byte of its own); a file of nothing but zeros is left as it is.
 */
function withoutPadding(bytes: Uint8Array): Uint8Array {
  const tail = zeroTail(bytes);
  if (tail === 0 || tail === bytes.length) return bytes;
  const even = bytes.subarray(0, bytes.length - (tail & ~1));
  return startOrder(even) ? even : bytes.subarray(0, bytes.length - tail);
}

/** The UTF-16 byte order the input starts in (by its BOM, else by its zero bytes), or null. */
function startOrder(bytes: Uint8Array): ByteOrder | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'be';
  return utf16Order(bytes);
}

/**
 * Decodes bytes that may change encoding at a line end (a UTF-16 capture with a UTF-8 trace
 * appended by `>>` from another shell, or the reverse): each run in its own encoding, with a
 * warning naming where the encoding changes.
 */
function decodeRuns(bytes: Uint8Array): DecodedText {
  const runs = encodingRuns(bytes);
  if (runs.length <= 1) return decodeRaw(bytes);
  const pieces = runs.map((r) => decodeRaw(bytes.subarray(r.start, r.end), r.order));
  const first = pieces[0] as DecodedText;
  const warnings: string[] = [];
  const changes: string[] = [];
  let line = 1;
  pieces.forEach((piece, i) => {
    for (const w of piece.warnings) if (!warnings.includes(w)) warnings.push(w);
    if (i > 0) changes.push(`${ENCODING_NAMES[piece.encoding] ?? piece.encoding} from line ${line}`);
    line += countLines(piece.text);
  });
  warnings.push(
    `the text changes encoding (files joined together?): read as ${ENCODING_NAMES[first.encoding] ?? first.encoding}, then as ${changes.join(', then as ')}`,
  );
  return { text: pieces.map((p) => p.text).join(''), encoding: first.encoding, bom: first.bom, warnings };
}

const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16le-bom': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  'utf-16be-bom': 'UTF-16BE',
  'windows-1252': 'Windows-1252',
  cp437: 'OEM code page 437',
  cp850: 'OEM code page 850',
};

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** A stretch of the input in one encoding: UTF-16 in a byte order, or single bytes (null). */
interface EncodingRun {
  start: number;
  end: number;
  order: ByteOrder | null;
}

/** How many bytes after a line end are looked at to tell whether the encoding changes there. */
const WINDOW = 64;

/**
 * Where the encoding changes, at line ends only: in UTF-16 a line that starts with bytes that
 * cannot be UTF-16 (no zero bytes, mostly ASCII), in single bytes a line that starts with a BOM
 * or the zero-byte pattern of UTF-16. One window is looked at per line end at most, and after a
 * window that showed no change none within it: linear in the input.
 */
function encodingRuns(bytes: Uint8Array): EncodingRun[] {
  const n = bytes.length;
  let order = startOrder(bytes);
  // Without a zero byte there is no UTF-16 to switch to or from.
  if (order === null && bytes.indexOf(0) < 0) return [{ start: 0, end: n, order: null }];
  const runs: EncodingRun[] = [];
  let runStart = 0;
  // The sample that chose UTF-16 may have been mostly a UTF-16 tail: look at the first line too.
  const bom = order !== null && (bytes[0] === 0xff || bytes[0] === 0xfe) ? 2 : 0;
  if (order !== null && bom === 0 && looksNarrowAt(bytes, 0)) order = null;
  let quietUntil = 0;
  let p = bom;
  while (p < n) {
    const lf = bytes.indexOf(0x0a, p);
    if (lf < 0) break;
    let boundary = -1;
    if (order === null) boundary = lf + 1;
    else if (order === 'le' && (lf - runStart) % 2 === 0 && bytes[lf + 1] === 0) boundary = lf + 2;
    else if (order === 'be' && (lf - runStart) % 2 === 1 && bytes[lf - 1] === 0) boundary = lf + 1;
    p = lf + 1;
    if (boundary < 0 || boundary >= n || boundary < quietUntil) continue;
    const next = order === null ? wideAt(bytes, boundary) : looksNarrowAt(bytes, boundary) ? 'narrow' : null;
    if (next === null) {
      if (order === null ? mayStartWide(bytes, boundary) : bytes[boundary + (order === 'le' ? 1 : 0)] !== 0)
        quietUntil = boundary + WINDOW;
      continue;
    }
    runs.push({ start: runStart, end: boundary, order });
    runStart = boundary;
    order = next === 'narrow' ? null : next;
    p = boundary;
  }
  runs.push({ start: runStart, end: n, order });
  return runs.filter((r) => r.end > r.start);
}

/** Cheap first look: the bytes at `p` could start UTF-16 (a BOM, or a zero in the first pair). */
function mayStartWide(bytes: Uint8Array, p: number): boolean {
  return bytes[p] === 0 || bytes[p + 1] === 0 || bytes[p] === 0xff || bytes[p] === 0xfe;
}

/** The UTF-16 byte order of a line starting at `p`: a BOM, or ASCII in the zero-byte pattern. */
function wideAt(bytes: Uint8Array, p: number): ByteOrder | null {
  if (!mayStartWide(bytes, p)) return null;
  if (bytes[p] === 0xff && bytes[p + 1] === 0xfe) return 'le';
  if (bytes[p] === 0xfe && bytes[p + 1] === 0xff) return 'be';
  const end = Math.min(bytes.length, p + WINDOW);
  const pairs = (end - p) >> 1;
  if (pairs < 4) return null;
  let le = 0;
  let be = 0;
  for (let i = p; i + 1 < end; i += 2) {
    if (bytes[i] !== 0 && bytes[i + 1] === 0) le++;
    else if (bytes[i] === 0 && bytes[i + 1] !== 0) be++;
  }
  if (le >= pairs * 0.8) return 'le';
  if (be >= pairs * 0.8) return 'be';
  return null;
}

/** A line starting at `p` is single-byte text: a UTF-8 BOM, or no zero byte and mostly ASCII. */
function looksNarrowAt(bytes: Uint8Array, p: number): boolean {
  if (bytes[p] === 0xef && bytes[p + 1] === 0xbb && bytes[p + 2] === 0xbf) return true;
  const end = Math.min(bytes.length, p + WINDOW);
  if (end - p < 8) return false;
  let ascii = 0;
  for (let i = p; i < end; i++) {
    const b = bytes[i] as number;
    if (b === 0) return false;
    if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d) ascii++;
  }
  return ascii >= (end - p) * 0.9;
}

/** Decodes bytes in one encoding: `order` says UTF-16 in that byte order, null single bytes. */
function decodeRaw(bytes: Uint8Array, order?: ByteOrder | null): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  const wide = order === undefined ? startOrder(bytes) : order;
  if (wide === null && b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    const { text, warnings } = decodeUtf8(bytes.subarray(3));
    return { text, encoding: 'utf-8-bom', bom: true, warnings };
  }
  if (wide === 'le' && b0 === 0xff && b1 === 0xfe) return decodeUtf16(bytes.subarray(2), 'le', true);
  if (wide === 'be' && b0 === 0xfe && b1 === 0xff) return decodeUtf16(bytes.subarray(2), 'be', true);
  if (wide) return decodeUtf16(bytes, wide, false);
  const utf8 = tryUtf8(bytes);
  if (utf8) return { text: utf8.text, encoding: 'utf-8', bom: false, warnings: utf8.warnings };
  const page = guessSingleBytePage(bytes);
  const name = page === 'windows-1252' ? 'Windows-1252' : `OEM code page ${page.slice(2)}`;
  return {
    text: decodeSingleByte(bytes, page),
    encoding: page,
    bom: false,
    warnings: [`not valid UTF-8: read as ${name}`],
  };
}

/**
 * The byte order of UTF-16 text without a BOM, from where the zero bytes fall: ASCII text in
 * UTF-16LE has a zero in every odd byte, in UTF-16BE in every even one.
 */
function utf16Order(bytes: Uint8Array): ByteOrder | null {
  const end = Math.min(bytes.length, SAMPLE) & ~1;
  const pairs = end / 2;
  // Most files hold no zero byte at all: one native search settles it.
  if (pairs === 0 || bytes.subarray(0, end).indexOf(0) < 0) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < end; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const many = pairs * 0.3;
  const few = pairs * 0.05;
  if (zeroOdd >= many && zeroEven <= few) return 'le';
  if (zeroEven >= many && zeroOdd <= few) return 'be';
  return null;
}

function decodeUtf16(bytes: Uint8Array, order: ByteOrder, bom: boolean): DecodedText {
  const warnings: string[] = [];
  let body = bytes;
  if (body.length % 2 === 1) {
    body = body.subarray(0, body.length - 1);
    warnings.push('UTF-16 text with an odd number of bytes: the last byte was dropped');
  }
  if (order === 'be') body = swapPairs(body);
  const encoding = `utf-16${order}${bom ? '-bom' : ''}`;
  if (!bom)
    warnings.push(`no byte order mark: read as UTF-16${order.toUpperCase()} from the pattern of zero bytes`);
  return { text: utf16le.decode(body), encoding, bom, warnings };
}

/** UTF-16BE → UTF-16LE, in a copy: `TextDecoder` for UTF-16BE is not everywhere. */
function swapPairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1] as number;
    out[i + 1] = bytes[i] as number;
  }
  return out;
}

function decodeUtf8(bytes: Uint8Array): { text: string; warnings: string[] } {
  const strict = tryUtf8(bytes);
  if (strict) return strict;
  return { text: utf8Lenient.decode(bytes), warnings: ['invalid UTF-8 bytes were replaced with U+FFFD'] };
}

/**
 * The bytes as UTF-8 when they are UTF-8: strictly valid, valid but cut inside the last character
 * (a truncated file), or valid in far more multi-byte characters than there are stray bytes (one
 * damaged byte in a UTF-8 file is not a reason to read the whole file as another code page).
 */
function tryUtf8(bytes: Uint8Array): { text: string; warnings: string[] } | null {
  try {
    return { text: utf8Strict.decode(bytes), warnings: [] };
  } catch {
    // Not strictly valid: look closer below.
  }
  const { valid, invalid, cutAtEnd } = scanUtf8(bytes);
  if (invalid === 0 && cutAtEnd > 0) {
    return {
      text: utf8Strict.decode(bytes.subarray(0, bytes.length - cutAtEnd)),
      warnings: ['the input ends inside a UTF-8 character: the incomplete character was dropped'],
    };
  }
  if (valid > 0 && valid >= 2 * (invalid + (cutAtEnd > 0 ? 1 : 0))) {
    return {
      text: utf8Lenient.decode(bytes),
      warnings: [`${invalid + (cutAtEnd > 0 ? 1 : 0)} invalid UTF-8 sequence(s) replaced with U+FFFD`],
    };
  }
  return null;
}

interface Utf8Scan {
  /** Well-formed multi-byte characters. */
  valid: number;
  /** Bytes that cannot start or continue a character where they stand. */
  invalid: number;
  /** Bytes of a well-formed but incomplete character at the very end. */
  cutAtEnd: number;
}

function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) {
      invalid++;
      i++;
      continue;
    }
    let k = 1;
    while (k <= need && i + k < n && isContinuation(bytes, i, k)) k++;
    if (k > need) {
      valid++;
      i += k;
    } else if (i + k === n) {
      return { valid, invalid, cutAtEnd: k };
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid, cutAtEnd: 0 };
}

/** Whether byte `k` after the lead byte at `i` continues it (with the tighter second-byte ranges). */
function isContinuation(bytes: Uint8Array, i: number, k: number): boolean {
  const b = bytes[i + k] as number;
  if (k === 1) {
    const lead = bytes[i] as number;
    if (lead === 0xe0) return b >= 0xa0 && b <= 0xbf;
    if (lead === 0xed) return b >= 0x80 && b <= 0x9f;
    if (lead === 0xf0) return b >= 0x90 && b <= 0xbf;
    if (lead === 0xf4) return b >= 0x80 && b <= 0x8f;
  }
  return b >= 0x80 && b <= 0xbf;
}

/** Removes what no reader wants: NUL characters (zero padding) and byte order marks inside the text. */
function clean(decoded: DecodedText): DecodedText {
  let { text } = decoded;
  const warnings = [...decoded.warnings];
  if (text.includes('\0')) {
    const before = text.length;
    text = text.replaceAll('\0', '');
    warnings.push(`${before - text.length} NUL character(s) removed`);
  }
  if (text.includes('\uFEFF')) {
    const before = text.length;
    text = text.replaceAll('\uFEFF', '');
    warnings.push(
      `${before - text.length} byte order mark(s) inside the text removed (files joined together?)`,
    );
  }
  return { ...decoded, text, warnings };
}

/**
 * Whether the bytes are a binary file rather than text in any encoding above: zero bytes spread
 * through the text that do not follow the UTF-16 pattern, or many control characters. Zero
 * padding is not binary: a run of zeros at the end is left out, and a long run inside counts as
 * one hole, not as spread zeros (a binary format has zeros everywhere). Only the first 8 KiB
 * after the padding is left out are looked at.
 */
export function looksBinary(input: Uint8Array): boolean {
  if (input.length === 0) return false;
  const bytes = withoutPadding(input);
  // Nothing but zeros: no text at all.
  if (zeroTail(bytes) === bytes.length) return true;
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    return controlShare(utf16le.decode(orderedSample(bytes.subarray(2), b0 === 0xfe ? 'be' : 'le'))) > 0.1;
  }
  const order = utf16Order(bytes);
  if (order) return controlShare(utf16le.decode(orderedSample(bytes, order))) > 0.1;
  const end = Math.min(bytes.length, SAMPLE);
  let zeros = 0;
  let holes = 0;
  let controls = 0;
  for (let i = 0; i < end; i++) {
    const kind = BYTE_KIND[bytes[i] as number];
    if (kind === ZERO) {
      let run = 1;
      while (i + run < end && bytes[i + run] === 0) run++;
      if (run >= HOLE) holes += run;
      else zeros += run;
      i += run - 1;
    } else if (kind === CONTROL) controls++;
  }
  const text = end - holes;
  // A few zeros happen in text (a stray byte); a binary format has many, in short runs. Random
  // or compressed bytes are about one tenth controls and zeros; text has next to none.
  return holes > end / 2 || zeros > Math.max(1, text * 0.01) || (zeros + controls) / text > 0.08;
}

/** A run of this many zero bytes or more is padding (a hole), not zeros of a binary format. */
const HOLE = 32;

function orderedSample(bytes: Uint8Array, order: ByteOrder): Uint8Array {
  const sample = bytes.subarray(0, Math.min(bytes.length, SAMPLE) & ~1);
  return order === 'be' ? swapPairs(sample) : sample;
}

function controlShare(text: string): number {
  if (text.length === 0) return 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 || (c < 0x20 && isControl(c))) controls++;
  }
  return controls / text.length;
}

/** C0 controls other than tab, line feed, vertical tab, form feed, carriage return, EOF and escape. */
function isControl(code: number): boolean {
  return (code < 0x20 && (code < 0x09 || code > 0x0d) && code !== 0x1a && code !== 0x1b) || code === 0x7f;
}

const TEXT = 0;
const ZERO = 1;
const CONTROL = 2;
/** Each byte value's kind for the binary check: text, zero, or a control character. */
const BYTE_KIND = Uint8Array.from({ length: 256 }, (_, b) =>
  b === 0 ? ZERO : isControl(b) ? CONTROL : TEXT,
);
