/**
 * Wrapping noise around pasted output: HTML residue, timestamp prefixes, Markdown, prompts,
 * banners and elision lines. Each check is gated by a cheap character test so that ordinary
 * lines pay almost nothing.
 * @module
 */
import { isDigit, leadOf } from './chars.ts';

export type NoiseKind =
  | 'html'
  | 'timestamp-prefix'
  | 'markdown'
  /**
   * A `# ` (or `## `...) put before every line: a script comment or a Markdown heading marker.
   * Kept apart from `markdown` because it also comes from shell and PowerShell scripts.
   */
  | 'comment-prefix'
  | 'powershell-prompt'
  | 'cmd-prompt'
  | 'shell-prompt'
  | 'banner'
  | 'elision'
  | 'progress'
  | 'annotation'
  | 'surrounding-text';

/** What one line is once the noise around it is removed. */
export type CleanLine =
  | { kind: 'blank'; noise: readonly NoiseKind[] }
  /** The whole line was noise (fence, banner, elision). */
  | { kind: 'noise'; noise: readonly NoiseKind[]; windowsVersion: string | null }
  /** A prompt; `command` is the dsregcmd command typed after it, lower-cased, if any. */
  | { kind: 'prompt'; noise: readonly NoiseKind[]; command: string | null }
  /**
   * Output or prose: `text` trimmed, `indented` when it started with white space, `width` the
   * column where it ends (to spot console wrapping).
   */
  | { kind: 'content'; noise: readonly NoiseKind[]; text: string; indented: boolean; width: number };

const NO_NOISE: readonly NoiseKind[] = Object.freeze([]);

/** Most lines carry no noise: the list is only allocated when there is some. */
function withNoise(list: NoiseKind[] | null, kind: NoiseKind): NoiseKind[] {
  if (!list) return [kind];
  list.push(kind);
  return list;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/** Index of a character within `limit` positions of `from`, or -1: keeps every search short. */
function charWithin(s: string, code: number, from: number, limit: number): number {
  const stop = Math.min(s.length, from + limit);
  for (let i = from; i < stop; i++) if (s.charCodeAt(i) === code) return i;
  return -1;
}

/** Decodes the HTML entities pasted text carries (`C:\&gt;`, `&amp;`, `&#x3A;`). */
export function decodeEntities(s: string): string {
  let out = '';
  let start = 0;
  let at = s.indexOf('&');
  while (at !== -1) {
    const semi = charWithin(s, 59, at + 1, 10);
    if (semi === -1) {
      at = s.indexOf('&', at + 1);
      continue;
    }
    const name = s.slice(at + 1, semi);
    let rep = ENTITIES[name.toLowerCase()];
    if (rep === undefined && name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      if (Number.isInteger(code) && code > 0 && code < 0x110000) rep = String.fromCodePoint(code);
    }
    if (rep === undefined) {
      at = s.indexOf('&', at + 1);
      continue;
    }
    out += s.slice(start, at) + rep;
    start = semi + 1;
    at = s.indexOf('&', start);
  }
  return start === 0 ? s : out + s.slice(start);
}

const TAGS = new Set([
  'span',
  'code',
  'pre',
  'p',
  'div',
  'b',
  'strong',
  'em',
  'i',
  'td',
  'tr',
  'th',
  'tt',
  'kbd',
  'samp',
  'font',
]);

/** Removes common inline HTML tags, leaving `<TenantId>` placeholders and `<<<` notes alone. */
export function stripTags(s: string): string {
  let out = '';
  let start = 0;
  let at = s.indexOf('<');
  while (at !== -1) {
    let p = at + 1;
    if (s.charCodeAt(p) === 47) p++;
    let q = p;
    while (q < s.length && q - p < 8) {
      const c = s.charCodeAt(q) | 32;
      if (c < 97 || c > 122) break;
      q++;
    }
    const name = s.slice(p, q).toLowerCase();
    const next = s.charCodeAt(q);
    if (TAGS.has(name) && (next === 62 || next === 32 || next === 47)) {
      const close = charWithin(s, 62, q, 400);
      if (close !== -1) {
        out += s.slice(start, at);
        start = close + 1;
        at = s.indexOf('<', start);
        continue;
      }
    }
    at = s.indexOf('<', at + 1);
  }
  return start === 0 ? s : out + s.slice(start);
}

// Every quantifier is bounded and the patterns are anchored: no backtracking on long lines.
const TIMESTAMP_PREFIX =
  /^\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,7})?(?:Z|[+-]\d{2}:?\d{2})?\]?\s/;
