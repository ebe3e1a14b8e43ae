import { describe, expect, it } from 'vitest';
import type { CodeEntry } from './index.ts';
import {
  codeFromMessage,
  decodeStructure,
  findCodes,
  getEntry,
  lookupCode,
  normalizeCode,
  phasesOf,
  readingFor,
} from './index.ts';

describe('normalizeCode', () => {
  it.each([
    ['801C03F2', '0x801c03f2'],
    ['0X801C03F2', '0x801c03f2'],
    ['-2145647630', '0x801c03f2'],
    ['2149319666', '0x801c03f2'],
    ['0x2ee2', '0x00002ee2'],
    ['[0x801c0021]', '0x801c0021'],
    ['aadsts50126', 'AADSTS50126'],
    ['msis9682', 'MSIS9682'],
    ['http 503', 'HTTP 503'],
    ['DSREG_E_DIRECTORY_FAILURE', '0x801c03f2'],
    ['dsreg_e_directory_failure', '0x801c03f2'],
    ['directoryerror', 'DirectoryError'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeCode(input)).toBe(expected);
  });

  it('refuses what is not a code', () => {
    expect(normalizeCode('cafe')).toBeNull();
    expect(normalizeCode('0x1234567890')).toBeNull();
    expect(normalizeCode('-9999999999')).toBeNull();
    expect(normalizeCode('')).toBeNull();
  });
});

describe('bare decimal numbers', () => {
  it('reads a 32-bit failure value as that code', () => {
    expect(lookupCode('3399942154')).toMatchObject({ form: 'unsigned-decimal', normalized: '0xcaa7000a' });
    expect(lookupCode('-1073741715')).toMatchObject({ form: 'signed-decimal', normalized: '0xc000006d' });
  });
  it('reads a small number as a catalogued Win32 code first', () => {
    expect(lookupCode('1317').entry?.name).toBe('ERROR_NO_SUCH_USER');
    expect(lookupCode('12030').entry?.name).toBe('ERROR_WINHTTP_CONNECTION_ERROR');
  });
  it('then as an AADSTS number, then MSIS, then an HTTP status', () => {
    expect(lookupCode('50155')).toMatchObject({ form: 'aadsts', normalized: 'AADSTS50155' });
    expect(lookupCode('9683')).toMatchObject({ form: 'msis', normalized: 'MSIS9683' });
    expect(lookupCode('407')).toMatchObject({ form: 'http', normalized: 'HTTP 407' });
  });
  it('reads 8 digits as hex when that is a failure code', () => {
    expect(lookupCode('80070005').entry?.name).toBe('E_ACCESSDENIED');
  });
});

describe('readings by phase (J3)', () => {
  const timeout = getEntry('0x80072ee2') as CodeEntry;

  it('0x80072ee2 in discover is a timeout reaching discovery', () => {
    const r = readingFor(timeout, 'discover');
    expect(r.phases).toEqual(['discover']);
    expect(r.meaning).toContain('Discovery timed out');
  });
  it('0x80072ee2 in join is a timeout registering at the service', () => {
    const r = readingFor(timeout, 'join');
    expect(r.phases).toEqual(['join']);
    expect(r.meaning).toContain('join request');
  });
  it('the same code in a PRT attempt is read by context', () => {
    expect(readingFor(timeout, null, 'PRT attempt').context).toBe('PRT attempt');
  });
  it('0x801c001d reads as SCP failure in discover and as an AD read failure with event 220 in join', () => {
    const e = getEntry('0x801c001d') as CodeEntry;
    expect(readingFor(e, 'discover').meaning).toContain('SCP');
    expect(readingFor(e, 'join').context).toBe('event 220');
  });
  it('12175 has the WinINet reading in the seed context and the WinHTTP one elsewhere', () => {
    const e = getEntry('0x80072f8f') as CodeEntry;
    expect(e.name).toBe('WININET_E_DECODING_FAILED');
    expect(lookupCode('ERROR_WINHTTP_SECURE_FAILURE').normalized).toBe('0x00002f8f');
    expect(readingFor(e, 'discover').meaning).toContain('decode');
    expect(readingFor(e, null).meaning).toContain('TLS certificate');
  });
});

