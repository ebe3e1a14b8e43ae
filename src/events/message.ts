/**
 * Rendered event text → data fields. CSV, text exports and pasted events carry only the message
 * Event Viewer rendered; its labels (`Exit code:`, `Server error:`) tell which value is which.
 * @module
 */
import type { EventDefinition } from './knowledge.ts';

interface LabelHit {
  field: string;
  start: number;
  end: number;
  /** A label without its own colon (`~error code`): the template's colon may end the value before it. */
  bare: boolean;
}

function labelPattern(label: string): RegExp {
  const bare = label.startsWith('~');
  const words = (bare ? label.slice(1) : label)
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  return new RegExp(`(?<![\\w-])${words}${bare ? '\\s+' : '\\s*:'}`, 'gi');
}

/**
 * Labels in message order; a label that is absent (older builds print fewer) is skipped. Labels
 * are sought in template order first, then any still missing anywhere outside those found:
 * builds and pastes print some in another order (`Server error:` before `Tenant type:`).
 */
function findLabels(def: EventDefinition, text: string): LabelHit[] {
  const hits: LabelHit[] = [];
  const missing: (typeof def.labels)[number][] = [];
  let from = 0;
  for (const entry of def.labels) {
    const [label, field] = entry;
    const re = labelPattern(label);
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) {
      missing.push(entry);
      continue;
    }
    hits.push({ field, start: m.index, end: m.index + m[0].length, bare: label.startsWith('~') });
    from = m.index + m[0].length;
  }
  for (const [label, field] of missing) {
    if (hits.some((h) => h.field === field)) continue;
    const re = labelPattern(label);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (hits.some((h) => start < h.end && end > h.start)) continue;
      hits.push({ field, start, end, bare: label.startsWith('~') });
      break;
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** A one-line value: the first line, cut where the next sentence of the template begins. */
function shortValue(raw: string): string {
  const line = raw.trim().split('\n')[0] ?? '';
  // `Could not connect to 'https://…'.`, `Adding URI 'https://…' to the … zone`
  const quoted = /^'([^']*)'/.exec(line);
  if (quoted?.[1] !== undefined) return quoted[1];
  const sentence = /\.\s+(?=[A-Z])/.exec(line);
  const cut = sentence ? line.slice(0, sentence.index) : line;
  return cut
    .trim()
    .replace(/\.$/, '')
    .replace(/^'(.*)'$/, '$1')
    .trim();
}

function longValue(raw: string): string {
  return raw
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim()
    .replace(/^\.$/, '');
}

/** `Error: 0xCAA2000C The request requires user interaction.` then free lines (AAD 1097/1098). */
function tokenBrokerFields(text: string): Record<string, string> {
  const m = /Error:\s*(0x[0-9a-f]+|-?\d+)\s*([^\n]*)\n?([\s\S]*)/i.exec(text);
  if (!m) return {};
  return {
    Error: m[1] ?? '',
    ErrorMessage: (m[2] ?? '').trim(),
    AdditionalInformation: longValue(m[3] ?? ''),
  };
}

/** Reads an event's data fields out of its rendered message. Unknown labels are left alone. */
/**
 * A message a table cut short through a code (`… Error code: 0x801c...`, `AADSTS500…`): the piece
 * of the code goes, so that half a code is never read as a code. A whole HRESULT (eight hex
 * digits) cannot have been cut and stays, and so does any other cut.
 */
export function withoutCutCode(message: string): string {
  return message.replace(/(?<![\w-])(?:0x[0-9a-f]{0,7}|AADSTS\d*|MSIS\d*|-?\d+)(?:\.{3}|…)\s*$/i, '');
}

export function fieldsFromMessage(def: EventDefinition, message: string): Record<string, string> {
  const text = message.replace(/\r\n?/g, '\n');
  if (def.facts.tokenBroker) return tokenBrokerFields(text);
  // A message that is nothing but free text (UDR 500-504) is its only field.
  if (def.labels.length === 0) {
    return def.fields.length === 1 && def.fields[0] ? { [def.fields[0]]: text.trim() } : {};
  }
  const hits = findLabels(def, text);
  const data: Record<string, string> = {};
  hits.forEach((hit, i) => {
    const next = hits[i + 1];
    const raw = text.slice(hit.end, next?.start ?? text.length);
    const value = def.long?.includes(hit.field) ? longValue(raw) : shortValue(raw);
    // `Failed to unpack AS-REQ: error code 5`: the colon is the template's, not the value's.
    data[hit.field] = next?.bare ? value.replace(/\s*:$/, '') : value;
  });
  return data;
}

/**
 * Text pasted from tickets: blank lines between every line (double spacing), Markdown quote
 * marks, bullets, emphasis and code fences. Returns clean lines in order.
 */
export function cleanPastedText(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) =>
      l
        .replace(/^\s*(?:>\s?)+/, '')
        .replace(/^\s*```.*$/, '')
        .replace(/\*\*|__/g, '')
        .replace(/`/g, '')
        .replace(/\u00a0/g, ' ')
        .trimEnd(),
    );
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  const blank = lines.length - nonEmpty.length;
  // Double spacing: as many blank lines as text lines, alternating; collapse it.
  if (nonEmpty.length > 2 && blank >= nonEmpty.length - 1) {
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] ?? '';
      if (l.trim() !== '') out.push(l);
      else if ((lines[i + 1] ?? '').trim() === '' && (lines[i + 2] ?? '').trim() === '') {
        // three blanks in a row were a real paragraph break in the original
        out.push('');
        i += 2;
      }
    }
    return out;
  }
  return lines;
}
