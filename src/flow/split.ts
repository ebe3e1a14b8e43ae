/**
 * One stream holding a capture and an event export one after the other (`dsregcmd /status` and
 * `wevtutil qe`, `Get-WinEvent | Export-Csv` or `ConvertTo-Json` appended to the same file, an
 * Event Viewer paste under a capture in a ticket): where each part starts. Each part keeps its
 * line numbers: the other part is blanked out line for line.
 *
 * The shapes are the event readers' own: a line is taken as the start of an export only when the
 * events room's recognisers say the text from that line on is one. Lines are looked at once each,
 * and a recogniser only sees a bounded window from a line that could open an export, so the cost
 * stays linear in the length of the stream.
 * @module
 */
import { eventKindOfText, looksClearlyLikeEvents } from '../events/index.ts';
import { looksLikeEventJson } from '../events/parse/json.ts';
import { looksLikeFormatList } from '../events/parse/list.ts';
import { looksLikeEventGrid, looksLikeEventTable } from '../events/parse/table.ts';
import { eventTextStructure, opensWithEventMessage } from '../events/parse/text.ts';
import { eventByOpening } from '../knowledge/events/index.ts';
import type { EventFileKind } from '../model/events.ts';
import { leadOf } from '../read/chars.ts';

/** A line that opens an event export: event XML, `wevtutil /f:text`, or Event Viewer's copy. */
const EVENT_START = /^[ \t]*(?:<\?xml\b|<Events[\s>]|<Event[\s>]|Event\[\d+\]:|Log Name:[ \t])/m;
/** The same, for one line. */
const EVENT_START_LINE = /^[ \t]*(?:<\?xml\b|<Events[\s>]|<Event[\s>]|Event\[\d+\]:|Log Name:[ \t])/;
/** A line that opens dsregcmd output: the Device State box, or the first flat field. */
const CAPTURE_START =
  /^[ \t]*(?:\+-{10,}\+?[ \t]*\r?\n[ \t]*\|[ \t]*Device State\b|\|[ \t]*Device State[ \t]*\||AzureAdJoined[ \t]*:)/m;

/** dsregcmd's own lines: its boxes, and `Name : value` fields (a space before the colon). */
const BOX_LINE = /^[ \t]*[+|]/;
const FIELD_LINE = /^[ \t]*[^\s:][^:]*?[ \t]:(?:[ \t]|$)/;
/** `Get-WinEvent | Format-List`: the properties one of its items begins with. */
const FORMAT_LIST_FIRST = /^ {0,2}(?:TimeCreated|ProviderName|Id|Message)[ \t]+:/;
/** An event header label (`Source:`, `**EventId:**`, `Event ID 360`) in a line. */
const LABEL_WORD =
  /\b(?:event[ \t]*id|source|log[ \t]*name|provider(?:[ \t]*name)?|イベント[ \t]*id|ソース|ログの名前)\**[ \t]*[:：]|^[ \t]*event[ \t]+id[ \t]+\d/i;
/** What any `LABEL_WORD` needs, tested first: a colon, or `Event` opening the line. */
function mayHoldLabel(line: string): boolean {
  if (line.indexOf(':') !== -1 || line.indexOf('：') !== -1) return true;
  return (line.charCodeAt(leadOf(line)) | 32) === 101;
}
/** `Get-WinEvent`'s table opens with its provider, or with its header when there is one provider. */
const GRID_START = /^[ \t]*(?:ProviderName:[ \t]|TimeCreated[ \t]+Id[ \t])/;
/** A shell prompt (`PS C:\>`, `C:\Windows\system32>`). */
const PROMPT_HEAD = /^[ \t]*(?:PS [^\r\n>]*>|[A-Za-z]:\\[^\r\n>]*>)/i;
/** The command that printed what follows, anywhere in the line (`sudo … dsregcmd /status`). */
const DSREGCMD_COMMAND = /\bdsregcmd(?:\.exe)?[ \t]+\//i;

