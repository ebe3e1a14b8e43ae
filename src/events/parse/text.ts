/**
 * Event text as people paste it: Event Viewer "Copy details as text" (header fields, then
 * `Description:`, then optionally `Event Xml:`), `wevtutil qe /f:text` (`Event[0]:` blocks), the
 * Details tab's friendly view (`- System`, `[ Name]`, `EventID 304`, `- EventData`), or only the
 * General tab's message. Double spacing and Markdown residue are removed first.
 * @module
 */

import {
  eventByOpening,
  eventDefinition,
  openingOf,
  type ProviderKey,
  providerKeyOf,
} from '../../knowledge/events/index.ts';
import type { EventReadResult, EventRecord, SkippedPart } from '../../model/events.ts';
import { definitionFor, providerChannel, providerName } from '../knowledge.ts';
import { cleanPastedText, fieldsFromMessage } from '../message.ts';
import {
  emptyRecord,
  exportTimes,
  guidOrNull,
  intOrNull,
  LOCAL_TIME_WARNING,
  levelFrom,
  normalProvider,
  readTime,
} from './common.ts';
import { readEventXml } from './xml.ts';

/** Header labels as Event Viewer prints them, in English and Japanese; longer forms first. */
const LABEL_ALTERNATIVES =
  'Log Name|Source|Date|Event ?ID|Task Category|Task|Level|Opcode|Keywords?|User Name|User|Computer|Record ID|Description|' +
  'Provider ?Name|Provider|Logged|Time ?Created|Channel|Machine ?Name|' +
  'ログの名前|ソース|イベント ?ID|レベル|ログの日付|日付|コンピューター|説明|メッセージ|ユーザー|タスクのカテゴリ|キーワード|オペコード';

const LABEL_KEYS: Record<string, string> = {
  task: 'task category',
  keyword: 'keywords',
  'user name': 'user',
  ログの名前: 'log name',
  ソース: 'source',
  'イベント id': 'event id',
  イベントid: 'event id',
  レベル: 'level',
  ログの日付: 'date',
  日付: 'date',
  コンピューター: 'computer',
  説明: 'description',
  メッセージ: 'description',
  ユーザー: 'user',
  タスクのカテゴリ: 'task category',
  キーワード: 'keywords',
  オペコード: 'opcode',
  message: 'description',
  eventid: 'event id',
  provider: 'source',
  'provider name': 'source',
  providername: 'source',
  logged: 'date',
  'time created': 'date',
  timecreated: 'date',
  channel: 'log name',
  'machine name': 'computer',
  machinename: 'computer',
};

/** Labels that begin a pasted event when a label list follows a previous event's message. */
const STARTING_KEYS = new Set(['log name', 'source', 'event id']);

function keyOf(label: string): string {
  const k = label.toLowerCase().replace(/\s+/g, ' ');
  return LABEL_KEYS[k] ?? k;
}

const HEADER = new RegExp(`^\\s*(${LABEL_ALTERNATIVES})\\s*[:：]\\s*(.*)$`, 'i');
/** A label anywhere in a line: line breaks lost in copying join two header lines into one. */
const HEADER_ANYWHERE = `(^|\\s)(${LABEL_ALTERNATIVES})\\s*[:：]`;
/** `| ログの名前 | Microsoft-Windows-User Device Registration/Admin |`: a property table row. */
const TABLE_ROW = new RegExp(`^\\s*\\|?\\s*(${LABEL_ALTERNATIVES}|Message)\\s*\\|(.*)$`, 'i');
/** `Event ID 360` or `Event ID: 304` alone on its line: where a pasted event begins. */
const EVENT_ID_LINE = /^(?:Event\s+ID|EventId\s*(?=[:：])|イベント\s*ID)\s*[:：]?\s*(\d{1,5})\s*$/i;
/** `User Device Registration`, `AAD Errors`: a heading that names the provider of what follows. */
const HEADING =
  /^(?:Microsoft-Windows-)?(User Device Registration|AAD|Workplace Join|HelloForBusiness|DeviceManagement-Enterprise-Diagnostics-Provider|AD FS)(?:\/\w+)?(?:\s+(?:errors?|events?|logs?))?\s*:?$/i;

function tableRow(line: string): [string, string] | null {
  const m = TABLE_ROW.exec(line);
  if (!m?.[1]) return null;
  const value = (m[2] ?? '').trim().replace(/\|$/, '').trim();
  return [keyOf(m[1]), value];
}

