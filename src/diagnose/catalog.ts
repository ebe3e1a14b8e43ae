/**
 * The diagnosis' window on the error catalog (`src/knowledge/codes`): one place that turns a code
 * and the phase at hand into the reading a finding needs. No code knowledge lives here.
 * @module
 */
import {
  type CodeLookup,
  findCodes,
  lookupCode,
  matchServerMessage,
  type RegistrationType,
  readingFor,
  type ServerMessageMatch,
  SYNC_CYCLE_MINUTES,
} from '../knowledge/codes/index.ts';
import type { Phase, Reference } from '../model/diagnosis.ts';

export interface CodeExplanation {
  /** Normalised: `0x` + 8 hex, `AADSTS50126`, `MSIS9682`. */
  code: string;
  /** Symbolic name, when the code has one. */
  name: string | null;
  meaning: string;
  causes: string[];
  steps: string[];
  /** Checklist IDs the catalog entry implements (J1, J3, ...). */
  checks: string[];
  references: Reference[];
  /** False when the code is only decoded by structure. */
  catalogued: boolean;
}

/** The catalog's reading of a server error message. */
export type ServerMatch = ServerMessageMatch;

/** The catalog's reading of a code for the phase at hand; uncatalogued codes by their structure. */
export function explainCode(code: string, phase: Phase | null): CodeExplanation {
  const lookup = lookupCode(code);
  const entry = lookup.entry;
  if (!entry) {
    return {
      code: lookup.normalized ?? code,
      name: null,
      meaning: structureText(lookup),
      causes: [],
      steps: [],
      checks: [],
      references: [],
      catalogued: false,
    };
  }
  const reading = entry.readings.length > 0 ? readingFor(entry, phase) : null;
  return {
    code: entry.code,
    name: entry.name,
    meaning: reading?.meaning ?? entry.summary,
    causes: [...(reading?.causes ?? [])],
    steps: [...(reading?.steps ?? [])],
    // Only the error-knowledge items: an entry may also cite the event or test it appears in.
    checks: (entry.checks ?? []).filter((c) => c.startsWith('J')),
    references: entry.sources.map((s) => ({ title: s.title, url: s.url ?? null })),
    catalogued: true,
  };
}

/** Every phase the catalog names for a code. */
export function phasesOf(code: string): Phase[] {
  const entry = lookupCode(code).entry;
  if (!entry) return [];
  return [...new Set(entry.readings.flatMap((r) => r.phases ?? []))];
}

export function matchServer(
  serverCode: string | null,
  message: string | null,
  registrationType: RegistrationType | null,
): ServerMatch | null {
  const match = matchServerMessage(serverCode, message, registrationType);
  // Copies: findings own their lists, the catalog's stay untouched.
  return match
    ? {
        ...match,
        causes: [...match.causes],
        steps: [...match.steps],
        codes: [...match.codes],
        checks: [...match.checks],
      }
    : null;
}

/** Codes named in a text (hex, AADSTS, MSIS), as whole tokens, normalised, in order. */
export function codesInText(text: string): string[] {
  return findCodes(text);
}

/** Entra Connect's default sync interval: how long a sync join normally waits. */
export const SYNC_CYCLE = SYNC_CYCLE_MINUTES;

function structureText(lookup: CodeLookup): string {
  const s = lookup.structure;
  if (!s) return '';
  const parts = [
    `not catalogued; ${s.isNtStatus ? 'an NTSTATUS' : 'an HRESULT'} with facility ${s.facility}${s.facilityName ? ` (${s.facilityName})` : ''}`,
  ];
  if (s.win32 !== null) parts.push(`Win32 error ${s.win32}`);
  if (s.adal)
    parts.push(
      `ADAL ${s.adal.groupName}${s.adal.win32 !== null ? `, WinHTTP/WinINet error ${s.adal.win32}` : ''}`,
    );
  return `${parts.join(', ')}.`;
}
