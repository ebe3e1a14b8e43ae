/**
 * Small helpers every event reader shares: levels, times, record construction.
 * @module
 */

import { PROVIDER_SPECS } from '../../knowledge/events/index.ts';
import type { EventLevel, EventRecord } from '../../model/events.ts';

const LEVEL_BY_NUMBER: Record<string, EventLevel> = {
  // 0 is "LogAlways": classic and audit events use it for plain information.
  '0': 'information',
  '1': 'critical',
  '2': 'error',
  '3': 'warning',
  '4': 'information',
  '5': 'verbose',
};

const LEVEL_BY_NAME: Record<string, EventLevel> = {
  critical: 'critical',
  error: 'error',
  warning: 'warning',
  information: 'information',
  informational: 'information',
  info: 'information',
  verbose: 'verbose',
  // Security log rows show audit outcomes where others show a level.
  'audit success': 'information',
  'audit failure': 'warning',
  // Japanese Event Viewer.
  警告: 'warning',
  エラー: 'error',
  情報: 'information',
};

const SHORT_NAMES = new Map(
  PROVIDER_SPECS.map((p) => [p.name.replace(/^Microsoft-Windows-/i, '').toLowerCase(), p.name]),
);

/** Event Viewer's Source column drops the `Microsoft-Windows-` prefix: put it back for ours. */
export function normalProvider(name: string | null | undefined): string | null {
  const n = name?.trim();
  if (!n) return null;
  return SHORT_NAMES.get(n.replace(/^Microsoft-Windows-/i, '').toLowerCase()) ?? n;
}

/** A level as written: `2`, `Error`, `Information`, `Audit Failure`. */
export function levelFrom(text: string | number | null | undefined): EventLevel {
  if (text === null || text === undefined) return 'unknown';
  const key = String(text).trim().toLowerCase();
  return LEVEL_BY_NUMBER[key] ?? LEVEL_BY_NAME[key] ?? 'unknown';
}

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoFrom(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  fraction: string,
): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const frac = fraction ? `.${fraction.slice(0, 7)}` : '';
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${frac}Z`;
}

export interface TimeReading {
  iso: string | null;
  /** The text carried no zone: it is the exporting machine's local time, read here as UTC. */
  local: boolean;
}

/** The order of day and month in a slashed date (`03/04/2026`), decided once per export. */
export type DateOrder = 'month-first' | 'day-first';

/**
 * Reads the time forms event exports use into ISO-8601 UTC: `2025-01-31T09:16:43.1234567Z`
 * (XML), `2018-07-06 18:45:46.966627` (python-evtx), `/Date(1548926203000)/` (PowerShell 5.1
 * JSON), ISO with an offset (PowerShell 7), and the US and day-first forms Event Viewer and
 * `Export-Csv` print (`1/31/2019 9:16:43 AM`, `31.01.2019 09:16:43`), which carry no zone.
 * `order` says how the export writes slashed dates ({@link exportTimes} decides it per file).
 */
export function readTime(text: string | null | undefined, order: DateOrder | null = null): TimeReading {
  if (!text) return { iso: null, local: false };
  const t = text.trim();
  const msDate = /^\/?Date\((-?\d+)([+-]\d{4})?\)\/?$/.exec(t.replace(/^\\?\//, '/').replace(/\\\/$/, '/'));
  if (msDate?.[1]) return { iso: new Date(Number(msDate[1])).toISOString(), local: false };
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (iso) {
    const [, y, mo, d, h, mi, s, fraction = '', zone] = iso;
    if (zone && !/^(Z|UTC)$/i.test(zone)) {
      const date = new Date(
        `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction ? `.${fraction.slice(0, 3)}` : ''}${zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`}`,
      );
      return { iso: Number.isNaN(date.getTime()) ? null : date.toISOString(), local: false };
    }
    return {
      iso: isoFrom(+y!, +mo!, +d!, +h!, +mi!, +s!, fraction),
      local: zone === undefined && !/T/.test(t),
    };
  }
  // Japanese and other year-first locales: `2025/02/03 8:03:00`.
  const ymd = /^(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (ymd) {
    const [, y, mo, d, h, mi, s = '0'] = ymd;
    return { iso: isoFrom(+y!, +mo!, +d!, +h!, +mi!, +s, ''), local: true };
  }
  const us =
    /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d+))?\s*([AaPp]\.?[Mm]\.?)?$/.exec(
      t,
    );
  if (us) {
    const [, a, b, y, hh, mi, s = '0', fraction = '', ampm] = us;
    // Dots mean day first (European); otherwise the export's order when it is known, else a first
    // number above 12 (a day), else month first (US).
    const dayFirst = t.includes('.') || (order ? order === 'day-first' : +a! > 12);
    let h = +hh!;
    if (ampm) {
      const pm = /^p/i.test(ampm);
      if (pm && h < 12) h += 12;
      if (!pm && h === 12) h = 0;
    }
    const [d, mo] = dayFirst ? [+a!, +b!] : [+b!, +a!];
    return { iso: isoFrom(+y!, mo, d, h, +mi!, +s, fraction), local: true };
  }
  const named =
    /^(?:\w+,\s*)?(\w{3})\w*\s+(\d{1,2}),?\s+(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)?$/i.exec(t);
  if (named) {
    const [, mon, d, y, hh, mi, s, ampm] = named;
    const mo = MONTHS[mon!.toLowerCase()];
    if (mo === undefined) return { iso: null, local: false };
    let h = +hh!;
    if (ampm) h = (h % 12) + (/^p/i.test(ampm) ? 12 : 0);
    return { iso: isoFrom(+y!, mo, +d!, h, +mi!, +s!, ''), local: true };
  }
  return { iso: null, local: false };
}

