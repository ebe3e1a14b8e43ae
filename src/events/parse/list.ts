/**
 * `Get-WinEvent … | Format-List` output: one `Property : value` line per property, the message's
 * further lines indented under its value, a blank line between events.
 * @module
 */
import type { EventReadResult, EventRecord, SkippedPart } from '../../model/events.ts';
import { definitionFor, providerName, sourceOf } from '../knowledge.ts';
import { fieldsFromMessage } from '../message.ts';
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

/** The properties of an `EventLogRecord`, as Format-List names them. */
const PROPERTIES = new Set(
  [
    'Message',
    'Id',
    'Version',
    'Qualifiers',
    'Level',
    'Task',
    'Opcode',
    'Keywords',
    'RecordId',
    'ProviderName',
    'ProviderId',
    'LogName',
    'ProcessId',
    'ThreadId',
    'MachineName',
    'UserId',
    'TimeCreated',
    'ActivityId',
    'RelatedActivityId',
    'ContainerLog',
    'MatchedQueryIds',
    'Bookmark',
    'LevelDisplayName',
    'OpcodeDisplayName',
    'TaskDisplayName',
    'KeywordsDisplayNames',
    'Properties',
  ].map((p) => p.toLowerCase()),
);

const PROPERTY_LINE = /^ {0,2}([A-Za-z]{2,24})\s*: ?(.*)$/;

function property(line: string): [string, string] | null {
  const m = PROPERTY_LINE.exec(line);
  const name = m?.[1]?.toLowerCase();
  return name && PROPERTIES.has(name) ? [name, (m?.[2] ?? '').trimEnd()] : null;
}

export function looksLikeFormatList(text: string): boolean {
  const head = text.slice(0, 20000);
  // Both lines are needed: one scan each of the whole head before it is split into lines.
  if (head.indexOf('Message') === -1 || !/^ {0,2}Message\s*:/m.test(head)) return false;
  if (!/^ {0,2}Id\s*: ?\d+\s*$/m.test(head)) return false;
  const lines = head.replace(/\r\n?/g, '\n').split('\n');
  return (
    lines.some((l) => /^ {0,2}Id\s*: ?\d+\s*$/.test(l)) &&
    lines.some((l) => /^ {0,2}Message\s*:/.test(l)) &&
    lines.every((l) => !/^\s*(Log Name|Event ID)\s*:/i.test(l))
  );
}

interface Item {
  props: Map<string, string>;
  line: number;
}

function items(lines: string[]): Item[] {
  const out: Item[] = [];
  let cur: Item | null = null;
  let open = '';
  let blank = false;
  // The first non-blank line after each line, found in one backward pass so that a long export
  // with a blank line between every event stays linear.
  const nextText: (string | undefined)[] = new Array(lines.length);
  for (let i = lines.length - 2; i >= 0; i--) {
    const after = lines[i + 1] as string;
    nextText[i] = after.trim() !== '' ? after : nextText[i + 1];
  }
  lines.forEach((raw, i) => {
    const p = property(raw);
    if (p) {
      // Format-List puts a blank line between objects; a property seen twice also means a new one.
      if (!cur || blank || cur.props.has(p[0])) {
        cur = { props: new Map(), line: i + 1 };
        out.push(cur);
      }
      cur.props.set(p[0], p[1].trim());
      open = p[0];
      blank = false;
      return;
    }
    blank = raw.trim() === '';
    if (!cur || open === '') return;
    if (raw.trim() === '') {
      // A blank line ends the value unless indented text follows (a message paragraph break).
      const next = nextText[i];
      if (next === undefined || !/^\s/.test(next)) open = '';
      else cur.props.set(open, `${cur.props.get(open) ?? ''}\n`);
      return;
    }
    cur.props.set(open, `${cur.props.get(open) ?? ''}\n${raw.trim()}`);
  });
  return out;
}

export function readFormatList(input: string): EventReadResult {
  const lines = input
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const warnings = new Set<string>();
  const skipped: SkippedPart[] = [];
  const records: EventRecord[] = [];
  const times = exportTimes();
  for (const item of items(lines)) {
    const get = (k: string) => {
      const v = item.props.get(k)?.trim();
      return v ? v : null;
    };
    const id = intOrNull(get('id'));
    if (id === null) {
      skipped.push({ where: `line ${item.line}`, why: 'no event ID in this entry' });
      continue;
    }
    const rec = emptyRecord(id);
    rec.message = get('message');
    rec.channel = get('logname') ?? get('containerlog');
    rec.provider = normalProvider(get('providername'));
    if (!rec.provider && !rec.channel) {
      // Only `Id` and `Message` were listed: the message says whose event it is, when it is well known.
      const known = rec.message ? identifyMessage(rec.message) : null;
      if (known && known.id === id) {
        rec.provider = providerName(known.source);
        warnings.add(`line ${item.line}: no provider listed; ${rec.provider} is inferred from the message`);
      }
    }
    rec.level = levelFrom(get('leveldisplayname') ?? get('level'));
    if (rec.level === 'unknown') rec.level = levelFrom(get('level'));
    if (times.read(rec, get('timecreated')).local) warnings.add(LOCAL_TIME_WARNING);
    rec.recordNumber = intOrNull(get('recordid'));
    rec.computer = get('machinename');
    rec.activityId = guidOrNull(get('activityid'));
    rec.origin = `line ${item.line}`;
    const def = definitionFor(rec);
    if (def && rec.level === 'unknown') rec.level = def.level;
    if (def && rec.message) rec.data = fieldsFromMessage(def, rec.message);
    if (def && rec.provider === null && sourceOf(rec) !== null) rec.provider = providerName(def.source);
    records.push(rec);
  }
  for (const note of times.finish()) warnings.add(note);
  return { kind: 'text', records, skipped, warnings: [...warnings] };
}
