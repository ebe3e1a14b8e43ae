import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildCapture,
  deviceReport,
  finding,
  verdict,
  wrapReports,
} from '../../test/fixtures/render/build.ts';
import type { DsregCapture } from '../model/capture.ts';
import { readCaptures } from '../read/index.ts';
import { createRedactor, learnEvents, redactCaptureText, redactReport } from './index.ts';

describe('createRedactor().text', () => {
  it('replaces tenant GUIDs inside Microsoft URLs but keeps the endpoint', () => {
    const r = createRedactor();
    expect(
      r.text('https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/oauth2/token'),
    ).toBe('https://login.microsoftonline.com/00000000-0000-4000-8000-000000000001/oauth2/token');
  });

  it('gives the same value the same pseudonym, wherever it appears', () => {
    const r = createRedactor();
    const a = r.text('Request Id aaaa0000-bb11-2222-33cc-444444dddddd');
    const b = r.text(
      'retry of aaaa0000-bb11-2222-33cc-444444dddddd after 0000aaaa-11bb-cccc-dd22-eeeeee333333',
    );
    expect(a).toBe('Request Id 00000000-0000-4000-8000-000000000001');
    expect(b).toBe(
      'retry of 00000000-0000-4000-8000-000000000001 after 00000000-0000-4000-8000-000000000002',
    );
  });

  it('keeps an upper-case GUID in braces upper-case, and leaves the well-known WAM provider GUID', () => {
    const r = createRedactor();
    expect(r.text('{C0FFEE00-1234-4ABC-9DEF-00112233AABB}')).toBe('{00000000-0000-4000-8000-000000000001}');
    expect(r.text('{B16898C6-A148-4967-9171-64D755DA8520} (AzureAd)')).toBe(
      '{B16898C6-A148-4967-9171-64D755DA8520} (AzureAd)',
    );
  });

  it('keeps the masked parts of a GUID someone partly hid, and replaces the visible ones', () => {
    const r = createRedactor();
    expect(
      r.text('The device object by the given id (e92325d0-xxxx-xxxx-xxxx-94ae875d5245) is not found.'),
    ).toBe('The device object by the given id (00000000-xxxx-xxxx-xxxx-000000000001) is not found.');
  });

  it('turns UPNs into userN@domainN.example, consistently per user and per domain', () => {
    const r = createRedactor();
    expect(r.text('adele.vance@fabrikam.com, megan@fabrikam.com, adele.vance@fabrikam.com')).toBe(
      'user1@domain1.example, user2@domain1.example, user1@domain1.example',
    );
  });

  it('replaces a 40-hex thumbprint with a thumbprint-shaped value of the same case', () => {
    const r = createRedactor();
    expect(r.text('9F3C2A7B1E0D4C6A8B5F7E2D1C0B9A8F7E6D5C4B')).toBe(
      '0000000000000000000000000000000000000001',
    );
    expect(r.text('9F3C2A7B1E0D4C6A8B5F7E2D1C0B9A8F7E6D5C4B')).toHaveLength(40);
  });

  it('keeps codes, phases, timestamps and Microsoft hosts as they are', () => {
    const r = createRedactor();
    const line =
      'join phase 0x801c03f2 at 2024-03-14 09:16:43.000 UTC via urn:ms-drs:enterpriseregistration.windows.net (HTTP 400, AADSTS50126)';
    expect(r.text(line)).toBe(line);
  });

  it('redacts private hosts and their query values, keeping generic labels and protocol parameters', () => {
    const r = createRedactor();
    expect(r.text('https://adfs.contoso.com:443/adfs/ls?wa=wsignin1.0&username=bob&site=hq-finance')).toBe(
      'https://adfs.domain1.example:443/adfs/ls?wa=wsignin1.0&username=id1&site=id2',
    );
    expect(r.text('Proxy: proxy.corp.contoso.com:8080')).toBe('Proxy: proxy.host1.domain1.example:8080');
  });

  it('keeps a tenant label in front of onmicrosoft.com so the shape stays recognisable', () => {
    const r = createRedactor();
    expect(r.text('admin@contoso.onmicrosoft.com')).toBe('user1@domain1.onmicrosoft.com');
  });

  it('hides learned names (device, tenant, NetBIOS domain, user) in free text, whole words only', () => {
    const r = createRedactor();
    r.learn('device', 'WS-FIN-0042.corp.contoso.com');
    r.learn('tenant', 'Fabrikam Research');
    r.learn('netbios', 'CONTOSO');
    r.learn('user', 'megan.bowen');
    expect(
      r.text('WS-FIN-0042 of Fabrikam Research: CONTOSO\\megan.bowen, on ws-fin-0042.corp.contoso.com'),
    ).toBe('DEVICE1 of tenant1: DOMAIN1\\user1, on device1.host1.domain1.example');
    expect(r.text('CONTOSOLAB is another word')).toBe('CONTOSOLAB is another word');
  });

  it('does not learn placeholder words that name nothing', () => {
    const r = createRedactor();
    r.learn('netbios', 'WORKGROUP');
    r.learn('tenant', 'NO');
    r.learn('domain', 'windows.net');
    expect(r.text('WORKGROUP NO login.windows.net')).toBe('WORKGROUP NO login.windows.net');
  });

  it('with a salt, agrees across runs and differs from another salt', () => {
    const one = createRedactor({ salt: 'pepper' }).text(
      'user@contoso.com 11112222-aaaa-4bbb-8ccc-333344445555',
    );
    const two = createRedactor({ salt: 'pepper' }).text(
      'user@contoso.com 11112222-aaaa-4bbb-8ccc-333344445555',
    );
    const other = createRedactor({ salt: 'salt' }).text(
      'user@contoso.com 11112222-aaaa-4bbb-8ccc-333344445555',
    );
    expect(one).toBe(two);
    expect(one).not.toBe(other);
    expect(one).toMatch(
      /^user-[0-9a-f]{16}@domain-[0-9a-f]{16}\.example [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('without a salt, numbers pseudonyms in order of first sight', () => {
    const r = createRedactor();
    expect(r.text('b@fabrikam.com a@contoso.com')).toBe('user1@domain1.example user2@domain2.example');
  });
});

describe('redactReport', () => {
  const capture = buildCapture([
    { section: 'device-state', name: 'DomainName', raw: 'CONTOSO' },
    { section: 'device-state', name: 'Device Name', raw: 'WS-FIN-0042.corp.contoso.com' },
    {
      section: 'device-details',
      name: 'DeviceId',
      raw: '11112222-aaaa-4bbb-8ccc-333344445555',
      value: { kind: 'guid', guid: '11112222-aaaa-4bbb-8ccc-333344445555', provider: null },
    },
    { section: 'tenant-details', name: 'TenantName', raw: 'Fabrikam Research' },
    {
      section: 'diagnostic-data',
      name: 'Executing Account Name',
      raw: 'CONTOSO\\megan.bowen, megan.bowen@contoso.com',
    },
    {
      section: 'diagnostic-data',
      name: 'Client ErrorCode',
      raw: '0x801c03f2',
      value: { kind: 'code', code: '0x801c03f2' },
    },
  ]);
  const report = wrapReports([
    deviceReport(
      'captures/WS-FIN-0042.txt',
      capture,
      verdict({
        health: 'failing',
        failedPhase: 'join',
        errorCode: '0x801c03f2',
        summary: 'WS-FIN-0042 is not yet hybrid joined to Fabrikam Research.',
      }),
      [
        finding({
          id: 'sync-join-device-not-found',
          title: 'Device 11112222-aaaa-4bbb-8ccc-333344445555 not found',
          codes: ['0x801c03f2', 'DirectoryError'],
          evidence: [
            { field: 'DeviceId', value: '11112222-aaaa-4bbb-8ccc-333344445555', line: 7, scope: null },
          ],
          steps: ['Check that WS-FIN-0042 is in the Entra Connect sync scope of corp.contoso.com.'],
        }),
      ],
    ),
  ]);
  const redacted = redactReport(report, createRedactor());
  const json = JSON.stringify(redacted);

  it('leaves no identifier of the device, user, tenant or domain anywhere in the report', () => {
    for (const original of [
      'CONTOSO',
      'WS-FIN-0042',
      'contoso.com',
      '11112222-aaaa',
      'Fabrikam',
      'megan',
      'bowen',
    ]) {
      expect(json.toLowerCase()).not.toContain(original.toLowerCase());
    }
  });

  it('uses the same pseudonym in the capture, the verdict, the findings and the source', () => {
    const r = redacted.reports[0]!;
    expect(r.source.path).toBe('captures/DEVICE1.txt');
    expect(r.verdict.summary).toBe('DEVICE1 is not yet hybrid joined to tenant1.');
    expect(r.findings[0]!.title).toBe('Device 00000000-0000-4000-8000-000000000001 not found');
    expect(r.findings[0]!.evidence[0]!.value).toBe('00000000-0000-4000-8000-000000000001');
    expect(r.findings[0]!.steps[0]).toBe(
      'Check that DEVICE1 is in the Entra Connect sync scope of host1.domain1.example.',
    );
    const fields = r.capture!.sections.flatMap((s) => s.fields);
    expect(fields.map((f) => f.raw)).toEqual([
      'DOMAIN1',
      'DEVICE1.host1.domain1.example',
      '00000000-0000-4000-8000-000000000001',
      'tenant1',
      'DOMAIN1\\user1, user1@domain1.example',
      '0x801c03f2',
    ]);
    expect(fields[2]!.value).toEqual({
      kind: 'guid',
      guid: '00000000-0000-4000-8000-000000000001',
      provider: null,
    });
  });

  it('keeps codes, phase and health', () => {
    const r = redacted.reports[0]!;
    expect(r.verdict).toMatchObject({ health: 'failing', failedPhase: 'join', errorCode: '0x801c03f2' });
    expect(r.findings[0]!.codes).toEqual(['0x801c03f2', 'DirectoryError']);
  });

  it('does not change the report it was given', () => {
    expect(report.reports[0]!.capture!.sections[0]!.fields[0]!.raw).toBe('CONTOSO');
  });
});

describe('redacting the account a capture ran under', () => {
  it('keeps the built-in accounts that tell the capture context, and hides a real one', () => {
    const r = createRedactor();
    const capture = buildCapture([
      { section: 'diagnostic-data', name: 'Executing Account Name', raw: 'NT AUTHORITY\\SYSTEM, ' },
      { section: 'diagnostic-data', name: 'User Identity', raw: 'AzureAD\\AdeleVance' },
    ]);
    const out = redactReport(wrapReports([deviceReport('status.txt', capture, verdict({}), [])]), r);
    const raws = out.reports[0]!.capture!.sections.flatMap((s) => s.fields.map((f) => f.raw));
    expect(raws).toEqual(['NT AUTHORITY\\SYSTEM, ', 'AzureAD\\user1']);
  });
});

describe('redacting SIDs', () => {
  it('replaces the domain part of a SID and keeps the well-known RID', () => {
    const r = createRedactor();
    expect(
      r.text(
        'UserSid S-1-5-21-3623811015-3361044348-30300820-1013, admin S-1-5-21-3623811015-3361044348-30300820-500, S-1-5-18',
      ),
    ).toBe(
      'UserSid S-1-5-21-1000000000-1000000000-1000000001-1013, admin S-1-5-21-1000000000-1000000000-1000000001-500, S-1-5-18',
    );
  });
});

describe('redacting event records', () => {
  it('replaces computer, user, tenant and ids in records and timeline, keeping ids, levels and times', () => {
    const report = wrapReports([
      {
        source: { path: 'udr.evtx', kind: 'events', document: 0, records: 1, skipped: [] },
        capture: null,
        verdict: verdict({ joinState: 'unknown', health: 'failing', summary: 'WS-FIN-0042 failed to join.' }),
        findings: [],
        events: [
          {
            channel: 'Microsoft-Windows-User Device Registration/Admin',
            provider: 'Microsoft-Windows-User Device Registration',
            eventId: 304,
            level: 'error',
            time: '2024-03-14T09:16:43.000Z',
            recordNumber: 88,
            computer: 'WS-FIN-0042.corp.contoso.com',
            data: {
              UserName: 'CONTOSO\\megan.bowen',
              TenantId: 'aaaabbbb-0000-cccc-1111-dddd2222eeee',
              ErrorCode: '0x801c03f2',
            },
            message:
              'Automatic registration failed at join phase for megan.bowen on WS-FIN-0042. Exit code: 0x801c03f2.',
            activityId: '{0000AAAA-11BB-CCCC-DD22-EEEEEE333333}',
            origin: 'record 88',
          },
        ],
        timeline: [
          {
            time: '2024-03-14T09:16:43.000Z',
            what: 'event 304',
            summary: 'Join failed on WS-FIN-0042',
            codes: ['0x801c03f2'],
          },
        ],
      },
    ]);
    const out = redactReport(report, createRedactor()).reports[0]!;
    expect(out.events![0]).toEqual({
      ...report.reports[0]!.events![0],
      computer: 'DEVICE1.host1.domain1.example',
      data: {
        UserName: 'DOMAIN1\\user1',
        TenantId: '00000000-0000-4000-8000-000000000001',
        ErrorCode: '0x801c03f2',
      },
      message: 'Automatic registration failed at join phase for user1 on DEVICE1. Exit code: 0x801c03f2.',
      activityId: '{00000000-0000-4000-8000-000000000002}',
    });
    expect(out.timeline![0]!.summary).toBe('Join failed on DEVICE1');
    expect(out.verdict.summary).toBe('DEVICE1 failed to join.');
  });
});

describe('redactCaptureText', () => {
  const path = join(
    import.meta.dirname,
    '..',
    '..',
    'test',
    'fixtures',
    'render',
    'hybrid-sync-join-pending.txt',
  );
  const original = readFileSync(path, 'utf8');
  const captures = readCaptures(original);
  const redacted = redactCaptureText(original, captures, createRedactor());
  const before = original.split('\r\n');
  const after = redacted.split('\r\n');

  it('keeps every line, line ending, header and field name where it was', () => {
    expect(after).toHaveLength(before.length);
    before.forEach((line, i) => {
      const colon = line.indexOf(' : ');
      expect(after[i]!.slice(0, colon < 0 ? 0 : colon + 3)).toBe(line.slice(0, colon < 0 ? 0 : colon + 3));
      if (colon < 0 && !line.includes('http')) expect(after[i]).toBe(line);
    });
  });

  it('replaces the identifiers and nothing else', () => {
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line.trim(), after[i]!.trim()]]));
    expect(changed).toEqual([
      ['DomainName : CONTOSO', 'DomainName : DOMAIN1'],
      ['Device Name : WS-FIN-0042.corp.contoso.com', 'Device Name : DEVICE1.host1.domain1.example'],
      [
        'Executing Account Name : CONTOSO\\megan.bowen, megan.bowen@contoso.com',
        'Executing Account Name : DOMAIN1\\user1, user1@domain1.example',
      ],
      [
        'Server Message : The device object by the given id (aaaa1111-bbbb-4ccc-8ddd-eeee2222ffff) is not found.',
        'Server Message : The device object by the given id (00000000-0000-4000-8000-000000000001) is not found.',
      ],
      [
        'Request Id : 0000aaaa-11bb-cccc-dd22-eeeeee333333',
        'Request Id : 00000000-0000-4000-8000-000000000002',
      ],
      [
        'Auto-Configuration URL : http://wpad.corp.contoso.com/proxy.pac?site=hq-finance',
        'Auto-Configuration URL : http://wpad.host1.domain1.example/proxy.pac?site=id1',
      ],
      [
        'Proxy Server List : proxy.corp.contoso.com:8080',
        'Proxy Server List : proxy.host1.domain1.example:8080',
      ],
      ['Proxy Bypass List : *.contoso.com;<local>', 'Proxy Bypass List : *.domain1.example;<local>'],
    ]);
  });

  it('reads back to the same fields in the same places', () => {
    const shape = (c: DsregCapture[]) =>
      c.flatMap((capture) =>
        capture.sections.flatMap((s) => s.fields.map((f) => `${s.id} ${f.line} ${f.name} ${f.value.kind}`)),
      );
    expect(shape(readCaptures(redacted))).toEqual(shape(captures));
  });
});

