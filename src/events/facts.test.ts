import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../model/events.ts';
import { type EventFacts, factsOf, keyValueLines } from './facts.ts';
import { readEventText } from './parse/text.ts';
import { readEventXml } from './parse/xml.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/events');
const read = (name: string) => readEventXml(readFileSync(join(fixtures, name), 'utf8')).records;

function byId(records: EventRecord[], id: number): EventFacts {
  const record = records.find((r) => r.eventId === id);
  if (!record) throw new Error(`event ${id} missing from the fixture`);
  return factsOf(record);
}

/** The facts that matter, without the empty ones, so each expectation states exactly what is set. */
function set(f: EventFacts): Record<string, unknown> {
  const { definition, ...rest } = f;
  return Object.fromEntries(
    Object.entries(rest).filter(
      ([k, v]) => k !== 'debug' && v !== null && !(Array.isArray(v) && v.length === 0),
    ),
  );
}

describe('User Device Registration events', () => {
  const udr = read('udr-admin.wevtutil.xml');

  it('201: discovery failure in the discover phase, signed exit code to hex', () => {
    expect(set(byId(udr, 201))).toEqual({ phase: 'discover', exitCode: '0x801c0021', codes: ['0x801c0021'] });
  });

  it('204: join-phase error with HTTP status and the DRS error body', () => {
    expect(set(byId(udr, 204))).toEqual({
      phase: 'join',
      exitCode: '0x801c03f2',
      serverErrorCode: 'DirectoryError',
      serverMessage: 'The device object by the given id (bbbbcccc-1111-dddd-2222-eeee3333ffff) is not found.',
      httpStatus: 400,
      activityId: 'eeee4444-ffff-5555-aaaa-6666bbbb7777',
      codes: ['0x801c03f2', 'DirectoryError'],
    });
  });

  it('220: the Win32 error as an HRESULT', () => {
    expect(set(byId(udr, 220))).toEqual({ exitCode: '0x80070525', codes: ['0x80070525'] });
  });

  it('304: phase from DebugOutput errorPhase, tenant and registration type, no ADAL code for 0x0', () => {
    const f = byId(udr, 304);
    expect(set(f)).toEqual({
      phase: 'join',
      exitCode: '0x801c03f2',
      serverErrorCode: 'DirectoryError',
      serverMessage: 'The device object by the given id (bbbbcccc-1111-dddd-2222-eeee3333ffff) is not found.',
      tenantType: 'Managed',
      registrationType: 'sync',
      codes: ['0x801c03f2', 'DirectoryError'],
    });
    expect(f.debug).toMatchObject({
      errorphase: 'join',
      drsinstance: 'azure',
      tenantid: 'aaaabbbb-0000-cccc-1111-dddd2222eeee',
    });
  });

  it('304: errorPhase in DebugOutput overrides the event’s own phase', () => {
    const record = udr.find((r) => r.eventId === 304) as EventRecord;
    const auth = {
      ...record,
      data: { ...record.data, DebugOutput: 'errorPhase: auth\nadalResponseCode: 0xcaa90017\n' },
    };
    expect(factsOf(auth)).toMatchObject({
      phase: 'auth',
      adalCode: '0xcaa90017',
      codes: ['0x801c03f2', '0xcaa90017', 'DirectoryError'],
    });
  });

  it('305: authentication phase, ADAL WinHTTP code to HRESULT, the ADAL message and correlation', () => {
    expect(set(byId(udr, 305))).toEqual({
      phase: 'auth',
      exitCode: '0xcaa82ee2',
      adalCode: '0x80072ee6',
      serverMessage: 'Network error.',
      correlationId: 'dddd3333-eeee-4444-ffff-5555aaaa6666',
      tenantType: 'Federated',
      tenantName: 'contoso.com',
      codes: ['0xcaa82ee2', '0x80072ee6'],
    });
  });

  it('307: SCP lookup failure in the discover phase', () => {
    expect(set(byId(udr, 307))).toEqual({ phase: 'discover', exitCode: '0x801c001d', codes: ['0x801c001d'] });
  });

  it('331 / 335 / 306 / 500: no failure facts', () => {
    for (const id of [331, 335, 306, 500]) expect(set(byId(udr, id))).toEqual({});
    expect(byId(udr, 331).debug).toMatchObject({ prejoinresult: 'Join' });
  });

  it('334: the pre-check phase', () => {
    expect(set(byId(udr, 334))).toEqual({ phase: 'pre-check' });
  });

  it('344 / 345: the NTE code of the device key', () => {
    expect(set(byId(udr, 344))).toEqual({ exitCode: '0x80090016', codes: ['0x80090016'] });
    expect(set(byId(udr, 345))).toEqual({ exitCode: '0x80090016', codes: ['0x80090016'] });
  });

  it('360 / 362: definitions with the prerequisite fields', () => {
    expect(byId(udr, 360).definition?.fields).toContain('AADPrt');
    expect(byId(udr, 362).definition?.fields).toContain('ADFSRaReady');
  });

  it('502: a code inside the free text is still reported', () => {
    expect(set(byId(udr, 502))).toEqual({ codes: ['0x801c0003'] });
  });
});

