/**
 * One event as the diagnosis works with it (the record, its facts, its provider, its place in
 * time), read once per diagnosis, and the small helpers the per-event findings and the rules that
 * read several events together share.
 * @module
 */
import type { EventRole } from '../knowledge/events/index.ts';
import type { Evidence, Finding } from '../model/diagnosis.ts';
import type { EventRecord } from '../model/events.ts';
import { isInformational } from './catalog.ts';
import { codeFromValue } from './codes.ts';
import { type EventFacts, factsOf, fieldsOf } from './facts.ts';
import { type ProviderKey, providerOf } from './knowledge.ts';

export interface Item {
  record: EventRecord;
  facts: EventFacts;
  /** The provider, when it is one the knowledge has. */
  source: ProviderKey | null;
  /** Position in the input: orders events without a time. */
  order: number;
  /** The time in milliseconds, parsed once; null when the event has none. */
  at: number | null;
  /** Progress codes the event carries (`0x4aa90010`): told in the timeline, never as a failure. */
  info: string[];
  /**
   * The clock a time without a zone was read on (the exporting machine's local time, its offset
   * from UTC unknown; `at` then reads it as UTC): the machine's name, lower case (`''` when the
   * export names none), as the times of one machine share one offset; null for times in UTC.
   */
  local: string | null;
  /**
   * The offset from UTC in milliseconds taken off `at` once the export's offset is known (a local
   * time at UTC+01:00 has 3 600 000); 0 otherwise.
   */
  offset: number;
}

/** A finding built from one event (the last of its group). */
export interface Built {
  finding: Finding;
  last: Item;
}

export function byTime(a: Item, b: Item): number {
  if (a.at !== null && b.at !== null && a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.record.time && b.record.time && a.record.time !== b.record.time)
    return a.record.time < b.record.time ? -1 : 1;
  return a.order - b.order;
}

/** Two events of one attempt: within `ms` when both have times, else neighbours in the input. */
export function near(a: Item, b: Item, ms: number): boolean {
  if (a.at !== null && b.at !== null) return Math.abs(a.at - b.at) <= ms;
  return Math.abs(a.order - b.order) <= 3;
}

/** Whether the event's record in the knowledge gives it this role (`roles` on the record). */
export function hasRole(it: Item, role: EventRole): boolean {
  return it.facts.definition?.roles.includes(role) ?? false;
}

export function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

/**
 * The event's time as the diagnosis shows it: as recorded, or in UTC once the offset of an
 * export without a zone is known (the fraction of a second as written).
 */
export function timeOf(it: Item): string | null {
  const time = it.record.time;
  if (it.offset === 0 || time === null || it.at === null) return time;
  const fraction = /(\.\d+)?Z$/.exec(time)?.[1] ?? '';
  return `${new Date(it.at).toISOString().slice(0, 19)}${fraction}Z`;
}

/** What a finding shows of one event: its time, codes, phase, server text and identifiers. */
export function evidenceOf(it: Item): Evidence[] {
  const f = it.facts;
  const scope = it.record.channel ?? it.record.provider;
  const what = `event ${it.record.eventId}`;
  const ev: Evidence[] = [];
  const add = (label: string, value: string | number | null) => {
    if (value !== null && value !== '')
      ev.push({ field: `${what} ${label}`, value: String(value), line: null, scope });
  };
  ev.push({ field: what, value: timeOf(it) ?? 'time unknown', line: null, scope });
  add('exit code', f.exitCode);
  add('phase', f.phase);
  add('ADAL code', f.adalCode !== f.exitCode ? f.adalCode : null);
  add('server error', f.serverErrorCode);
  add('server message', f.serverMessage);
  add('HTTP status', f.httpStatus);
  add('endpoint', f.endpoint);
  add('UPN', f.upn);
  add('tenant type', f.tenantType);
  add('registration type', f.registrationType);
  add('correlation ID', f.correlationId);
  add('activity ID', f.activityId);
  return ev;
}

/** Progress codes moved out of the failure codes; an event may name its code in a field. */
function withoutProgressCodes(record: EventRecord, f: EventFacts): Item['info'] {
  const info = f.codes.filter(isInformational);
  const field = f.definition?.facts.progressCode;
  if (field) {
    const code = codeFromValue(fieldsOf(record, f.definition)[field]);
    if (code && isInformational(code) && !info.includes(code)) info.push(code);
  }
  if (info.length > 0) {
    const keep = (c: string | null) => (c && info.includes(c) ? null : c);
    f.exitCode = keep(f.exitCode);
    f.adalCode = keep(f.adalCode);
    f.codes = f.codes.filter((c) => !info.includes(c));
  }
  return info;
}

function instantOf(record: EventRecord): number | null {
  if (!record.time) return null;
  const t = Date.parse(record.time);
  return Number.isNaN(t) ? null : t;
}

/** The records read as items (facts parsed once), in time order. */
export function itemsOf(records: readonly EventRecord[]): Item[] {
  const out: Item[] = [];
  records.forEach((record, order) => {
    const source = providerOf(record);
    const facts = factsOf(record);
    const info = withoutProgressCodes(record, facts);
    out.push({
      record,
      facts,
      source,
      order,
      at: instantOf(record),
      info,
      local: record.localTime ? (record.computer ?? '').toLowerCase() : null,
      offset: 0,
    });
  });
  return out.sort(byTime);
}

/** A device's events as the rules read them: the items in time order, and each record's item. */
export interface EventItems {
  readonly items: readonly Item[];
  readonly byRecord: ReadonlyMap<EventRecord, Item>;
}

/**
 * The items of a list of records, read once: the diagnosis hands the rules the records of the
 * items it has read (`recordsOf`), and each rule finds the same items here instead of parsing
 * the facts again. A list not handed this way is read here.
 */
const READ = new WeakMap<readonly EventRecord[], EventItems>();

function remember(items: readonly Item[]): EventItems {
  return { items, byRecord: new Map(items.map((it) => [it.record, it])) };
}

/** The records of items already read, in their order, for the rules' evidence. */
export function recordsOf(items: readonly Item[]): readonly EventRecord[] {
  const records = items.map((it) => it.record);
  READ.set(records, remember(items));
  return records;
}

/** The items of the records a rule receives: those already read, or read now. */
export function eventItems(records: readonly EventRecord[]): EventItems {
  const known = READ.get(records);
  if (known) return known;
  const read = remember(itemsOf(records));
  READ.set(records, read);
  return read;
}
