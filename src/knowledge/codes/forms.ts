/**
 * The forms a 32-bit code takes, and the arithmetic between them, in one place: the normal form
 * (`0x` + 8 lower-case hex digits, the model's `HexCode`), hex in any case and length, signed and
 * unsigned decimal, `HRESULT_FROM_WIN32` and `HRESULT_FROM_NT`. Character tests, no regular
 * expressions: values come from megabyte-long lines too.
 * @module
 */

/** The lowest signed 32-bit value and the highest unsigned one. */
const INT32_MIN = -0x80000000;
const UINT32_MAX = 0xffffffff;
/** `FACILITY_NT_BIT` (winerror.h): set by `HRESULT_FROM_NT` on an NTSTATUS. */
const FACILITY_NT_BIT = 0x10000000;
/** `HRESULT_FROM_WIN32`: severity error, facility 7 (WIN32), the Win32 code in the low word. */
const WIN32_HRESULT_BASE = 0x80070000;

const CH_0 = 48;
const CH_9 = 57;
const CH_A = 97;
const CH_F = 102;
const CH_X = 120;
const CH_PLUS = 43;
const CH_MINUS = 45;

/** `0x` + 8 lower-case hex digits for a 32-bit value (negative values as their two's complement). */
export function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

function isHexDigit(c: number): boolean {
  const lower = c | 32;
  return (c >= CH_0 && c <= CH_9) || (lower >= CH_A && lower <= CH_F);
}

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

/**
 * True for the normal form every model field holds (`HexCode` in `model/capture.ts`): `0x` and
 * exactly eight lower-case hex digits.
 */
export function isHexCode(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(0) !== CH_0 || text.charCodeAt(1) !== CH_X) return false;
  for (let i = 2; i < 10; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= CH_0 && c <= CH_9) || (c >= CH_A && c <= CH_F))) return false;
  }
  return true;
}

/** A signed or unsigned 32-bit number in the normal form; null outside both ranges or not an integer. */
export function hexFromNumber(n: number): string | null {
  if (!Number.isInteger(n) || n < INT32_MIN || n > UINT32_MAX) return null;
  return hex32(n);
}

/** `0x801C03F2`, `0X2ee6`, `0x0` → the normal form; null unless `0x` and 1 to 8 hex digits. */
export function hexFromPrefixed(text: string): string | null {
  const t = text.trim();
  if (t.length < 3 || t.length > 10 || t.charCodeAt(0) !== CH_0 || (t.charCodeAt(1) | 32) !== CH_X)
    return null;
  for (let i = 2; i < t.length; i++) if (!isHexDigit(t.charCodeAt(i))) return null;
  return hex32(Number.parseInt(t.slice(2), 16));
}

/** A whole decimal integer (`-2145648611`, `2149318685`, `+12002`) as a number; null otherwise. */
export function decimalValue(text: string): number | null {
  const t = text.trim();
  if (t.length === 0 || t.length > 11) return null;
  let i = t.charCodeAt(0) === CH_MINUS || t.charCodeAt(0) === CH_PLUS ? 1 : 0;
  if (i === t.length) return null;
  for (; i < t.length; i++) if (!isDigit(t.charCodeAt(i))) return null;
  return Number(t);
}

/**
 * A code as a field or event value writes it, in the normal form: hex with `0x` in any case and
 * length, signed decimal (`-2145648611`, as Int32 event fields write HRESULTs), unsigned decimal
 * (`2149318685`), or eight bare hex digits (`801c0021`). Null when it is none of these.
 */
export function normalizeHex(text: string): string | null {
  const t = text.trim();
  if (isHexCode(t)) return t;
  if (t.length === 0 || t.length > 20) return null;
  const prefixed = hexFromPrefixed(t);
  if (prefixed !== null) return prefixed;
  const n = decimalValue(t);
  if (n !== null) return hexFromNumber(n);
  if (t.length === 8) {
    for (let i = 0; i < 8; i++) if (!isHexDigit(t.charCodeAt(i))) return null;
    return hex32(Number.parseInt(t, 16));
  }
  return null;
}

/** The value of a normal-form code; null when the text is not in the normal form. */
export function codeValue(code: string): number | null {
  return isHexCode(code) ? Number.parseInt(code.slice(2), 16) : null;
}

/** The code as a signed 32-bit decimal (`0x801c001d` → -2145648611), as Int32 fields print it. */
export function toSigned(code: string): number | null {
  const v = codeValue(code);
  return v === null ? null : v | 0;
}

/** The code as an unsigned 32-bit decimal (`0x801c001d` → 2149318685), as UInt32 fields print it. */
export function toUnsigned(code: string): number | null {
  return codeValue(code);
}

/** `HRESULT_FROM_WIN32`: a Win32 error number (`12002`) → its HRESULT (`0x80072ee2`); 0 stays 0. */
export function hresultFromWin32(win32: number): string | null {
  if (!Number.isInteger(win32) || win32 < 0 || win32 > 0xffff) return null;
  return hex32(win32 === 0 ? 0 : (WIN32_HRESULT_BASE | win32) >>> 0);
}

/** The Win32 error inside an `HRESULT_FROM_WIN32` value (`0x80070005` → 5); null for any other code. */
export function win32FromHresult(code: string): number | null {
  const v = codeValue(code);
  if (v === null || (v & 0xffff0000) >>> 0 !== WIN32_HRESULT_BASE) return null;
  return v & 0xffff;
}

/** `HRESULT_FROM_NT`: an NTSTATUS (`0xc000006d`) → the HRESULT that carries it (`0xd000006d`). */
export function hresultFromNt(ntstatus: string): string | null {
  const v = codeValue(ntstatus);
  if (v === null || (v & FACILITY_NT_BIT) !== 0) return null;
  return hex32((v | FACILITY_NT_BIT) >>> 0);
}

/**
 * The NTSTATUS inside an `HRESULT_FROM_NT` value: the N bit set on a warning or error code
 * (`0xd000006d` → `0xc000006d`, `0x9000001a` → `0x8000001a`). Null for any other code, and for
 * ADAL codes (`0xcaa…`), whose upper word is not a facility.
 */
export function ntFromHresult(code: string): string | null {
  const v = codeValue(code);
  if (v === null || (v & FACILITY_NT_BIT) === 0 || v >>> 31 === 0) return null;
  if ((v & 0x0ff00000) === 0x0aa00000) return null;
  return hex32((v & ~FACILITY_NT_BIT) >>> 0);
}

/**
 * A code and the other forms of the same failure a report should name beside it: an
 * `HRESULT_FROM_NT` value is followed by its NTSTATUS. Non-hex codes come back alone.
 */
export function withRelatedForms(code: string): string[] {
  const nt = ntFromHresult(code);
  return nt === null ? [code] : [code, nt];
}
