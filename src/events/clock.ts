/**
 * Event times without a zone, placed against a capture's attempts. Event Viewer's CSV and text
 * exports, `Export-Csv`, `Format-List`, `Get-WinEvent`'s table and `wevtutil /f:text` print the
 * exporting machine's local time; the capture's `Previous Registration` is UTC. When an event
 * that carries the capture's code is a whole number of quarter hours from the attempt it reports,
 * that distance is the export's offset from UTC, and the export's times are read with it. A time
 * the service wrote in its answer (a DRS error's `"Time"`, an AADSTS description's `Timestamp:`,
 * both UTC) pins it the same way, with or without a capture. When nothing pins the offset, an
 * event counts as near an attempt if some real offset (UTC-12:00 to UTC+14:00) puts it there, and
 * what only that allowance placed is said.
 * @module
 */
import type { ReportNotice } from '../model/report.ts';
import type { Item } from './item.ts';

/** An attempt the capture shows, with its time in milliseconds. */
export interface Attempt {
  what: string;
  time: string;
  at: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Events within this distance of an attempt belong to it. */
export const WINDOW_MS = 10 * MINUTE;
/** Real offsets from UTC run from UTC-12:00 to UTC+14:00, in quarter hours (UTC+05:45). */
const WEST = -12 * HOUR;
const EAST = 14 * HOUR;
const QUARTER = 15 * MINUTE;
/** How far an event may be logged from the attempt it reports, beyond the offset. */
const SLACK = 2 * MINUTE;

/** `UTC+01:00`, `UTC-03:30`, `UTC+00:00`. */
export function offsetName(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / MINUTE);
  const h = String(Math.floor(minutes / 60)).padStart(2, '0');
  const m = String(minutes % 60).padStart(2, '0');
  return `UTC${ms < 0 ? '-' : '+'}${h}:${m}`;
}

/** The offset that pins an event to an attempt: a whole number of quarter hours, within SLACK. */
function pinnedOffset(distance: number): number | null {
  const offset = Math.round(distance / QUARTER) * QUARTER;
  if (Math.abs(distance - offset) > SLACK || offset < WEST || offset > EAST) return null;
  return offset === 0 ? 0 : offset;
}

/** Whether an event reports the attempt: a registration outcome for `Previous Registration`, an AAD token event for `Previous Prt Attempt`, carrying one of the capture's codes. */
function reports(it: Item, attempt: Attempt, codes: ReadonlySet<string>): boolean {
  if (!it.facts.codes.some((c) => codes.has(c))) return false;
  if (attempt.what === 'Previous Registration') return (it.facts.definition?.registration ?? null) !== null;
  if (attempt.what === 'Previous Prt Attempt') return it.source === 'aad';
  return false;
}

/** A DRS error body's time, month first: `"Time":"03-04-2026 09:12:40Z"`. */
const DRS_TIME = /"Time"\s*:\s*"(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})Z"/;
/** An AADSTS description's time: `Timestamp: 2026-03-04 09:12:40Z`. */
const AADSTS_TIME = /\bTimestamp:[ \t]*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z/;

/** The UTC instant a service wrote in the event's message (its answer to the request), or null. */
export function serverTime(it: Item): number | null {
  const text = it.record.message;
  if (!text) return null;
  const drs = DRS_TIME.exec(text);
  const [y, mo, d, h, mi, s] = drs
    ? [drs[3], drs[1], drs[2], drs[4], drs[5], drs[6]]
    : (AADSTS_TIME.exec(text)?.slice(1, 7) ?? []);
  if (y === undefined) return null;
  const at = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(at) ? null : at;
}

/** What pins an offset: an attempt of the capture the event reports, or the service's own time. */
type Pin = { by: Item; attempt: Attempt; server: null } | { by: Item; attempt: null; server: number };

interface ClockReading {
  /** The offset read, with the event and what pins it; null when none is pinned. */
  pinned: ({ offset: number } & Pin) | null;
  /** Offsets different events point to, when they disagree. */
  conflicting: number[];
  items: Item[];
}

/** How events were placed against the capture's attempts. */
export interface Placement {
  /** Whether the event is within ten minutes of an attempt (at some real offset, for a time without a zone whose offset is not known). */
  inside(it: Item): boolean;
  /** Whether the event was logged before the instant, at every offset its time may have. */
  before(it: Item, at: number): boolean;
  /** For an event near an attempt only at an offset nothing confirms: the sentence that says so. */
  caveat(it: Item): string | null;
  notices(): ReportNotice[];
}

/**
 * Reads the offset of each export without a zone from the events that report the capture's
 * attempts, and applies it to the export's items (`at` and `offset`; the caller orders them
 * again). Without attempts nothing changes.
 */
