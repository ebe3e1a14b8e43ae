/**
 * Reading a code in whatever form an admin meets it: hex in any case, with or without `0x`, with
 * fewer than 8 digits; signed or unsigned decimal; the symbolic name; `AADSTS50126`, `MSIS7012`,
 * `HTTP 400`; a server code; or the message text Windows renders for it.
 *
 * A bare decimal number is ambiguous. The rule: a value that is a 32-bit failure code (top bit set,
 * or written with a minus sign) is always the 32-bit code. A smaller number is read, in this order,
 * as a catalogued Win32 code (1312, 12002), a catalogued AADSTS number, a catalogued MSIS number,
 * an HTTP status (100–599), and otherwise as the 32-bit value. Eight digits without `0x` are hex when
 * that reading is a failure code or a catalogued one (`80070005`), decimal otherwise.
 * @module
 */
import type { Phase } from '../../model/diagnosis.ts';
import { BY_CODE, BY_MESSAGE, BY_NAME, foldKey, foldMessage } from './catalog.ts';
import { hex32, hresultFromWin32, isHexCode, ntFromHresult, withRelatedForms } from './forms.ts';
import { decodeStructure as decodeBits } from './structure.ts';
import type { CodeEntry, CodeForm, CodeLookup, CodeReading, CodeStructure } from './types.ts';

interface Parsed {
  form: CodeForm;
  normalized: string;
}

const HEX_PREFIXED = /^0x([0-9a-f]{1,8})$/i;
const HEX_BARE = /^[0-9a-f]{1,8}$/i;
const INT32_MIN = -0x80000000;
const UINT32_MAX = 0xffffffff;

/**
 * J5: the 2019 article printed the user-realm discovery failure as "0x801c0021/-2145648611", a hex
 * and a decimal that belong to two other codes. Lookups of any of the three values say so.
 */
const MISPRINT_NOTES: Record<string, string> = {
  '0x801c0021':
    'The 2019 hybrid-join article also printed this value for the user-realm discovery failure ("0x801c0021/-2145648611"); that failure is 0x801c003d. 0x801c0021 itself is DSREG_AUTOJOIN_DISC_FAILED.',
  '0x801c001d':
    'The 2019 hybrid-join article also printed -2145648611 (this code) for the user-realm discovery failure; that failure is 0x801c003d (-2145648579).',
  '0x801c003d':
    'The 2019 hybrid-join article printed this code wrongly as "0x801c0021/-2145648611"; the correct value is 0x801c003d (-2145648579).',
};
/** The pair exactly as the 2019 article printed it for the user-realm discovery failure. */
const MISPRINT_PAIR = /^(?:0x)?801c0021\s*\/\s*-2145648611$/i;
/** The Intune troubleshooting articles print 0x8018002b with a doubled zero, nine digits long. */
const MISPRINT_MDM = /^(?:0x)?80180002b$/i;
const MISPRINT_MDM_NOTE =
  'Written "0x80180002b" (nine digits) in the Intune troubleshooting articles; the value is 0x8018002b.';

function numeric(value: number, form: CodeForm): Parsed {
  return { form, normalized: hex32(value) };
}

function parseDecimal(text: string): Parsed | null {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n > UINT32_MAX) return null;
  if (n >= 0x80000000) return numeric(n, 'unsigned-decimal');
  if (text.length === 8) {
    const asHex = Number.parseInt(text, 16);
    if (asHex >= 0x80000000 || BY_CODE.has(hex32(asHex))) return numeric(asHex, 'hex');
  }
  if (BY_CODE.has(hex32(n))) return numeric(n, 'unsigned-decimal');
  if (BY_CODE.has(foldKey(`AADSTS${n}`))) return { form: 'aadsts', normalized: `AADSTS${n}` };
  if (BY_CODE.has(foldKey(`MSIS${n}`))) return { form: 'msis', normalized: `MSIS${n}` };
  if (n >= 100 && n <= 599) return { form: 'http', normalized: `HTTP ${n}` };
  return numeric(n, 'unsigned-decimal');
}

