/**
 * Every event we know, one record each in its provider's file, and the lookups the readers, the
 * diagnosis and the checklist share: which provider a record is from, an event's definition, its
 * finding, and which event a bare message is by how it opens. Adding an event is one entry in
 * its provider's file; nothing here names an event.
 * @module
 */
import type { Phase } from '../../model/diagnosis.ts';
import type { EventLevel, EventRecord } from '../../model/events.ts';
import { AAD } from './aad.ts';
import { ADFS } from './adfs.ts';
import { DRS } from './drs.ts';
import { HELLO } from './hello.ts';
import { KDCPROXY } from './kdcproxy.ts';
import { KERBEROS } from './kerberos.ts';
import { MDM } from './mdm.ts';
import { NETJOIN } from './netjoin.ts';
import type {
  EventRole,
  EventSpec,
  FactsSpec,
  FindingSpec,
  Label,
  Outcome,
  ProviderKey,
  ProviderSpec,
} from './types.ts';
import { UDR } from './udr.ts';
import { WPJ } from './wpj.ts';

export type {
  EventRole,
  EventSpec,
  FactsSpec,
  FindingSpec,
  Label,
  Outcome,
  ProviderKey,
  ProviderSpec,
  SameFinding,
} from './types.ts';

/** Every provider, registration providers first. */
export const PROVIDER_SPECS: readonly ProviderSpec[] = [
  UDR,
  AAD,
  WPJ,
  HELLO,
  MDM,
  NETJOIN,
  KERBEROS,
  KDCPROXY,
  ADFS,
  DRS,
];

const BY_KEY = new Map(PROVIDER_SPECS.map((p) => [p.key, p]));

export function providerSpec(key: ProviderKey): ProviderSpec {
  return BY_KEY.get(key) as ProviderSpec;
}

/** An event's record with the identity the readers and the diagnosis need. */
export interface EventDefinition {
  source: ProviderKey;
  id: number;
  level: EventLevel;
  fields: readonly string[];
  summary: string;
  phase: Phase | null;
  outcome: Outcome;
  labels: readonly Label[];
  long?: readonly string[];
  registration: 'failure' | 'success' | null;
  /** Sibling events worded the same (see `EventSpec.sameWording`). */
  sameWording: readonly number[];
  facts: FactsSpec;
  /** What it is to the rules that read several events together. */
  roles: readonly EventRole[];
}

function definitionOf(provider: ProviderSpec, id: number, spec: EventSpec): EventDefinition {
  return {
    source: provider.key,
    id,
    level: spec.level,
    fields: spec.fields,
    summary: spec.summary,
    phase: spec.phase,
    outcome: spec.outcome,
    labels: spec.labels ?? [],
    ...(spec.long ? { long: spec.long } : {}),
    registration: spec.registration ?? null,
    sameWording: spec.sameWording ?? [],
    facts: spec.facts ?? {},
    roles: spec.roles ?? [],
  };
}

const DEFINITIONS = new Map<ProviderKey, Map<number, EventDefinition>>(
  PROVIDER_SPECS.map((p) => [
    p.key,
    new Map(Object.entries(p.events).map(([id, spec]) => [Number(id), definitionOf(p, Number(id), spec)])),
  ]),
);

/** The provider a name (provider or channel, any case, with or without `Microsoft-Windows-`) is. */
export function providerKeyOf(name: string | null | undefined): ProviderKey | null {
  if (!name) return null;
  const n = name.trim().toLowerCase().replace(/%4/g, '/');
  for (const p of PROVIDER_SPECS) if (p.names.some((re) => re.test(n))) return p.key;
  return null;
}

/** Which known provider wrote a record, from its provider or else its channel name. */
export function providerOf(record: Pick<EventRecord, 'provider' | 'channel'>): ProviderKey | null {
  return providerKeyOf(record.provider) ?? providerKeyOf(record.channel);
}

export function eventDefinition(source: ProviderKey, id: number): EventDefinition | null {
  return DEFINITIONS.get(source)?.get(id) ?? null;
}

/** The events that have a role, as `{ source, id }`, registration providers first. */
export function eventsWithRole(role: EventRole): readonly { source: ProviderKey; id: number }[] {
  return BY_ROLE.get(role) ?? [];
}

const BY_ROLE = new Map<EventRole, { source: ProviderKey; id: number }[]>();
for (const byId of DEFINITIONS.values())
  for (const d of byId.values())
    for (const role of d.roles)
      BY_ROLE.set(role, [...(BY_ROLE.get(role) ?? []), { source: d.source, id: d.id }]);

