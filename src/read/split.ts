/**
 * Cutting a cleaned line into box borders, section headers and `Key : Value` pairs.
 * Where line breaks collapsed, several pairs share a line; they are split only before names
 * the field catalog knows, so values keep their spaces, colons and URLs.
 * @module
 */
import { lookupField, lookupSection } from '../knowledge/fields.ts';
import { isLetter, trimmedSlice, trimmedStart } from './chars.ts';

export type Item =
  | { kind: 'border' }
  | { kind: 'header'; title: string }
  | { kind: 'pair'; key: string; value: string }
  | { kind: 'text'; text: string };

/** The longest key the catalog holds is well under this; longer prefixes are not keys. */
const MAX_KEY = 64;
const MAX_KEY_WORDS = 5;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 160;
}

/** A key as dsregcmd prints them: starts with a letter, words of letters, digits and `-_.()/`. */
export function isPlausibleKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY || !isLetter(key.charCodeAt(0))) return false;
  let words = 1;
  for (let i = 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 32 || c === 160) {
      words++;
      continue;
    }
    const ok =
      isLetter(c) ||
      (c >= 48 && c <= 57) ||
      c === 45 ||
      c === 95 ||
      c === 46 ||
      c === 40 ||
      c === 41 ||
      c === 47 ||
      c === 39;
    if (!ok) return false;
  }
  return words <= 6;
}

function pushText(items: Item[], line: string, start: number, end: number): void {
  if (trimmedStart(line, start, end) < end) items.push({ kind: 'text', text: line.slice(start, end) });
}

/**
 * Border runs (`+-----+`) and `| Title |` headers anywhere on the line become their own items;
 * the text between them is returned as text items for pair splitting.
 */
export function segment(line: string): Item[] {
  if (line.indexOf('+-') === -1 && line.indexOf('|') === -1) return [{ kind: 'text', text: line }];
  const items: Item[] = [];
  let start = 0;
  let i = 0;
  // Only white space since the line start or the last border: a `|` here may open a header.
  let blank = true;
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 43 && line.charCodeAt(i + 1) === 45) {
      let j = i + 1;
      while (j < n && line.charCodeAt(j) === 45) j++;
      if (j - i - 1 >= 8) {
        if (line.charCodeAt(j) === 43) j++;
        pushText(items, line, start, i);
        items.push({ kind: 'border' });
        start = i = j;
        blank = true;
        continue;
      }
      i = j;
      blank = false;
      continue;
    }
    if (c === 124 && blank) {
      const close = line.indexOf('|', i + 1);
      if (close === -1) break;
      const item = boxItem(line, i, close);
      if (item) {
        pushText(items, line, start, i);
        items.push(item.item);
        start = i = item.next;
        continue;
      }
      i = close;
      blank = false;
      continue;
    }
    if (!isSpace(c)) blank = false;
    i++;
  }
  pushText(items, line, start, n);
  return items;
}

/** The first index at or after `from` that is not white space (n when none). */
function nonSpaceFrom(line: string, from: number): number {
  let p = from;
  while (p < line.length && isSpace(line.charCodeAt(p))) p++;
  return p;
}

/** A header `| Title |` (alone, before a border, or a known title) or a table row `| Key | Value |`. */
function boxItem(line: string, open: number, close: number): { item: Item; next: number } | null {
  if (close - open > 82) return null;
  const title = trimmedSlice(line, open + 1, close);
  if (title === '' || title.indexOf(':') !== -1) return null;
  const after = nonSpaceFrom(line, close + 1);
  if (after === line.length || line.charCodeAt(after) === 43 || lookupSection(title)) {
    return { item: { kind: 'header', title }, next: close + 1 };
  }
  if (!lookupField(title)) return null;
  const end = line.indexOf('|', close + 1);
  if (end !== -1 && nonSpaceFrom(line, end + 1) !== line.length) return null;
  const stop = end === -1 ? line.length : end;
  return { item: { kind: 'pair', key: title, value: trimmedSlice(line, close + 1, stop) }, next: stop + 1 };
}