function parse(input: string): Parsed | null {
  let text = input
    .trim()
    .replace(/^["']+|["',.;:]+$/g, '')
    .trim();
  // `[0x801c0021]` or `(0x801c0021)` as copied from dsregcmd output; `NAME(...)` keeps its parentheses.
  const wrapped = /^[[(](.*)[\])]$/.exec(text);
  if (wrapped) text = (wrapped[1] as string).trim();
  if (text === '') return null;
  if (MISPRINT_PAIR.test(text)) return { form: 'hex', normalized: '0x801c003d' };
  if (MISPRINT_MDM.test(text)) return { form: 'hex', normalized: '0x8018002b' };
  let m = /^https?[\s_:-]*(?:status[\s_:-]*)?(\d{3})$/i.exec(text);
  if (m) return { form: 'http', normalized: `HTTP ${m[1]}` };
  m = /^AADSTS(\d{1,9})$/i.exec(text);
  if (m) return { form: 'aadsts', normalized: `AADSTS${Number(m[1])}` };
  m = /^MSIS(\d{1,6})$/i.exec(text);
  if (m) return { form: 'msis', normalized: `MSIS${Number(m[1])}` };
  m = HEX_PREFIXED.exec(text);
  if (m) return numeric(Number.parseInt(m[1] as string, 16), 'hex');
  if (/^-\d{1,10}$/.test(text)) {
    const n = Number(text);
    return n >= INT32_MIN ? numeric(n, 'signed-decimal') : null;
  }
  if (/^\+?\d{1,10}$/.test(text)) return parseDecimal(text.replace(/^\+/, ''));
  // Bare hex needs a digit, so that words such as "cafe" or "added" are not read as codes.
  if (HEX_BARE.test(text) && /\d/.test(text)) return numeric(Number.parseInt(text, 16), 'hex');
  const named =
    BY_NAME.get(foldKey(text)) ?? BY_NAME.get(foldKey(text.replace(/^HRESULT_FROM_WIN32\((.*)\)$/i, '$1')));
  if (named) return { form: 'name', normalized: named.code };
  const server = BY_CODE.get(foldKey(text));
  if (server && server.family === 'server') return { form: 'server-code', normalized: server.code };
  return null;
}

/** The normalised form of a code, or null when the text is not a code. */
export function normalizeCode(input: string): string | null {
  return parse(input)?.normalized ?? null;
}

/** The entry for a normalised code (other forms are normalised first). */
export function getEntry(normalized: string): CodeEntry | null {
  const direct = BY_CODE.get(foldKey(normalized));
  if (direct) return direct;
  const n = normalizeCode(normalized);
  return n === null ? null : (BY_CODE.get(foldKey(n)) ?? null);
}

/** Bits of a 32-bit value, with the name of its Win32 code when the catalog knows it. */
export function decodeStructure(value: number): CodeStructure {
  const structure = decodeBits(value);
  const inner = structure.win32 ?? structure.adal?.win32 ?? null;
  if (inner !== null) {
    const name = BY_CODE.get(hex32(inner))?.name ?? null;
    if (name) structure.win32Name = name;
  }
  return structure;
}

/** Shorter messages are too generic to find inside a longer text. */
const MIN_EMBEDDED_MESSAGE = 15;

/**
 * A system message text (`Keyset does not exist`) to the code Windows renders it for. The text may
 * also hold the message inside a longer line (`Exit code: Keyset does not exist. Server error: ...`,
 * as event 304 renders it); the longest catalogued message found there as whole words wins.
 */
export function codeFromMessage(text: string): CodeEntry | null {
  const folded = foldMessage(text);
  if (folded.length < 4) return null;
  const exact = BY_MESSAGE.get(folded);
  if (exact) return exact;
  let best: { length: number; entry: CodeEntry } | null = null;
  for (const [message, entry] of BY_MESSAGE) {
    if (message.length < MIN_EMBEDDED_MESSAGE || (best && best.length >= message.length)) continue;
    const at = folded.indexOf(message);
    if (at < 0) continue;
    const before = folded[at - 1];
    const after = folded[at + message.length];
    const bounded = (c: string | undefined) => c === undefined || !/[\p{L}\p{N}_]/u.test(c);
    if (bounded(before) && bounded(after)) best = { length: message.length, entry };
  }
  return best?.entry ?? null;
}

function structureOf(normalized: string | null): CodeStructure | null {
  if (normalized === null || !isHexCode(normalized)) return null;
  return decodeStructure(Number.parseInt(normalized.slice(2), 16));
}

const MAX_LINE_WITH_ONE_CODE = 120;

/** Look a code up in any form. Never throws. */
export function lookupCode(input: string): CodeLookup {
  const text = typeof input === 'string' ? input : String(input);
  const parsed = parse(text);
  if (parsed) {
    const direct = getEntry(parsed.normalized);
    // HRESULT_FROM_NT: an NTSTATUS carried as an HRESULT reads as that NTSTATUS.
    const nt = direct ? null : ntFromHresult(parsed.normalized);
    const ntEntry = nt ? getEntry(nt) : null;
    const result: CodeLookup = {
      input: text,
      form: parsed.form,
      normalized: parsed.normalized,
      entry: direct ?? ntEntry,
      structure: structureOf(parsed.normalized),
    };
    if (nt) result.ntStatus = nt;
    const note =
      (MISPRINT_MDM.test(text.trim()) ? MISPRINT_MDM_NOTE : undefined) ??
      MISPRINT_NOTES[parsed.normalized] ??
      (nt
        ? `${parsed.normalized} is HRESULT_FROM_NT(${nt}${ntEntry?.name ? ` ${ntEntry.name}` : ''}): the NTSTATUS ${nt} carried as an HRESULT; it means what ${nt} means.`
        : undefined);
    if (note) result.note = note;
    return result;
  }
  // A short line holding one code (`Client ErrorCode : 0x801c03f2`, `AADSTS50126: Error validating
  // credentials ...`) is that code; two codes (`0x801c0021/0x80072ee2`) are not one lookup.
  const inner = text.length <= MAX_LINE_WITH_ONE_CODE ? findCodes(text) : [];
  if (inner.length === 1) return { ...lookupCode(inner[0] as string), input: text };
  const byMessage = codeFromMessage(text);
  if (byMessage) {
    return {
      input: text,
      form: 'message',
      normalized: byMessage.code,
      entry: byMessage,
      structure: structureOf(byMessage.code),
    };
  }
  return { input: text, form: 'unrecognized', normalized: null, entry: null, structure: null };
}

/**
 * The reading of an entry for the phase at hand: same phase and context first, then same phase,
 * then same context, then the reading that holds in any phase, then the first.
 */
export function readingFor(entry: CodeEntry, phase: Phase | null, context?: string): CodeReading {
  const readings = entry.readings;
  const ctx = context ? foldKey(context) : null;
  const inPhase = (r: CodeReading) => phase !== null && (r.phases?.includes(phase) ?? false);
  const inContext = (r: CodeReading) =>
    ctx !== null &&
    r.context !== null &&
    (foldKey(r.context).includes(ctx) || ctx.includes(foldKey(r.context)));
  const pick =
    readings.find((r) => inPhase(r) && inContext(r)) ??
    readings.find(inPhase) ??
    readings.find(inContext) ??
    readings.find((r) => r.phases === null) ??
    readings[0];
  return pick ?? { phases: null, context: null, meaning: entry.summary, causes: [], steps: [] };
}

/**
 * Hex and decimal codes as whole tokens; AADSTS and MSIS numbers whatever wraps them (`_AADSTS50126_`
 * in Markdown italics, `«AADSTS50126»`, a Japanese sentence), only not glued to other letters or digits.
 */
const TOKEN =
  /(?<![0-9A-Za-z_])(?:0x[0-9a-f]{1,8}|-\d{9,10}|\d{10})(?![0-9A-Za-z_])|(?<![0-9A-Za-z])(?:AADSTS\d{1,9}|MSIS\d{1,6})(?![0-9A-Za-z])/gi;

/**
 * Codes named in a text, whole tokens only (`0x801c03f20` is not `0x801c03f2`), normalised, each
 * once, in order of first appearance: non-zero hex with `0x` (`0x2ee6` too, as ADAL logs write
 * WinHTTP codes), AADSTS and MSIS numbers, and signed or 10-digit unsigned decimals that are 32-bit
 * failure codes (as event XML writes them). An `HRESULT_FROM_NT` value (`0xd000006d`) is followed
 * by its NTSTATUS (`0xc000006d`).
 */
export function findCodes(text: string): string[] {
  const out: string[] = [];
  for (const { code } of codeTokens(text)) if (!out.includes(code)) out.push(code);
  return out;
}

/**
 * The codes one field's value holds: each of them when it names several (`Server ErrorCode :
 * 0x80090016 0x80290407`, or an `HRESULT_FROM_NT` value and its NTSTATUS), else the value itself
 * as one code (`DirectoryError`, `0x801c03f2`, `-2146893802`).
 */
export function fieldCodes(value: string): string[] {
  const text = value.trim();
  const found = findCodes(text);
  return found.length > 1 || (found.length === 1 && /\s/.test(text)) ? found : [text];
}

/** The codes of `findCodes` with where each was written, in order, repeats included. */
function codeTokens(text: string): Array<{ at: number; code: string }> {
  const out: Array<{ at: number; code: string }> = [];
  for (const m of text.matchAll(TOKEN)) {
    const token = m[0];
    let normalized: string | null = null;
    if (/^-?\d+$/.test(token)) {
      const n = Number(token);
      const failure = n < 0 ? n >= INT32_MIN && n <= -0x10000 : n >= 0x80000000 && n <= UINT32_MAX;
      if (failure) normalized = hex32(n);
    } else {
      normalized = parse(token)?.normalized ?? null;
      // `HTTP Error : 0x0` means "no error"; it is not a code to explain.
      if (normalized === '0x00000000') normalized = null;
    }
    if (normalized === null) continue;
    for (const form of withRelatedForms(normalized)) out.push({ at: m.index ?? 0, code: form });
  }
  return out;
}

/** Symbolic names as messages print them: `ERROR_WINHTTP_TIMEOUT`, `STATUS_LOGON_FAILURE`, `NTE_BAD_KEYSET`, `MENROLL_E_USERLICENSE`. */
const SYMBOL =
  /(?<![0-9A-Za-z_])(?:ERROR|WININET_E|STATUS|NTE|TPM_E|TPM_20_E|DSREG_E|DSREG|SEC_E|E|CRYPT_E|MENROLL_E|MREGISTER_E)_[A-Z0-9_]{2,60}(?![0-9A-Za-z_])/g;
/** Lower-case server words (`invalid_grant`, `error_missing_device`, `bad_token`). */
const SERVER_WORD = /(?<![0-9A-Za-z_])[a-z]+(?:_[a-z]+)+(?![0-9A-Za-z_])/g;

/**
 * Every code a server message or description names, in order of first appearance: the codes of
 * `findCodes`, symbolic names the catalog knows (`ERROR_WINHTTP_TIMEOUT`), and server error or
 * sub-error words the catalog knows (`error_missing_device`), each normalised once.
 */
export function codesInMessage(text: string): string[] {
  const found = codeTokens(text);
  for (const m of text.matchAll(SYMBOL)) {
    const entry = BY_NAME.get(foldKey(m[0]));
    if (!entry) continue;
    // A Win32 name in a message stands for its HRESULT, the form dsregcmd and the catalog report.
    const value = isHexCode(entry.code) ? Number.parseInt(entry.code.slice(2), 16) : -1;
    const hresult = value > 0 && value <= 0xffff ? hresultFromWin32(value) : null;
    found.push({ at: m.index ?? 0, code: hresult && BY_CODE.has(hresult) ? hresult : entry.code });
  }
  for (const m of text.matchAll(SERVER_WORD)) {
    const entry = BY_CODE.get(foldKey(m[0]));
    if (entry && entry.family === 'server') found.push({ at: m.index ?? 0, code: entry.code });
  }
  found.sort((a, b) => a.at - b.at);
  const out: string[] = [];
  for (const f of found) if (!out.includes(f.code)) out.push(f.code);
  return out;
}

/** The phases a code can fail in, from its readings, in catalog order; empty when not phase-bound. */
export function phasesOf(code: string | CodeEntry): Phase[] {
  const entry = typeof code === 'string' ? getEntry(code) : code;
  const phases: Phase[] = [];
  for (const r of entry?.readings ?? [])
    for (const p of r.phases ?? []) if (!phases.includes(p)) phases.push(p);
  return phases;
}
