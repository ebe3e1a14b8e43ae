/**
 * Tabular exports: `Export-Csv` (optional `#TYPE` line, `Message`, `Id`, `LevelDisplayName`,
 * `TimeCreated`… columns), Event Viewer "Save as" CSV and tab-separated text (`Level`,
 * `Date and Time`, `Source`, `Event ID`, `Task Category`, then the message in an unnamed column),
 * and the grids people paste: a Markdown table of events, and `Get-WinEvent`'s default table
 * (`ProviderName:` line, fixed-width columns under a line of dashes, messages cut with `...`).
 * These carry only rendered messages; data fields are read back from them.
 * @module
 */
import type { EventFileKind, EventReadResult, EventRecord, SkippedPart } from '../../model/events.ts';
import { definitionFor, providerChannel, providerName } from '../knowledge.ts';
import { fieldsFromMessage, withoutCutCode } from '../message.ts';
import {
  emptyRecord,
  exportTimes,
  guidOrNull,
  intOrNull,
  LOCAL_TIME_WARNING,
  levelFrom,
  normalProvider,
} from './common.ts';
import { identifyMessage } from './text.ts';

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
  const times = exportTimes();
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
    if (times.read(rec, at(row.cells, 'time')).local) warnings.add(LOCAL_TIME_WARNING);
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
  for (const note of times.finish()) warnings.add(note);
  return { kind, records, skipped, warnings: [...warnings] };
}

/**
 * A Markdown table's separator line: `|---|:---|---:|`. No two runs of spaces meet without a mark
 * between them, so a long line of spaces is matched in one pass.
 */
const MARKDOWN_RULE = /^\s*(?:\|\s*)?:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+(?:\|\s*)?$/;
/** The line of dashes under `Format-Table` headers: `-----------  -- ---------------- -------`. */
const DASHES = /^\s*-+(?: +-+)+\s*$/;
/** `   ProviderName: Microsoft-Windows-User Device Registration`: the group a table belongs to. */
const PROVIDER_GROUP = /^\s*ProviderName\s*:(.*)$/i;
/** How many lines of a text's head are searched for a grid's header. */
const GRID_HEAD_LINES = 60;

/** The cells of a Markdown table row; `\|` is a pipe inside a cell, `<br>` a line break. */
function markdownCells(line: string): string[] {
  const body = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return body.split(/(?<!\\)\|/).map((c) =>
    c
      .replace(/\\\|/g, '|')
      .replace(/<br\s*\/?>/gi, '\n')
      .trim(),
  );
}

/** Column names of a `Format-Table` header, at the places of the dashes under them. */
interface Column {
  key: string | null;
  start: number;
  end: number;
  /** Numbers are printed flush right: their value ends where the dashes do. */
  right: boolean;
}

const NUMERIC_COLUMNS = new Set(['id', 'record']);

function columnsOf(header: string, dashes: string): Column[] {
  const out: Column[] = [];
  for (const m of dashes.matchAll(/-+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    const key = HEADER_NAMES[header.slice(start, end).trim().toLowerCase()] ?? null;
    out.push({ key, start, end, right: key !== null && NUMERIC_COLUMNS.has(key) });
  }
  return out;
}

/**
 * The cells of a fixed-width row. A left-aligned column runs to the next left-aligned one; a
 * number printed flush right between them is the run of digits its dashes end on.
 */
function fixedCells(line: string, columns: readonly Column[]): Map<string, string> {
  const cells = new Map<string, string>();
  const put = (c: Column | undefined, v: string) => {
    if (c?.key && v.trim() !== '' && !cells.has(c.key)) cells.set(c.key, v.trim());
  };
  let i = 0;
  while (i < columns.length) {
    const c = columns[i] as Column;
    const next = columns[i + 1];
    if (c.right) {
      // First, or after another number: from where the column before it ends.
      put(c, line.slice(i === 0 ? 0 : (columns[i - 1] as Column).end, c.end));
      i++;
      continue;
    }
    if (!next) {
      put(c, line.slice(c.start));
      break;
    }
    if (!next.right) {
      put(c, line.slice(c.start, next.start));
      i++;
      continue;
    }
    // A left column, then a number: the number is the last word before the number's dashes end.
    const both = line.slice(c.start, next.end);
    const split = trailingNumber(both);
    put(c, split ? split.before : both);
    put(next, split?.number ?? '');
    i += 2;
  }
  return cells;
}

/** `text  304` as the text and the number that ends it after a space (or alone); null otherwise. */
function trailingNumber(cell: string): { before: string; number: string } | null {
  const s = cell.trimEnd();
  let i = s.length;
  while (i > 0 && s.charCodeAt(i - 1) >= 48 && s.charCodeAt(i - 1) <= 57) i--;
  if (i === s.length) return null;
  const before = s.slice(0, i);
  if (before.trim() !== '' && !/\s$/.test(before)) return null;
  return { before: before.trim(), number: s.slice(i) };
}

/**
 * Whether the text holds a grid of events: a Markdown table or `Get-WinEvent`'s default table,
 * whose header names an event ID and a time or a provider, within its first lines.
 */
export function looksLikeEventGrid(text: string): 'markdown' | 'columns' | null {
  // Blank lines in front (a stream's other part blanked out line for line) are passed over.
  const first = text.search(/\S/);
  if (first === -1) return null;
  const head = text.slice(text.lastIndexOf('\n', first) + 1, first + 20000);
  const lines = head.split(/\r\n|\r|\n/, GRID_HEAD_LINES + 1);
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i] as string;
    const below = lines[i + 1] as string;
    if (line.includes('|') && MARKDOWN_RULE.test(below) && headerOf(markdownCells(line)) !== null)
      return 'markdown';
    if (DASHES.test(below) && !line.includes('|')) {
      const keys = new Set(columnsOf(line, below).map((c) => c.key));
      if (keys.has('id') && (keys.has('time') || keys.has('provider'))) return 'columns';
    }
  }
  return null;
}

