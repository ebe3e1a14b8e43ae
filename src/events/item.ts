/**
 * One event as the diagnosis works with it (the record, its facts, its provider, its place in
 * time), and the small helpers the per-event findings and the cross-event rules share.
 * @module
 */
import type { Evidence, Finding } from '../model/diagnosis.ts';
import type { EventRecord } from '../model/events.ts';
import type { EventFacts } from './facts.ts';
import type { ProviderKey } from './knowledge.ts';

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

export function is(it: Item, source: ProviderKey, id: number): boolean {
  return it.source === source && it.record.eventId === id;
}

export function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
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
  ev.push({ field: what, value: it.record.time ?? 'time unknown', line: null, scope });
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