/**
 * The date and time a Windows console or log tool prints in the local culture: `03/01/2024 10:30:00`,
 * `3/1/2024 10:30:00 AM`, `01.03.2024 10:30:00`, possibly in brackets.
 */
const LOCAL_TIMESTAMP_PREFIX =
  /^\[?\d{1,2}[/.-]\d{1,2}[/.-]\d{4},? \d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,7})?(?: ?[AaPp][Mm])?\]?\s/;
/** A time alone: `[10:30:00]`, `[10:30:00.123]`, `10:30:00 `, `10:30:00.123 `, `9:05:00 AM `. */
const CLOCK_PREFIX =
  /^\[?\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,7})?(?: ?[AaPp][Mm])?\]\s?|^\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,7})?(?: ?[AaPp][Mm])?\s/;

/** A timestamp starts with a digit or `[`: every other line skips the patterns. */
function mayStartTimestamp(c: number): boolean {
  return c === 91 || (c >= 48 && c <= 57);
}

function stripTimestamp(s: string): string | null {
  if (!mayStartTimestamp(s.charCodeAt(0))) return null;
  // The digits before the first separator say which form it can be: `2024-`, `03/`, `10:`.
  let p = s.charCodeAt(0) === 91 ? 1 : 0;
  const from = p;
  while (p - from < 5 && isDigit(s.charCodeAt(p))) p++;
  const digits = p - from;
  const sep = s.charCodeAt(p);
  const pattern =
    digits === 4 && sep === 45
      ? TIMESTAMP_PREFIX
      : digits >= 1 && digits <= 2 && (sep === 47 || sep === 46 || sep === 45)
        ? LOCAL_TIMESTAMP_PREFIX
        : digits >= 1 && digits <= 2 && sep === 58
          ? CLOCK_PREFIX
          : null;
  const m = pattern?.exec(s);
  return m ? s.slice(m[0].length) : null;
}

const PS_PROMPT = /^PS(?: [A-Za-z]:[^>]{0,260})?>\s?/;
const CMD_PROMPT = /^[A-Za-z]:\\[^>]{0,260}>\s?/;
const BANNER_VERSION = /^Microsoft Windows \[Version (\d+\.\d+\.\d+(?:\.\d+)?)\]/;

function commandOf(rest: string): string | null {
  const t = rest.trim().toLowerCase();
  const named = t.startsWith('dsregcmd.exe') ? 12 : t.startsWith('dsregcmd') ? 8 : -1;
  if (named === -1) return null;
  const after = t.charCodeAt(named);
  return Number.isNaN(after) || after === 32 || after === 9 ? t : null;
}

function isElision(t: string): boolean {
  if (t === '\u2026' || t === '[...]' || t === '(...)' || t === '[snip]' || t === '<snip>' || t === '(snip)')
    return true;
  if (!t.startsWith('...') && !t.startsWith('\u2026')) return false;
  // `...` alone or followed by a note without a field separator.
  return t.indexOf(':') === -1;
}