describe('phasesOf', () => {
  it('lists the phases a code belongs to', () => {
    expect(phasesOf('0x80072ee2')).toEqual(['discover', 'join']);
    expect(phasesOf('0x801c001d')).toEqual(['discover', 'join']);
    expect(phasesOf('0xcaa90017')).toEqual(['auth']);
    expect(phasesOf('0xc000006d')).toEqual([]);
    expect(phasesOf('0x801c0999')).toEqual([]);
  });
});

describe('the misprinted user-realm discovery code (J5)', () => {
  it('resolves the printed pair to 0x801c003d with a note', () => {
    const l = lookupCode('0x801c0021/-2145648611');
    expect(l.entry?.name).toBe('DSREG_AUTOJOIN_USERREALM_DISCOVERY_FAILED');
    expect(l.note).toContain('0x801c003d (-2145648579)');
  });
  it('each wrongly printed value resolves to its own code and says where the right one is', () => {
    const hex = lookupCode('0x801c0021');
    expect(hex.entry?.name).toBe('DSREG_AUTOJOIN_DISC_FAILED');
    expect(hex.note).toContain('0x801c003d');
    const dec = lookupCode('-2145648611');
    expect(dec.entry?.name).toBe('DSREG_AUTOJOIN_ADCONFIG_READ_FAILED');
    expect(dec.note).toContain('0x801c003d');
  });
  it('the name gives the correct value', () => {
    expect(lookupCode('DSREG_AUTOJOIN_USERREALM_DISCOVERY_FAILED').normalized).toBe('0x801c003d');
    expect(lookupCode('-2145648579').normalized).toBe('0x801c003d');
  });
  it('codes without a misprint carry no note', () => {
    expect(lookupCode('0x801c03f2').note).toBeUndefined();
  });
});

describe('decoding by structure', () => {
  it('0x8007054b is FACILITY_WIN32 with Win32 1355 ERROR_NO_SUCH_DOMAIN', () => {
    expect(decodeStructure(0x8007054b)).toEqual({
      value: '0x8007054b',
      severity: 'error',
      isNtStatus: false,
      customer: false,
      facility: 7,
      facilityName: 'WIN32',
      win32: 1355,
      win32Name: 'ERROR_NO_SUCH_DOMAIN',
      adal: null,
    });
  });
  it('0xcaa82ee2 is the ADAL internet group carrying WinHTTP 12002', () => {
    const s = decodeStructure(0xcaa82ee2);
    expect(s.isNtStatus).toBe(false);
    expect(s.severity).toBe('error');
    expect(s.adal).toEqual({
      group: '0xcaa8',
      groupName: 'internet error (WinHTTP/WinINet code in the low word)',
      win32: 12002,
    });
    expect(s.win32Name).toBe('ERROR_WINHTTP_TIMEOUT');
  });
  it('0xcaa30190 is the ADAL HTTP status group', () => {
    expect(decodeStructure(0xcaa30190).adal?.groupName).toBe('HTTP status (status code in the low word)');
  });
  it('0xc000006d is an NTSTATUS error', () => {
    expect(decodeStructure(0xc000006d)).toMatchObject({ isNtStatus: true, severity: 'error', facility: 0 });
  });
  it('0xc00cee4f is an XmlLite HRESULT, not an NTSTATUS', () => {
    expect(decodeStructure(0xc00cee4f)).toMatchObject({ isNtStatus: false, facility: 12, severity: 'error' });
  });
  it('0xe0000001 has the customer bit', () => {
    expect(decodeStructure(0xe0000001).customer).toBe(true);
  });
  it('an uncatalogued FACILITY_WIN32 code still names its Win32 code when known', () => {
    const l = lookupCode('0x800704c7');
    expect(l.entry).toBeNull();
    expect(l.structure).toMatchObject({ facility: 7, win32: 1223 });
    const known = lookupCode('0x800704cf');
    expect(known.entry?.name).toBe('HRESULT_FROM_WIN32(ERROR_NETWORK_UNREACHABLE)');
  });
  it('an uncatalogued code says it is not catalogued by having no entry, and is still decoded', () => {
    const l = lookupCode('0x801c0999');
    expect(l).toMatchObject({ form: 'hex', normalized: '0x801c0999', entry: null });
    expect(l.structure).toMatchObject({ facility: 28, facilityName: 'DSREG', severity: 'error' });
  });
});