function headerLine(line: string): { prefix: string; pairs: [string, string][] } | null {
  const re = new RegExp(HEADER_ANYWHERE, 'gi');
  const hits: { key: string; start: number; end: number }[] = [];
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const key = keyOf(m[2] ?? '');
    hits.push({ key, start: m.index + (m[1] ?? '').length, end: m.index + m[0].length });
    if (key === 'description') break;
  }
  const first = hits[0];
  if (!first) return null;
  return {
    prefix: line.slice(0, first.start).trim(),
    // `Source: User Device Registration, Event ID: 305, Level: Error`: the commas are the list's.
    pairs: hits.map((h, i) => [
      h.key,
      line
        .slice(h.end, hits[i + 1]?.start ?? line.length)
        .trim()
        .replace(/\s*[,;]$/, ''),
    ]),
  };
}

function dateOnly(line: string): boolean {
  return line.length <= 40 && /\d/.test(line) && readTime(line).iso !== null;
}

/** `*DateTime*` → `DateTime`: Markdown emphasis around a whole value. */
function unemphasise(value: string): string {
  return value.replace(/^\*([^*]*)\*$/, '$1').trim();
}

/**
 * How clearly the text is pasted events: `header` (a header block with an event ID, a property
 * table, the Details view), `loose` (`Event ID 360` lines), `opening` (it begins with a
 * well-known message), `mention` (a well-known message somewhere in it), or null.
 */
export function eventTextStructure(text: string): 'header' | 'loose' | 'opening' | 'mention' | null {
  const lines = pastedLines(text.slice(0, 20000)).filter((l) => l.trim() !== '');
  const keys = new Set<string>();
  for (const l of lines) {
    const row = tableRow(l);
    const h = row ? null : HEADER.exec(l);
    const key = row?.[0] ?? (h?.[1] ? keyOf(h[1]) : null);
    if (key === 'event id' && !/\d/.test(row?.[1] ?? h?.[2] ?? '')) continue;
    if (key) keys.add(key);
    // A header whose line breaks were lost: every label on the line counts.
    if (h && !row)
      for (const [k, v] of headerLine(l)?.pairs ?? []) if (k !== 'event id' || /^\d/.test(v)) keys.add(k);
  }
  if (keys.has('event id') && (keys.has('log name') || keys.has('source'))) return 'header';
  if (lines.some((l) => /^\s*-\s*System\s*$/.test(l)) && lines.some((l) => /^\s*EventID\s+\d+/.test(l)))
    return 'header';
  if (lines.some((l) => EVENT_ID_LINE.test(l.trim()))) return 'loose';
  if (opensWithMessage(lines)) return 'opening';
  return lines.some((l) => eventByOpening(l.trim()) !== null) ? 'mention' : null;
}

/**
 * Whether {@link pastedLines} gives a line back as it is: no quote or comment mark before it, no
 * emphasis, code mark, tag, entity or no-break space in it, no sentence end or header label
 * where a glued line would be split.
 */
