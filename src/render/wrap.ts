/**
 * Laying out untrusted text for a terminal: control characters made inert, then word wrapping.
 * Works on uncoloured text: colour is added after wrapping, so escape sequences never count
 * towards the width.
 * @module
 */

/**
 * C0 controls except tab and line breaks (which layout handles), DEL, C1 controls, and the
 * bidirectional embeddings, overrides and isolates, which can make a line read in another order
 * than it is written.
 */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

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

/**
 * Wraps `text` to `width` columns. `first` prefixes the first line, `rest` every following one;
 * words longer than a line (URLs, GUID lists) are cut rather than overflow. Line breaks in the
 * text start a new line with the `rest` prefix, so a value cannot place a line of its own at
 * the margin; every other control character is shown inert.
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
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const room = Math.max(10, width - prefix.length);
      if (line !== '' && line.length + 1 + word.length > room) flush();
      let piece = word;
      while (piece.length > Math.max(10, width - prefix.length) - (line === '' ? 0 : line.length + 1)) {
        const fit = Math.max(10, width - prefix.length) - (line === '' ? 0 : line.length + 1);
        line = line === '' ? piece.slice(0, fit) : `${line} ${piece.slice(0, fit)}`;
        piece = piece.slice(fit);
        flush();
      }
      if (piece !== '') line = line === '' ? piece : `${line} ${piece}`;
    }
    flush();
  }
  return out;
}

export function padEnd(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