/** Markdown quotes, list markers, bold and inline code; null when there were none. */
function stripMarkdown(s: string): string | null {
  let t = s;
  let changed = false;
  // `> ` quotes, possibly nested.
  for (;;) {
    const lead = leadOf(t);
    if (t.charCodeAt(lead) === 62 && (t.charCodeAt(lead + 1) === 32 || lead + 1 === t.length)) {
      t = t.slice(lead + 2);
      changed = true;
    } else break;
  }
  const lead = leadOf(t);
  const c0 = t.charCodeAt(lead);
  const c1 = t.charCodeAt(lead + 1);
  if ((c0 === 45 || c0 === 42) && c1 === 32) {
    t = t.slice(0, lead) + t.slice(lead + 2);
    changed = true;
  } else if (c0 >= 48 && c0 <= 57) {
    let p = lead;
    while (p < t.length && p - lead < 3 && t.charCodeAt(p) >= 48 && t.charCodeAt(p) <= 57) p++;
    if ((t.charCodeAt(p) === 46 || t.charCodeAt(p) === 41) && t.charCodeAt(p + 1) === 32) {
      t = t.slice(0, lead) + t.slice(p + 2);
      changed = true;
    }
  }
  // Bold markers, but not a `***` mask.
  if (t.indexOf('**') !== -1 && t.indexOf('***') === -1) {
    t = t.replaceAll('**', '');
    changed = true;
  }
  if (t.indexOf('`') !== -1) {
    t = t.replaceAll('`', '');
    changed = true;
  }
  return changed ? t : null;
}

function endOf(s: string): number {
  let e = s.length;
  while (e > 0) {
    const c = s.charCodeAt(e - 1);
    if (c !== 32 && c !== 9 && c !== 160 && c !== 13) break;
    e--;
  }
  return e;
}

/** Could this line carry Markdown? A cheap test before the real work. */
function mayBeMarkdown(s: string, lead: number): boolean {
  const c = s.charCodeAt(lead);
  if (c === 62 || c === 45 || c === 42 || (c >= 48 && c <= 57)) return true;
  return s.indexOf('**') !== -1 || s.indexOf('`') !== -1;
}

/**
 * Where the text after a `#` comment or heading prefix starts (one to six `#`, then a space, a tab
 * or the line end), or -1. A root shell prompt `# dsregcmd /status` is left to the prompt check.
 */
function hashPrefixEnd(s: string, lead: number): number {
  let p = lead;
  while (p < s.length && p - lead < 7 && s.charCodeAt(p) === 35) p++;
  const hashes = p - lead;
  if (hashes === 0 || hashes > 6) return -1;
  const c = s.charCodeAt(p);
  if (p === s.length) return p;
  if (c !== 32 && c !== 9) return -1;
  if (hashes === 1 && commandOf(s.slice(p + 1)) !== null) return -1;
  return p + 1;
}

