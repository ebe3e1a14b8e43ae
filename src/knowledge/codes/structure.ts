/**
 * Decoding a 32-bit code by its bits alone, so codes nobody catalogued still say something:
 * severity, facility, customer bit, NTSTATUS or HRESULT, the Win32 code inside FACILITY_WIN32, and
 * for ADAL codes (0xCAAx_xxxx) the group of the upper word.
 * @module
 */
import { hex32 } from './define.ts';
import type { CodeStructure } from './types.ts';

const FACILITY_WIN32 = 7;

/** HRESULT facilities that turn up around device registration (winerror.h). */
const HRESULT_FACILITIES: Record<number, string> = {
  0: 'NULL',
  1: 'RPC',
  2: 'DISPATCH',
  3: 'STORAGE',
  4: 'ITF',
  7: 'WIN32',
  8: 'WINDOWS',
  9: 'SECURITY',
  10: 'CONTROL',
  11: 'CERT',
  12: 'INTERNET',
  16: 'SCARD',
  17: 'COMPLUS',
  19: 'URT',
  25: 'HTTP',
  // Not defined in the public headers; device registration (dsreg) uses it for its 0x801Cxxxx codes.
  28: 'DSREG',
  37: 'DIRECTORYSERVICE',
  40: 'TPM_SERVICES',
  41: 'TPM_SOFTWARE',
  61: 'WEBSERVICES',
};

/** NTSTATUS facilities (ntstatus.h) that appear in PRT attempts. */
const NTSTATUS_FACILITIES: Record<number, string> = {
  0: 'NTSTATUS',
  2: 'RPC_RUNTIME',
  3: 'RPC_STUBS',
  // The AAD CloudAP plug-in reports its own failures as 0xC0048xxx.
  4: 'AAD CloudAP',
  7: 'NTWIN32',
  28: 'FILTER_MANAGER',
};

const ADAL_GROUPS: Record<number, string> = {
  1: 'client or parameter error',
  2: 'OAuth error returned by the server',
  3: 'HTTP status (status code in the low word)',
  4: 'serialization error',
  5: 'system error',
  6: 'JSON error',
  7: 'URL moniker (INET) error',
  8: 'internet error (WinHTTP/WinINet code in the low word)',
  9: 'server, WS-Trust, metadata exchange or user realm flow',
  10: 'unexpected error',
};

const SEVERITY_NT = ['success', 'informational', 'warning', 'error'] as const;

/** ADAL codes: the second and third nibbles are 0xAA, the fourth names the group. */
function isAdal(v: number): boolean {
  return (v & 0x0ff00000) === 0x0aa00000 && v >>> 30 !== 0;
}

/** XmlLite reports its parse errors as 0xC00CEExx HRESULTs with both severity bits set. */
function isXmlLite(v: number): boolean {
  return (v & 0xffff0000) >>> 0 === 0xc00c0000 && (v & 0xff00) === 0xee00;
}

export function decodeStructure(value: number): CodeStructure {
  const v = value >>> 0;
  const top = v >>> 30;
  const customer = (v & 0x20000000) !== 0;
  if (isAdal(v)) {
    const groupNibble = (v >>> 16) & 0xf;
    return {
      value: hex32(v),
      severity: SEVERITY_NT[top] ?? 'error',
      isNtStatus: false,
      customer,
      facility: (v >>> 16) & 0xfff,
      facilityName: 'ADAL',
      win32: null,
      adal: {
        group: `0x${(v >>> 16).toString(16)}`,
        groupName: ADAL_GROUPS[groupNibble] ?? 'unknown group',
        win32: groupNibble === 0x8 ? v & 0xffff : null,
      },
    };
  }
  // 0xC and 0x4 prefixes are NTSTATUS (HRESULTs only set the top bit); XmlLite is the exception.
  const isNtStatus = (top === 3 || top === 1) && !isXmlLite(v);
  if (isNtStatus) {
    const facility = (v >>> 16) & 0xfff;
    return {
      value: hex32(v),
      severity: SEVERITY_NT[top] ?? 'error',
      isNtStatus: true,
      customer,
      facility,
      facilityName: NTSTATUS_FACILITIES[facility] ?? null,
      win32: null,
      adal: null,
    };
  }
  if (v > 0 && v <= 0xffff) {
    // A bare small number is a Win32 error code (1312, 12002), not an HRESULT.
    return {
      value: hex32(v),
      severity: 'error',
      isNtStatus: false,
      customer: false,
      facility: 0,
      facilityName: null,
      win32: v,
      adal: null,
    };
  }
  const facility = (v >>> 16) & 0x7ff;
  const failed = (v & 0x80000000) !== 0;
  return {
    value: hex32(v),
    severity: failed ? 'error' : 'success',
    isNtStatus: false,
    customer,
    facility,
    facilityName: HRESULT_FACILITIES[facility] ?? null,
    win32: failed && facility === FACILITY_WIN32 ? v & 0xffff : null,
    adal: null,
  };
}
