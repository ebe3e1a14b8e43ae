/**
 * A rendered `<Event>` element → the shared `EventRecord`: System fields, EventData by name,
 * UserData (and ProcessingErrorData) flattened to their leaf elements.
 *
 * Level follows the shared reading (`levelFrom`): 0 (LogAlways, used by classic and audit
 * events) is information, as Event Viewer shows it. `eventId` is the EventID element's value;
 * its Qualifiers only select the message text, which an EVTX file does not hold, so `message`
 * stays null. Times come from TimeCreated, else from the record header.
 * @module
 */
import type { EventRecord } from '../../model/events.ts';
import { guidOrNull, levelFrom } from '../parse/common.ts';
import { attributeOf, childNamed, textOf, type XElement } from './instantiate.ts';

/** What the record header says, used where the XML lacks it. */
export interface RecordHeader {
  recordId: number;
  writtenTime: string;
  origin: string;
}

function intOr(text: string | undefined, fallback: number | null): number | null {
  if (text === undefined) return fallback;
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return fallback;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : fallback;
}

/**
 * SystemTime as seven fraction digits. Native records hold a FILETIME (already in that form);
 * forwarded or converted logs sometimes hold the text, with nine digits or none.
 */
function systemTime(text: string | undefined): string | null {
  if (!text) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z?$/.exec(text.trim());
  if (!m) return null;
  return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(7, '0').slice(0, 7)}Z`;
}

function readSystem(system: XElement, rec: EventRecord): void {
  for (const child of system.children) {
    if (typeof child === 'string') continue;
    switch (child.name) {
      case 'Provider':
        rec.provider = attributeOf(child, 'Name') || attributeOf(child, 'EventSourceName') || null;
        break;
      case 'EventID':
        rec.eventId = intOr(textOf(child), 0) ?? 0;
        break;
      case 'Level':
        rec.level = levelFrom(textOf(child));
        break;
      case 'TimeCreated':
        rec.time = systemTime(attributeOf(child, 'SystemTime')) ?? rec.time;
        break;
      case 'EventRecordID':
        rec.recordNumber = intOr(textOf(child), rec.recordNumber);
        break;
      case 'Correlation':
        rec.activityId = guidOrNull(attributeOf(child, 'ActivityID'));
        break;
      case 'Channel':
        rec.channel = textOf(child) || null;
        break;
      case 'Computer':
        rec.computer = textOf(child) || null;
        break;
    }
  }
}

function readEventData(eventData: XElement, data: Record<string, string>): void {
  let unnamed = 0;
  for (const child of eventData.children) {
    if (typeof child === 'string') continue;
    if (child.name === 'Data') {
      const name = attributeOf(child, 'Name');
      data[name || `#${++unnamed}`] = textOf(child);
    } else {
      // `<Binary>` of classic events, `<ComplexData>`: kept under their element name.
      data[child.name] = textOf(child);
    }
  }
}

/** Leaf elements by name; a name seen again gets `#2`, `#3` so nothing is overwritten. */
function flattenLeaves(element: XElement, data: Record<string, string>): void {
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    if (child.children.some((c) => typeof c !== 'string')) {
      flattenLeaves(child, data);
      continue;
    }
    let key = child.name;
    for (let n = 2; key in data; n++) key = `${child.name}#${n}`;
    data[key] = textOf(child);
  }
}

export function recordFromEvent(event: XElement, header: RecordHeader): EventRecord {
  const rec: EventRecord = {
    channel: null,
    provider: null,
    eventId: 0,
    level: 'unknown',
    time: header.writtenTime,
    recordNumber: Number.isSafeInteger(header.recordId) ? header.recordId : null,
    computer: null,
    data: {},
    message: null,
    activityId: null,
    origin: header.origin,
  };
  const system = childNamed(event, 'System');
  if (system) readSystem(system, rec);
  for (const child of event.children) {
    if (typeof child === 'string') continue;
    if (child.name === 'EventData') readEventData(child, rec.data);
    else if (child.name === 'UserData' || child.name === 'ProcessingErrorData')
      flattenLeaves(child, rec.data);
  }
  return rec;
}
