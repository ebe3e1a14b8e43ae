/**
 * Event files of every kind → `EventReadResult`: the EVTX binary format (its own reader), event
 * XML, PowerShell JSON, CSV and tab-separated exports, and pasted event text.
 * @module
 */
import { decodeBytes } from '../input/decode.ts';
import type { EventFileKind, EventReadResult } from '../model/events.ts';
import { isEvtx, readEvtx } from './evtx/index.ts';
import { looksLikeEventJson, readEventJson } from './parse/json.ts';
import { looksLikeFormatList, readFormatList } from './parse/list.ts';
import { looksLikeEventTable, readEventTable } from './parse/table.ts';
import { eventTextStructure, looksLikeEventText, readEventText } from './parse/text.ts';
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

function textOf(input: Uint8Array | string): { text: string; warnings: string[] } {
  if (typeof input === 'string') return { text: input, warnings: [] };
  const decoded = decodeBytes(input);
  return { text: decoded.text, warnings: decoded.warnings };
}

function kindOfText(text: string): EventFileKind | null {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<') && looksLikeEventXml(head)) return 'xml';
  if (looksLikeEventJson(head)) return 'json';
  if (looksLikeFormatList(head)) return 'text';
  const table = looksLikeEventTable(head);
  if (table) return table;
  // Pasted text may wrap the XML of "Copy details as text"; the text reader handles that.
  if (looksLikeEventText(text)) return 'text';
  if (looksLikeEventXml(head)) return 'xml';
  return null;
}

/** What kind of event file this is, from its content; null when it is not one. */
export function detectEventKind(input: Uint8Array | string): EventFileKind | null {
  try {
    if (typeof input !== 'string' && isEvtx(input)) return 'evtx';
    return kindOfText(textOf(input).text);
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
export function looksClearlyLikeEvents(input: Uint8Array | string): boolean {
  try {
    const text = textOf(input).text.replace(/^\uFEFF/, '');
    // Event Viewer's "Save as Text" is tab-separated with a header row naming its columns.
    if (looksLikeFormatList(text) || looksLikeEventTable(text) === 'text') return true;
    const structure = eventTextStructure(text);
    if (structure === 'mention') return !DSREGCMD_MARKS.test(text.slice(0, 20000));
    return structure !== null;
  } catch {
    return false;
  }
}

/**
 * Signs of `dsregcmd` output. A well-known event message quoted somewhere in a text that has
 * none of them (a ticket, a forum post) is event text; next to them it is a note on a capture.
 */
const DSREGCMD_MARKS = /AzureAdJoined|DomainJoined|AzureAdPrt|\|\s*Device State\s*\||dsregcmd/i;

/**
 * Reads an event file of any kind. Null when the input is not an event file. Never throws:
 * whatever cannot be read is listed in `skipped` or `warnings`.
 */
export function readEvents(
  input: Uint8Array | string,
  options: { name?: string } = {},
): EventReadResult | null {
  try {
    if (typeof input !== 'string' && isEvtx(input)) return readEvtx(input);
    const { text, warnings } = textOf(input);
    const kind = kindOfText(text);
    if (kind === null) return null;
    const result = readAs(kind, text);
    return { ...result, warnings: [...warnings, ...result.warnings] };
  } catch (e) {
    const where = options.name ?? 'input';
    return {
      kind: 'text',
      records: [],
      skipped: [{ where, why: `could not be read: ${e instanceof Error ? e.message : String(e)}` }],
      warnings: [],
    };
  }
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
      return looksLikeFormatList(text) ? readFormatList(text) : readEventText(text);
    case 'evtx':
      return { kind, records: [], skipped: [], warnings: ['EVTX content reached the text readers'] };
  }
}
