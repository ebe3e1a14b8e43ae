/**
 * A small RFC 4180 CSV reader: quoted fields with doubled quotes and line breaks inside, any line
 * end, a byte-order mark, and the delimiter guessed from the header (comma, semicolon, tab).
 * Linear in the input. Pure.
 * @module
 */

export interface CsvTable {
  header: string[];
  rows: string[][];
  delimiter: string;
  /** Rows whose field count differs from the header's (kept, padded or cut to the header). */
  ragged: number;
}

/** The delimiter the first line uses most, outside quotes. */
export function guessDelimiter(text: string): string {
  const end = text.search(/\r|\n/);
  const first = end < 0 ? text : text.slice(0, end);
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    let count = 0;
    let quoted = false;
    for (const ch of first) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Every record of a CSV text, fields unquoted. */
export function parseCsvRecords(text: string, delimiter: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      // Take the run of plain characters at once: keeps long quoted captures linear.
      const next = src.indexOf('"', i);
      const stop = next < 0 ? n : next;
      field += src.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === delimiter) {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      field = '';
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    if (!(record.length === 1 && record[0] === '')) records.push(record);
  }
  return records;
}

/** A CSV text as a header and rows; null when it has no header line. */
export function parseCsv(text: string): CsvTable | null {
  const delimiter = guessDelimiter(text);
  const records = parseCsvRecords(text, delimiter);
  const header = records[0];
  if (!header || header.length === 0) return null;
  let ragged = 0;
  const rows = records.slice(1).map((r) => {
    if (r.length === header.length) return r;
    ragged++;
    return header.map((_, i) => r[i] ?? '');
  });
  return { header: header.map((h) => h.trim()), rows, delimiter, ragged };
}
