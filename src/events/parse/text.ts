/**
 * Event text as people paste it: Event Viewer "Copy details as text" (header fields, then
 * `Description:`, then optionally `Event Xml:`), `wevtutil qe /f:text` (`Event[0]:` blocks), the
 * Details tab's friendly view (`- System`, `[ Name]`, `EventID 304`, `- EventData`), or only the
 * General tab's message. Double spacing and Markdown residue are removed first.
 * @module
 */
import type { EventReadResult, EventRecord, SkippedPart } from '../../model/events.ts';
import { definitionFor, type EventSource, PROVIDERS } from '../knowledge.ts';
import { cleanPastedText, fieldsFromMessage } from '../message.ts';
import { emptyRecord, guidOrNull, intOrNull, LOCAL_TIME_WARNING, levelFrom, readTime } from './common.ts';
import { readEventXml } from './xml.ts';

/** How a message with no header says which event it is. */
const OPENINGS: readonly [RegExp, EventSource, number][] = [
  [/^Automatic registration failed at join phase/i, 'udr', 304],
  [/^Automatic registration failed at authentication phase/i, 'udr', 305],
  [/^Automatic registration Succeeded/i, 'udr', 306],
  [/^Automatic registration failed\. Failed to lookup the registration service/i, 'udr', 307],
  [/^The discovery operation callback failed/i, 'udr', 201],
  [/^The discovery request send operation failed/i, 'udr', 200],
  [/^The get join response operation callback failed/i, 'udr', 204],
  [/^Failed to access the device key/i, 'udr', 344],
  [/^The device key .*(removed|missing)/i, 'udr', 345],
  [/^Windows Hello for Business provisioning will not be launched/i, 'udr', 360],
  [/^OAuth response error:/i, 'aad', 1081],
  [/^WSTrust response error:/i, 'aad', 1088],
  [/^Http request status:/i, 'aad', 1025],
  [/^Http transport error/i, 'aad', 1084],
  [/^AAD Cloud AP plugin call/i, 'aad', 1104],
  [/^Endpoint Uri:/i, 'aad', 1022],
  [/^Realm discovery for:/i, 'aad', 1144],
  [/^Error:\s*0x[0-9a-f]{8}\b/i, 'aad', 1098],
  [/^Workplace Join discovery failed/i, 'wpj', 102],
  [/^Workplace Join operation failed/i, 'wpj', 200],
];

const HEADER =
  /^\s*(Log Name|Source|Date|Event ID|Task Category|Task|Level|Opcode|Keywords?|User|User Name|Computer|Record ID|Description)\s*:\s*(.*)$/i;

export function looksLikeEventText(text: string): boolean {
  const lines = cleanPastedText(text.slice(0, 20000)).filter((l) => l.trim() !== '');
  if (
    lines.some((l) => /^\s*Event ID\s*:\s*\d+/i.test(l)) &&
    lines.some((l) => /^\s*(Log Name|Source)\s*:/i.test(l))
  )
    return true;
  if (lines.some((l) => /^\s*-\s*System\s*$/.test(l)) && lines.some((l) => /^\s*EventID\s+\d+/.test(l)))
    return true;
  return lines.some((l) => OPENINGS.some(([re]) => re.test(l.trim())));
}

interface Block {
  lines: string[];
  line: number;
}

/** Splits a paste into one block per event. */
function blocks(lines: string[]): Block[] {
  const starts: number[] = [];
  let headed = false;
  lines.forEach((l, i) => {
    const t = l.trim();
    const previous = (lines[i - 1] ?? '').trim();
    if (
      /^Event\[\d+\]:?$/.test(t) ||
      /^-\s*System$/.test(t) ||
      (/^Log Name\s*:/i.test(t) && !/^Event\[\d+\]/.test(previous))
    ) {
      starts.push(i);
      headed = true;
    } else if (!headed && OPENINGS.some(([re]) => re.test(t))) {
      // Bare messages, one after another: each known opening starts an event.
      starts.push(i);
    }
  });
  if (starts[0] !== 0) starts.unshift(0);
  return starts.map((s, k) => ({ lines: lines.slice(s, starts[k + 1] ?? lines.length), line: s + 1 }));
}

function identify(message: string): { source: EventSource; id: number } | null {
  const first = message.trim().split('\n')[0]?.trim() ?? '';
  for (const [re, source, id] of OPENINGS) if (re.test(first)) return { source, id };
  return null;
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

function headed(block: Block, warnings: Set<string>): EventRecord | null {
  const headers: Record<string, string> = {};
  const message: string[] = [];
  let inMessage = false;
  let xmlAt = -1;
  block.lines.forEach((raw, i) => {
    if (xmlAt >= 0 || /^\s*Event\[\d+\]:?\s*$/.test(raw)) return;
    if (/^\s*Event Xml\s*:\s*$/i.test(raw)) {
      xmlAt = i;
      return;
    }
    if (!inMessage) {
      const h = HEADER.exec(raw);
      if (h?.[1] && h[1].toLowerCase() === 'description') {
        inMessage = true;
        if (h[2]?.trim()) message.push(h[2]);
        return;
      }
      if (h?.[1]) {
        headers[h[1].toLowerCase()] = h[2]?.trim() ?? '';
        return;
      }
      if (raw.trim() === '') return;
      inMessage = true;
    }
    message.push(raw);
  });
  const text = message.join('\n').trim();
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
  let provider = headers.source ?? null;
  if (id === null) {
    const known = identify(text);
    if (!known) return null;
    id = known.id;
    provider = PROVIDERS[known.source];
  }
  const rec = emptyRecord(id);
  rec.provider = provider || null;
  rec.channel = headers['log name'] || null;
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
  if (def && rec.message) rec.data = fieldsFromMessage(def, rec.message);
  return rec;
}

export function readEventText(input: string): EventReadResult {
  const lines = cleanPastedText(input);
  const warnings = new Set<string>();
  const skipped: SkippedPart[] = [];
  const records: EventRecord[] = [];
  for (const block of blocks(lines)) {
    if (block.lines.every((l) => l.trim() === '')) continue;
    const isFriendly = block.lines.some((l) => /^\s*-\s*System\s*$/.test(l));
    const rec = isFriendly ? friendly(block) : headed(block, warnings);
    if (rec) records.push(rec);
    else if (block.lines.some((l) => HEADER.test(l) || /^\s*(Event\[\d+\]|-\s*System)/.test(l))) {
      skipped.push({ where: `line ${block.line}`, why: 'no event ID and no known event message' });
    }
    // Anything else is the ticket's own prose around the pasted events.
  }
  return { kind: 'text', records, skipped, warnings: [...warnings] };
}
