/**
 * Tabular exports: `Export-Csv` (optional `#TYPE` line, `Message`, `Id`, `LevelDisplayName`,
 * `TimeCreated`… columns), and Event Viewer "Save as" CSV and tab-separated text (`Level`,
 * `Date and Time`, `Source`, `Event ID`, `Task Category`, then the message in an unnamed column).
 * These carry only rendered messages; data fields are read back from them.
 * @module
 */
import type { EventFileKind, EventReadResult, EventRecord, SkippedPart } from '../../model/events.ts';
import { definitionFor } from '../knowledge.ts';
import { fieldsFromMessage } from '../message.ts';
import { emptyRecord, guidOrNull, intOrNull, LOCAL_TIME_WARNING, levelFrom, readTime } from './common.ts';

/**
 * Splits delimited text into rows; quoted fields may hold delimiters, quotes and line breaks.
 * Cells are slices of the input (a doubled quote costs one join), never built a character at a
 * time: a large export keeps about its own size in memory, not twenty times it.
 */
export function splitDelimited(text: string, delimiter: string): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  const n = text.length;
  let cells: string[] = [];
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    if (cells.some((x) => x !== '')) rows.push({ cells, line: rowLine });
    cells = [];
  };
  while (i <= n) {
    let cell: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      // Quoted: runs up to a lone quote; `""` is one quote.
      const parts: string[] = [];
      let from = i + 1;
      let j = from;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          parts.push(text.slice(from));
          j = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          parts.push(text.slice(from, q + 1));
          from = q + 2;
          j = from;
          continue;
        }
        parts.push(text.slice(from, q));
        j = q + 1;
        break;
      }
      cell = parts.length === 1 ? (parts[0] as string) : parts.join('');
      for (let k = text.indexOf('\n', i); k >= 0 && k < j; k = text.indexOf('\n', k + 1)) line++;
      // Text after the closing quote, up to the delimiter, belongs to the cell as written.
      let k = j;
      while (k < n && text[k] !== delimiter && text[k] !== '\n' && text[k] !== '\r') k++;
      if (k > j) cell += text.slice(j, k);
      i = k;
    } else {
      let k = i;
      while (k < n && text[k] !== delimiter && text[k] !== '\n' && text[k] !== '\r') k++;
      cell = text.slice(i, k);
      i = k;
    }
    cells.push(cell);
    if (i >= n) {
      endRow();
      break;
    }
    const c = text[i];
    if (c === delimiter) {
      i++;
      // A delimiter at the very end leaves one empty cell.
      if (i === n) {
        cells.push('');
        endRow();
        break;
      }
      continue;
    }
    // A line end.
    if (c === '\r' && text[i + 1] === '\n') i++;
    i++;
    endRow();
    line++;
    rowLine = line;
    if (i >= n) break;
  }
  return rows;
}

const HEADER_NAMES: Record<string, string> = {
  id: 'id',
  'event id': 'id',
  eventid: 'id',
  level: 'level',
  leveldisplayname: 'levelName',
  'date and time': 'time',
  timecreated: 'time',
  source: 'provider',
  providername: 'provider',
  logname: 'channel',
  containerlog: 'channel',
  message: 'message',
  recordid: 'record',
  machinename: 'computer',
  activityid: 'activity',
  'task category': 'task',
};

function headerOf(cells: string[]): Map<string, number> | null {
  const map = new Map<string, number>();
  cells.forEach((c, i) => {
    const key = HEADER_NAMES[c.trim().toLowerCase()];
    if (key && !map.has(key)) map.set(key, i);
  });
  return map.has('id') && (map.has('provider') || map.has('time')) ? map : null;
}

/**
 * The first line that is neither blank nor a `#TYPE` line, as splitting on line ends would give
 * it, found without splitting the whole text (a large capture is tested here too).
 */
function firstHeaderLine(text: string): string {
  let start = 0;
  while (start <= text.length) {
    const lf = text.indexOf('\n', start);
    const stop = lf === -1 ? text.length : lf;
    const end = lf !== -1 && stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
    const line = text.slice(start, end);
    if (line.trim() !== '' && !line.startsWith('#TYPE')) return line;
    if (lf === -1) break;
    start = lf + 1;
  }
  return '';
}

export function looksLikeEventTable(text: string): EventFileKind | null {
  const first = firstHeaderLine(text.replace(/^\uFEFF/, ''));
  if (first.includes('\t') && headerOf(first.split('\t')) !== null) return 'text';
  if (first.includes(',') && headerOf(splitDelimited(first, ',')[0]?.cells ?? []) !== null) return 'csv';
  return null;
}

export function readEventTable(input: string, kind: 'csv' | 'text'): EventReadResult {
  const text = input.replace(/^\uFEFF/, '').replace(/^#TYPE[^\n]*\n/, '');
  const rows = splitDelimited(text, kind === 'csv' ? ',' : '\t');
  const warnings = new Set<string>();
  const skipped: SkippedPart[] = [];
  const records: EventRecord[] = [];
  const header = rows[0] ? headerOf(rows[0].cells) : null;
  if (!header)
    return {
      kind,
      records,
      skipped: [{ where: 'line 1', why: 'no header row naming the event columns' }],
      warnings: [],
    };
  // Event Viewer leaves the message column unnamed: it is the one after the named ones.
  const messageColumn = header.get('message') ?? rows[0]!.cells.length;
  const at = (cells: string[], key: string): string | null => {
    const i = header.get(key);
    const v = i === undefined ? undefined : cells[i];
    return v === undefined || v.trim() === '' ? null : v.trim();
  };
  for (const row of rows.slice(1)) {
    const id = intOrNull(at(row.cells, 'id'));
    if (id === null) {
      skipped.push({ where: `line ${row.line}`, why: 'no event ID in this row' });
      continue;
    }
    const rec = emptyRecord(id);
    rec.provider = at(row.cells, 'provider');
    rec.channel = at(row.cells, 'channel');
    rec.level = levelFrom(at(row.cells, 'levelName') ?? at(row.cells, 'level'));
    if (rec.level === 'unknown') rec.level = levelFrom(at(row.cells, 'level'));
    const time = readTime(at(row.cells, 'time'));
    rec.time = time.iso;
    if (time.local) warnings.add(LOCAL_TIME_WARNING);
    rec.recordNumber = intOrNull(at(row.cells, 'record'));
    rec.computer = at(row.cells, 'computer');
    rec.activityId = guidOrNull(at(row.cells, 'activity'));
    const message = row.cells
      .slice(messageColumn, header.has('message') ? messageColumn + 1 : undefined)
      .join(kind === 'csv' ? ',' : '\t');
    rec.message = message.trim() === '' ? null : message.trim();
    rec.origin = `line ${row.line}`;
    const def = definitionFor(rec);
    if (def && rec.message) rec.data = fieldsFromMessage(def, rec.message);
    records.push(rec);
  }
  return { kind, records, skipped, warnings: [...warnings] };
}
