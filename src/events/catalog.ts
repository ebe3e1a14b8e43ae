/**
 * The one place the events side binds to the error catalog (`src/knowledge/codes`): codes shown
 * as message texts, what a code means in an event's phase, and what a server message means.
 * @module
 */
import {
  codeFromMessage as entryFromMessage,
  getEntry,
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