describe('findCodes', () => {
  it('reads the discovery test line as error and sub-error', () => {
    expect(findCodes('DRS Discovery Test : FAIL [0x801c0021/0x80072ee2]')).toEqual([
      '0x801c0021',
      '0x80072ee2',
    ]);
  });
  it('matches whole tokens only', () => {
    expect(findCodes('0x801c03f20 x0x801c03f2 0x801c03f2_b')).toEqual([]);
    expect(findCodes('AADSTS501260abc MSIS9682x')).toEqual([]);
  });
  it('reads event text: signed and unsigned decimals, AADSTS, each once in order', () => {
    const text =
      'Exit code: -2145648611. Error: 3399942154 AADSTS50126: Error validating credentials. Retry -2145648611 at 1700000000.';
    expect(findCodes(text)).toEqual(['0x801c001d', '0xcaa7000a', 'AADSTS50126']);
  });
  it('reads short hex as ADAL logs write it, and skips 0x0 (no error)', () => {
    expect(findCodes('HTTP Error : 0x0')).toEqual([]);
    expect(findCodes('AdalErrorCode: 0x2ee6; HRESULT: 0xCAA82EE2')).toEqual(['0x00002ee6', '0xcaa82ee2']);
  });
  it('ignores GUIDs and plain numbers', () => {
    expect(findCodes('DeviceId: aaaabbbb-0000-cccc-1111-dddd2222eeee, 400 requests, -42')).toEqual([]);
  });
});

describe('codeFromMessage', () => {
  it('maps the rendered message of event 304 to NTE_BAD_KEYSET', () => {
    expect(codeFromMessage('Keyset does not exist')?.name).toBe('NTE_BAD_KEYSET');
    expect(codeFromMessage('  keyset does NOT exist. ')?.name).toBe('NTE_BAD_KEYSET');
  });
  it('maps the AAD 1098 timeout text to its ADAL code', () => {
    expect(codeFromMessage('The Internet connection has timed out.')?.code).toBe('0xcaa7000a');
  });
  it('lookupCode accepts message text', () => {
    expect(lookupCode('The specified domain either does not exist or could not be contacted.')).toMatchObject(
      {
        form: 'message',
        normalized: '0x8007054b',
      },
    );
  });
  it('finds the message inside the rendered text of event 304', () => {
    expect(
      codeFromMessage('Exit code: Keyset does not exist. Server error: . Tenant type: Managed')?.name,
    ).toBe('NTE_BAD_KEYSET');
  });
  it('does not guess from a partial text', () => {
    expect(codeFromMessage('Keysets do not exist')).toBeNull();
    expect(codeFromMessage('Exit code: Keyset does not existing')).toBeNull();
    expect(codeFromMessage('Keyset')).toBeNull();
    expect(codeFromMessage('The operation')).toBeNull();
  });
});

describe('lookupCode on a copied line', () => {
  it('reads the one code in a short line', () => {
    expect(lookupCode('Client ErrorCode : 0x801c03f2').entry?.name).toBe('DSREG_E_DIRECTORY_FAILURE');
    expect(
      lookupCode('AADSTS50126: Error validating credentials due to invalid username or password.'),
    ).toMatchObject({
      form: 'aadsts',
      normalized: 'AADSTS50126',
    });
  });
  it('does not pick one of two codes', () => {
    expect(lookupCode('DRS Discovery Test : FAIL [0x801c0021/0x80072ee2]').form).toBe('unrecognized');
  });
});

describe('lookupCode never throws', () => {
  it.each([
    '',
    '   ',
    '0x',
    '-',
    'AADSTS',
    'HTTP',
    '((((',
    '0x801c0021/0x80072ee2',
    '\u0000',
    'x'.repeat(5000),
  ])('%j is unrecognized', (input) => {
    expect(lookupCode(input)).toMatchObject({ form: 'unrecognized', entry: null, normalized: null });
  });
});
