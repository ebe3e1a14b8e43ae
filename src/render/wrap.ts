/**
 * Laying out untrusted text for a terminal: control characters made inert, then word wrapping.
 * Works on uncoloured text: colour is added after wrapping, so escape sequences never count
 * towards the width.
 * @module
 */

/**
 * C0 controls except tab and line breaks (which layout handles), DEL, C1 controls, the
 * bidirectional embeddings, overrides and isolates, which can make a line read in another order
 * than it is written, and the invisible marks that do the same or hide inside a word: the
 * direction marks (U+200E, U+200F, U+061C), zero-width spaces and joiners (U+200B to U+200D,
 * U+2060), the invisible operators (U+2061 to U+2064), U+180E, the line and paragraph
 * separators (U+2028, U+2029), and a byte order mark inside text (U+FEFF).
 */
const CONTROLS =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Shows control characters as `\x1b`-style escapes. A capture, an event or a file name could
 * otherwise retitle the terminal, clear it, move the cursor over earlier lines, or break a
 * document; the escapes keep the value readable and copyable for a bug report.
 */
export function inert(text: string): string {
  return text.replace(CONTROLS, (ch) => {
    const code = ch.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

/** `inert` for places that must stay on one line (labels, headings): line breaks and tabs become spaces. */
export function inertLine(text: string): string {
  return inert(text).replace(/[\t\r\n]+/g, ' ');
}

/** Hangul, CJK, kana and fullwidth forms take two columns in a terminal; the rest one. */
function charColumns(codePoint: number): number {
  if (codePoint < 0x1100) return 1;
  return codePoint <= 0x115f ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa000 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
    ? 2
    : 1;
}

/** A character of the scripts that break between any two characters (see `charColumns`). */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;

/** The columns `text` takes in a terminal. */
export function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += charColumns(ch.codePointAt(0) ?? 0);
  return n;
}

/** `text` cut after at most `width` columns (never before its first character), and the rest. */
function cutAt(text: string, width: number): [string, string] {
  let used = 0;
  let end = 0;
  for (const ch of text) {
    const w = charColumns(ch.codePointAt(0) ?? 0);
    if (end > 0 && used + w > width) break;
    used += w;
    end += ch.length;
  }
  return [text.slice(0, end), text.slice(end)];
}

/**
 * Wraps `text` to `width` columns. `first` prefixes the first line, `rest` every following one.
 * A word is never split: one longer than a line (a URL, a registry path, a GUID list) goes on a
 * line of its own, whole, so it can still be copied or clicked; only a run of wide characters
 * (Japanese, Chinese, Korean, which break between any two characters) is cut. Line breaks in the
 * text start a new line with the `rest` prefix, so a value cannot place a line of its own at
 * the margin; every other control character is shown inert. Wide characters count as two.
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const out: string[] = [];
  const firstPrefix = inertLine(first);
  const restPrefix = inertLine(rest);
  for (const paragraph of inert(text).split(/\r\n|\n|\r/)) {
    let prefix = out.length === 0 ? firstPrefix : restPrefix;
    let line = '';
    const flush = () => {
      out.push(prefix + line);
      prefix = restPrefix;
      line = '';
    };
    // Room left on the current line for the next word, after the space that joins it.
    const room = () => Math.max(10, width - columns(prefix)) - (line === '' ? 0 : columns(line) + 1);
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      if (line !== '' && columns(word) > room()) flush();
      if (!WIDE.test(word)) {
        line = line === '' ? word : `${line} ${word}`;
        continue;
      }
      let piece = word;
      while (columns(piece) > room()) {
        const [head, tail] = cutAt(piece, room());
        line = line === '' ? head : `${line} ${head}`;
        piece = tail;
        flush();
      }
      if (piece !== '') line = line === '' ? piece : `${line} ${piece}`;
    }
    flush();
  }
  return out;
}

export function padEnd(text: string, width: number): string {
  const used = columns(text);
  return used >= width ? text : text + ' '.repeat(width - used);
}
