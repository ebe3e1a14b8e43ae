/**
 * Word wrapping for plain text. Works on uncoloured text: colour is added after wrapping, so
 * escape sequences never count towards the width.
 * @module
 */

/**
 * Wraps `text` to `width` columns. `first` prefixes the first line, `rest` every following one;
 * words longer than a line (URLs, GUID lists) are cut rather than overflow.
 */
export function wrap(text: string, width: number, first = '', rest = first): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\r\n|\n|\r/)) {
    let prefix = out.length === 0 ? first : rest;
    let line = '';
    const flush = () => {
      out.push(prefix + line);
      prefix = rest;
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