/**
 * Where, inside `value`, a known field name ends right before the separator at `colon`;
 * returns the start of that name or -1. Looks back at most a few words.
 */
function knownKeyBefore(value: string, colon: number): number {
  let end = colon;
  while (end > 0 && isSpace(value.charCodeAt(end - 1))) end--;
  if (end === 0) return -1;
  const floor = Math.max(0, end - MAX_KEY);
  let best = -1;
  let p = end;
  for (let words = 0; words < MAX_KEY_WORDS; words++) {
    let q = p;
    while (q > floor && !isSpace(value.charCodeAt(q - 1))) q--;
    // A word cut by the look-back limit is longer than any key.
    if (q === floor && floor > 0 && !isSpace(value.charCodeAt(q - 1))) break;
    if (isLetter(value.charCodeAt(q))) {
      const def = lookupField(value.slice(q, end));
      if (def && !def.generic) best = q;
    }
    p = q;
    while (p > floor && isSpace(value.charCodeAt(p - 1))) p--;
    if (p === q || p <= floor) break;
  }
  return best;
}

export interface SplitResult {
  pairs: { key: string; value: string }[];
  /** More than one pair came out of one line: line breaks were lost. */
  collapsed: boolean;
}

/** Splits a text item into pairs; null when it does not start with `Key :` or `Key<TAB>Value`. */
/** After `KeySignTest:`, a second `: ` belongs to the separator, not to the value. */
function skipDoubledSeparator(s: string, from: number): number {
  let p = from;
  while (p < s.length && isSpace(s.charCodeAt(p))) p++;
  if (s.charCodeAt(p) === 58 && (p + 1 === s.length || isSpace(s.charCodeAt(p + 1)))) return p + 1;
  return from;
}

export function splitPairs(text: string): SplitResult | null {
  const colon = text.indexOf(':');
  if (colon !== -1) {
    const key = trimmedSlice(text, 0, colon);
    const after = text.charCodeAt(colon + 1);
    if (isPlausibleKey(key) && (Number.isNaN(after) || isSpace(after) || after === 58)) {
      // `KeySignTest: : MUST Run elevated to test.`
      return splitCollapsed(key, text.slice(skipDoubledSeparator(text, colon + 1)));
    }
  }
  return splitColumns(text);
}

function splitCollapsed(firstKey: string, rest: string): SplitResult {
  const pairs: { key: string; value: string }[] = [];
  let key = firstKey;
  let valueStart = 0;
  let at = rest.indexOf(':');
  while (at !== -1) {
    const next = rest.charCodeAt(at + 1);
    if (Number.isNaN(next) || isSpace(next)) {
      const keyStart = knownKeyBefore(rest, at);
      if (
        keyStart !== -1 &&
        keyStart >= valueStart &&
        (keyStart === 0 || isSpace(rest.charCodeAt(keyStart - 1)))
      ) {
        pairs.push({ key, value: trimmedSlice(rest, valueStart, keyStart) });
        key = trimmedSlice(rest, keyStart, at);
        valueStart = skipDoubledSeparator(rest, at + 1);
      }
    }
    at = rest.indexOf(':', at + 1);
  }
  pairs.push({ key, value: trimmedSlice(rest, valueStart, rest.length) });
  return { pairs, collapsed: pairs.length > 1 };
}

/** Two-column pastes and other tools' dumps: `Key<TAB>Value`, `Key   Value`, `Key = Value`, for known keys. */
function splitColumns(text: string): SplitResult | null {
  const t = text.trim();
  let cut = t.indexOf('\t');
  let skip = 0;
  if (cut === -1) cut = t.indexOf('   ');
  if (cut === -1) {
    cut = t.indexOf(' = ');
    skip = 3;
  }
  if (cut <= 0) return null;
  const key = t.slice(0, cut).trim();
  if (!lookupField(key)) return null;
  return { pairs: [{ key, value: t.slice(cut + skip).trim() }], collapsed: false };
}
