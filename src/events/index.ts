/**
 * Event files of every kind → `EventReadResult`: the EVTX binary format (its own reader, from
 * bytes), and, from text, event XML, PowerShell JSON, CSV and tab-separated exports, and pasted
 * event text. The room takes text already decoded: turning bytes into text is the input stage's,
 * and the flow's `readEvents` and `detectEventKind` (`src/flow/events.ts`) take bytes of any kind.
 * @module
 */
import type { EventFileKind, EventReadResult } from '../model/events.ts';
import { looksLikeEventJson, readEventJson } from './parse/json.ts';
import { looksLikeFormatList, readFormatList } from './parse/list.ts';
import { looksLikeEventGrid, looksLikeEventTable, readEventGrid, readEventTable } from './parse/table.ts';
import {
  eventTextStructure,
  looksLikeEventText,
  opensWithEventMessage,
  readEventText,
} from './parse/text.ts';
import { looksLikeEventXml, readEventXml } from './parse/xml.ts';

export { type EventFacts, factsOf } from './facts.ts';
export {
  CHANNELS,
  channelInfo,
  definition,
  definitionFor,
  type EventDefinition,
  type EventSource,
} from './knowledge.ts';
export { readerNotices } from './notices.ts';

function kindOfText(text: string): EventFileKind | null {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<') && looksLikeEventXml(head)) return 'xml';
  if (looksLikeEventJson(head)) return 'json';
  if (looksLikeFormatList(head)) return 'text';
  const table = looksLikeEventTable(head);
  if (table) return table;
  if (looksLikeEventGrid(head)) return 'text';
  // Pasted text may wrap the XML of "Copy details as text"; the text reader handles that.
  if (looksLikeEventText(text)) return 'text';
  if (looksLikeEventXml(head)) return 'xml';
  return null;
}

/** What kind of event export a text is, from its content; null when it is not one. */
export function eventKindOfText(text: string): EventFileKind | null {
  try {
    return kindOfText(text);
  } catch {
    return null;
  }
}

/**
 * Whether text is clearly pasted events even though it could pass for dsregcmd output: a header
 * block with an event ID, a property table, `Event ID 360` lines, `Format-List` output, or text
 * that begins with a well-known event message. A message quoted inside a `dsregcmd /debug` trace
 * is not enough.
 */
export function looksClearlyLikeEvents(input: string): boolean {
  try {
    const text = input.replace(/^\uFEFF/, '');
    // Event Viewer's "Save as Text" is tab-separated with a header row naming its columns.
    if (looksLikeFormatList(text) || looksLikeEventTable(text) === 'text' || looksLikeEventGrid(text))
      return true;
    const structure = eventTextStructure(text);
    if (structure === 'mention') return !DSREGCMD_MARKS.test(text.slice(0, 20000));
    return structure !== null;
  } catch {
    return false;
  }
}

/**
 * Whether a text is plainly `dsregcmd` output as far as events are concerned: its head carries
 * dsregcmd's marks, names no event ID, does not begin with a well-known event message and is no
 * event export (XML, JSON, `Format-List`, a table). For such a text {@link eventKindOfText} can
 * only say `'text'` or null and {@link looksClearlyLikeEvents} only false, so a reader may try
 * captures first without the scan pasted-event reading needs (most of the cost of classifying a
 * capture). False means "ask the full tests", not "it is events".
 */
export function plainlyCapture(input: string): boolean {
  try {
    const text = input.replace(/^\uFEFF/, '');
    const head = text.slice(0, 20000);
    if (!DSREGCMD_MARKS.test(head) || EVENT_ID_TOKEN.test(head)) return false;
    const start = text.trimStart();
    if (looksLikeEventXml(start) || looksLikeEventJson(start)) return false;
    if (looksLikeFormatList(start) || looksLikeFormatList(text)) return false;
    if (looksLikeEventTable(start) !== null || looksLikeEventTable(text) !== null) return false;
    if (looksLikeEventGrid(text) !== null) return false;
    return !opensWithEventMessage(text);
  } catch {
    return false;
  }
}

/**
 * An event ID label in any form the pasted-text reader takes (`Event ID`, `EventID`, `EventId`,
 * `イベント ID`, with an HTML space between the words): without one a text has no event header.
 */
const EVENT_ID_TOKEN = /event(?:\s|&nbsp;|&#\d{1,6};)*id|イベント(?:\s|&nbsp;|&#\d{1,6};)*id/i;

/**
 * Signs of `dsregcmd` output. A well-known event message quoted somewhere in a text that has
 * none of them (a ticket, a forum post) is event text; next to them it is a note on a capture.
 */
const DSREGCMD_MARKS = /AzureAdJoined|DomainJoined|AzureAdPrt|\|\s*Device State\s*\||dsregcmd/i;

/**
 * Reads an event export given as text. Null when the text is not one. Never throws: whatever
 * cannot be read is listed in `skipped` or `warnings`; `warnings` given (what decoding the bytes
 * guessed or repaired) come first in the result's.
 */
export function readEventsFromText(
  text: string,
  options: { name?: string; warnings?: readonly string[] } = {},
): EventReadResult | null {
  try {
    const kind = kindOfText(text);
    if (kind === null) return null;
    const result = readAs(kind, text);
    return { ...result, warnings: [...(options.warnings ?? []), ...result.warnings] };
  } catch (e) {
    return unreadableEvents(options.name ?? 'input', e);
  }
}

/** The result for an input a reader failed on: no records, and why, under the input's name. */
export function unreadableEvents(where: string, error: unknown): EventReadResult {
  return {
    kind: 'text',
    records: [],
    skipped: [{ where, why: `could not be read: ${error instanceof Error ? error.message : String(error)}` }],
    warnings: [],
  };
}

function readAs(kind: EventFileKind, text: string): EventReadResult {
  switch (kind) {
    case 'xml':
      return readEventXml(text);
    case 'json':
      return readEventJson(text);
    case 'csv':
      return readEventTable(text, 'csv');
    case 'text':
      if (looksLikeEventTable(text) === 'text') return readEventTable(text, 'text');
      if (looksLikeFormatList(text)) return readFormatList(text);
      return looksLikeEventGrid(text) ? readEventGrid(text) : readEventText(text);
    case 'evtx':
      return { kind, records: [], skipped: [], warnings: ['EVTX content reached the text readers'] };
  }
}
