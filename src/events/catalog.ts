/**
 * The events side's names for the one code API (`knowledge/codes` `explain`): kept so that the
 * event readers and the event diagnosis keep their imports; no code knowledge lives here.
 * @module
 */
import {
  codeFamily,
  codeName,
  codeFromMessage as entryFromMessage,
  explain,
  explainServerMessage,
  isInformationalCode,
  normalizeCode,
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
  const e = explain(code, context === undefined ? { phase } : { phase, context });
  if (!e.catalogued) return { code, name: null, meaning: null, causes: [], steps: [] };
  return { code: e.code, name: e.name, meaning: e.meaning, causes: e.causes, steps: e.steps };
}

/** A registration server's error (`DirectoryError` + its message) matched to a known case. */
export function readServerMessage(
  serverCode: string | null,
  message: string | null,
  registrationType: string | null,
): ServerMessageReading | null {
  return explainServerMessage(serverCode, message, registrationType);
}

/** ADAL and token broker progress codes are never an event's failure. */
export function isInformational(code: string): boolean {
  return isInformationalCode(code);
}

/** The catalog family of a code (`tpm`, `nte`, `dsreg`, …), when the catalog knows the code. */
export function familyOf(code: string): string | null {
  return codeFamily(code);
}

/** The catalog's symbolic name of a code, when it has one. */
export function nameOf(code: string): string | null {
  return codeName(code);
}
