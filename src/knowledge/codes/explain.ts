/**
 * One way to explain a code: any form in (hex, decimal, name, AADSTS, MSIS, HTTP, server code or
 * sub-code), the catalog's reading for the phase or context at hand out, and for codes nobody
 * catalogued a reading from their bits. The diagnosis, the event diagnosis and the renderers all
 * call `explain`; none of them reads the catalog another way.
 * @module
 */
import type { Phase, Reference } from '../../model/diagnosis.ts';
import { lookupCode, readingFor } from './lookup.ts';
import { matchServerMessage } from './server-messages.ts';
import type { CodeFamily, CodeLookup, RegistrationType, ServerMessageMatch } from './types.ts';
import { parseRegistrationType } from './vocabulary.ts';

export interface ExplainOptions {
  /** The phase the code failed in; null or absent when not a join phase. */
  phase?: Phase | null;
  /** Where the code was seen beyond the phase: `PRT attempt`, `discover sub-error`, `event 220`. */
  context?: string;
}

export interface CodeExplanation {
  /** Normalised as written: `0x` + 8 hex, `AADSTS50126`, `MSIS9682`, `error_missing_device`. */
  code: string;
  /** Symbolic name, when the code has one. */
  name: string | null;
  family: CodeFamily | null;
  /** What the code means here; for an uncatalogued code, what its bits say. */
  meaning: string;
  causes: string[];
  steps: string[];
  /** Checklist IDs of the error knowledge the entry implements (J1, J3, ...). */
  checks: string[];
  references: Reference[];
  /** False when the code is only decoded by its structure (or not read at all). */
  catalogued: boolean;
  /** The NTSTATUS an `HRESULT_FROM_NT` value carries; the reading is that NTSTATUS's. */
  ntStatus: string | null;
  /** Facts about the value itself (a misprint in an article, the NTSTATUS it carries). */
  note: string | null;
}

/** The catalog's reading of a code for the phase (and context) at hand. Never throws. */
export function explain(code: string, options: ExplainOptions = {}): CodeExplanation {
  const lookup = lookupCode(code);
  const entry = lookup.entry;
  const ntStatus = lookup.ntStatus ?? null;
  const note = lookup.note ?? null;
  if (!entry) {
    return {
      code: lookup.normalized ?? code,
      name: null,
      family: null,
      meaning: structureText(lookup),
      causes: [],
      steps: [],
      checks: [],
      references: [],
      catalogued: false,
      ntStatus,
      note,
    };
  }
  const reading =
    entry.readings.length > 0 ? readingFor(entry, options.phase ?? null, options.context) : null;
  return {
    // An HRESULT_FROM_NT value keeps the form it was written in; its NTSTATUS is named beside it.
    code: ntStatus && lookup.normalized ? lookup.normalized : entry.code,
    name: ntStatus ? `HRESULT_FROM_NT(${entry.name ?? entry.code})` : entry.name,
    family: entry.family,
    meaning: reading?.meaning || entry.summary,
    causes: [...(reading?.causes ?? [])],
    steps: [...(reading?.steps ?? [])],
    // Only the error-knowledge items: an entry may also cite the event or test it appears in.
    checks: entry.checks.filter((c) => c.startsWith('J')),
    references: entry.sources.map((s) => ({ title: s.title, url: s.url ?? null })),
    catalogued: true,
    ntStatus,
    note,
  };
}

/** The catalog's symbolic name of a code in any form; null when it has none. */
export function codeName(code: string): string | null {
  return lookupCode(code).entry?.name ?? null;
}

/** The catalog family of a code in any form; null when the catalog does not know it. */
export function codeFamily(code: string): CodeFamily | null {
  return lookupCode(code).entry?.family ?? null;
}

/** Every phase the catalog names for a code, in catalog order; empty when not phase-bound. */
export function codePhases(code: string): Phase[] {
  const phases: Phase[] = [];
  for (const r of lookupCode(code).entry?.readings ?? [])
    for (const p of r.phases ?? []) if (!phases.includes(p)) phases.push(p);
  return phases;
}

/**
 * ADAL and token broker progress codes (`0x4aa90010 Sending web request`): their severity bits say
 * success or information, so they never stand for a failure.
 */
export function isInformationalCode(code: string): boolean {
  const s = lookupCode(code).structure;
  return s?.adal != null && (s.severity === 'success' || s.severity === 'informational');
}

/**
 * The WinINet/WinHTTP error number (12001–12199) a code carries, written as the Win32 number
 * (`0x00002ee2`), as its HRESULT (`0x80072ee2`) or inside an ADAL code (`0xcaa82ee2`); null for
 * any other code. Such a code says the request got no usable answer: a network or proxy failure.
 */
export function transportError(code: string): number | null {
  const s = lookupCode(code).structure;
  const n = s?.adal ? s.adal.win32 : (s?.win32 ?? null);
  return n !== null && n >= 12001 && n <= 12199 ? n : null;
}

/**
 * A registration server's error (`DirectoryError`, or a sub-code such as `error_missing_device`)
 * and message matched to a known case, as a copy the caller may keep.
 */
export function explainServerMessage(
  serverCode: string | null,
  message: string | null,
  registrationType: RegistrationType | string | null,
): ServerMessageMatch | null {
  const type =
    registrationType === 'sync' || registrationType === 'federated' || registrationType === 'fallback_sync'
      ? registrationType
      : parseRegistrationType(registrationType);
  const match = matchServerMessage(serverCode, message, type);
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
  if (lookup.ntStatus) parts.push(`HRESULT_FROM_NT of the NTSTATUS ${lookup.ntStatus}`);
  return `${parts.join(', ')}.`;
}
