/**
 * Phase names and registration types as captures, traces and events write them, read in one
 * place: `Error Phase : discover`, `errorPhase: Authentication`, `Registration Type : fallback_sync`,
 * `Registration Type: Fed`.
 * @module
 */
import type { Phase } from '../../model/diagnosis.ts';
import type { RegistrationType } from './types.ts';

const PHASE_WORDS: Readonly<Record<string, Phase>> = {
  'pre-check': 'pre-check',
  precheck: 'pre-check',
  prejoin: 'pre-check',
  discover: 'discover',
  discovery: 'discover',
  auth: 'auth',
  authentication: 'auth',
  join: 'join',
};

/** A phase name in any case, with spaces, dashes or underscores (`Pre_Check`); null otherwise. */
export function parsePhase(text: string | null | undefined): Phase | null {
  if (!text) return null;
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return PHASE_WORDS[t] ?? PHASE_WORDS[t.replace(/-/g, '')] ?? null;
}

/**
 * A registration type: `sync` (also `managed`, `Sync Join`), `federated` (also `fed`), or
 * `fallback_sync` (any wording with "fallback"); null otherwise.
 */
export function parseRegistrationType(text: string | null | undefined): RegistrationType | null {
  if (!text) return null;
  const t = text.trim().toLowerCase();
  if (t.includes('fallback')) return 'fallback_sync';
  if (t.startsWith('fed')) return 'federated';
  if (t.startsWith('sync') || t === 'managed') return 'sync';
  return null;
}