/** A shell prompt, or the command that printed what follows (`PS C:\> dsregcmd /status`). */
function isPromptLine(line: string): boolean {
  return PROMPT_HEAD.test(line) || DSREGCMD_COMMAND.test(line);
}

/** Comment, quote and emphasis marks before a pasted line (`# `, `> `, `**`). */
const QUOTE_MARKS = /^[\s#>*_`]+/;

/** How much text a recogniser sees from a line that could open an export. */
const WINDOW = 8000;
/** How many lines from a candidate line decide whether pasted event text starts there. */
const TEXT_HEAD_LINES = 8;

export interface MixedParts {
  /** The text with the event part blanked (same line count). */
  capture: string;
  /** The text with the capture part blanked (same line count). */
  events: string;
  /** Which part comes first in the stream. */
  order: 'capture-first' | 'events-first';
  /** The kind of export the event part is, as its first lines show it. */
  eventKind: EventFileKind;
  /** The lines (1-based, inclusive) of each part, for notices that name a part. */
  captureLines: [number, number];
  eventLines: [number, number];
}

/**
 * The two parts of a stream that holds dsregcmd output and an event export, or null when it does
 * not hold both (the usual case). A capture is cut where the event export starts, and an event
 * export where it ends (its last closing tag, the end of its last record, or a blank line); what
 * comes first is kept with its own part.
 */
export function splitMixed(text: string): MixedParts | null {
  try {
    return split(text);
  } catch {
    // A recogniser that fails on odd input leaves the stream whole: read as one document.
    return null;
  }
}

function split(text: string): MixedParts | null {
  const capture = CAPTURE_START.exec(text);
  if (!capture) return null;
  const c = lineStartOf(text, capture.index);
  if (text.slice(0, c).trim() !== '') {
    const before = exportBefore(text, c);
    if (before === 'quoted') return null;
    if (before !== null) return parts(text, before.start, before.end, 'events-first', before.kind);
  }
  const after = exportAfter(text, c);
  return after === null ? null : parts(text, after.start, text.length, 'capture-first', after.kind);
}

/**
 * An export that fills the text before the capture's first line: where it ends and its kind;
 * `'quoted'` when the capture is inside it (dsregcmd output quoted in an event's message); null
 * when what comes first is no export (a note, a prompt).
 */
function exportBefore(
  text: string,
  c: number,
): { start: number; end: number; kind: EventFileKind } | 'quoted' | null {
  const lead = text.slice(0, c);
  const tagged = EVENT_START.exec(lead);
  // The command that printed the export (`PS C:\> Get-WinEvent … | ConvertTo-Json`) is no part of it.
  const start = tagged ? tagged.index : afterPrompts(lead);
  // An opening tag or header the recognisers do not take whole is still where an export starts.
  const kind =
    kindAt(lead, start) ?? (tagged ? (lead.slice(start).trimStart().startsWith('<') ? 'xml' : 'text') : null);
  if (kind === null) return null;
  const end = exportEnd(text, start, c, kind);
  return end === null ? 'quoted' : { start, end, kind };
}

/** Where the text starts after its leading prompt and blank lines. */
function afterPrompts(text: string): number {
  let at = 0;
  while (at < text.length) {
    const lf = text.indexOf('\n', at);
    const stop = lf === -1 ? text.length : lf;
    const line = text.slice(at, stop);
    if (line.trim() !== '' && !isPromptLine(line)) return at;
    at = stop + 1;
  }
  return text.length;
}

/** What export the text from `start` is, as the events room recognises it; null when none. */
function kindAt(text: string, start: number): EventFileKind | null {
  const head = window(text, start);
  const kind = eventKindOfText(head);
  if (kind === null || kind === 'evtx') return null;
  if (kind === 'text' && !(looksClearlyLikeEvents(head) && startsAsEvents(head))) return null;
  return kind;
}

/**
 * Whether event text starts at the head, rather than being mentioned in it: a table or
 * `Format-List` output, a header with an event ID, or a well-known message as its opening. A note
 * that quotes a message above a capture is the capture's, as before.
 */
function startsAsEvents(head: string): boolean {
  if (looksLikeEventTable(head) === 'text' || looksLikeFormatList(head)) return true;
  const structure = eventTextStructure(head);
  return structure === 'header' || structure === 'loose' || opensWithEventMessage(head);
}

/** Where an export that starts at `start` ends, when it ends before `capture`; else null. */
function exportEnd(text: string, start: number, capture: number, kind: EventFileKind): number | null {
  const head = text.slice(start, capture);
  if (head.trimStart().startsWith('<')) {
    const events = head.lastIndexOf('</Events>');
    const event = head.lastIndexOf('</Event>');
    if (events === -1 && event === -1) return null;
    const close = Math.max(events === -1 ? -1 : events + 9, event === -1 ? -1 : event + 8);
    // Nothing of XML may follow the last closing tag before the capture.
    return head.indexOf('<', close) === -1 ? start + close : null;
  }
  // The prompt that printed the capture goes with it.
  const end = promptStart(text, start, capture);
  const body = text.slice(start, end).trimEnd();
  // A capture inside a quoted field or a JSON string is part of the export, not after it.
  if (kind === 'csv' || (kind === 'text' && body.includes('\t')))
    return countOf(body, '"') % 2 === 0 ? end : null;
  if (kind === 'json') return /[\]}]$/.test(body) ? end : null;
  return /\n[ \t]*\r?\n[ \t]*$/.test(text.slice(start, end)) || end < capture ? end : null;
}