/** Cleans one logical line. */
export function cleanLine(line: string): CleanLine {
  let noise: NoiseKind[] | null = null;
  let s = line;
  if (s.indexOf('&') !== -1) {
    const d = decodeEntities(s);
    if (d !== s) {
      s = d;
      noise = withNoise(noise, 'html');
    }
  }
  if (s.indexOf('<') !== -1) {
    const d = stripTags(s);
    if (d !== s) {
      s = d;
      noise = withNoise(noise, 'html');
    }
  }
  const ts = stripTimestamp(s);
  let stamped = ts !== null;
  if (ts !== null) {
    s = ts;
    noise = withNoise(noise, 'timestamp-prefix');
  }
  let lead = leadOf(s);
  let end = endOf(s);
  if (lead >= end) return { kind: 'blank', noise: noise ?? NO_NOISE };
  if (s.charCodeAt(lead) === 35) {
    const after = hashPrefixEnd(s, lead);
    if (after !== -1) {
      s = s.slice(after);
      noise = withNoise(noise, 'comment-prefix');
      // A script that comments out a timestamped log: `# 2024-03-01 10:30:00 text`.
      const at = leadOf(s);
      const inner = stamped || !mayStartTimestamp(s.charCodeAt(at)) ? null : stripTimestamp(s.slice(at));
      if (inner !== null) {
        s = inner;
        stamped = true;
        noise = withNoise(noise, 'timestamp-prefix');
      }
      lead = leadOf(s);
      end = endOf(s);
      if (lead >= end) return { kind: 'blank', noise };
    }
  }
  const f = s.charCodeAt(lead);
  if ((f === 96 && s.startsWith('```', lead)) || (f === 126 && s.startsWith('~~~', lead))) {
    noise = withNoise(noise, 'markdown');
    return { kind: 'noise', noise, windowsVersion: null };
  }
  if (mayBeMarkdown(s, lead)) {
    const md = stripMarkdown(s);
    if (md !== null) {
      noise = withNoise(noise, 'markdown');
      s = md;
      // A timestamp inside a quote: `> [10:22:13] ...`.
      const inner = stamped ? null : stripTimestamp(s.slice(leadOf(s)));
      if (inner !== null) {
        s = inner;
        noise = withNoise(noise, 'timestamp-prefix');
      }
      lead = leadOf(s);
      end = endOf(s);
      if (lead >= end) return { kind: 'blank', noise };
    }
  }
  const t = lead === 0 && end === s.length ? s : s.slice(lead, end);
  const c = t.charCodeAt(0);
  if (c === 80 && t.startsWith('PS')) {
    const m = PS_PROMPT.exec(t);
    if (m) {
      noise = withNoise(noise, 'powershell-prompt');
      return { kind: 'prompt', noise, command: commandOf(t.slice(m[0].length)) };
    }
  }
  if (t.charCodeAt(1) === 58 && t.charCodeAt(2) === 92) {
    const m = CMD_PROMPT.exec(t);
    if (m) {
      noise = withNoise(noise, 'cmd-prompt');
      return { kind: 'prompt', noise, command: commandOf(t.slice(m[0].length)) };
    }
  }
  if ((c === 36 || c === 35) && t.charCodeAt(1) === 32) {
    const command = commandOf(t.slice(2));
    if (command) {
      noise = withNoise(noise, 'shell-prompt');
      return { kind: 'prompt', noise, command };
    }
  }
  if (
    (c === 100 || c === 68) &&
    (t.startsWith('dsregcmd') || t.startsWith('DSREGCMD') || t.startsWith('Dsregcmd'))
  ) {
    const command = commandOf(t);
    if (command && t.indexOf(':') === -1) return { kind: 'prompt', noise: noise ?? NO_NOISE, command };
  }
  if (c === 77 && t.startsWith('Microsoft Windows')) {
    const m = BANNER_VERSION.exec(t);
    noise = withNoise(noise, 'banner');
    return { kind: 'noise', noise, windowsVersion: m ? (m[1] ?? null) : null };
  }
  if (c === 87 && t.startsWith('Waiting for Diagnostics Task')) {
    // dsregcmd's own progress line while the pre-join tests run.
    noise = withNoise(noise, 'progress');
    return { kind: 'noise', noise, windowsVersion: null };
  }
  if (isBannerLine(t)) {
    noise = withNoise(noise, 'banner');
    return { kind: 'noise', noise, windowsVersion: null };
  }
  if ((c === 46 || c === 0x2026 || c === 91 || c === 40 || c === 60) && isElision(t)) {
    noise = withNoise(noise, 'elision');
    return { kind: 'noise', noise, windowsVersion: null };
  }
  return { kind: 'content', noise: noise ?? NO_NOISE, text: t, indented: lead > 0, width: end };
}

/** `Start time: 20241206101500`: the timestamps `Start-Transcript` writes around a session. */
const TRANSCRIPT_TIME = /^(?:Start|End) time: \d{14}$/;

function isBannerLine(t: string): boolean {
  const c = t.charCodeAt(0);
  if (c === 40) return t.startsWith('(c)') && t.includes('Microsoft Corporation');
  if (c === 67) return t.startsWith('Copyright (C) Microsoft Corporation');
  // `Windows PowerShell transcript start` / `end`, framed by lines of asterisks.
  if (c === 87) return t === 'Windows PowerShell' || t.startsWith('Windows PowerShell transcript');
  if (c === 42) return t.length >= 10 && /^\*+$/.test(t);
  if (c === 69 || c === 83) return TRANSCRIPT_TIME.test(t);
  if (c === 73) return t.startsWith('Install the latest PowerShell');
  if (c === 80) return /^PowerShell \d+\.\d+(?:\.\d+)?$/.test(t);
  return false;
}