function untouchedByCleaning(line: string): boolean {
  return (
    !/^[#>]/.test(line) &&
    !/[*`<&\u00a0]|__|[.!?。]\s/.test(line) &&
    !/Log Name|ログの名前|Event\s*ID|イベント\s*ID/i.test(line)
  );
}

/**
 * Whether the text begins with a well-known event message (the `opening` case of
 * {@link eventTextStructure}), judged on its first lines only: cheap on a long text.
 */
export function opensWithEventMessage(text: string): boolean {
  // A first line that no cleaning step below would change (dsregcmd's box, a prompt, a version
  // banner) and that is no provider heading is read as it stands.
  const firstLine = /^\s*([^\r\n]*)/.exec(text.slice(0, 600))?.[1]?.trim() ?? '';
  if (firstLine !== '' && untouchedByCleaning(firstLine) && !HEADING.test(firstLine))
    return eventByOpening(firstLine) !== null;
  // Its first lines decide: the first of them that is not a provider heading.
  const head = text
    .slice(0, 2000)
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim() !== '')
    .slice(0, 4)
    .join('\n');
  return opensWithMessage(pastedLines(head).filter((l) => l.trim() !== ''));
}

/** Whether the first of clean lines that is not a provider heading opens a well-known message. */
function opensWithMessage(lines: readonly string[]): boolean {
  const first = lines.find((l) => !HEADING.test(l.trim()))?.trim() ?? '';
  return eventByOpening(first) !== null;
}

export function looksLikeEventText(text: string): boolean {
  return eventTextStructure(text) !== null;
}

/** Clean lines: HTML spaces and single-asterisk emphasis go too (`*Error: 0x… *`). */
function pastedLines(text: string): string[] {
  const lines = cleanPastedText(fromHtml(text).replace(/&nbsp;|&#160;/gi, ' ')).map((l) => {
    const label = unbullet(l);
    const bare = label.replace(/^(\s*)\*(?=[^\s*])/, '$1');
    const plain = bare === label ? label : bare.replace(/(\S)\*$/, '$1');
    // `_OAuth response error: invalid_grant_`: a whole line in underscore emphasis.
    return plain.replace(/^(\s*)_(?=[A-Za-z])(.*\S)_$/, '$1$2');
  });
  return uncomment(lines).flatMap(fromKeyValues).flatMap(unglue);
}

const LABEL_START = new RegExp(`^(?:${LABEL_ALTERNATIVES}|Message)\\s*[*_]?\\s*[:：]`, 'i');

/**
 * A label in a Markdown list or emphasis (`- Event ID: 1098`, `*Event ID:* 1081`, `_Source:_ AAD`)
 * → the label line itself. Other bullets are left alone (`- System` opens the Details view).
 */
function unbullet(line: string): string {
  const bullet = /^(\s*)(?:[-•+]|\d{1,2}[.)])\s+(?=\S)/.exec(line);
  const rest = bullet ? line.slice(bullet[0].length) : line;
  const emphasised = /^([*_])([^*_:：]{2,30}[:：])\1\s*/.exec(rest);
  const label = emphasised ? `${emphasised[2]} ${rest.slice(emphasised[0].length)}`.trimEnd() : rest;
  return LABEL_START.test(label) ? label : line;
}

/** `EventID=304 Source=… Level=Error Message="…"`: a script's one-line record. */
const KEY_VALUE =
  /(?:^|\s)(EventI[dD]|Id|Source|ProviderName|Level|LevelDisplayName|TimeCreated|Computer|MachineName|LogName|Message)=/g;
const KEY_LABELS: Record<string, string> = {
  eventid: 'Event ID',
  id: 'Event ID',
  source: 'Source',
  providername: 'Source',
  level: 'Level',
  leveldisplayname: 'Level',
  timecreated: 'Date',
  computer: 'Computer',
  machinename: 'Computer',
  logname: 'Log Name',
};

/**
 * A one-line `Key=value` record (`EventID=304 Source=Microsoft-Windows-User Device Registration
 * Message="…"`) → the label lines of a copied event, its message last; other lines as they are.
 */
function fromKeyValues(line: string): string[] {
  if (!/^\s*EventI[dD]=\d/.test(line)) return [line];
  const hits = [...line.matchAll(KEY_VALUE)];
  const labels: string[] = [];
  let message: string | null = null;
  hits.forEach((m, i) => {
    const key = (m[1] ?? '').toLowerCase();
    const from = (m.index ?? 0) + m[0].length;
    const value = line
      .slice(from, hits[i + 1]?.index ?? line.length)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (key === 'message') message = value;
    else if (KEY_LABELS[key]) labels.push(`${KEY_LABELS[key]}: ${value}`);
  });
  return message === null ? labels : [...labels, 'Description:', message];
}

const HTML_TAG =
  /<\/?(?:br|p|div|pre|code|span|td|tr|th|table|tbody|li|ul|ol|h[1-6]|html|body|font|b|i|em|strong)\b[^>]*>/gi;

/**
 * A paste wrapped in HTML (a ticket or a web form): tags become line breaks or nothing, entities
 * their characters. Left alone when it holds event XML itself, which tags would destroy.
 */
function fromHtml(text: string): string {
  HTML_TAG.lastIndex = 0;
  if (!HTML_TAG.test(text) || /<(?:\w+:)?Event[\s>]/.test(text)) return text;
  return text
    .replace(/<br\s*\/?>|<\/(?:p|div|pre|li|tr|h[1-6]|table)>/gi, '\n')
    .replace(HTML_TAG, '')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#0*39;|&apos;/gi, "'")
    .replace(/&#(\d{1,6});/g, (_, n: string) => safeChar(Number(n)))
    .replace(/&#x([0-9a-f]{1,5});/gi, (_, n: string) => safeChar(Number.parseInt(n, 16)))
    .replace(/&amp;/gi, '&');
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    ? String.fromCodePoint(code)
    : '\uFFFD';
}

/** A paste whose lines are mostly `#` comments (from a script or a config file): the marks go. */
function uncomment(lines: string[]): string[] {
  const content = lines.filter((l) => l.trim() !== '');
  const marked = content.filter((l) => /^\s*#/.test(l)).length;
  if (content.length === 0 || marked * 2 < content.length) return lines;
  return lines.map((l) => l.replace(/^\s*#+ ?/, ''));
}

/** `Log Name:` and `Event ID: 304` start an event even when the line break before them was lost. */
const GLUED_HEADER =
  /(?<=\S)\s+(?=(?:Log Name|ログの名前)\s*[:：])|(?<=^\s*(?:Event\s*ID|イベント\s*ID)\s*[:：]?\s*\d{1,5})\s+(?=\S)/i;

/**
 * One line holding several events (line breaks lost in copying): split before each header and
 * before each well-known message that follows a sentence of another well-known message.
 * `Automatic registration failed. Failed to lookup …` stays whole: its first sentence opens no
 * event by itself.
 */
function unglue(line: string): string[] {
  const parts: string[] = [];
  let rest = line;
  for (
    let m = GLUED_HEADER.exec(rest);
    m && m.index + m[0].length < rest.length;
    m = GLUED_HEADER.exec(rest)
  ) {
    parts.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  parts.push(rest);
  return parts.flatMap(splitMessages);
}

/** A place a glued line may be cut: after a sentence, or after a link (`…?LinkId=623042 Automatic …`). */
const CUT = /[.!?。]\s+(?=\S)|\bhttps?:\/\/\S+\s+(?=\S)/g;
/** `Event 307:`, `Event ID 304 -`: an event ID written before its message on the same line. */
const EVENT_LEAD = /^Event\s*(?:ID\s*)?(\d{1,5})\s*[:：-]\s*/i;
/** A few words of the ticket's own before a message: `From the Admin log:`, `Hi, I get "`. */
const PROSE_LEAD = /^([^:："“.\n]{1,60}?)\s*(?:[:：]|["“])\s*/;

/**
 * The words before a message on its line (`Customer says: Automatic registration failed …`,
 * `Event 307: Failed to lookup …`), given back as a line of their own (`Event 307` as
 * `Event ID 307`, which opens the event) and the message; null when no message follows them.
 */
function leadIn(text: string): { lead: string; rest: string } | null {
  const id = EVENT_LEAD.exec(text);
  if (id?.[1]) {
    const rest = text.slice(id[0].length);
    return openingOf(rest) ? { lead: `Event ID ${id[1]}`, rest } : null;
  }
  const prose = PROSE_LEAD.exec(text);
  if (!prose?.[1] || HEADER.test(text.slice(0, 80)) || /^\s*(?:message|details?)\s*$/i.test(prose[1]))
    return null;
  const rest = text.slice(prose[0].length);
  if (openingOf(text) !== null || openingOf(rest) === null) return null;
  return { lead: prose[0].trim(), rest };
}

/**
 * Whether a line that opens like an event is a field of the message it follows: `Error: 0x801C044D`
 * after `Windows Hello for Business prerequisites check failed.` is that event's `Error`, not an
 * AAD 1098 of its own.
 */
function continuesMessage(open: { source: ProviderKey; id: number } | null, text: string): boolean {
  const def = open ? eventDefinition(open.source, open.id) : null;
  const label = /^\s*([A-Za-z][A-Za-z ]{0,30}?)\s*:/.exec(text)?.[1]?.toLowerCase().replace(/\s+/g, ' ');
  if (!def || !label) return false;
  // The same event again (`Http request status:` opens 1025 and is its first label) is a repeat.
  const again = eventByOpening(text);
  if (again?.source === def.source && again.id === def.id) return false;
  return (
    def.labels.some(([l]) => l.replace(/^~/, '').toLowerCase() === label) ||
    def.fields.some((f) => f.toLowerCase() === label.replace(/ /g, ''))
  );
}

function splitMessages(line: string): string[] {
  if (line.length < 12) return [line];
  const lead = leadIn(line);
  if (lead) return [lead.lead, ...splitMessages(lead.rest)];
  if (line.length < 60 || openingOf(line) === null) return [line];
  const out: string[] = [];
  let start = 0;
  let open = openingOf(line);
  for (const m of line.matchAll(CUT)) {
    const at = m.index + m[0].length;
    // Inside the current message's own opening: `Failed to access the device key. The device key …`.
    // (An opening is at most 600 characters: a longer stretch is past it, and is not squeezed.)
    const inside =
      open !== null && at - start <= 1200 && squeeze(line.slice(start, at)).length <= open.length;
    if (!open || inside || continuesMessage(open, line.slice(at))) continue;
    const before = line.slice(start, at).trim();
    const rest = line.slice(at);
    const next = openingOf(rest);
    const lead = next ? null : leadIn(rest);
    if (!next && !lead) continue;
    out.push(before);
    if (lead) out.push(lead.lead);
    start = lead ? at + rest.length - lead.rest.length : at;
    open = openingOf(line.slice(start));
  }
  out.push(line.slice(start));
  return out;
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

interface Block {
  lines: string[];
  line: number;
  /** Started by `Log Name:`, `Event[0]:` or `- System`: openings inside it are message text. */
  headed: boolean;
  /** A provider heading line (`User Device Registration`) alone. */
  heading: string | null;
  body: boolean;
  id: boolean;
  /** Started by a label list line (`Source:`) whose event ID follows. */
  labelled: boolean;
  /** The event its message opens like, from the first line of it. */
  open: { source: ProviderKey; id: number } | null;
}

function startingLabel(line: string): boolean {
  const h = HEADER.exec(line);
  return h?.[1] !== undefined && STARTING_KEYS.has(keyOf(h[1]));
}

/** A block begun by a label list, whose `Event ID` line has not come yet. */
function startedByLabel(block: Block): boolean {
  return block.labelled && !block.id && !block.body;
}

/** Splits a paste into one block per event. */
function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  const fresh = (i: number): Block => ({
    lines: [],
    line: i + 1,
    headed: false,
    heading: null,
    body: false,
    id: false,
    labelled: false,
    open: null,
  });
  let cur = fresh(0);
  const start = (i: number) => {
    if (cur.lines.length > 0) out.push(cur);
    cur = fresh(i);
  };
  lines.forEach((l, i) => {
    const t = l.trim();
    const previous = (lines[i - 1] ?? '').trim();
    const begun = cur.body || cur.id || cur.heading !== null;
    const heading = HEADING.exec(t);
    if (
      /^Event\[\d+\]:?$/.test(t) ||
      /^-\s*System$/.test(t) ||
      (/^Log Name\s*:/i.test(t) && !/^Event\[\d+\]/.test(previous)) ||
      /^ログの名前\s*[:：]/.test(t)
    ) {
      start(i);
      cur.headed = true;
    } else if (EVENT_ID_LINE.test(t) && begun && !startedByLabel(cur)) {
      start(i);
    } else if (!cur.headed && cur.body && startingLabel(t)) {
      // A label list (`Source: …`, `EventId: 201`) after the previous event's message.
      start(i);
      cur.labelled = true;
    } else if (heading && !cur.headed) {
      start(i);
      cur.heading = heading[1] ?? null;
    } else if (!cur.headed && (cur.body || cur.heading !== null) && dateOnly(t)) {
      start(i);
    } else if (
      !cur.headed &&
      (cur.body || cur.heading !== null) &&
      eventByOpening(t) !== null &&
      !continuesMessage(cur.open, t)
    ) {
      // Bare messages, one after another: each known opening starts an event, unless the line
      // is a field of the message before it.
      start(i);
    }
    cur.lines.push(l);
    if (t === '' || heading || /^Event\[\d+\]/.test(t) || dateOnly(t)) return;
    const h = HEADER.exec(t);
    if (EVENT_ID_LINE.test(t) || (h?.[1] && keyOf(h[1]) === 'event id')) cur.id = true;
    else if (!h && !tableRow(t)) {
      if (!cur.body) cur.open = eventByOpening(t);
      cur.body = true;
    }
  });
  if (cur.lines.length > 0) out.push(cur);
  return out;
}

/** The event a well-known message opening names, or null. */
export function identifyMessage(message: string): { source: ProviderKey; id: number } | null {
  return eventByOpening(message);
}

/**
 * The Details tab's friendly view: `- System` / `- EventData` sections, `[ Name]  value`
 * attribute lines under their element (`- Provider`, `- TimeCreated`), `Element value` lines.
 */
function friendly(block: Block): EventRecord | null {
  const rec = emptyRecord(0);
  let section = '';
  let element = '';
  for (const raw of block.lines) {
    const line = raw.trim();
    const heading = /^-\s*(\w+)$/.exec(line)?.[1];
    if (heading) {
      if (['System', 'EventData', 'UserData'].includes(heading)) section = heading;
      element = heading;
      continue;
    }
    const attribute = /^\[\s*(\w+)\]\s*(.*)$/.exec(line);
    if (attribute) {
      const [, name, value = ''] = attribute;
      if (element === 'Provider' && name === 'Name') rec.provider = value.trim() || null;
      else if (name === 'SystemTime') rec.time = readTime(value).iso;
      else if (name === 'ActivityID') rec.activityId = guidOrNull(value);
      continue;
    }
    const [, name, value = ''] = /^(\w+)(?:\s+(.*))?$/.exec(line) ?? [];
    if (!name) continue;
    if (section === 'System') {
      element = name;
      if (name === 'EventID') rec.eventId = intOrNull(value) ?? 0;
      else if (name === 'Level') rec.level = levelFrom(value);
      else if (name === 'EventRecordID') rec.recordNumber = intOrNull(value);
      else if (name === 'Channel') rec.channel = value.trim() || null;
      else if (name === 'Computer') rec.computer = value.trim() || null;
    } else if (section === 'EventData' || section === 'UserData') {
      rec.data[name] = value.trim();
    }
  }
  rec.origin = `line ${block.line}`;
  return rec.eventId > 0 ? rec : null;
}

/**
 * The ticket's own words after a pasted message (`Thanks!`, `Any idea?`): a last paragraph of one
 * or two short lines with no label and no code. Kept inside a copy-details block, where the
 * message ends where the block does.
 */
function withoutSignOff(lines: string[], headedBlock: boolean): string[] {
  if (headedBlock) return lines;
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '').trim() === '') end--;
  let start = end;
  while (start > 0 && (lines[start - 1] ?? '').trim() !== '') start--;
  if (start === 0) return lines;
  const last = lines.slice(start, end);
  // A closing colon is the ticket's lead-in to what it quotes next (`And the join log:`).
  const prose =
    last.length <= 2 &&
    last.every(
      (l) => l.trim().length <= 80 && !/[:=]|0x[0-9a-f]|\d{4,}/i.test(l.trim().replace(/[:：]$/, '')),
    );
  return prose ? lines.slice(0, start) : lines;
}

/** Data "values" that are template residue: `Debug Output:\r\n undefined.`, `%5`. */
const RESIDUE = /^(?:\\[rn]|\s)*(?:undefined|%\d+)\.?$/i;

function headed(
  block: Block,
  warnings: Set<string>,
  stated: string | null,
  times: ReturnType<typeof exportTimes>,
): EventRecord | null {
  const headers: Record<string, string> = {};
  const message: string[] = [];
  const table = block.lines.some((l) => tableRow(l) !== null);
  let inMessage = false;
  let xmlAt = -1;
  let last = '';
  block.lines.forEach((raw, i) => {
    if (xmlAt >= 0 || /^\s*Event\[\d+\]:?\s*$/.test(raw)) return;
    if (/^\s*Event Xml\s*:\s*$/i.test(raw)) {
      xmlAt = i;
      return;
    }
    if (table) {
      // A property table: each row is one field, the message included; the rest is prose.
      const row = tableRow(raw);
      if (row?.[0] === 'description') message.push(row[1]);
      else if (row) headers[row[0]] = unemphasise(row[1]);
      return;
    }
    if (!inMessage) {
      const t = raw.trim();
      if (t === '') return;
      const id = EVENT_ID_LINE.exec(t);
      if (id?.[1]) {
        headers['event id'] = id[1];
        return;
      }
      if (!headers.date && dateOnly(t)) {
        headers.date = t;
        return;
      }
      // `Message: Automatic registration failed …` (a label list's message, PowerShell's name).
      const labelled = /^Message\s*[:：]\s*/i.exec(t);
      if (labelled && Object.keys(headers).length > 0) {
        inMessage = true;
        const value = t.slice(labelled[0].length);
        if (value) message.push(value);
        return;
      }
      const h = headerLine(raw);
      // A word before the label is the end of the previous value (`Error Computer:`, lost line break).
      if (
        h &&
        (h.prefix === '' || (last !== '' && h.prefix.length <= 40 && h.prefix.split(/\s+/).length <= 3))
      ) {
        if (h.prefix) headers[last] = `${headers[last] ?? ''} ${h.prefix}`.trim();
        for (const [key, value] of h.pairs) {
          if (key === 'description') {
            inMessage = true;
            if (value) message.push(value);
            return;
          }
          headers[key] = unemphasise(value);
          last = key;
        }
        return;
      }
      inMessage = true;
    }
    message.push(raw);
  });
  const text = withoutSignOff(message, block.headed).join('\n').trim();
  if (xmlAt >= 0) {
    const xml = readEventXml(block.lines.slice(xmlAt + 1).join('\n'));
    const rec = xml.records[0];
    if (rec) {
      rec.message ??= text || null;
      rec.origin = `line ${block.line}`;
      return rec;
    }
  }
  // `Source: Microsoft-Windows-AAD/Operational`: a channel given as the source names both.
  const channelAsSource = /^[^/]+\/\w+$/.test(headers.source ?? '') ? (headers.source ?? null) : null;
  if (channelAsSource && !headers['log name']) headers['log name'] = channelAsSource;
  let id = intOrNull(headers['event id']);
  let provider = normalProvider(channelAsSource ? channelAsSource.split('/')[0] : headers.source) ?? stated;
  let providerStated = provider !== null;
  const known = identifyMessage(text);
  if (id === null) {
    if (!known) return null;
    id = known.id;
    const alike = eventDefinition(known.source, known.id)?.sameWording ?? [];
    const also = alike.length > 0 ? `; event ${alike.join(', ')} prints the same words` : '';
    warnings.add(
      `line ${block.line}: no event header; read as event ${id} from its message text (the event ID is inferred${also})`,
    );
    if (!provider || providerKeyOf(provider) !== known.source) {
      provider = providerName(known.source);
      providerStated = false;
    }
  } else if (!provider && !headers['log name'] && known?.id === id) {
    provider = providerName(known.source);
  }
  const rec = emptyRecord(id);
  rec.provider = provider || null;
  rec.channel = headers['log name'] || null;
  // A provider whose events below some ID all go to one channel (User Device Registration/Admin).
  const home = providerStated ? providerChannel(rec.provider, id) : null;
  if (!rec.channel && home) rec.channel = home;
  rec.level = levelFrom(headers.level);
  if (rec.level === 'unknown') {
    const def = definitionFor(rec);
    if (def) rec.level = def.level;
  }
  // Event Viewer and `wevtutil /f:text` print the viewer's local time without a zone.
  if (times.read(rec, headers.date).local) warnings.add(LOCAL_TIME_WARNING);
  rec.recordNumber = intOrNull(headers['record id']);
  rec.computer = headers.computer || null;
  rec.message = text || null;
  rec.origin = `line ${block.line}`;
  const def = definitionFor(rec);
  if (def && rec.message) {
    const data = fieldsFromMessage(def, rec.message);
    for (const [k, v] of Object.entries(data)) if (!RESIDUE.test(v)) rec.data[k] = v;
  }
  return rec;
}

export function readEventText(input: string): EventReadResult {
  const lines = pastedLines(input);
  const warnings = new Set<string>();
  const skipped: SkippedPart[] = [];
  const records: EventRecord[] = [];
  let stated: string | null = null;
  const times = exportTimes();
  for (const block of blocks(lines)) {
    const content = block.lines.filter((l) => l.trim() !== '');
    if (content.length === 0) continue;
    if (block.heading !== null && content.length === 1) {
      stated = normalProvider(block.heading);
      continue;
    }
    const isFriendly = block.lines.some((l) => /^\s*-\s*System\s*$/.test(l));
    const rec = isFriendly ? friendly(block) : headed(block, warnings, stated, times);
    if (rec) records.push(rec);
    else if (block.lines.some((l) => HEADER.test(l) || /^\s*(Event\[\d+\]|-\s*System)/.test(l))) {
      skipped.push({ where: `line ${block.line}`, why: 'no event ID and no known event message' });
    }
    // Anything else is the ticket's own prose around the pasted events.
  }
  for (const note of times.finish()) warnings.add(note);
  return { kind: 'text', records, skipped, warnings: [...warnings] };
}
