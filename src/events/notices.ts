/**
 * What an event reader could not read, or read with a reservation, as report notices: how many
 * records were read, how many parts were skipped and why (damaged EVTX chunks and records, broken
 * XML events, rows without an event ID), and what the reader noted on the way (a damaged chunk
 * header, local times without a zone, an event ID inferred from a message).
 * @module
 */
import type { EventReadResult } from '../model/events.ts';
import type { ReportNotice } from '../model/report.ts';

const SHOWN = 3;

/** `a; b; c; and 4 more` */
function some(items: readonly string[]): string {
  const shown = items.slice(0, SHOWN).join('; ');
  return items.length > SHOWN ? `${shown}; and ${items.length - SHOWN} more` : shown;
}

/** `, 1 in chunk 0, 16 in chunk 6, 68 in chunk 10`: where the skipped parts were, for EVTX files. */
function byPlace(result: EventReadResult): string {
  const counts = new Map<string, number>();
  for (const s of result.skipped) {
    const chunk = /\bchunk \d+/.exec(s.where)?.[0];
    if (!chunk) return '';
    counts.set(chunk, (counts.get(chunk) ?? 0) + 1);
  }
  if (counts.size < 2) return '';
  return `: ${[...counts].map(([chunk, n]) => `${n} in ${chunk}`).join(', ')}`;
}

/**
 * Notices for one read event input: `records-skipped` (a warning: evidence is missing) when parts
 * could not be read, `reader-notes` (information) for what the reader noted. None when it read
 * everything without a remark.
 */
export function readerNotices(result: EventReadResult, name: string): ReportNotice[] {
  const notices: ReportNotice[] = [];
  const skipped = result.skipped.length;
  if (skipped > 0) {
    const first = result.skipped[0];
    notices.push({
      code: 'records-skipped',
      severity: 'warning',
      message: `${name}: ${result.records.length} event record(s) read; ${skipped} part(s) could not be read and were skipped${byPlace(result)} (${first?.where}: ${first?.why}${skipped > 1 ? '; see the source for each' : ''}). What they held is not in this report.`,
      count: skipped,
    });
  }
  if (result.warnings.length > 0) {
    notices.push({
      code: 'reader-notes',
      severity: 'info',
      message: `${name}: the event reader noted: ${some(result.warnings)}.`,
      count: result.warnings.length,
    });
  }
  return notices;
}
