/**
 * The shapes of the error catalog. Codes are stored normalised: `0x` + 8 lower-case hex digits for
 * every 32-bit value (HRESULT, NTSTATUS, ADAL, Win32), `AADSTS50126`, `MSIS7012`, `HTTP 400`, and
 * server error codes as the service writes them (`DirectoryError`, `invalid_grant`).
 * @module
 */
import type { Phase } from '../../model/diagnosis.ts';

export type CodeFamily =
  | 'dsreg'
  | 'adal'
  | 'wininet'
  | 'win32'
  | 'hresult'
  | 'ntstatus'
  | 'tpm'
  | 'nte'
  | 'sspi'
  | 'aadsts'
  | 'msis'
  | 'http'
  | 'server'
  /** MDM enrollment (MENROLL_E_, facility 24): after the join, not a registration phase. */
  | 'mdm';

/** One meaning of a code in one context. */
export interface CodeReading {
  /** null: any phase, or not phase-specific. */
  phases: Phase[] | null;
  /** Where this reading applies beyond the phase: `discover sub-error`, `PRT attempt`, `event 220`. */
  context: string | null;
  meaning: string;
  /** Most likely first. */
  causes: string[];
  /** In order. */
  steps: string[];
}

export interface CodeSource {
  title: string;
  url: string | null;
}

export interface CodeEntry {
  code: string;
  /** Symbolic name, e.g. `DSREG_E_DIRECTORY_FAILURE`. */
  name: string | null;
  /** Other names for the same value (WinHTTP vs WinINet name, the name an article uses). */
  aliases: string[];
  family: CodeFamily;
  /** One line. */
  summary: string;
  readings: CodeReading[];
  /** The system message text Windows renders for the code (`Keyset does not exist`). */
  messages: string[];
  /** Checklist IDs the entry implements. */
  checks: string[];
  sources: CodeSource[];
  /** Windows versions where that matters. */
  windows: string | null;
  /** Facts about the code itself worth telling (a misprint in an article, a numeric collision). */
  notes?: string[];
}

/** Decoding by structure, for any 32-bit value. */
export interface CodeStructure {
  value: string;
  severity: 'success' | 'informational' | 'warning' | 'error';
  isNtStatus: boolean;
  customer: boolean;
  facility: number;
  facilityName: string | null;
  /** FACILITY_WIN32 low word. */
  win32: number | null;
  /** Name of that Win32 code (or of the WinHTTP code inside an ADAL code) when the catalog knows it. */
  win32Name?: string;
  /** ADAL codes (0xCAAx_xxxx): the group from the upper word, and the WinHTTP code of 0xCAA8. */
  adal: { group: string; groupName: string; win32: number | null } | null;
}

export type CodeForm =
  | 'hex'
  | 'signed-decimal'
  | 'unsigned-decimal'
  | 'name'
  | 'aadsts'
  | 'msis'
  | 'http'
  | 'server-code'
  | 'message'
  | 'unrecognized';

export interface CodeLookup {
  input: string;
  form: CodeForm;
  normalized: string | null;
  entry: CodeEntry | null;
  structure: CodeStructure | null;
  /**
   * Set when the input is a value an article printed wrongly for another code (J5), or an
   * `HRESULT_FROM_NT` value read as its NTSTATUS.
   */
  note?: string;
  /** The NTSTATUS an `HRESULT_FROM_NT` value (`0xd000006d`) carries (`0xc000006d`). */
  ntStatus?: string;
}

export interface ServerMessageMatch {
  id: string;
  serverCode: string | null;
  title: string;
  meaning: string;
  causes: string[];
  steps: string[];
  /** True when the error is the normal state until Entra Connect has synced the computer. */
  expectedWhileSyncing: boolean;
  codes: string[];
  checks: string[];
  /** The seed table the case comes from. */
  sources?: CodeSource[];
}

export type RegistrationType = 'sync' | 'federated' | 'fallback_sync';