describe('percent-encoded identifiers in URLs', () => {
  it('redacts an encoded UPN as the address it encodes, with the pseudonyms of its plain form', () => {
    const r = createRedactor();
    const redacted = r.text(
      'Endpoint URI : https://login.microsoftonline.com/common/oauth2/token?login_hint=user%40contoso.com, User Identity : user@contoso.com',
    );
    expect(redacted).toBe(
      'Endpoint URI : https://login.microsoftonline.com/common/oauth2/token?login_hint=user1%40domain1.example, User Identity : user1@domain1.example',
    );
    const url = new URL(redacted.slice('Endpoint URI : '.length, redacted.indexOf(',')));
    expect(url.searchParams.get('login_hint')).toBe('user1@domain1.example');
  });

  it('hides the local part of an encoded user name sent to a federation server', () => {
    const r = createRedactor();
    expect(
      r.text(
        'https://adfs.woodgrovebank.com/adfs/ls/?wa=wsignin1.0&username=jane.doe%40woodgrovebank.com&client-request-id=aaaa0000-bb11-2222-33cc-444444dddddd for jane.doe@woodgrovebank.com',
      ),
    ).toBe(
      'https://adfs.domain1.example/adfs/ls/?wa=wsignin1.0&username=user1%40domain1.example&client-request-id=00000000-0000-4000-8000-000000000001 for user1@domain1.example',
    );
  });

  it('redacts a URL encoded inside a query value, and encodes it again', () => {
    const r = createRedactor();
    expect(
      r.text(
        'https://login.microsoftonline.com/common/oauth2/authorize?redirect_uri=https%3A%2F%2Fsts.contoso.com%2Fadfs%2Fls%2F&client_id=29d9ed98-a469-4536-ade2-f981bc1d605e',
      ),
    ).toBe(
      'https://login.microsoftonline.com/common/oauth2/authorize?redirect_uri=https%3A%2F%2Fsts.domain1.example%2Fadfs%2Fls%2F&client_id=29d9ed98-a469-4536-ade2-f981bc1d605e',
    );
  });

  it('keeps a placeholder typed in place of the server, which is masked already', () => {
    const r = createRedactor();
    expect(r.text('AuthCodeUrl : https://[ADFS-Server]/adfs/oauth2/authorize')).toBe(
      'AuthCodeUrl : https://[ADFS-Server]/adfs/oauth2/authorize',
    );
  });

  it('decodes path segments and fragments too', () => {
    const r = createRedactor();
    expect(
      r.text(
        'https://contoso.example.com/users/megan.bowen%40contoso.com/profile#login_hint=megan.bowen%40contoso.com',
      ),
    ).toBe(
      'https://host1.domain1.example/users/user1%40domain2.example/profile#login_hint=user1%40domain2.example',
    );
  });

  it('leaves escapes that do not decode as they were written', () => {
    const r = createRedactor();
    expect(
      r.text(
        'https://login.microsoftonline.com/common/oauth2/token?login_hint=user%40contoso.com%2&state=50%&x=%C3&y=%zz',
      ),
    ).toBe(
      'https://login.microsoftonline.com/common/oauth2/token?login_hint=user1%40domain1.example%2&state=50%&x=%C3&y=%zz',
    );
  });

  it('leaves URLs without identifiers byte for byte, escapes included', () => {
    const r = createRedactor();
    const url =
      'https://login.microsoftonline.com/common/oauth2/authorize?redirect_uri=ms-appx-web%3a%2f%2fMicrosoft.AAD.BrokerPlugin&prompt=login';
    expect(r.text(url)).toBe(url);
  });
});

