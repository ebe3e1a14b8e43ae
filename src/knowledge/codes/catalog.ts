/**
 * The whole catalog, indexed for lookup. Each family keeps its data in its own file; this module
 * only gathers them and builds the indexes once.
 * @module
 */
import { AADSTS_ENTRIES } from './aadsts.ts';
import { ADAL_ENTRIES } from './adal.ts';
import { DSREG_ENTRIES } from './dsreg.ts';
import { HTTP_ENTRIES } from './http.ts';
import { MDM_ENTRIES } from './mdm.ts';
import { MSIS_ENTRIES } from './msis.ts';
import { NETWORK_ENTRIES } from './network.ts';
import { NTSTATUS_ENTRIES } from './ntstatus.ts';
import { SERVER_ENTRIES } from './server.ts';
import { SSPI_ENTRIES } from './sspi.ts';
import { TPM_ENTRIES } from './tpm.ts';
import type { CodeEntry } from './types.ts';
import { WIN32_ENTRIES } from './win32.ts';

export const ALL_ENTRIES: readonly CodeEntry[] = Object.freeze([
  ...DSREG_ENTRIES,
  ...ADAL_ENTRIES,
  ...NETWORK_ENTRIES,
  ...WIN32_ENTRIES,
  ...TPM_ENTRIES,
  ...SSPI_ENTRIES,
  ...NTSTATUS_ENTRIES,
  ...AADSTS_ENTRIES,
  ...MSIS_ENTRIES,
  ...HTTP_ENTRIES,
  ...SERVER_ENTRIES,
  ...MDM_ENTRIES,
]);

/** Case-folded key: hex codes are already lower case, names and server codes are matched in any case. */
export function foldKey(text: string): string {
  return text.trim().toLowerCase();
}

/** Message texts compare without case, surrounding quotes, repeated spaces or a final full stop. */
export function foldMessage(text: string): string {
  return text
    .trim()
    .replace(/^["'“”]+|["'“”]+$/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[.\s]+$/, '')
    .toLowerCase();
}

function buildIndex(key: (e: CodeEntry) => string[]): Map<string, CodeEntry> {
  const map = new Map<string, CodeEntry>();
  for (const entry of ALL_ENTRIES) {
    for (const k of key(entry)) if (!map.has(k)) map.set(k, entry);
  }
  return map;
}

export const BY_CODE = buildIndex((e) => [foldKey(e.code)]);
export const BY_NAME = buildIndex((e) => [e.name, ...e.aliases].filter((n) => n !== null).map(foldKey));
export const BY_MESSAGE = buildIndex((e) => e.messages.map(foldMessage));