describe('AAD events', () => {
  const aad = read('aad.saved.xml');
  const endpoint = 'https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/oauth2/token';

  it('1006: start of PRT acquisition', () => {
    expect(set(byId(aad, 1006))).toEqual({});
    expect(byId(aad, 1006).definition?.summary).toMatch(/started acquiring a Primary Refresh Token/);
  });
  it('1007: the final PRT status (HexInt32)', () => {
    expect(set(byId(aad, 1007))).toEqual({ exitCode: '0xc000006d', codes: ['0xc000006d'] });
  });
  it('1022: the endpoint', () => {
    expect(set(byId(aad, 1022))).toEqual({ endpoint });
  });
  it('1025: HTTP status, endpoint and correlation', () => {
    expect(set(byId(aad, 1025))).toEqual({
      httpStatus: 400,
      endpoint,
      correlationId: 'ffff5555-aaaa-6666-bbbb-7777cccc8888',
    });
  });
  it('1081: OAuth error and the AADSTS code of its description', () => {
    expect(set(byId(aad, 1081))).toMatchObject({
      serverErrorCode: 'invalid_grant',
      aadsts: ['AADSTS50126'],
      correlationId: 'ffff5555-aaaa-6666-bbbb-7777cccc8888',
      codes: ['AADSTS50126', 'invalid_grant'],
    });
  });
  it('1084: the transport error as an HRESULT and the target', () => {
    expect(set(byId(aad, 1084))).toEqual({
      exitCode: '0x80072efd',
      endpoint: 'https://adfs.contoso.com/adfs/services/trust/13/usernamemixed',
      codes: ['0x80072efd'],
    });
  });
  it('1088: the WS-Trust error text, and the MSIS code it names', () => {
    expect(set(byId(aad, 1088))).toEqual({
      serverErrorCode: 's:Sender',
      serverMessage: 'MSIS3127: The specified request failed.',
      codes: ['MSIS3127'],
    });
  });
  it('1097: UInt32 decimal Error to the ADAL code', () => {
    expect(set(byId(aad, 1097))).toEqual({
      exitCode: '0xcaa7000a',
      adalCode: '0xcaa7000a',
      serverMessage: 'The Internet connection has timed out.',
      codes: ['0xcaa7000a'],
    });
  });
  it('1098: ADAL code, OAuth code, AADSTS, token endpoint and request correlation', () => {
    expect(set(byId(aad, 1098))).toEqual({
      exitCode: '0xcaa2000c',
      adalCode: '0xcaa2000c',
      serverErrorCode: 'interaction_required',
      serverMessage: expect.stringMatching(/^AADSTS50076: /),
      aadsts: ['AADSTS50076'],
      endpoint: 'https://login.microsoftonline.com/common/oauth2/token',
      correlationId: '2222bbbb-3333-cccc-4444-dddd5555eeee',
      codes: ['0xcaa2000c', 'AADSTS50076', 'interaction_required'],
    });
  });
  it('1104: UInt32 result to hex', () => {
    expect(set(byId(aad, 1104))).toEqual({ exitCode: '0xc004844c', codes: ['0xc004844c'] });
  });
  it('1144: the UPN is the 2nd value, named or not', () => {
    expect(set(byId(aad, 1144))).toEqual({ upn: 'user@contoso.com' });
    expect(set(byId(read('unnamed-data.xml'), 1144))).toEqual({ upn: 'user@contoso.com' });
  });
});

