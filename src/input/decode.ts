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
    return clean(decodeRaw(bytes));
  } catch {
    // Unreachable with the decoders above; a text is promised all the same.
    return { text: '', encoding: 'utf-8', bom: false, warnings: ['the input could not be decoded'] };
  }
}

function decodeRaw(bytes: Uint8Array): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) {
    const { text, warnings } = decodeUtf8(bytes.subarray(3));
    return { text, encoding: 'utf-8-bom', bom: true, warnings };
  }
  if (b0 === 0xff && b1 === 0xfe) return decodeUtf16(bytes.subarray(2), 'le', true);
  if (b0 === 0xfe && b1 === 0xff) return decodeUtf16(bytes.subarray(2), 'be', true);
  const order = utf16Order(bytes);
  if (order) return decodeUtf16(bytes, order, false);
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
 * Whether the bytes are a binary file rather than text in any encoding above: zero bytes that do
 * not follow the UTF-16 pattern, or many control characters. Only the first 8 KiB are looked at.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    return controlShare(utf16le.decode(orderedSample(bytes.subarray(2), b0 === 0xfe ? 'be' : 'le'))) > 0.1;
  }
  const order = utf16Order(bytes);
  if (order) return controlShare(utf16le.decode(orderedSample(bytes, order))) > 0.1;
  const end = Math.min(bytes.length, SAMPLE);
  let zeros = 0;
  let controls = 0;
  for (let i = 0; i < end; i++) {
    const kind = BYTE_KIND[bytes[i] as number];
    if (kind === ZERO) zeros++;
    else if (kind === CONTROL) controls++;
  }
  // A few zeros happen in text (a padded tail reaching the sample); a binary format has many.
  return zeros > Math.max(1, end * 0.01) || (zeros + controls) / end > 0.1;
}

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
