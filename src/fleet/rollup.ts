/**
 * Roll-up counters kept current by ingest: each device's latest state maps to a set of
 * `dimension|key` counters; when the latest state changes, the old keys go down by one and the
 * new ones up. `fleet report` then reads a few hundred counters instead of scanning a million
 * devices, on every store alike. Pure.
 * @module
 */

import type { Health, JoinState, Phase } from '../model/diagnosis.ts';
import { HEALTHS } from '../model/vocabulary.ts';
import type { CaptureContext, EntraIssue, FleetSummary, SummaryOptions } from '../store/types.ts';
import { DEFAULT_VDI_PREFIXES, ISSUE_ORDER, staleThresholds } from './join.ts';

/** What the counters need of a device's latest state. */
export interface RollupDevice {
  joinState: JoinState;
  health: Health;
  failedPhase: Phase | null;
  codes: string[];
  prt: boolean | null;
  whfbReady: boolean | null;
  osVersion: string | null;
  context: CaptureContext;
  lastCapturedAt: string;
  /** How the latest capture moved against the previous one: new, improved, worsened, same. */
  movement: Movement;
  domainJoined: boolean | null;
  entraTrustType: string | null;
  entraIssues: EntraIssue[];
  /**
   * Whether Entra Connect's certificate report shows a valid hybrid join certificate on the
   * device's AD computer; null without a row (absent in rows stored before the report existed).
   */
  adCertificate?: boolean | null;
  /** Entra's activity timestamp of the matched object (ISO), counted per day for staleness. */
  entraLastSignIn?: string | null;
}

export type Movement = 'new' | 'improved' | 'worsened' | 'same';

/** A change to one counter. */
export interface RollupDelta {
  dim: string;
  key: string;
  delta: number;
}

const JOINED: JoinState[] = ['entra-joined', 'hybrid-joined', 'entra-registered', 'drs-joined'];

/** The counters one device adds to. */
export function rollupKeys(d: RollupDevice): Array<[string, string]> {
  const keys: Array<[string, string]> = [['sh', `${d.joinState}|${d.health}`]];
  if (d.failedPhase) keys.push(['phase', d.failedPhase]);
  for (const code of d.codes) keys.push(['code', code]);
  if (JOINED.includes(d.joinState)) {
    keys.push(['prt', d.prt === null ? 'unknown' : d.prt ? 'yes' : 'no']);
    keys.push(['whfb', d.whfbReady === null ? 'unknown' : d.whfbReady ? 'ready' : 'notReady']);
  }
  keys.push(['os', d.osVersion ?? 'unknown']);
  keys.push(['ctx', d.context]);
  keys.push(['move', `${d.lastCapturedAt.slice(0, 13)}|${d.movement}`]);
  const pending = d.entraIssues.includes('pending');
  if (d.domainJoined === true) {
    keys.push(['funnel', 'inScope']);
    if (d.adCertificate === true) keys.push(['funnel', 'certificate']);
    if (d.entraTrustType === 'ServerAd') keys.push(['funnel', 'synced']);
    if (d.joinState === 'hybrid-joined' && !pending) {
      keys.push(['funnel', 'registered']);
      if (d.prt === true) keys.push(['funnel', 'prt']);
    }
  }
  for (const issue of d.entraIssues) keys.push(['entra', issue]);
  if (d.entraLastSignIn) keys.push(['signin', d.entraLastSignIn.slice(0, 10)]);
  return keys;
}

/** Adds the difference between a device's old and new counters to `into` (keyed `dim|key`). */
export function addDelta(
  into: Map<string, RollupDelta>,
  before: RollupDevice | null,
  after: RollupDevice | null,
): void {
  const bump = (dim: string, key: string, delta: number) => {
    const id = `${dim}\u0000${key}`;
    const cur = into.get(id);
    if (cur) cur.delta += delta;
    else into.set(id, { dim, key, delta });
  };
  if (before) for (const [dim, key] of rollupKeys(before)) bump(dim, key, -1);
  if (after) for (const [dim, key] of rollupKeys(after)) bump(dim, key, 1);
}

