/**
 * The one place the events side binds to the error catalog (`src/knowledge/codes`): codes shown
 * as message texts, what a code means in an event's phase, and what a server message means.
 * @module
 */
import {
  codeFromMessage as entryFromMessage,
  getEntry,
  lookupCode,
  matchServerMessage,
  normalizeCode,
  readingFor,
} from '../knowledge/codes/index.ts';
import type { Phase } from '../model/diagnosis.ts';

export interface CodeReading {
  code: string;
  name: string | null;
  meaning: string | null;
  causes: string[];
  steps: string[];
}

export interface ServerMessageReading {
  title: string;
  meaning: string;
  causes: string[];
  steps: string[];
  expectedWhileSyncing: boolean;
  codes: string[];
}

/** A code written whole in any form the catalog reads (`-2145647630`, `0xC000006D`) → normalised. */
export function normalize(text: string): string | null {
  return normalizeCode(text);
}

/** A system message text (`Keyset does not exist`) → its code, when the catalog knows it. */
export function codeFromMessage(text: string): string | null {
  return entryFromMessage(text)?.code ?? null;
}

/** What the catalog says about a code, read in the event's phase and context. */
export function readCode(code: string, phase: Phase | null = null, context?: string): CodeReading {
  const entry = getEntry(code) ?? getEntry(normalizeCode(code) ?? '');
  if (!entry) return { code, name: null, meaning: null, causes: [], steps: [] };
  const reading = readingFor(entry, phase, context);
  return {
    code: entry.code,
    name: entry.name,
    meaning: reading.meaning || entry.summary,
    causes: reading.causes,
    steps: reading.steps,
  };
}

/** A registration server's error (`DirectoryError` + its message) matched to a known case. */
export function readServerMessage(
  serverCode: string | null,
  message: string | null,
  registrationType: string | null,
): ServerMessageReading | null {
  const type = registrationType?.toLowerCase();
  const known =
    type === 'sync' || type === 'federated' || type === 'fallback_sync'
      ? type
      : type === 'fed'
        ? 'federated'
        : null;
  return matchServerMessage(serverCode, message, known);
}

/**
 * ADAL and token broker progress codes (`0x4AA90010 Sending web request`, `0x4AA90011 UI flow
 * started`): the severity bits say success or information, so they are never an event's failure.
 */
export function isInformational(code: string): boolean {
  const structure = lookupCode(code).structure;
  if (!structure?.adal) return false;
  return structure.severity === 'success' || structure.severity === 'informational';
}

/** The catalog family of a code (`tpm`, `nte`, `dsreg`, …), when the catalog knows the code. */
export function familyOf(code: string): string | null {
  return (getEntry(code) ?? getEntry(normalizeCode(code) ?? ''))?.family ?? null;
}

/** The catalog's symbolic name of a code, when it has one. */
export function nameOf(code: string): string | null {
  return (getEntry(code) ?? getEntry(normalizeCode(code) ?? ''))?.name ?? null;
}
