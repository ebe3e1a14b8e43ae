/**
 * Event XML: `wevtutil qe … /f:xml` (events back to back, no root), `/f:RenderedXml`
 * (with RenderingInfo), Event Viewer "Save as" XML (`<Events>` wrapper), `Get-WinEvent … .ToXml()`.
 * Streamed with saxes; when the whole text does not parse, each `<Event>` is parsed on its own
 * so that one broken event costs only itself.
 * @module
 */
import { SaxesParser } from 'saxes';
import type { EventReadResult, EventRecord, SkippedPart } from '../../model/events.ts';
import { emptyRecord, guidOrNull, intOrNull, levelFrom, readTime } from './common.ts';

const SYNTHETIC_ROOT = 'dsreg-doctor-events';

/** True when the text looks like event XML (an `<Event` element with a `<System>` part). */
export function looksLikeEventXml(text: string): boolean {
  const head = text.slice(0, 4096);
  return /<(\w+:)?Event[\s>]/.test(head) && /<(\w+:)?(System|EventID)[\s>]/.test(text.slice(0, 16384));
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i >= 0 ? name.slice(i + 1) : name;
}

/**
 * How deep elements may nest. Windows writes events a few levels deep (Events, Event, EventData,
 * Data; UserData's element and its fields); thousands of levels are no event, and the parser's
 * stack of open elements would grow with them, its collection time faster than the input.
 */
export const MAX_XML_DEPTH = 64;

/** Thrown from a parser callback to stop at an element nested deeper than {@link MAX_XML_DEPTH}. */
class TooDeep extends Error {
  constructor() {
    super(`elements nested more than ${MAX_XML_DEPTH} levels deep, which no event is`);
  }
}

/** Builds records from one saxes stream. */
class EventCollector {
  readonly records: EventRecord[] = [];
  private path: string[] = [];
  private current: EventRecord | null = null;
  private renderedLevel: string | null = null;
  private text = '';
  private dataName: string | null = null;
  private unnamed = 0;
  private startLine = 0;
  /** Depth (index in `path`) of the open `UserData` element, or -1 outside one. */
  private userDataAt = -1;

  open(name: string, attributes: Record<string, string>, line: number): void {
    const local = localName(name);
    if (this.path.length >= MAX_XML_DEPTH) throw new TooDeep();
    this.path.push(local);
    this.text = '';
    if (local === 'UserData' && this.userDataAt < 0) this.userDataAt = this.path.length - 1;
    if (local === 'Event') {
      this.current = emptyRecord(0);
      this.renderedLevel = null;
      this.unnamed = 0;
      this.startLine = line;
      return;
    }
    const rec = this.current;
    if (!rec) return;
    const parent = this.path[this.path.length - 2];
    if (local === 'Provider' && parent === 'System') {
      rec.provider = attributes.Name || attributes.EventSourceName || null;
    } else if (local === 'TimeCreated') {
      rec.time = readTime(attributes.SystemTime).iso;
    } else if (local === 'Correlation') {
      rec.activityId = guidOrNull(attributes.ActivityID);
    } else if (local === 'Data' && parent === 'EventData') {
      this.dataName = attributes.Name || null;
    }
  }

  closeTag(): void {
    const local = this.path.pop();
    const depth = this.path.length;
    // A grandchild of UserData or deeper (never the whole path joined: deep nesting stays linear).
    const inUserData = this.userDataAt >= 1 && depth >= this.userDataAt + 2;
    if (depth === this.userDataAt) this.userDataAt = -1;
    const rec = this.current;
    const value = this.text;
    this.text = '';
    if (!rec || !local) return;
    const parent = this.path[this.path.length - 1];
    if (local === 'Event') {
      if (rec.level === 'unknown' && this.renderedLevel) rec.level = levelFrom(this.renderedLevel);
      rec.origin = `line ${this.startLine}`;
      this.records.push(rec);
      this.current = null;
      return;
    }
    if (parent === 'System') {
      const v = value.trim();
      if (local === 'EventID') rec.eventId = intOrNull(v) ?? 0;
      else if (local === 'Level') rec.level = levelFrom(v);
      else if (local === 'EventRecordID') rec.recordNumber = intOrNull(v);
      else if (local === 'Channel') rec.channel = v || null;
      else if (local === 'Computer') rec.computer = v || null;
    } else if (parent === 'EventData' && local === 'Data') {
      this.unnamed += this.dataName ? 0 : 1;
      rec.data[this.dataName ?? `#${this.unnamed}`] = value;
      this.dataName = null;
    } else if (parent === 'RenderingInfo') {
      if (local === 'Message') rec.message = value.trim() || null;
      else if (local === 'Level') this.renderedLevel = value.trim();
    } else if (inUserData) {
      // UserData holds one provider-defined element whose children are the fields; an element
      // that only wraps others does not blank the value read inside it.
      if (value.trim() !== '' || !(local in rec.data)) rec.data[local] = value;
    }
  }

