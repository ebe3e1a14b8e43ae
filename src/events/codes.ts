/**
 * Codes as events write them → the normalised form findings use (`0x` + 8 hex digits,
 * `AADSTS50126`). Event XML writes Int32 fields as signed decimals and UInt32 as unsigned ones;
 * rendered text writes hex, or the code's system message instead of its number.
 * Whole values are normalised by the error catalog; this module finds codes inside rendered text.
 * @module
 */
import { hex32 } from '../knowledge/codes/define.ts';
import { findCodes } from '../knowledge/codes/index.ts';
import { codeFromMessage, normalize } from './catalog.ts';

/** A 32-bit value, signed or unsigned, as `0x` + 8 lower-case hex digits. */
export function hexFromNumber(n: number): string | null {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0xffffffff) return null;
  return hex32(n);
}

/** `0x801C03F2`, `0x2ee6` → `0x801c03f2`, `0x00002ee6`. */
export function hexFromText(text: string): string | null {
  return hexCodesIn(text)[0] ?? null;
}

/** Every hex code written in a text, normalised, in order, without repeats. */
export function hexCodesIn(text: string): string[] {
  const found = [...text.matchAll(/\b0x([0-9a-f]{1,8})\b/gi)].map(
    (m) => `0x${(m[1] as string).toLowerCase().padStart(8, '0')}`,
  );
  return [...new Set(found)];
}

/**
 * A code field's value in any of the forms events use: `-2145647630`, `3399942154`,
 * `0x801C03F2`, `Unknown HResult Error code: 0x801c001d` (or `: -2145647630`), or a system message text such as
 * `Keyset does not exist` (mapped back through the catalog). Null when none of these.
 */
export function codeFromValue(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.trim();
  if (text === '') return null;
  if (/^-?\d+$/.test(text) || /^0x[0-9a-f]+$/i.test(text)) return normalize(text);
  const hex = hexFromText(text);
  if (hex) return hex;
  // `Unknown HResult Error code: -2145647630.`: a signed or unsigned decimal failure code in text.
  const decimal = findCodes(text).find((c) => /^0x[0-9a-f]{8}$/.test(c));
  if (decimal) return decimal;
  return codeFromMessage(text);
}

/**
 * A Win32 network error written as a plain number (WinHTTP 12002) is reported as its HRESULT
 * (`0x80072ee2`), the form dsregcmd and the catalog use; other values convert as they are.
 */
export function networkCodeFromValue(value: string | null | undefined): string | null {
  const code = codeFromValue(value);
  const n = code ? Number.parseInt(code.slice(2), 16) : Number.NaN;
  // ADAL's `AdalErrorCode: 0x2ee6` is the bare WinHTTP code 12006.
  if (n >= 12000 && n < 13000) return hresultFromWin32(String(n));
  return code;
}

/** A Win32 error number (`1317`, `12029`) as its HRESULT (`0x80070525`); null for anything else. */
export function hresultFromWin32(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n > 0 && n < 0x10000 ? hexFromNumber((0x80070000 | n) >>> 0) : null;
}

/** Every `AADSTSnnnnn` in a text, in order, without repeats. */
export function aadstsCodes(text: string | null | undefined): string[] {
  if (!text) return [];
  return [...new Set([...text.matchAll(/\bAADSTS(\d{4,7})\b/g)].map((m) => `AADSTS${m[1]}`))];
}