describe('quoted e-mail addresses', () => {
  it('keeps the quotes around an address and gives it the pseudonym of the unquoted address', () => {
    const r = createRedactor();
    expect(
      r.text(
        "Server Error Description : AADSTS50034: The user account 'user@contoso.com' does not exist in the contoso.com directory. To sign into this application, user@contoso.com must be added.",
      ),
    ).toBe(
      "Server Error Description : AADSTS50034: The user account 'user1@domain1.example' does not exist in the domain1.example directory. To sign into this application, user1@domain1.example must be added.",
    );
  });

  it("still takes an apostrophe inside the local part as part of the address (o'brien@)", () => {
    const r = createRedactor();
    expect(r.text("Signed in as 'o'brien@contoso.com' and o'brien@contoso.com")).toBe(
      "Signed in as 'user1@domain1.example' and user1@domain1.example",
    );
  });
});

describe('accounts and profile folders named only in free text', () => {
  it('hides both parts of DOMAIN\\user, and the user wherever else the text names them', () => {
    const r = createRedactor();
    expect(
      r.text(
        'Server Message : The user WOODGROVE\\jdoe.smith is not allowed to join devices (CONTOSO\\msmith.); jdoe.smith must ask an administrator.',
      ),
    ).toBe(
      'Server Message : The user DOMAIN1\\user1 is not allowed to join devices (DOMAIN2\\user2.); user1 must ask an administrator.',
    );
  });

  it('keeps Windows principals, registry keys and paths, and redacts machine, Entra and DNS-domain accounts', () => {
    const r = createRedactor();
    expect(
      r.text(
        'Server Error Description : run as NT AUTHORITY\\SYSTEM, BUILTIN\\Administrators and CONTOSO\\PC-0177$ by AzureAD\\AdeleVance and corp.contoso.com\\msmith; key HKLM\\SOFTWARE\\Policies, file C:\\WINDOWS\\system32\\dsreg.dll, %SYSTEMROOT%\\System32',
      ),
    ).toBe(
      'Server Error Description : run as NT AUTHORITY\\SYSTEM, BUILTIN\\Administrators and DOMAIN1\\DEVICE1$ by AzureAD\\user1 and host1.domain1.example\\user2; key HKLM\\SOFTWARE\\Policies, file C:\\WINDOWS\\system32\\dsreg.dll, %SYSTEMROOT%\\System32',
    );
  });

  it('redacts an account in JSON text, where the backslash is doubled', () => {
    const r = createRedactor();
    expect(r.text('{"ErrorType":"AuthorizationError","Message":"CONTOSO\\\\msmith is not allowed"}')).toBe(
      '{"ErrorType":"AuthorizationError","Message":"DOMAIN1\\\\user1 is not allowed"}',
    );
    const escapes = '{"Message":"ERROR\\nRetry later","Detail":"CAFE\\u00e9"}';
    expect(r.text(escapes)).toBe(escapes);
  });

  it('replaces the user of a profile folder, in a prompt and in a path, keeping the built-in folders', () => {
    const r = createRedactor();
    expect(r.text('PS C:\\Users\\jdoe.smith> dsregcmd /status')).toBe(
      'PS C:\\Users\\user1> dsregcmd /status',
    );
    expect(
      r.text(
        'Log C:\\Users\\John Smith\\AppData\\Local\\Temp\\dsreg.log; C:\\Users\\Public\\Desktop, C:\\Users\\Default, C:\\Documents and Settings\\All Users, C:\\Users\\defaultuser0 and C:\\Users\\Administrator.CONTOSO\\Desktop by jdoe.smith in C:\\Users\\jdoe.smith.',
      ),
    ).toBe(
      'Log C:\\Users\\user2\\AppData\\Local\\Temp\\dsreg.log; C:\\Users\\Public\\Desktop, C:\\Users\\Default, C:\\Documents and Settings\\All Users, C:\\Users\\defaultuser0 and C:\\Users\\Administrator.DOMAIN1\\Desktop by user1 in C:\\Users\\user1.',
    );
  });

  it('redacts the owner of a OneDrive personal site as the UPN it was made from', () => {
    const r = createRedactor();
    expect(
      r.text(
        'Saved to https://woodgrovebank-my.sharepoint.com/personal/jane_doe_woodgrovebank_com/Documents/dsregcmd.txt by jane.doe@woodgrovebank.com',
      ),
    ).toBe(
      'Saved to https://domain1.sharepoint.com/personal/user1_domain2_example/Documents/dsregcmd.txt by user1@domain2.example',
    );
  });

  it('takes the domain of a OneDrive site from a learned domain when the UPN has more labels', () => {
    const r = createRedactor();
    r.learn('user', 'jdoe');
    r.learn('domain', 'corp.woodgrovebank.com');
    expect(r.text('https://woodgrovebank-my.sharepoint.com/personal/jdoe_corp_woodgrovebank_com')).toBe(
      'https://domain1.sharepoint.com/personal/user1_host1_domain2_example',
    );
  });
});

