import { describe, expect, it } from 'vitest';
import {
  codeFamily,
  codeName,
  codePhases,
  explain,
  explainServerMessage,
  transportError,
} from './explain.ts';
import { codesInMessage, findCodes, lookupCode } from './lookup.ts';
import { parsePhase, parseRegistrationType } from './vocabulary.ts';

describe('explain', () => {
  it('explains a code the same way whatever form it is written in', () => {
    const forms = ['0x801C03F2', '-2145647630', '2149319666', 'DSREG_E_DIRECTORY_FAILURE'];
    const names = forms.map((f) => explain(f, { phase: 'join' }).name);
    expect(names).toEqual(Array(4).fill('DSREG_E_DIRECTORY_FAILURE'));
    expect(explain('0x801c03f2').code).toBe('0x801c03f2');
    expect(explain('0x801c03f2').catalogued).toBe(true);
  });

  it('reads an HRESULT_FROM_NT value as its NTSTATUS and names both', () => {
    const e = explain('0xD000006D');
    expect(e.code).toBe('0xd000006d');
    expect(e.ntStatus).toBe('0xc000006d');
    expect(e.name).toBe('HRESULT_FROM_NT(STATUS_LOGON_FAILURE)');
    expect(e.catalogued).toBe(true);
    expect(e.note).toContain('0xc000006d');
    expect(lookupCode('0xd000006d').entry?.code).toBe('0xc000006d');
    expect(findCodes('Attempt Status : 0xd000006d')).toEqual(['0xd000006d', '0xc000006d']);
  });

  it('decodes an uncatalogued code from its bits and says it is not catalogued', () => {
    const e = explain('0x8007ffff');
    expect(e.catalogued).toBe(false);
    expect(e.name).toBeNull();
    expect(e.meaning).toBe('not catalogued; an HRESULT with facility 7 (WIN32), Win32 error 65535.');
  });

  it('keeps text that is no code as it is, with an empty meaning', () => {
    const e = explain('not a code at all, really not');
    expect(e).toMatchObject({ code: 'not a code at all, really not', catalogued: false, meaning: '' });
  });

  it('gives names, families and phases through the same lookup', () => {
    expect(codeName('0x80072ee2')).toBe('WININET_E_TIMEOUT');
    expect(codeFamily('AADSTS50126')).toBe('aadsts');
    expect(codePhases('0x801c001d')).toEqual(['discover', 'join']);
    expect(codePhases('AADSTS50126')).toEqual([]);
  });

  it('matches a server message for a registration type in any spelling', () => {
    const match = explainServerMessage(
      'DirectoryError',
      'The device object by the given id (11111111-2222-4333-8444-555555555555) is not found.',
      'Sync',
    );
    expect(match?.expectedWhileSyncing).toBe(true);
  });
});

describe('HTTP statuses read in the phase they came in', () => {
  const meaning = (phase: 'pre-check' | 'discover' | 'auth' | 'join' | null, context?: string) =>
    explain('HTTP 400', context === undefined ? { phase } : { phase, context }).meaning;

  it('reads HTTP 400 of a discover-phase attempt as the discovery request refused, not a PRT request', () => {
    expect(meaning('discover')).toBe(
      'The discovery endpoint of the registration service (or, from Windows 10 1809, the user realm endpoint on login.microsoftonline.com) refused the discovery request as malformed. The reason is in the body of the answer, which dsregcmd does not print.',
    );
    // The status as a bare number, as `Https Status : 400` prints it, reads the same.
    expect(explain('400', { phase: 'discover' }).meaning).toBe(meaning('discover'));
    expect(explain('HTTP 400', { phase: 'discover' }).causes[1]).toBe(
      'A proxy or TLS-inspecting device that changes the request on its way.',
    );
  });

  it('says a pre-check attempt sent no request to the registration service', () => {
    expect(meaning('pre-check')).toBe(
      'The pre-check phase runs on the device before any request to the registration service, so this status is not the answer to a registration request: the client error code of the attempt says what failed.',
    );
  });

  it('keeps the auth, join and PRT readings apart, and a neutral one with no phase', () => {
    expect(meaning('auth')).toMatch(/^The token request of the computer was refused as malformed/);
    expect(meaning('join')).toMatch(/^The registration service refused the join;/);
    expect(meaning(null)).toBe(
      'The server refused the request as malformed; the reason is in the body of its answer, printed as the server error code and message beside the status.',
    );
    expect(meaning(null, 'PRT attempt')).toMatch(
      /^Entra ID or the federation service refused the PRT request;/,
    );
  });
});

describe('transport errors', () => {
  it('finds the WinHTTP number in each form of a network code, and none in other codes', () => {
    expect(transportError('0x80072ee2')).toBe(12002);
    expect(transportError('0x00002efd')).toBe(12029);
    expect(transportError('0xcaa82f8f')).toBe(12175);
    expect(transportError('ERROR_WINHTTP_TIMEOUT')).toBe(12002);
    expect(transportError('0x801c0021')).toBeNull();
    expect(transportError('0x80070002')).toBeNull();
    expect(transportError('HTTP 407')).toBeNull();
    expect(transportError('not a code')).toBeNull();
  });
});

describe('phase and registration type names', () => {
  it('reads phase names as captures, traces and events write them', () => {
    expect(
      ['pre-check', 'Pre_Check', 'PRECHECK', 'Discovery', 'authentication', 'join', 'other', ''].map(
        parsePhase,
      ),
    ).toEqual(['pre-check', 'pre-check', 'pre-check', 'discover', 'auth', 'join', null, null]);
  });

  it('reads registration types', () => {
    expect(
      ['sync', 'Managed', 'fed', 'Federated', 'fallback_sync', 'Fallback to sync', 'x'].map(
        parseRegistrationType,
      ),
    ).toEqual(['sync', 'sync', 'federated', 'federated', 'fallback_sync', 'fallback_sync', null]);
  });
});

describe('codes inside server messages', () => {
  it('finds AADSTS and MSIS codes whatever wraps them', () => {
    expect(codesInMessage('_AADSTS50126_: Error validating credentials')).toEqual(['AADSTS50126']);
    expect(codesInMessage('« AADSTS50126 : nom d’utilisateur ou mot de passe non valide »')).toEqual([
      'AADSTS50126',
    ]);
    expect(codesInMessage('エラーAADSTS50126が発生しました')).toEqual(['AADSTS50126']);
    expect(codesInMessage('"MSIS7012: An error occurred"')).toEqual(['MSIS7012']);
    expect(codesInMessage('XAADSTS50126 and 1AADSTS50126')).toEqual([]);
  });

  it('finds hex codes, WinHTTP names and server sub-codes in order', () => {
    expect(
      codesInMessage(
        'request failed 0xcaa82ee2 (ERROR_WINHTTP_TIMEOUT) then error_missing_device; see 0x80090016',
      ),
    ).toEqual(['0xcaa82ee2', '0x80072ee2', 'error_missing_device', '0x80090016']);
  });
});

describe('server sub-codes', () => {
  it('explains a missing device with what to do: leave and join again', () => {
    const e = explain('error_missing_device');
    expect(e.catalogued).toBe(true);
    expect(e.family).toBe('server');
    expect(e.steps.join(' ')).toContain('Leave and join again');
  });

  it('knows the OAuth sub-errors Entra ID returns', () => {
    expect(
      ['bad_token', 'token_expired', 'device_authentication_failed', 'user_password_expired'].map(
        (c) => explain(c).catalogued,
      ),
    ).toEqual([true, true, true, true]);
  });
});
