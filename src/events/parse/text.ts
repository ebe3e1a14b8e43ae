/**
 * Event text as people paste it: Event Viewer "Copy details as text" (header fields, then
 * `Description:`, then optionally `Event Xml:`), `wevtutil qe /f:text` (`Event[0]:` blocks), the
 * Details tab's friendly view (`- System`, `[ Name]`, `EventID 304`, `- EventData`), or only the
 * General tab's message. Double spacing and Markdown residue are removed first.
 * @module
 */

import { eventByOpening, type ProviderKey, providerKeyOf } from '../../knowledge/events/index.ts';
import type { EventReadResult, EventRecord, SkippedPart } from '../../model/events.ts';
import { definitionFor, providerChannel, providerName } from '../knowledge.ts';
import { cleanPastedText, fieldsFromMessage } from '../message.ts';
import {
  emptyRecord,
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
    pairs: hits.map((h, i) => [h.key, line.slice(h.end, hits[i + 1]?.start ?? line.length).trim()]),
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
    const bare = l.replace(/^(\s*)\*(?=[^\s*])/, '$1');
    return bare === l ? l : bare.replace(/(\S)\*$/, '$1');
  });
  return uncomment(lines).flatMap(unglue);
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
const SENTENCE_END = /[.!?。]\s+(?=\S)/g;

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

function splitMessages(line: string): string[] {
  if (line.length < 60 || eventByOpening(line) === null) return [line];
  const out: string[] = [];
  let start = 0;
  for (const m of line.matchAll(SENTENCE_END)) {
    const at = m.index + m[0].length;
    if (eventByOpening(line.slice(at)) === null) continue;
    const before = line.slice(start, at).trim();
    if (eventByOpening(before) === null) continue;
    out.push(before);
    start = at;
  }
  out.push(line.slice(start));
  return out;
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
    } else if (!cur.headed && (cur.body || cur.heading !== null) && eventByOpening(t) !== null) {
      // Bare messages, one after another: each known opening starts an event.
      start(i);
    }
    cur.lines.push(l);
    if (t === '' || heading || /^Event\[\d+\]/.test(t) || dateOnly(t)) return;
    const h = HEADER.exec(t);
    if (EVENT_ID_LINE.test(t) || (h?.[1] && keyOf(h[1]) === 'event id')) cur.id = true;
    else if (!h && !tableRow(t)) cur.body = true;
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
  const prose =
    last.length <= 2 && last.every((l) => l.trim().length <= 80 && !/[:=]|0x[0-9a-f]|\d{4,}/i.test(l));
  return prose ? lines.slice(0, start) : lines;
}

/** Data "values" that are template residue: `Debug Output:\r\n undefined.`, `%5`. */
const RESIDUE = /^(?:\\[rn]|\s)*(?:undefined|%\d+)\.?$/i;

function headed(block: Block, warnings: Set<string>, stated: string | null): EventRecord | null {
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
  let id = intOrNull(headers['event id']);
  let provider = normalProvider(headers.source) ?? stated;
  let providerStated = provider !== null;
  const known = identifyMessage(text);
  if (id === null) {
    if (!known) return null;
    id = known.id;
    warnings.add(
      `line ${block.line}: no event header; read as event ${id} from its message text (the event ID is inferred)`,
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
  const time = readTime(headers.date);
  rec.time = time.iso;
  // Event Viewer and `wevtutil /f:text` print the viewer's local time without a zone.
  if (time.iso && (time.local || !/(Z|UTC|[+-]\d\d:?\d\d)$/i.test(headers.date?.trim() ?? '')))
    warnings.add(LOCAL_TIME_WARNING);
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
  for (const block of blocks(lines)) {
    const content = block.lines.filter((l) => l.trim() !== '');
    if (content.length === 0) continue;
    if (block.heading !== null && content.length === 1) {
      stated = normalProvider(block.heading);
      continue;
    }
    const isFriendly = block.lines.some((l) => /^\s*-\s*System\s*$/.test(l));
    const rec = isFriendly ? friendly(block) : headed(block, warnings, stated);
    if (rec) records.push(rec);
    else if (block.lines.some((l) => HEADER.test(l) || /^\s*(Event\[\d+\]|-\s*System)/.test(l))) {
      skipped.push({ where: `line ${block.line}`, why: 'no event ID and no known event message' });
    }
    // Anything else is the ticket's own prose around the pasted events.
  }
  return { kind: 'text', records, skipped, warnings: [...warnings] };
}