describe('redactCaptureText on names stated only in free text', () => {
  const path = join(
    import.meta.dirname,
    '..',
    '..',
    'test',
    'fixtures',
    'captures',
    'free-text-identifiers.txt',
  );
  const original = readFileSync(path, 'utf8');
  const redacted = redactCaptureText(original, readCaptures(original), createRedactor());

  it('replaces the prompt, the encoded login hint, the quoted address and the account', () => {
    const before = original.split('\r\n');
    const after = redacted.split('\r\n');
    expect(after).toHaveLength(before.length);
    const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line.trim(), after[i]!.trim()]]));
    expect(changed).toEqual([
      ['PS C:\\Users\\jdoe.smith> dsregcmd /status', 'PS C:\\Users\\user1> dsregcmd /status'],
      ['DomainName : CONTOSO', 'DomainName : DOMAIN1'],
      ['Device Name : PC-0177.corp.contoso.com', 'Device Name : DEVICE1.host1.domain1.example'],
      ['TenantName : Contoso', 'TenantName : DOMAIN1'],
      ['TenantId : 11112222-aaaa-4bbb-8ccc-333344445555', 'TenantId : 00000000-0000-4000-8000-000000000001'],
      [
        'AuthCodeUrl : https://login.microsoftonline.com/11112222-aaaa-4bbb-8ccc-333344445555/oauth2/authorize',
        'AuthCodeUrl : https://login.microsoftonline.com/00000000-0000-4000-8000-000000000001/oauth2/authorize',
      ],
      [
        'AzureAdPrtAuthority : https://login.microsoftonline.com/11112222-aaaa-4bbb-8ccc-333344445555',
        'AzureAdPrtAuthority : https://login.microsoftonline.com/00000000-0000-4000-8000-000000000001',
      ],
      ['User Identity : jane.doe@woodgrovebank.com', 'User Identity : user2@domain2.example'],
      [
        'Correlation ID : aaaa0000-bb11-2222-33cc-444444dddddd',
        'Correlation ID : 00000000-0000-4000-8000-000000000002',
      ],
      [
        'Endpoint URI : https://login.microsoftonline.com/common/oauth2/token?login_hint=jane.doe%40woodgrovebank.com',
        'Endpoint URI : https://login.microsoftonline.com/common/oauth2/token?login_hint=user2%40domain2.example',
      ],
      [
        "Server Error Description : AADSTS50126: Error validating credentials for 'jane.doe@woodgrovebank.com' (WOODGROVE\\jdoe.smith). Trace ID: cccc2222-dd33-4444-55ee-666666ffffff",
        "Server Error Description : AADSTS50126: Error validating credentials for 'user2@domain2.example' (DOMAIN2\\user1). Trace ID: 00000000-0000-4000-8000-000000000003",
      ],
      ['PS C:\\Users\\jdoe.smith>', 'PS C:\\Users\\user1>'],
    ]);
  });
});

describe('names inside event data', () => {
  it('learns `name : value` lines that one data value packs together (WAM token properties)', () => {
    const r = createRedactor();
    learnEvents(r, [
      {
        channel: 'Microsoft-Windows-User Device Registration/Admin',
        provider: 'Microsoft-Windows-User Device Registration',
        eventId: 368,
        level: 'information',
        time: null,
        recordNumber: null,
        computer: null,
        data: {
          Properties: 'UPN : megan.bowen@contoso.com\namr : ["pwd","mfa"]\ndomain_netbios_name : CONTOSO',
        },
        message: null,
        activityId: null,
        origin: null,
      },
    ]);
    expect(r.text('domain_netbios_name : CONTOSO, signed in to CONTOSO')).toBe(
      'domain_netbios_name : DOMAIN1, signed in to DOMAIN1',
    );
  });
});
