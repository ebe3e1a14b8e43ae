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

  open(name: string, attributes: Record<string, string>, line: number): void {
    const local = localName(name);
    this.path.push(local);
    this.text = '';
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
    const rec = this.current;
    const value = this.text;
    this.text = '';
    if (!rec || !local) return;
    const parent = this.path[this.path.length - 1];
    const inside = this.path.join('/');
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
    } else if (inside.includes('/UserData/')) {
      // UserData holds one provider-defined element whose children are the fields.
      rec.data[local] = value;
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

  // Parse event by event: a damaged one is skipped, the others are kept.
  const records: EventRecord[] = [];
  const eventPattern = /<(?:\w+:)?Event[\s>][\s\S]*?<\/(?:\w+:)?Event\s*>/g;
  let lastEnd = 0;
  for (const m of text.matchAll(eventPattern)) {
    const line = lineAt(text, m.index);
    const one = parse(m[0], line - 1);
    if (one.error !== null || one.records.length !== 1) {
      skipped.push({
        where: `line ${line}`,
        why: `malformed event XML: ${firstLine(one.error ?? 'no event found')}`,
      });
    } else {
      records.push(...one.records);
    }
    lastEnd = m.index + m[0].length;
  }
  const tail = text.slice(lastEnd);
  if (/<(?:\w+:)?Event[\s>]/.test(tail)) {
    skipped.push({
      where: `line ${lineAt(text, lastEnd + tail.search(/<(?:\w+:)?Event[\s>]/))}`,
      why: 'event cut off: no closing </Event>',
    });
  }
  warnings.push(`the XML is not well formed (${firstLine(whole.error)}); events were read one by one`);
  return { kind: 'xml', records, skipped, warnings };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
