/**
 * `Get-WinEvent … | ConvertTo-Json`: one object or an array, PowerShell 5.1 (`/Date(ms)/`,
 * dates wrapped as `{ value, DateTime }`) or 7 (ISO dates). `Properties` are positional values,
 * named here through the event templates.
 * @module
 */
import type { EventReadResult, EventRecord, SkippedPart } from '../../model/events.ts';
import { definitionFor, fieldsByPosition } from '../knowledge.ts';
import { fieldsFromMessage } from '../message.ts';
import { emptyRecord, guidOrNull, intOrNull, levelFrom, readTime } from './common.ts';

type Json = Record<string, unknown>;

export function looksLikeEventJson(text: string): boolean {
  const t = text.trimStart();
  return (
    /^[[{]/.test(t) &&
    /"(Id|EventID)"\s*:/.test(t.slice(0, 20000)) &&
    /"(ProviderName|LogName|TimeCreated)"\s*:/.test(t.slice(0, 20000))
  );
}

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && 'value' in (v as Json)) return str((v as Json).value);
  return JSON.stringify(v);
}

const DEPTH_PLACEHOLDER = /^System\.Diagnostics\.Eventing\.Reader\.EventProperty$/;

function propertyValues(v: unknown): { values: string[]; truncated: boolean } {
  if (!Array.isArray(v)) return { values: [], truncated: false };
  let truncated = false;
  const values = v.map((p) => {
    if (typeof p === 'string') {
      if (DEPTH_PLACEHOLDER.test(p)) truncated = true;
      return p;
    }
    if (p && typeof p === 'object' && 'Value' in p) return str((p as Json).Value) ?? '';
    return str(p) ?? '';
  });
  return { values, truncated };
}

function toRecord(o: Json, index: number, warnings: Set<string>): EventRecord | null {
  const id = intOrNull(str(o.Id ?? o.EventID ?? o.EventId));
  if (id === null) return null;
  const rec = emptyRecord(id);
  rec.provider = str(o.ProviderName);
  rec.channel = str(o.LogName ?? o.ContainerLog);
  rec.level = levelFrom(str(o.Level) ?? str(o.LevelDisplayName));
  if (rec.level === 'unknown') rec.level = levelFrom(str(o.LevelDisplayName));
  const time = readTime(str(o.TimeCreated));
  rec.time = time.iso;
  if (time.local) {
    // `Get-Date` text converted by hand: the machine's local time, placed as other exports' are.
    rec.localTime = true;
    warnings.add(
      "some times carry no time zone; they are read as UTC unless a capture's attempts show the offset",
    );
  }
  rec.recordNumber = intOrNull(str(o.RecordId));
  rec.computer = str(o.MachineName);
  rec.activityId = guidOrNull(str(o.ActivityId));
  rec.message = str(o.Message);
  rec.origin = `event ${index + 1}`;
  const def = definitionFor(rec);
  const { values, truncated } = propertyValues(o.Properties);
  if (truncated) {
    warnings.add('Properties were cut off by ConvertTo-Json; export with -Depth 3 to keep the data fields');
  } else {
    rec.data = fieldsByPosition(def, values);
  }
  if (def && Object.keys(rec.data).length === 0 && rec.message)
    rec.data = fieldsFromMessage(def, rec.message);
  return rec;
}

/** The complete top-level objects of a damaged or cut-off JSON array, each parsed on its own. */
function completeObjects(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 1 && start < 0) start = i;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 1 && start >= 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          // a damaged object: leave it out
        }
        start = -1;
      }
    } else if (c === '[' && depth === 0) depth = 1;
  }
  return out;
}

export function readEventJson(text: string): EventReadResult {
  const skipped: SkippedPart[] = [];
  const warnings = new Set<string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const why = `not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
    const salvaged = completeObjects(text);
    if (salvaged.length === 0)
      return { kind: 'json', records: [], skipped: [{ where: 'document', why }], warnings: [] };
    warnings.add(`${why}; the ${salvaged.length} complete events before the damage were read`);
    parsed = salvaged;
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const records: EventRecord[] = [];
  items.forEach((item, i) => {
    const rec = item && typeof item === 'object' ? toRecord(item as Json, i, warnings) : null;
    if (rec) records.push(rec);
    else skipped.push({ where: `event ${i + 1}`, why: 'no event ID' });
  });
  return { kind: 'json', records, skipped, warnings: [...warnings] };
}