/**
 * Reads Markdown tables of events and `Get-WinEvent`'s default table output. A message cut with
 * `...` is kept as it is: the codes left in it are still read.
 */
export function readEventGrid(input: string): EventReadResult {
  const lines = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const warnings = new Set<string>();
  const skipped: SkippedPart[] = [];
  const records: EventRecord[] = [];
  const times = exportTimes();
  let provider: string | null = null;
  let markdown: Map<string, number> | null = null;
  let columns: Column[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const below = lines[i + 1] ?? '';
    const group = PROVIDER_GROUP.exec(line)?.[1]?.trim();
    if (group) {
      provider = normalProvider(group);
      columns = null;
      markdown = null;
      continue;
    }
    if (line.trim() === '') {
      // A blank line ends a `Format-Table` group; a Markdown table ends at its first other line.
      columns = null;
      markdown = null;
      continue;
    }
    if (line.includes('|') && MARKDOWN_RULE.test(below)) {
      markdown = headerOf(markdownCells(line));
      columns = null;
      i++;
      continue;
    }
    if (DASHES.test(below) && !line.includes('|')) {
      const found = columnsOf(line, below);
      if (found.some((c) => c.key === 'id')) {
        columns = found;
        markdown = null;
        i++;
        continue;
      }
    }
    let cells: Map<string, string> | null = null;
    if (markdown && line.includes('|')) {
      const row = markdownCells(line);
      cells = new Map();
      for (const [key, at] of markdown) {
        const v = row[at];
        if (v !== undefined && v !== '') cells.set(key, v);
      }
    } else if (columns) cells = fixedCells(line, columns);
    else {
      markdown = null;
      continue;
    }
    const rec = recordOf(cells, i + 1, provider, times, warnings);
    if (rec) records.push(rec);
    else skipped.push({ where: `line ${i + 1}`, why: 'no event ID in this row' });
  }
  for (const note of times.finish()) warnings.add(note);
  return { kind: 'text', records, skipped, warnings: [...warnings] };
}

/** One grid row as a record; null without an event ID. */
function recordOf(
  cells: ReadonlyMap<string, string>,
  line: number,
  group: string | null,
  times: ReturnType<typeof exportTimes>,
  warnings: Set<string>,
): EventRecord | null {
  const get = (key: string) => cells.get(key) ?? null;
  const id = intOrNull(get('id'));
  if (id === null) return null;
  const rec = emptyRecord(id);
  rec.provider = normalProvider(get('provider')) ?? group;
  // A provider whose events below some ID all go to one channel (User Device Registration/Admin).
  rec.channel = get('channel') ?? providerChannel(rec.provider, id);
  rec.message = get('message');
  if (!rec.provider && !rec.channel && rec.message) {
    // No provider column and no `ProviderName:` line: a well-known message says whose event it is.
    const known = identifyMessage(rec.message);
    if (known && known.id === id) {
      rec.provider = providerName(known.source);
      warnings.add(`line ${line}: no provider listed; ${rec.provider} is inferred from the message`);
    }
  }
  rec.level = levelFrom(get('levelName') ?? get('level'));
  if (rec.level === 'unknown') rec.level = levelFrom(get('level'));
  if (times.read(rec, get('time')).local) warnings.add(LOCAL_TIME_WARNING);
  rec.recordNumber = intOrNull(get('record'));
  rec.computer = get('computer');
  rec.activityId = guidOrNull(get('activity'));
  rec.origin = `line ${line}`;
  const def = definitionFor(rec);
  if (def && rec.level === 'unknown') rec.level = def.level;
  // `Get-WinEvent`'s table cuts long messages with `...`: the message stays as printed.
  if (def && rec.message) rec.data = fieldsFromMessage(def, withoutCutCode(rec.message));
  return rec;
}