/** Every event known, for listings and tests. */
export function allEventDefinitions(): EventDefinition[] {
  return [...DEFINITIONS.values()].flatMap((m) => [...m.values()]);
}

/** The finding an event becomes, with a shared finding's title naming this event; null if none. */
export function eventFinding(source: ProviderKey, id: number): FindingSpec | null {
  const events = providerSpec(source).events;
  const own = events[id]?.finding;
  if (!own) return null;
  if (!('sameAs' in own)) return own;
  const shared = events[own.sameAs]?.finding;
  if (!shared || 'sameAs' in shared) return null;
  return { ...shared, title: shared.title.replace(/event \d+\)$/, `event ${id})`) };
}

/** Every distinct finding the events can become, with the events that become it. */
export function eventFindings(): { finding: FindingSpec; events: string[] }[] {
  const out = new Map<string, { finding: FindingSpec; events: string[] }>();
  for (const p of PROVIDER_SPECS)
    for (const id of Object.keys(p.events).map(Number)) {
      const f = eventFinding(p.key, id);
      if (!f) continue;
      const entry = out.get(f.id) ?? { finding: f, events: [] };
      entry.events.push(`${p.key}:${id}`);
      out.set(f.id, entry);
    }
  return [...out.values()];
}

interface Opening {
  /** The length of the match at the start of the line (its lower-case copy given too), or -1. */
  test: (line: string, lower: string) => number;
  source: ProviderKey;
  id: number;
  /** The lower-case first character every match starts with, or null when it varies. */
  first: string | null;
}

function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** The first character a pattern's matches start with, when the pattern begins with a plain letter. */
function firstOf(re: RegExp): string | null {
  const m = /^\^([A-Za-z0-9])/.exec(re.source);
  return m?.[1] ? m[1].toLowerCase() : null;
}

const OPENINGS: readonly Opening[] = PROVIDER_SPECS.flatMap((p) =>
  Object.entries(p.events).flatMap(([id, spec]) =>
    (spec.openings ?? []).map((o): Opening => {
      if (typeof o === 'string') {
        const want = squeeze(o).toLowerCase();
        return {
          source: p.key,
          id: Number(id),
          first: want[0] ?? null,
          test: (_line, lower) => (lower.startsWith(want) ? want.length : -1),
        };
      }
      const re = new RegExp(o.source, o.flags.replace('g', ''));
      return {
        source: p.key,
        id: Number(id),
        first: firstOf(re),
        test: (line) => {
          const m = re.exec(line);
          return m && m.index === 0 ? m[0].length : -1;
        },
      };
    }),
  ),
);

/** Openings by the first character of their matches; `''` holds those that may start anyhow. */
const BY_FIRST = new Map<string, Opening[]>();
for (const o of OPENINGS) {
  const key = o.first ?? '';
  BY_FIRST.set(key, [...(BY_FIRST.get(key) ?? []), o]);
}

/**
 * The event a message's first line opens like, when exactly one wording matches best (the longest
 * match wins: `Workplace Join discovery failed. Server returned http status` is 103, not 102).
 */
export function eventByOpening(text: string): { source: ProviderKey; id: number } | null {
  const found = openingOf(text);
  return found ? { source: found.source, id: found.id } : null;
}

/**
 * Like {@link eventByOpening}, with how many characters of the squeezed first line the wording
 * covers: a reader splitting a glued line must not cut inside a message's own opening
 * (`Failed to access the device key. The device key has likely been removed` is one event, 345).
 */
export function openingOf(text: string): { source: ProviderKey; id: number; length: number } | null {
  // A bounded head: the caller may hand the rest of a long line.
  const head = text.slice(0, 800).trimStart();
  const end = head.indexOf('\n');
  const line = squeeze(end < 0 ? head : head.slice(0, end))
    .trim()
    .slice(0, 600);
  if (line === '') return null;
  const lower = line.toLowerCase();
  let best: Opening | null = null;
  let length = -1;
  const candidates = [...(BY_FIRST.get(lower[0] ?? '') ?? []), ...(BY_FIRST.get('') ?? [])];
  for (const o of candidates) {
    const n = o.test(line, lower);
    if (n > length) {
      best = o;
      length = n;
    }
  }
  return best ? { source: best.source, id: best.id, length } : null;
}
