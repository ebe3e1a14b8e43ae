/**
 * Query strings read into store filters: every value checked against the vocabulary, each
 * mistake named in one line (which parameter, what it accepts).
 * @module
 */

import { STALE_FLOOR_DAYS } from '../fleet/join.ts';
import { lookupCode } from '../knowledge/codes/index.ts';
import { HEALTHS, JOIN_STATES, PHASES } from '../model/vocabulary.ts';
import type { DeviceFilter, EntraIssue, StaleOptions, SummaryOptions } from '../store/types.ts';
import { Problem } from './problems.ts';

export const ENTRA_ISSUES: readonly EntraIssue[] = [
  'pending',
  'wrong-join-type',
  'registered-twice',
  'unknown-to-entra',
  'disabled',
  'thumbprint-mismatch',
  'stale',
  'duplicate-name',
  'not-captured',
  'ad-no-certificate',
  'ad-no-valid-certificate',
  'ad-cloud-filtered',
];

type Queries = Record<string, string[]>;

/** Every value of a parameter, repeated (`state=a&state=b`) or comma-separated (`state=a,b`). */
function values(queries: Queries, name: string): string[] {
  return (queries[name] ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function single(queries: Queries, name: string): string | undefined {
  const all = values(queries, name);
  if (all.length > 1) throw new Problem('bad-request', `give "${name}" once`);
  return all[0];
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Problem(
    'bad-request',
    `"${name}" must be one of ${allowed.join(', ')}; got "${value.slice(0, 60)}"`,
  );
}

function bool(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new Problem('bad-request', `"${name}" must be true or false`);
}

function time(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new Problem('bad-request', `"${name}" must be a time such as 2026-01-31 or 2026-01-31T12:00:00Z`);
  return new Date(ms).toISOString();
}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new Problem('bad-request', `"${name}" must be a whole number from ${min} to ${max}`);
  return Number(value);
}

/**
 * `staleDays=&vdiStaleDays=&vdiPrefix=`: the thresholds staleness is judged with. A general
 * threshold under 21 days is refused: Entra refreshes the activity timestamp only every 14 days
 * (±5), so a younger one says nothing.
 */
export function parseStaleness(queries: Queries): StaleOptions {
  const out: StaleOptions = {};
  const days = single(queries, 'staleDays');
  if (days !== undefined) {
    if (/^\d+$/.test(days) && Number(days) < STALE_FLOOR_DAYS)
      throw new Problem(
        'bad-request',
        `"staleDays" must be ${STALE_FLOOR_DAYS} or more: Entra refreshes the activity timestamp only every 14 days (±5)`,
      );
    out.staleDays = integer('staleDays', days, STALE_FLOOR_DAYS, 3650);
  }
  const vdi = integer('vdiStaleDays', single(queries, 'vdiStaleDays'), 1, 3650);
  if (vdi !== undefined) out.vdiStaleDays = vdi;
  if (queries.vdiPrefix !== undefined) {
    const prefixes = values(queries, 'vdiPrefix');
    if (prefixes.length === 0)
      throw new Problem('bad-request', '"vdiPrefix" needs a name prefix such as NPVDI-');
    out.vdiPrefixes = prefixes;
  }
  return out;
}

/**
 * `GET /api/devices?state=&health=&code=&phase=&stale=&pending=&since=&issue=&limit=&after=`
 * (and the staleness thresholds); `now` is the time staleness is judged from.
 */
export function parseDeviceFilter(queries: Queries, now?: string): DeviceFilter {
  const filter: DeviceFilter = {};
  if (now !== undefined) {
    filter.now = now;
    filter.staleness = parseStaleness(queries);
  }
  const state = values(queries, 'state').map((s) => oneOf('state', s, JOIN_STATES));
  if (state.length > 0) filter.state = state;
  const health = values(queries, 'health').map((h) => oneOf('health', h, HEALTHS));
  if (health.length > 0) filter.health = health;
  const code = single(queries, 'code');
  if (code !== undefined) {
    const lookup = lookupCode(code);
    if (lookup.form === 'unrecognized' || lookup.normalized === null) throw new Problem('not-a-code');
    filter.code = lookup.normalized;
  }
  const phase = single(queries, 'phase');
  if (phase !== undefined) filter.phase = oneOf('phase', phase, PHASES);
  const stale = bool('stale', single(queries, 'stale'));
  if (stale !== undefined) filter.stale = stale;
  const pending = bool('pending', single(queries, 'pending'));
  if (pending !== undefined) filter.pending = pending;
  const since = time('since', single(queries, 'since'));
  if (since !== undefined) filter.since = since;
  const issue = single(queries, 'issue');
  if (issue !== undefined) filter.issue = oneOf('issue', issue, ENTRA_ISSUES);
  filter.limit = integer('limit', single(queries, 'limit'), 1, 1000) ?? 100;
  const after = single(queries, 'after');
  if (after !== undefined) filter.after = after;
  return filter;
}

/** `GET /api/fleet/summary?since=&top=` (and the staleness thresholds). */
export function parseSummaryQuery(queries: Queries, now: string): SummaryOptions {
  const options: SummaryOptions = { now, staleness: parseStaleness(queries) };
  const since = time('since', single(queries, 'since'));
  if (since !== undefined) options.since = since;
  const top = integer('top', single(queries, 'top'), 1, 100);
  if (top !== undefined) options.top = top;
  return options;
}

/** `GET /api/entra/not-captured?limit=&after=`. */
export function parsePage(queries: Queries): { limit: number; after?: string } {
  const limit = integer('limit', single(queries, 'limit'), 1, 1000) ?? 100;
  const after = single(queries, 'after');
  return after === undefined ? { limit } : { limit, after };
}