/** A line of nothing but a repeated mark, set between two pasted documents. */
const SEPARATOR = /^(?:-{3,}|={3,}|\*{3,}|_{3,}|~{3,}|#{3,})$/;

/** How many lines of a command's output may stand between two prompts (`whoami`'s one line). */
const MAX_OUTPUT_LINES = 3;

/**
 * The start of the prompt lines right before the capture (blank lines between, and the short
 * output of a command typed at one: `C:\>whoami`, `nt authority\system`), or the capture.
 */
function promptStart(text: string, floor: number, capture: number): number {
  let at = capture;
  let found = capture;
  let output = 0;
  while (at > floor) {
    const prev = lineStartOf(text, at - 1);
    const line = text.slice(prev, at).trim();
    if (line === '') {
      at = prev;
      continue;
    }
    if (isPromptLine(line) || SEPARATOR.test(line)) {
      // A prompt, or a separator line (`-----`) set between the two: both go with the capture.
      found = prev;
      output = 0;
    } else if (output < MAX_OUTPUT_LINES && prev > floor && promptAbove(text, floor, prev)) {
      output++;
    } else break;
    at = prev;
  }
  return found;
}

/** Whether a prompt line stands within a few lines above the line starting at `at`. */
function promptAbove(text: string, floor: number, at: number): boolean {
  let end = at;
  for (let i = 0; i < MAX_OUTPUT_LINES && end > floor; i++) {
    const start = lineStartOf(text, end - 1);
    const content = text.slice(start, end).trim();
    if (content === '') return false;
    if (isPromptLine(content)) return true;
    end = start;
  }
  return false;
}

/**
 * The first line after the capture's start where an export begins, with its kind; null when
 * none does. Only lines that are no part of dsregcmd's own layout are candidates.
 */
function exportAfter(text: string, c: number): { start: number; kind: EventFileKind } | null {
  let at = text.indexOf('\n', c);
  // Whether the line before opens a paragraph for pasted text: blank, a prompt, dsregcmd's own
  // line, or a lead-in ending with a colon (`From Event Viewer:`); not a line of running prose.
  let paragraph = true;
  while (at !== -1) {
    const start = at + 1;
    const next = text.indexOf('\n', start);
    // A box line (most of dsregcmd's own) is settled by its first mark, before it is cut out;
    // only a Markdown table of events (a `|---|` rule under its header) opens an export there.
    if (isBoxStart(text, start)) {
      if (
        next !== -1 &&
        isMarkdownRuleStart(text, next + 1) &&
        looksLikeEventGrid(window(text, start)) !== null
      )
        return { start: leadInStart(text, c, start), kind: 'text' };
      paragraph = true;
      at = next;
      continue;
    }
    let end = next === -1 ? text.length : next;
    if (text.charCodeAt(end - 1) === 13) end--;
    const line = text.slice(start, end);
    // Each other line is shaped once: most are dsregcmd's fields, settled by the first tests.
    const shape = shapeOf(line);
    const kind = candidateKind(text, start, line, shape, paragraph);
    if (kind !== null) return { start: leadInStart(text, c, start), kind };
    paragraph = opensParagraph(line, shape);
    at = next;
  }
  return null;
}

/**
 * What a line that is no box line (those are settled before it is cut out) is to the split:
 * blank, dsregcmd's own (a field, a prompt), or other.
 */
type LineShape = 'blank' | 'field' | 'prompt' | 'other';

function shapeOf(line: string): LineShape {
  const lead = leadOf(line);
  if (lead === line.length || (line.charCodeAt(lead) > 127 && line.trim() === '')) return 'blank';
  // A field before a prompt: only `Format-List` output shares its shape, and no prompt starts so.
  if (FIELD_LINE.test(line)) return 'field';
  return isPromptLine(line) ? 'prompt' : 'other';
}

/** Whether the line at `start` opens a Markdown table rule (`|---|`, `| :-- |`). */
function isMarkdownRuleStart(text: string, start: number): boolean {
  let i = leadOf(text, start);
  if (text.charCodeAt(i) !== 124) return false;
  i++;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 58) i++;
  return text.startsWith('---', i);
}