describe('Workplace Join events (down-level)', () => {
  const wpj = read('wpj-win7.wevtutil.xml');
  const contract =
    'https://enterpriseregistration.windows.net/contoso.com/enrollmentserver/contract?api-version=1.0';
  const service =
    'https://enterpriseregistration.windows.net/EnrollmentServer/DeviceEnrollmentWebService.svc';

  it('recognises the Windows 7 channel name', () => {
    expect(wpj[0]?.channel).toBe('Microsoft-Workplace Join/Admin');
    expect(byId(wpj, 100).definition?.source).toBe('wpj');
  });
  it.each([
    [100, { activityId: 'aaaa1111-bbbb-2222-cccc-3333dddd4444' }],
    [101, { endpoint: contract }],
    [
      102,
      {
        phase: 'discover',
        exitCode: '0x80072ee7',
        serverMessage: 'The server name or address could not be resolved',
        endpoint: contract,
        codes: ['0x80072ee7'],
      },
    ],
    [
      103,
      {
        phase: 'discover',
        httpStatus: 503,
        endpoint: contract,
        correlationId: 'bbbb2222-cccc-3333-dddd-4444eeee5555',
      },
    ],
    [
      104,
      {
        exitCode: '0x80070005',
        endpoint: 'https://autologon.microsoftazuread-sso.com',
        codes: ['0x80070005'],
      },
    ],
    [
      200,
      {
        phase: 'join',
        exitCode: '0x8018000a',
        serverMessage: 'The user has reached the maximum number of devices.',
        endpoint: service,
        activityId: 'cccc3333-dddd-4444-eeee-5555ffff6666',
        codes: ['0x8018000a'],
      },
    ],
    [201, { endpoint: service, activityId: 'dddd4444-eeee-5555-ffff-6666aaaa7777' }],
    [
      300,
      {
        exitCode: '0x80070002',
        serverMessage: 'The system cannot find the file specified.',
        codes: ['0x80070002'],
      },
    ],
    [301, {}],
    [
      400,
      {
        exitCode: '0x8018000a',
        serverErrorCode: '0x8018000a',
        serverMessage: 'The user has reached the maximum number of devices.',
        codes: ['0x8018000a'],
      },
    ],
  ])('%i', (id, expected) => {
    expect(set(byId(wpj, id))).toEqual(expected);
  });
});

describe('keyValueLines', () => {
  it('reads DebugOutput and ServerErrorMessage lists', () => {
    expect(keyValueLines('AdalMessage: Network error.\r\nAdalErrorCode: 0x2ee6\r\nAdalLog:\r\n')).toEqual({
      adalmessage: 'Network error.',
      adalerrorcode: '0x2ee6',
      adallog: '',
    });
  });
});

describe('an AAD error that wraps another', () => {
  it('1098 0xCAA5001C: the code inside its text follows the event’s own', () => {
    const record: EventRecord = {
      channel: 'Microsoft-Windows-AAD/Operational',
      provider: 'Microsoft-Windows-AAD',
      eventId: 1098,
      level: 'error',
      time: '2021-10-14T08:02:11.000Z',
      recordNumber: null,
      computer: 'PC-0142.contoso.com',
      data: {
        Error: '0xCAA5001C',
        ErrorMessage: 'Token broker operation failed.',
        AdditionalInformation:
          "Operation name: GetTokenSilently, Error: -895418359 (0xcaa10009), Description: The value specified for 'clientId' must be non-empty.",
      },
      message: null,
      activityId: null,
      origin: null,
    };
    expect(factsOf(record).codes).toEqual(['0xcaa5001c', '0xcaa10009']);
  });
});