  addText(text: string): void {
    if (this.current) this.text += text;
  }
}

function parse(text: string, lineOffset: number): { records: EventRecord[]; error: string | null } {
  const collector = new EventCollector();
  const parser = new SaxesParser({ xmlns: false, position: true });
  let error: string | null = null;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attributes[k] = String(v);
    collector.open(tag.name, attributes, parser.line + lineOffset);
  });
  parser.on('closetag', () => collector.closeTag());
  parser.on('text', (t) => collector.addText(t));
  parser.on('cdata', (t) => collector.addText(t));
  try {
    parser.write(`<${SYNTHETIC_ROOT}>`).write(text).write(`</${SYNTHETIC_ROOT}>`).close();
  } catch (e) {
    error ??= e instanceof Error ? e.message : String(e);
  }
  return { records: collector.records, error };
}

/** Characters XML 1.0 forbids, which some converters write as they found them. */
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** Reads event XML in any of the export forms above. Never throws. */
export function readEventXml(input: string): EventReadResult {
  const warnings: string[] = [];
  const skipped: SkippedPart[] = [];
  if (/<!DOCTYPE/i.test(input)) {
    return {
      kind: 'xml',
      records: [],
      skipped: [{ where: 'document', why: 'a DOCTYPE declaration is not accepted in event XML' }],
      warnings: ['the XML declares a DOCTYPE; event exports never do, so it was not read'],
    };
  }
  let text = input.replace(/^\uFEFF/, '').replace(/<\?xml[^?]*\?>/g, '');
  if (FORBIDDEN_CHARS.test(text)) {
    text = text.replace(FORBIDDEN_CHARS, '\uFFFD');
    warnings.push('control characters that XML does not allow were replaced with U+FFFD');
  }
  const whole = parse(text, 0);
  if (whole.error === null) return { kind: 'xml', records: whole.records, skipped, warnings };

  // Parse event by event: a damaged one is skipped, the others are kept. Each event runs from its
  // opening tag to the next one; lines are counted once, forward, so this stays linear.
  const records: EventRecord[] = [];
  const starts = [...text.matchAll(EVENT_OPEN)].map((m) => m.index);
  const lines = new LineCounter(text);
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? text.length;
    const segment = text.slice(start, end);
    const line = lines.at(start);
    const close = lastClose(segment);
    if (close < 0) {
      skipped.push({ where: `line ${line}`, why: 'event cut off: no closing </Event>' });
      return;
    }
    const one = parse(segment.slice(0, close), line - 1);
    if (one.error !== null || one.records.length !== 1) {
      skipped.push({
        where: `line ${line}`,
        why: `malformed event XML: ${firstLine(one.error ?? 'no event found')}`,
      });
    } else {
      records.push(...one.records);
    }
  });
  warnings.push(`the XML is not well formed (${firstLine(whole.error)}); events were read one by one`);
  return { kind: 'xml', records, skipped, warnings };
}

const EVENT_OPEN = /<(?:\w+:)?Event[\s>]/g;
const EVENT_CLOSE = /<\/(?:\w+:)?Event\s*>/g;

/** The end of the last `</Event>` in a segment, or -1. */
function lastClose(segment: string): number {
  let end = -1;
  for (const m of segment.matchAll(EVENT_CLOSE)) end = m.index + m[0].length;
  return end;
}

/** Line numbers of ascending offsets, counting each newline once. */
class LineCounter {
  private offset = 0;
  private line = 1;
  constructor(private readonly text: string) {}
  at(index: number): number {
    for (
      let i = this.text.indexOf('\n', this.offset);
      i >= 0 && i < index;
      i = this.text.indexOf('\n', i + 1)
    )
      this.line++;
    this.offset = Math.max(this.offset, index);
    return this.line;
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