/** Whether the line at `start` opens, after spaces, with a box mark (`+` or `|`). */
function isBoxStart(text: string, start: number): boolean {
  const c = text.charCodeAt(leadOf(text, start));
  return c === 43 || c === 124;
}

/**
 * Where a paste begins when a line of its own introduces it (`From Event Viewer:` before the
 * export, blank lines between): that line goes with the events, not with the capture, where it
 * would read as a field. Otherwise the export's first line.
 */
function leadInStart(text: string, floor: number, start: number): number {
  let at = start;
  while (at > floor) {
    const prev = lineStartOf(text, at - 1);
    const line = text.slice(prev, at).replace(/\r?\n$/, '');
    if (line.trim() === '') {
      at = prev;
      continue;
    }
    const leadIn =
      endsWithColon(line.trim()) && !FIELD_LINE.test(line) && !BOX_LINE.test(line) && !isPromptLine(line);
    return leadIn ? prev : start;
  }
  return start;
}

/** Whether pasted text may begin on the line after this one (see `exportAfter`). */
function opensParagraph(line: string, shape: LineShape): boolean {
  if (shape !== 'other') return true;
  const trimmed = line.trim();
  return (
    endsWithColon(trimmed) ||
    ((trimmed.charCodeAt(0) | 32) === 102 && /^For more information\b/i.test(trimmed))
  );
}

/** Whether the text ends with a colon, bold marks after it allowed (`**Source:**`): a lead-in. */
function endsWithColon(trimmed: string): boolean {
  let i = trimmed.length - 1;
  while (i >= 0 && trimmed.charCodeAt(i) === 42) i--;
  const c = trimmed.charCodeAt(i);
  return c === 58 || c === 0xff1a;
}

