/**
 * Decoding the text forms EVTX stores: UTF-16LE runs, single-byte strings and hex dumps.
 * @module
 */

const utf16 = new TextDecoder('utf-16le');

/** UTF-16LE code units at `start`; short runs are built directly, which is faster than a decoder call. */
export function readUtf16(bytes: Uint8Array, start: number, units: number): string {
  if (units > 48) return utf16.decode(bytes.subarray(start, start + units * 2));
  let s = '';
  for (let i = 0, p = start; i < units; i++, p += 2)
    s += String.fromCharCode((bytes[p] as number) | ((bytes[p + 1] as number) << 8));
  return s;
}

/** Codepage strings: the codepage is not recorded, so bytes are read as Latin-1 like the reference readers. */
export function readSingleByte(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase());

/** Uppercase hex without separators, the way Event Viewer prints binary data. */
export function hexUpper(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length; i++) s += HEX[bytes[i] as number];
  return s;
}

export function stripTrailingNuls(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  return end === s.length ? s : s.slice(0, end);
}