export function placeEvents(
  items: readonly Item[],
  attempts: readonly Attempt[],
  captureCodes: readonly string[],
): Placement {
  const codes = new Set(captureCodes);
  const clocks = new Map<string, ClockReading>();
  for (const it of items) {
    if (it.local === null) continue;
    let reading = clocks.get(it.local);
    if (!reading) {
      reading = { pinned: null, conflicting: [], items: [] };
      clocks.set(it.local, reading);
    }
    reading.items.push(it);
  }
  for (const reading of clocks.values()) {
    // The capture's attempts first: a notice names the attempt an offset was read from.
    const found = new Map<number, Pin>();
    for (const it of reading.items) {
      if (it.at === null) continue;
      for (const attempt of attempts) {
        if (!reports(it, attempt, codes)) continue;
        const offset = pinnedOffset(it.at - attempt.at);
        if (offset !== null && !found.has(offset)) found.set(offset, { by: it, attempt, server: null });
      }
    }
    for (const it of reading.items) {
      const server = it.at === null ? null : serverTime(it);
      const offset = server === null || it.at === null ? null : pinnedOffset(it.at - server);
      if (offset !== null && server !== null && !found.has(offset))
        found.set(offset, { by: it, attempt: null, server });
    }
    const [only] = found;
    if (found.size === 1 && only) {
      reading.pinned = { offset: only[0], ...only[1] };
      for (const it of reading.items) {
        if (it.at === null) continue;
        it.offset = only[0];
        it.at -= only[0];
      }
    } else reading.conflicting = [...found.keys()].sort((a, b) => a - b);
  }
  const unpinned = (it: Item) => it.local !== null && clocks.get(it.local)?.pinned === null;
  const near = (it: Item) => it.at !== null && attempts.some((a) => Math.abs(it.at! - a.at) <= WINDOW_MS);
  const nearSomewhere = (it: Item) =>
    it.at !== null &&
    attempts.some((a) => it.at! - a.at >= WEST - WINDOW_MS && it.at! - a.at <= EAST + WINDOW_MS);
  const inside = (it: Item) => (unpinned(it) ? nearSomewhere(it) : near(it));
  /** The offset an unpinned event needs to be near an attempt, when its time as read is not. */
  const needed = (it: Item): { offset: number; attempt: Attempt } | null => {
    if (!unpinned(it) || it.at === null || near(it)) return null;
    let best: { offset: number; attempt: Attempt; distance: number } | null = null;
    for (const attempt of attempts) {
      const d = it.at - attempt.at;
      if (d < WEST - WINDOW_MS || d > EAST + WINDOW_MS) continue;
      const offset = Math.min(EAST, Math.max(WEST, Math.round(d / QUARTER) * QUARTER));
      if (!best || Math.abs(d - offset) < best.distance)
        best = { offset, attempt, distance: Math.abs(d - offset) };
    }
    return best;
  };
  return {
    inside,
    before: (it, at) => it.at !== null && (unpinned(it) ? it.at - WEST < at : it.at < at),
    caveat(it) {
      const n = needed(it);
      return n
        ? `Its time carries no zone: it is within ten minutes of the capture's ${n.attempt.what} only if the exporting machine was at about ${offsetName(n.offset)}, which no event confirms.`
        : null;
    },
    notices() {
      const out: ReportNotice[] = [];
      const which = clocks.size > 1;
      for (const [clock, reading] of clocks) {
        const timed = reading.items.filter((it) => it.at !== null);
        if (timed.length === 0) continue;
        const where = which && clock !== '' ? ` (the events of ${clock})` : '';
        const lead = `${timed.length} event time(s) in this export${where} carry no zone (the exporting machine's local time)`;
        const pinned = reading.pinned;
        if (pinned) {
          const event = `event ${pinned.by.record.eventId}${pinned.by.record.origin ? ` (${pinned.by.record.origin})` : ''}`;
          const how = pinned.attempt
            ? `the offset at which ${event} matches the capture's ${pinned.attempt.what} (${pinned.attempt.time}) with the same code`
            : `the offset between ${event} and the UTC time the service wrote in its answer (${new Date(pinned.server).toISOString().replace('.000Z', 'Z')})`;
          out.push({
            code: 'event-times-local',
            severity: 'info',
            message: `${lead}: they are read as ${offsetName(pinned.offset)}, ${how}; the timeline and the findings give them in UTC.`,
            count: timed.length,
          });
          continue;
        }
        // Without attempts to place them against, the reader's note says they are read as UTC.
        if (attempts.length === 0) continue;
        const loose = timed.filter((it) => inside(it) && needed(it) !== null).length;
        const conflict =
          reading.conflicting.length > 1
            ? ` (events matching the capture's codes point to ${reading.conflicting.map(offsetName).join(' and ')})`
            : '';
        out.push({
          code: 'event-times-local',
          severity: loose > 0 ? 'warning' : 'info',
          message: `${lead}, and no event pins its offset from UTC${conflict}: an event counts as near the capture's attempts when some offset from UTC-12:00 to UTC+14:00 puts it within ten minutes of one${loose > 0 ? `; ${loose} of them ${loose === 1 ? 'is' : 'are'} near one only at an offset other than UTC+00:00 (a finding built on such an event names the offset)` : ''}.`,
          count: timed.length,
        });
      }
      return out;
    },
  };
}