/** A record with every optional part empty, for readers to fill in. */
export function emptyRecord(eventId: number): EventRecord {
  return {
    channel: null,
    provider: null,
    eventId,
    level: 'unknown',
    time: null,
    recordNumber: null,
    computer: null,
    data: {},
    message: null,
    activityId: null,
    origin: null,
  };
}

/** `{AAAABBBB-...}` → `aaaabbbb-...`; empty and all-zero GUIDs → null. */
export function guidOrNull(text: string | null | undefined): string | null {
  if (!text) return null;
  const g = text
    .trim()
    .replace(/^\{|\}$/g, '')
    .toLowerCase();
  if (g === '' || /^[0-]+$/.test(g)) return null;
  return g;
}

export function intOrNull(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  if (typeof text === 'string' && text.trim() === '') return null;
  const n = typeof text === 'number' ? text : Number(String(text).trim());
  return Number.isSafeInteger(n) ? n : null;
}

export const LOCAL_TIME_WARNING =
  "times in this export carry no time zone (the exporting machine showed local time); they are read as UTC unless a capture's attempts show the offset";

/** `03/04/2026 …` or `3-4-2026 …`: a date whose day and month order the text alone leaves open. */
const SLASHED = /^\s*(\d{1,2})[/-](\d{1,2})[/-]\d{4}\b/;

/** Whether a time text names its zone (`Z`, `UTC`, `+01:00`) or is an instant (`/Date(…)/`). */
function zoned(text: string): boolean {
  return /Date\(/.test(text) || /(?:Z|UTC|[+-]\d\d:?\d\d)\s*$/i.test(text);
}

/**
 * The times of one export, read as its records are, and settled once the whole file is seen:
 * slashed dates are read in one order for the whole file (a first number above 12 anywhere means
 * day first, a second one month first), and records whose time had no zone are marked
 * `localTime`. `finish` gives the reader's notes on dates.
 */
export function exportTimes(): {
  read(record: EventRecord, text: string | null | undefined): TimeReading;
  finish(): string[];
} {
  const slashed: { record: EventRecord; text: string }[] = [];
  const local: EventRecord[] = [];
  return {
    read(record, text) {
      const reading = readTime(text);
      record.time = reading.iso;
      const t = text?.trim() ?? '';
      if (SLASHED.test(t)) slashed.push({ record, text: t });
      const zoneless = reading.iso !== null && (reading.local || !zoned(t));
      if (zoneless) local.push(record);
      return { iso: reading.iso, local: zoneless };
    },
    finish() {
      const notes: string[] = [];
      let dayFirst = false;
      let monthFirst = false;
      let open: string | null = null;
      for (const { text } of slashed) {
        const [, a = '0', b = '0'] = SLASHED.exec(text) ?? [];
        if (+a > 12) dayFirst = true;
        else if (+b > 12) monthFirst = true;
        else if (+a !== +b) open ??= text;
      }
      // Both orders in one file cannot both be right: each date is then read on its own.
      const order: DateOrder | null =
        dayFirst && !monthFirst ? 'day-first' : monthFirst && !dayFirst ? 'month-first' : null;
      if (order) for (const { record, text } of slashed) record.time = readTime(text, order).iso;
      else if (open !== null && !dayFirst && !monthFirst)
        notes.push(
          `no date in this export shows whether it writes the day or the month first (${open}): dates are read month first`,
        );
      for (const record of local) record.localTime = true;
      return notes;
    },
  };
}