describe('KDC proxy events read from event XML (no rendered message)', () => {
  const xml = (data: string) =>
    `<Events><Event><System><Provider Name="Microsoft-Windows-Kerberos-KdcProxy"/><EventID>103</EventID><Level>2</Level><TimeCreated SystemTime="2025-03-02T09:14:07.000Z"/><Channel>Microsoft-Windows-Kerberos-KdcProxy/Operational</Channel><Computer>KDCPROXY01.contoso.com</Computer></System><EventData>${data}</EventData></Event></Events>`;

  it('103: the Win32 error code of a named field is its HRESULT; the locator flags are no code', () => {
    const [record] = readEventXml(
      xml(
        '<Data Name="TargetDomain">contoso.com</Data><Data Name="Flags">0x40001010</Data><Data Name="ErrorCode">1355</Data>',
      ),
    ).records;
    expect(record && set(factsOf(record))).toEqual({ exitCode: '0x8007054b', codes: ['0x8007054b'] });
  });

  it('103: unnamed data is read in template order', () => {
    const [record] = readEventXml(
      xml('<Data>contoso.com</Data><Data>0x40001010</Data><Data>1355</Data>'),
    ).records;
    expect(record && set(factsOf(record))).toEqual({ exitCode: '0x8007054b', codes: ['0x8007054b'] });
  });
});

describe('codes written in pasted message text', () => {
  const pasted = (name: string) =>
    readEventText(readFileSync(join(fixtures, name), 'utf8')).records.map((r) => [
      r.eventId,
      set(factsOf(r)),
    ]);

  it('reads a decimal exit code, an HRESULT_FROM_NT error with its NTSTATUS, MSIS and sub-error codes', () => {
    expect(pasted('paste-codes-in-text.txt')).toEqual([
      [
        204,
        {
          phase: 'join',
          exitCode: '0x801c03f2',
          httpStatus: 400,
          activityId: '00000000-0000-0000-0000-000000000011',
          codes: ['0x801c03f2'],
        },
      ],
      [
        1098,
        {
          exitCode: '0xd000006d',
          adalCode: '0xd000006d',
          serverMessage: 'An unexpected error occurred.',
          codes: ['0xd000006d', '0xc000006d'],
        },
      ],
      [1088, { serverErrorCode: 's:Sender', serverMessage: 'MSIS7068: Access denied.', codes: ['MSIS7068'] }],
      [248, { exitCode: '0x801c03f3', codes: ['0x801c03f3', 'invalid_request', 'error_missing_device'] }],
    ]);
  });

  it('reads 305 labels in any order, and the codes of its AdalLog line', () => {
    expect(pasted('paste-305-labels-reordered.txt')).toEqual([
      [
        305,
        {
          phase: 'auth',
          exitCode: '0xcaa10001',
          adalCode: '0x4aa50081',
          serverMessage: 'Need user interaction to continue',
          correlationId: '00000000-0000-0000-0000-000000000009',
          tenantType: 'Federated',
          tenantName: 'contoso.com',
          codes: ['0xcaa10001', '0x4aa50081', '0xcaa90014', 'MSIS7068', 'AADSTS50107'],
        },
      ],
    ]);
  });

  it('keeps the sub-error of an event we have no record of (262 in XML)', () => {
    const xml = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration"/><EventID>262</EventID><Level>2</Level><Channel>Microsoft-Windows-User Device Registration/Admin</Channel></System><EventData><Data Name="ExitCode">-2145647629</Data><Data Name="HttpStatus">400</Data><Data Name="ErrorCode">invalid_request</Data><Data Name="ErrorSubcode">error_missing_device</Data><Data Name="ServerMessage">AADSTS700003: Device object was not found in the tenant 'contoso' directory.</Data></EventData></Event>`;
    const [record] = readEventXml(xml).records;
    expect(record && factsOf(record).codes).toEqual([
      '0x801c03f3',
      'invalid_request',
      'error_missing_device',
      'AADSTS700003',
    ]);
  });
});

describe('a failure whose message names its code under another label', () => {
  it('takes the code written in the message when no field holds one', () => {
    const record = readEventText(
      [
        'Source: Microsoft-Windows-User Device Registration',
        'Event ID: 201',
        'Level: Error',
        'Description:',
        'The discovery operation callback failed. Error code: -2145648607.',
      ].join('\n'),
    ).records[0];
    expect(record && set(factsOf(record))).toEqual({
      phase: 'discover',
      exitCode: '0x801c0021',
      codes: ['0x801c0021'],
    });
  });
});
