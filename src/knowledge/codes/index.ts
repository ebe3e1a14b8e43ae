/**
 * The error catalog and code lookup: every code device registration, PRT acquisition and Windows
 * Hello report, what it means in each phase, its causes and fixes, and a structural decoding for
 * codes nobody catalogued.
 * @module
 */
import { ALL_ENTRIES } from './catalog.ts';
import type { CodeEntry } from './types.ts';

export {
  type CodeExplanation,
  codeFamily,
  codeName,
  codePhases,
  type ExplainOptions,
  explain,
  explainServerMessage,
  isInformationalCode,
  transportError,
} from './explain.ts';
export {
  decimalValue,
  hex32,
  hexFromNumber,
  hexFromPrefixed,
  hresultFromNt,
  hresultFromWin32,
  isHexCode,
  normalizeHex,
  ntFromHresult,
  toSigned,
  toUnsigned,
  win32FromHresult,
  withRelatedForms,
} from './forms.ts';
export {
  codeFromMessage,
  codesInMessage,
  decodeStructure,
  fieldCodes,
  findCodes,
  getEntry,
  lookupCode,
  normalizeCode,
  phasesOf,
  readingFor,
} from './lookup.ts';
export { matchServerMessage, SYNC_CYCLE_MINUTES } from './server-messages.ts';
export type {
  CodeEntry,
  CodeFamily,
  CodeForm,
  CodeLookup,
  CodeReading,
  CodeSource,
  CodeStructure,
  RegistrationType,
  ServerMessageMatch,
} from './types.ts';
export { parsePhase, parseRegistrationType } from './vocabulary.ts';

export function allEntries(): readonly CodeEntry[] {
  return ALL_ENTRIES;
}