/** The export that starts at a line, when the line could open one and the recognisers agree. */
function candidateKind(
  text: string,
  start: number,
  line: string,
  shape: LineShape,
  paragraph: boolean,
): EventFileKind | null {
  // A prompt is a command, even one that names event columns (`Select-Object Message,Id`).
  if (shape === 'blank' || shape === 'prompt') return null;
  const trimmed = line.trim();
  if (shape === 'field') {
    // Only `Format-List` output among exports has dsregcmd's field shape.
    return FORMAT_LIST_FIRST.test(line) && looksLikeFormatList(window(text, start)) ? 'text' : null;
  }
  if (EVENT_START_LINE.test(line)) return kindAt(text, start);
  if (trimmed.startsWith('#TYPE') || line.includes(',') || line.includes('\t')) {
    // The header row decides: this line, or the one after `Export-Csv`'s `#TYPE` line.
    const kind = looksLikeEventTable(trimmed.startsWith('#TYPE') ? window(text, start) : line);
    if (kind !== null) return kind;
  }
  // `Get-WinEvent`'s default table: a `ProviderName:` line above its header.
  if (GRID_START.test(line)) return looksLikeEventGrid(window(text, start)) !== null ? 'text' : null;
  // `ConvertTo-Json` opens with `[` or `{` alone on its line, or `[{"` compressed.
  if (/^(?:[[{]$|\[\s*\{|\{\s*")/.test(trimmed))
    return looksLikeEventJson(window(text, start)) ? 'json' : null;
  return pastedText(text, start, line, paragraph) ? 'text' : null;
}

function window(text: string, start: number): string {
  return text.slice(start, start + WINDOW);
}

/**
 * Whether pasted event text starts at this line: its first lines are a header with an event ID
 * (a label list, Event Viewer's copy), or a well-known message opens it (the General tab) at the
 * start of a paragraph.
 */
function pastedText(text: string, start: number, line: string, paragraph: boolean): boolean {
  if (mayHoldLabel(line) && LABEL_WORD.test(line)) {
    const structure = eventTextStructure(firstLines(text, start, TEXT_HEAD_LINES));
    if (structure === 'header' || structure === 'loose') return true;
  }
  // A message quoted in the middle of running text (a `/debug` trace) opens no paste. The line's
  // own opening is looked up first (cheap); the recogniser has the last word.
  if (!paragraph || eventByOpening(line.replace(QUOTE_MARKS, '')) === null) return false;
  return opensWithEventMessage(text.slice(start, start + 2000));
}

/** The first `n` lines of the text from `start` (bounded in length too). */
function firstLines(text: string, start: number, n: number): string {
  let end = start;
  for (let i = 0; i < n && end !== -1; i++) end = text.indexOf('\n', end + 1);
  const stop = end === -1 ? text.length : end;
  return text.slice(start, Math.min(stop, start + WINDOW));
}

/** The parts of a stream whose event export runs from `from` to `to`; the capture is the rest. */
function parts(
  text: string,
  from: number,
  to: number,
  order: MixedParts['order'],
  eventKind: EventFileKind,
): MixedParts {
  const before = text.slice(0, from);
  const inside = text.slice(from, to);
  const after = text.slice(to);
  const first = countOf(before, '\n') + 1;
  const last = first + countOf(inside.replace(/\r?\n$/, ''), '\n');
  const total = countOf(text, '\n') + (text.endsWith('\n') ? 0 : 1);
  return {
    capture: before + blank(inside) + after,
    events: blank(before) + withoutTypeLine(inside) + blank(after),
    order,
    eventKind,
    captureLines:
      order === 'capture-first' ? [1, Math.max(1, first - 1)] : [Math.min(total, last + 1), total],
    eventLines: [first, last],
  };
}

/**
 * `Export-Csv`'s `#TYPE` line blanked: the CSV reader passes over it only at the very start of its
 * text, and here blank lines may stand before it. The line stays, so the rows keep their numbers.
 */
function withoutTypeLine(part: string): string {
  return part.startsWith('#TYPE') ? part.replace(/^#TYPE[^\r\n]*/, '') : part;
}

function lineStartOf(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

function countOf(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}

/** As many line ends as the text has, and nothing else. */
function blank(text: string): string {
  return '\n'.repeat(countOf(text, '\n'));
}
