/**
 * Value typing: the raw text of one field becomes a `FieldValue`, guided by the catalog type.
 * Hand-written scanners, no backtracking regular expressions: values can be megabytes long.
 * @module
 */
import { isHexCode, normalizeHex } from '../knowledge/codes/forms.ts';
import { findCodes, normalizeCode } from '../knowledge/codes/lookup.ts';
import type { FieldType } from '../knowledge/fields.ts';
import type { FieldValue } from '../model/capture.ts';
import { isTrimSpace } from './chars.ts';

export interface TypedValue {
  value: FieldValue;
  /** Set when the value looked like its type but could not be read (kept as text). */
  malformed: string | null;
}

/**
 * A code normalised to `0x` + 8 lower-case hex digits: `0x801C0021`, `801c0021`, `0x0`,
 * `-2145648607` (signed HRESULT) and `2149318689` all work. Null when not a code.
 */
export function normalizeHexCode(text: string): string | null {
  return normalizeHex(text);
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

/** Where a GUID's 36 characters have their dashes (8-4-4-4-12 hex digits between). */
function isGuidDash(i: number): boolean {
  return i === 8 || i === 13 || i === 18 || i === 23;
}

/** A GUID with or without braces (and spaces inside them), lower-cased; null otherwise. */
export function normalizeGuid(text: string): string | null {
  let t = text.trim();
  if (t.startsWith('{') && t.endsWith('}')) t = t.slice(1, -1).trim();
  if (t.length !== 36) return null;
  for (let i = 0; i < 36; i++) {
    const c = t.charCodeAt(i);
    if (isGuidDash(i) ? c !== 45 : !isHexDigit(c)) return null;
  }
  return t.toLowerCase();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The ranges a timestamp must fall in (a leap second allowed, years Windows can hold). */
function inRange(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return !(mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1601 || y > 9999);
}

function isoOf(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): string | null {
  if (!inRange(y, mo, d, h, mi, s)) return null;
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`;
}

/** `2019-01-31 09:16:43.000 UTC`: separators by position, digits everywhere else. */
const CANONICAL_TIME = '0000-00-00 00:00:00.000 UTC';

function isCanonicalTime(t: string): boolean {
  if (t.length !== CANONICAL_TIME.length) return false;
  for (let i = 0; i < t.length; i++) {
    const want = CANONICAL_TIME.charCodeAt(i);
    const c = t.charCodeAt(i);
    if (want === 48 ? c < 48 || c > 57 : c !== want) return false;
  }
  return true;
}

/** The `count` digits of `t` from `at` as a number. */
function digits(t: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) n = n * 10 + t.charCodeAt(i) - 48;
  return n;
}

/**
 * The form every dsregcmd since 1803 prints, read without the general patterns. Its digits are
 * already zero-padded to the ISO widths, so the ISO text is the same characters rearranged.
 */
function canonicalTime(t: string): string | null {
  const ok = inRange(
    digits(t, 0, 4),
    digits(t, 5, 2),
    digits(t, 8, 2),
    digits(t, 11, 2),
    digits(t, 14, 2),
    digits(t, 17, 2),
  );
  return ok ? `${t.slice(0, 10)}T${t.slice(11, 23)}Z` : null;
}

const ISO_LIKE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?\s*(?:UTC|Z|GMT)?$/i;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\s*([AP]M))?(?:\s*UTC)?$/i;
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\s*UTC)?$/i;

function millis(frac: string | undefined): number {
  if (!frac) return 0;
  return Number(`${frac}00`.slice(0, 3));
}

/**
 * A timestamp to ISO-8601 UTC. dsregcmd prints `2019-01-31 09:16:43.000 UTC`; pastes from
 * other tools use `1/31/2019 9:16:43 AM` (read only when day and month cannot be confused)
 * or `31.01.2019 09:16:43`. Null when not a timestamp or ambiguous.
 */
export function parseTimestamp(text: string): string | null {
  const t = text.trim();
  if (isCanonicalTime(t)) return canonicalTime(t);
  if (t.length < 14 || t.length > 40) return null;
  let m = ISO_LIKE.exec(t);
  if (m) {
    return isoOf(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6]),
      millis(m[7]),
    );
  }
  m = SLASHED.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Month-first when the second number cannot be a month, day-first in the reverse case.
    let month: number;
    let day: number;
    if (a === b || b > 12) [month, day] = [a, b];
    else if (a > 12) [month, day] = [b, a];
    else return null;
    let h = Number(m[4]);
    const ampm = m[7]?.toUpperCase();
    if (ampm) {
      if (h < 1 || h > 12) return null;
      if (ampm === 'PM' && h !== 12) h += 12;
      if (ampm === 'AM' && h === 12) h = 0;
    }
    return isoOf(Number(m[3]), month, day, h, Number(m[5]), Number(m[6]), 0);
  }
  m = DOTTED.exec(t);
  if (m) return isoOf(Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]), 0);
  return null;
}

/** `xxxx` (any case), `***`, `...` or `…` anywhere; the native searches are faster than a loop. */
function hasMaskMark(t: string): boolean {
  return t.indexOf('***') !== -1 || t.indexOf('...') !== -1 || t.indexOf('\u2026') !== -1 || hasXRun(t);
}

function isX(c: number): boolean {
  return c === 120 || c === 88;
}

/**
 * Four `x` or `X` in a row. Every such run covers an index `3 mod 4`, so only those are read;
 * around an `x` the run is measured both ways (at most three steps each unless it is long enough).
 */
function hasXRun(t: string): boolean {
  for (let p = 3; p < t.length; p += 4) {
    if (!isX(t.charCodeAt(p))) continue;
    let start = p;
    while (start > 0 && isX(t.charCodeAt(start - 1))) start--;
    let end = p + 1;
    while (end < t.length && end - start < 4 && isX(t.charCodeAt(end))) end++;
    if (end - start >= 4) return true;
  }
  return false;
}

/** The longest placeholder name read: `[UserPrincipalName]`, `<DeviceId>`, `[ADFS-Server]`. */
const MAX_PLACEHOLDER = 40;

/**
 * Where a placeholder opened at `at` (`[Date]`, `[Tenant ID]`, `<DeviceId>`) ends, past its
 * closing bracket; -1 when there is none. A letter first, then letters, digits, spaces, `_` and
 * `-`: a validity range `[ 2019-...` or a code `[0x801c0021]` is not one. Reads at most
 * `MAX_PLACEHOLDER` characters.
 */
function placeholderEnd(t: string, at: number): number {
  const open = t.charCodeAt(at);
  const close = open === 91 ? 93 : open === 60 ? 62 : -1;
  if (close === -1 || (t.charCodeAt(at + 1) | 32) < 97 || (t.charCodeAt(at + 1) | 32) > 122) return -1;
  const stop = Math.min(t.length, at + 2 + MAX_PLACEHOLDER);
  for (let i = at + 2; i < stop; i++) {
    const c = t.charCodeAt(i);
    if (c === close) return t.charCodeAt(i - 1) === 32 ? -1 : i + 1;
    const ok =
      ((c | 32) >= 97 && (c | 32) <= 122) || (c >= 48 && c <= 57) || c === 32 || c === 95 || c === 45;
    if (!ok) return -1;
  }
  return -1;
}

/** A placeholder anywhere: `https://login.microsoftonline.com/[TenantId]`, `[Date] UTC`. */
function hasPlaceholder(t: string): boolean {
  for (const open of ['[', '<']) {
    for (let at = t.indexOf(open); at !== -1; at = t.indexOf(open, at + 1)) {
      if (placeholderEnd(t, at) !== -1) return true;
    }
  }
  return false;
}

/** In free text: the whole value is one placeholder, maybe with `UTC` or a `(note)` after it. */
function isPlaceholderValue(t: string): boolean {
  const end = placeholderEnd(t, 0);
  if (end === -1) return false;
  const rest = t.slice(end).trim();
  return rest === '' || rest.toUpperCase() === 'UTC' || (rest.startsWith('(') && rest.endsWith(')'));
}

/**
 * Values a sharer hid: `xxxx`, `***`, `[REDACTED_GUID]`, `<TenantId>`, `a926...d8`, and
 * bracketed placeholders (`[GUID]`, `[Date] UTC`, `[Tenant ID]`, `.../[TenantId]`). In free text
 * (`prose`) only a value that is one masked token counts.
 */
export function isMasked(text: string, prose: boolean): boolean {
  const t = text.trim();
  if (t.length === 0) return false;
  if (t.startsWith('[REDACTED') || t.startsWith('{REDACTED') || t.startsWith('REDACTED')) return true;
  if (t[0] === '<' && t[t.length - 1] === '>' && t[1] !== '<' && t.indexOf('<', 1) === -1) return true;
  if (hasMaskMark(t)) {
    if (!prose) return true;
    // In free text only a value that is one masked token counts, not a sentence with an ellipsis.
    const firstSpace = t.indexOf(' ');
    const token = firstSpace === -1 ? t : t.slice(0, firstSpace);
    const rest = firstSpace === -1 ? '' : t.slice(firstSpace).trim();
    if ((rest === '' || (rest.startsWith('(') && rest.endsWith(')'))) && token.length > 0) return true;
  }
  return prose ? isPlaceholderValue(t) : hasPlaceholder(t);
}

/**
 * `UNKNOWN`, which Ngc Prerequisite Check prints for its YES/NO checks when `NgcPreReq` failed.
 * A state, not a damaged value: a bool field keeps it as text and no warning is raised.
 */
export function isUnknownState(text: string): boolean {
  return text.length === 7 && text.toUpperCase() === 'UNKNOWN';
}

function boolOf(text: string): boolean | null {
  const u = text.toUpperCase();
  if (u === 'YES' || u === 'TRUE') return true;
  if (u === 'NO' || u === 'FALSE') return false;
  return null;
}

/** `YES`, `NO`, `YES ( StateReady )`. */
function readBool(t: string): FieldValue | null {
  const paren = t.indexOf('(');
  if (paren === -1) {
    const b = boolOf(t);
    return b === null ? null : { kind: 'bool', value: b, detail: null };
  }
  const b = boolOf(t.slice(0, paren).trim());
  if (b === null || !t.endsWith(')')) return null;
  const detail = t.slice(paren + 1, -1).trim();
  return { kind: 'bool', value: b, detail: detail === '' ? null : detail };
}

/** `ERROR`, `ERROR (0x80070520)`, `ERROR 0x80070520`, `ERROR: 0x...`. */
function readError(t: string): FieldValue | null {
  const c = t.charCodeAt(0);
  if ((c !== 69 && c !== 101) || t.length < 5 || t.slice(0, 5).toUpperCase() !== 'ERROR') return null;
  const rest = t.slice(5).trim();
  if (rest !== '' && !/^[:(\s0-9x-]/i.test(rest)) return null;
  const inner = rest
    .replace(/^[:\s]+/, '')
    .replace(/^\(/, '')
    .replace(/\)$/, '')
    .trim();
  const code = inner === '' ? null : normalizeHexCode(inner.split(/[\s)]/)[0] ?? '');
  return { kind: 'error', code, text: t };
}

/** Where the first word ends: white space or `[` (`FAIL[0x...]`), or the end. */
function wordEnd(u: string): number {
  let i = 0;
  while (i < u.length && !isTrimSpace(u.charCodeAt(i)) && u.charCodeAt(i) !== 91) i++;
  return i;
}

function trimPunctuation(word: string): string {
  let end = word.length;
  while (end > 0) {
    const c = word.charCodeAt(end - 1);
    if (c !== 46 && c !== 58 && c !== 44 && c !== 59) break;
    end--;
  }
  return end === word.length ? word : word.slice(0, end);
}

/** `PASS`, `PASSED`, `FAIL [0x801c0021/0x80072ee2]`, `FAILED. Error: 0x...`, `SKIPPED`, else `other`. */
function readTest(t: string): FieldValue {
  const u = t.toUpperCase();
  // `FAILED.` and `FAIL:` as KeySignTest and DeviceAuthStatus print them are the same outcome.
  const word = trimPunctuation(u.slice(0, wordEnd(u)));
  let outcome: 'pass' | 'fail' | 'skipped' | 'other' = 'other';
  if (word === 'PASS' || word === 'PASSED') outcome = 'pass';
  else if (word === 'FAIL' || word === 'FAILED') outcome = 'fail';
  else if (word === 'SKIPPED' || word === 'SKIP') outcome = 'skipped';
  let code: string | null = null;
  let subCode: string | null = null;
  const open = t.indexOf('[');
  const close = t.indexOf(']', open + 1);
  if (open !== -1 && close !== -1) {
    const parts = t.slice(open + 1, close).split('/');
    code = normalizeHexCode(parts[0] ?? '');
    subCode = parts.length > 1 ? normalizeHexCode(parts[1] ?? '') : null;
  } else if (outcome === 'fail') {
    // `FAILED. Error: 0x80090016`, `FAIL (-2146893802)`: the code is written after the outcome.
    code = firstHexCode(t.slice(word.length));
  }
  return { kind: 'test', outcome, code, subCode, text: t };
}

/**
 * The first 32-bit code written in a text: hex with `0x`, or a signed or 10-digit unsigned
 * decimal failure code (`-2146893802`, `2148073494`), as `FAILED. Error:` forms print them.
 */
function firstHexCode(text: string): string | null {
  for (const code of findCodes(text)) if (isHexCode(code)) return code;
  return null;
}

/** `SUCCESS`, `FAILED. Device is either disabled or deleted.`, `FAILED. Error: 0x...`. */
function readStatus(t: string): FieldValue | null {
  const u = t.toUpperCase();
  if (u === 'SUCCESS' || u === 'SUCCEEDED')
    return { kind: 'status', outcome: 'success', code: null, message: null };
  if (!u.startsWith('FAILED') && !u.startsWith('FAIL')) return null;
  const message = t.replace(/^fail(?:ed)?\.?\s*/i, '').trim();
  const code = message === '' ? null : firstHexCode(message);
  return { kind: 'status', outcome: 'failed', code, message: message === '' ? null : message };
}

/** `[ 2019-01-11 21:02:50.000 UTC -- 2029-01-11 21:32:50.000 UTC ]`. */
function readRange(t: string): FieldValue | null {
  if (!t.startsWith('[') || !t.endsWith(']')) return null;
  const inner = t.slice(1, -1);
  const sep = inner.indexOf('--');
  if (sep === -1) return null;
  return {
    kind: 'range',
    from: parseTimestamp(inner.slice(0, sep)),
    to: parseTimestamp(inner.slice(sep + 2)),
  };
}

/** `{B16898C6-...} (AzureAd)` and bare GUIDs. */
function readGuid(t: string): FieldValue | null {
  let body = t;
  let provider: string | null = null;
  if (t.endsWith(')')) {
    const open = t.lastIndexOf('(');
    if (open > 0) {
      provider = t.slice(open + 1, -1).trim() || null;
      body = t.slice(0, open).trim();
    }
  }
  const guid = normalizeGuid(body);
  return guid ? { kind: 'guid', guid, provider } : null;
}

function readNumber(t: string): FieldValue | null {
  if (!/^[+-]?\d{1,15}(?:\.\d{1,6})?$/.test(t)) return null;
  return { kind: 'number', value: Number(t) };
}

function readList(t: string): FieldValue {
  const items: string[] = [];
  for (const part of t.split(',')) {
    const item = part.trim();
    if (item !== '') items.push(item);
  }
  return { kind: 'list', items };
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** One decoder for every call: decoding without `stream` keeps no state between calls. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `SettingsUrl`: base64 (standard or URL-safe) of UTF-8 JSON. */
function readBase64Json(t: string): FieldValue | null {
  if (!BASE64.test(t)) return null;
  try {
    let b64 = t.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4 !== 0) b64 += '=';
    const binary = atob(b64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const json: unknown = JSON.parse(utf8.decode(bytes));
    return { kind: 'decoded', encoding: 'base64-json', json };
  } catch {
    return null;
  }
}

/** What a value looks like with no catalog guidance (unknown fields, or a type mismatch). */
function inferValue(t: string): FieldValue {
  return (
    readBool(t) ??
    (t.startsWith('0x') || t.startsWith('0X') ? codeValue(t) : null) ??
    readGuid(t) ??
    timeValue(t) ??
    readRange(t) ??
    readNumber(t) ?? { kind: 'text', text: t }
  );
}

function codeValue(t: string): FieldValue | null {
  const code = normalizeHexCode(t) ?? annotatedCode(t);
  return code ? { kind: 'code', code } : null;
}

/** Where the code written first ends: a space, a note in brackets, a slash, a comma or a semicolon. */
function isCodeBreak(c: number): boolean {
  return c === 32 || c === 9 || c === 40 || c === 91 || c === 47 || c === 44 || c === 59;
}

/**
 * A code field written with more than the bare code: a note or another form after it
 * (`0x801c03f2 (-2145647630)`, `0x801c03f2 (DSREG_E_DIRECTORY_FAILURE)`, `0x801c03f2.`), several
 * codes (`0x80090016 0x80290407`: the first is the value, the raw text keeps the others), or the
 * symbolic name alone (`DSREG_E_DIRECTORY_FAILURE`). Null for a masked value or anything else.
 */
function annotatedCode(t: string): string | null {
  if (t.length > 200 || hasMaskMark(t)) return null;
  let end = 0;
  while (end < t.length && !isCodeBreak(t.charCodeAt(end))) end++;
  const code = normalizeCode(t.slice(0, end));
  return code !== null && isHexCode(code) ? code : null;
}

function timeValue(t: string): FieldValue | null {
  const iso = parseTimestamp(t);
  return iso ? { kind: 'time', iso } : null;
}

/** Plain words (`NONE`, `NOT SET`, `undefined`) are a legitimate reading, not a broken value. */
function isPlainWords(t: string): boolean {
  return /^[A-Za-z][A-Za-z /-]*$/.test(t);
}

function typed(t: string, type: FieldType): FieldValue | null {
  switch (type) {
    case 'bool':
      return readBool(t);
    case 'guid':
      return readGuid(t);
    case 'time':
      return timeValue(t);
    case 'range':
      return readRange(t);
    case 'code':
      return codeValue(t);
    case 'test':
      return readTest(t);
    case 'status':
      return readStatus(t);
    case 'number':
      return readNumber(t);
    case 'list':
      return readList(t);
    case 'base64-json':
      return readBase64Json(t);
    case 'text':
    case 'url':
      return { kind: 'text', text: t };
  }
}

/** Types whose failure to parse means a damaged value rather than another legitimate word. */
const STRICT: ReadonlySet<FieldType> = new Set(['guid', 'time', 'range', 'code', 'number', 'base64-json']);

/** Types whose reading cannot be mistaken for a mask, so they are tried before mask checks. */
const STRICT_FIRST: ReadonlySet<FieldType> = new Set([
  'bool',
  'guid',
  'time',
  'range',
  'code',
  'number',
  'base64-json',
]);

/** Types of free text, where an ellipsis inside a sentence is not masking. */
const PROSE: ReadonlySet<FieldType> = new Set(['text', 'test', 'status', 'list']);

/**
 * Words that stand for "no value": `-`, `--`, `n/a`, `N.A.`, `none`, `NOT SET`, `null`, `(null)`,
 * `<empty>`. Checked by length and characters first: almost every value is longer.
 */
export function isPlaceholderWord(t: string): boolean {
  if (t.length > 9) return false;
  const u = t.toUpperCase();
  return (
    u === '-' ||
    u === '--' ||
    u === '---' ||
    u === 'N/A' ||
    u === 'NA' ||
    u === 'N.A.' ||
    u === 'NONE' ||
    u === 'NOT SET' ||
    u === 'NOTSET' ||
    u === 'NULL' ||
    u === '(NULL)' ||
    u === '<EMPTY>' ||
    u === '(EMPTY)'
  );
}

/**
 * Reads one value. `type` is null for an unknown field. A placeholder word (`MdmUrl : -`,
 * `Server Message : n/a`) is an absent value, unless `placeholderIsValue`: for a few fields the
 * word is a state (`Virtual Desktop : NOT SET`, `CertEnrollment : none`).
 */
export function readValue(raw: string, type: FieldType | null, placeholderIsValue = false): TypedValue {
  const t = raw.trim();
  if (t === '') return { value: { kind: 'empty' }, malformed: null };
  // A time's `NONE` (`Last HostName Update : NONE`) is its documented "never", kept as text.
  if (!placeholderIsValue && type !== null && type !== 'time' && isPlaceholderWord(t)) {
    return { value: { kind: 'empty' }, malformed: null };
  }
  // A value that reads as its strict type is not masked: try that first, it is the common case.
  const strict = type !== null && STRICT_FIRST.has(type) ? typed(t, type) : null;
  if (strict) return { value: strict, malformed: null };
  if (type === 'bool' && isUnknownState(t)) return { value: { kind: 'text', text: t }, malformed: null };
  if (isMasked(t, type === null || PROSE.has(type)))
    return { value: { kind: 'masked', text: t }, malformed: null };
  const err = readError(t);
  if (err) return { value: err, malformed: null };
  if (type === null) return { value: inferValue(t), malformed: null };
  const value = strict === null && !STRICT_FIRST.has(type) ? typed(t, type) : null;
  if (value) return { value, malformed: null };
  const fallback = inferValue(t);
  const malformed =
    fallback.kind === 'text' && STRICT.has(type) && !isPlainWords(t)
      ? `value does not read as ${type}`
      : null;
  return { value: fallback, malformed };
}