/** Health rank for movement: lower is better; unknown is not a move. */
export function movementOf(before: Health | null, after: Health): Movement {
  if (before === null) return 'new';
  const rank = (h: Health) => (h === 'unknown' ? -1 : HEALTHS.indexOf(h));
  const a = rank(before);
  const b = rank(after);
  if (a < 0 || b < 0 || a === b) return 'same';
  return b < a ? 'improved' : 'worsened';
}

const DAY = 86_400_000;

/** Builds the summary from the counters (`meta` holds devices, captures, entra-objects). */
export function assembleSummary(
  rows: Array<{ dim: string; key: string; devices: number }>,
  options: SummaryOptions,
): FleetSummary {
  const top = options.top ?? 10;
  const by = new Map<string, Array<{ key: string; devices: number }>>();
  for (const r of rows) {
    if (r.devices === 0) continue;
    const list = by.get(r.dim);
    if (list) list.push({ key: r.key, devices: r.devices });
    else by.set(r.dim, [{ key: r.key, devices: r.devices }]);
  }
  const dim = (name: string) => by.get(name) ?? [];
  const count = (name: string, key: string) => dim(name).find((r) => r.key === key)?.devices ?? 0;
  const sorted = (name: string) =>
    [...dim(name)].sort((a, b) => b.devices - a.devices || (a.key < b.key ? -1 : 1)).slice(0, top);
  const stateHealth = dim('sh')
    .map((r) => {
      const [joinState, health] = r.key.split('|') as [JoinState, Health];
      return { joinState, health, devices: r.devices };
    })
    .sort((a, b) => b.devices - a.devices || (a.joinState + a.health < b.joinState + b.health ? -1 : 1));
  const now = Date.parse(options.now);
  const freshness = { day: 0, week: 0, month: 0, quarter: 0, older: 0 };
  const sinceMs = options.since ? Date.parse(options.since) : Number.NaN;
  const sinceHour = Number.isNaN(sinceMs) ? null : new Date(sinceMs).toISOString().slice(0, 13);
  const changes = sinceHour
    ? { since: options.since as string, devices: 0, improved: 0, worsened: 0, new: 0 }
    : null;
  for (const r of dim('move')) {
    const [hour = '', movement = ''] = r.key.split('|');
    const age = (now - Date.parse(`${hour}:00:00Z`)) / DAY;
    if (age < 1) freshness.day += r.devices;
    else if (age < 7) freshness.week += r.devices;
    else if (age < 30) freshness.month += r.devices;
    else if (age < 90) freshness.quarter += r.devices;
    else freshness.older += r.devices;
    if (changes && sinceHour && hour >= sinceHour) {
      changes.devices += r.devices;
      if (movement === 'improved') changes.improved += r.devices;
      if (movement === 'worsened') changes.worsened += r.devices;
      if (movement === 'new') changes.new += r.devices;
    }
  }
  const entra = Object.fromEntries(ISSUE_ORDER.map((i) => [i, count('entra', i)])) as Record<
    EntraIssue,
    number
  >;
  const entraObjects = count('meta', 'entra-objects');
  const adComputers = count('meta', 'ad-computers');
  const t = staleThresholds(options.staleness);
  return {
    now: options.now,
    devices: count('meta', 'devices'),
    captures: count('meta', 'captures'),
    entraObjects,
    adComputers,
    staleness: {
      staleDays: t.staleDays,
      vdiStaleDays: t.vdiStaleDays,
      vdiPrefixes: (options.staleness?.vdiPrefixes ?? DEFAULT_VDI_PREFIXES).filter((p) => p.trim() !== ''),
    },
    stateHealth,
    hybridFunnel: {
      inScope: count('funnel', 'inScope'),
      certificate: adComputers > 0 ? count('funnel', 'certificate') : null,
      synced: entraObjects > 0 ? count('funnel', 'synced') : null,
      registered: count('funnel', 'registered'),
      prt: count('funnel', 'prt'),
    },
    topPhases: sorted('phase') as FleetSummary['topPhases'],
    topCodes: sorted('code'),
    prt: { yes: count('prt', 'yes'), no: count('prt', 'no'), unknown: count('prt', 'unknown') },
    whfb: {
      ready: count('whfb', 'ready'),
      notReady: count('whfb', 'notReady'),
      unknown: count('whfb', 'unknown'),
    },
    osVersions: sorted('os'),
    contexts: sorted('ctx') as FleetSummary['contexts'],
    freshness,
    entra,
    changes,
  };
}
