import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseEvents } from '../diagnose.ts';
import { factsOf } from '../facts.ts';
import { readEventText } from './text.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/event-pastes');

/** One General-tab message pasted alone: which event it was read as, and what was read from it. */
function bare(message: string) {
  const result = readEventText(message);
  const record = result.records[0];
  return {
    count: result.records.length,
    id: record?.eventId ?? null,
    provider: record?.provider ?? null,
    data: record?.data ?? {},
    codes: record ? factsOf(record).codes : [],
    warnings: result.warnings,
  };
}

const UDR = 'Microsoft-Windows-User Device Registration';
const inferred = (id: number) => [
  `line 1: no event header; read as event ${id} from its message text (the event ID is inferred)`,
];

describe('General-tab messages of User Device Registration events, pasted with no event ID', () => {
  it('reads 221 (LDAP connection to a domain controller)', () => {
    const r = bare(
      'Unable to connect to the LDAP server dc01.contoso.com:389 using authentication method 1158. Error: 81',
    );
    expect([r.count, r.id, r.provider, r.warnings]).toEqual([1, 221, UDR, inferred(221)]);
    expect(r.data).toEqual({ ErrorCode: '81' });
  });

  it('reads 231 (TLS certificate of the server), with its WinHTTP code', () => {
    const r = bare(
      'One or more errors were encountered while retrieving a Secure Sockets Layer (SSL) certificate from the server.  Error code: 0x80072f8f WinHTTP status: 8 (WINHTTP_CALLBACK_STATUS_FLAG_INVALID_CA)',
    );
    expect([r.id, r.warnings]).toEqual([231, inferred(231)]);
    expect(r.codes).toEqual(['0x80072f8f']);
  });

  it('reads 300 in the Windows 10 1507 wording and in the later one', () => {
    const early = bare(
      'The NGC key was successfully registered. Key ID: {11111111-2222-4333-8444-555555555555}. UPN: user1@contoso.com. Attestation: ATT_SOFT. Client request ID: . Server request ID: 66666666-7777-4888-9999-000000000000.Server response: {"kid":"11111111-2222-4333-8444-555555555555","upn":"user1@contoso.com"}',
    );
    expect([early.id, early.warnings]).toEqual([300, inferred(300)]);
    const later = bare(
      'The Microsoft Passport key was successfully registered with Azure AD. Key ID: {11111111-2222-4333-8444-555555555555} UPN: user1@contoso.com Attestation: ATT_AIK Client request ID: Server request ID: 66666666-7777-4888-9999-000000000000 Server response: {"kid":"11111111-2222-4333-8444-555555555555"}',
    );
    expect([later.id, later.warnings]).toEqual([300, inferred(300)]);
    expect(later.data).toEqual({
      KeyId: '{11111111-2222-4333-8444-555555555555}',
      UPN: 'user1@contoso.com',
      Attestation: 'ATT_AIK',
      ClientRequestId: '',
      ServerRequestId: '66666666-7777-4888-9999-000000000000',
      ServerResponse: '{"kid":"11111111-2222-4333-8444-555555555555"}',
    });
  });

  it('reads 301 (key registration refused), with its exit code and server error', () => {
    const r = bare(
      'NGC key registration failed. Exit code: 0x801c03f2 Client request ID: Server request ID: 66666666-7777-4888-9999-000000000000 Error code: DirectoryError Server error message: The device object was not found. Recommended client response: Server response:',
    );
    expect([r.id, r.warnings]).toEqual([301, inferred(301)]);
    expect(r.codes).toEqual(['0x801c03f2', 'DirectoryError']);
  });

  it('reads 309 (registration service not discovered) as a discovery failure', () => {
    const r = bare('Failed to discover the Azure AD DRS service. Exit code: 0x801c0021.');
    expect([r.id, r.warnings, r.codes]).toEqual([309, inferred(309), ['0x801c0021']]);
  });

  it('reads 330 (Entra and on-premises registration services both configured)', () => {
    const r = bare(
      'Azure DRS and Enterprise DRS are configured for this device. Only one DRS instance can be configured for an environment. AzureADTenantName:contoso.com EnterpriseDrsName:enterpriseregistration.contoso.com',
    );
    expect([r.id, r.warnings]).toEqual([330, inferred(330)]);
    expect(r.data).toEqual({
      AzureADTenantName: 'contoso.com',
      EnterpriseDrsName: 'enterpriseregistration.contoso.com',
    });
  });

  it('reads 367 and 368 (Web Account Manager request and token properties)', () => {
    const sent = bare(
      'Added following properties to the Web Account Manager access token request. Properties: resource=urn:ms-drs:enterpriseregistration.windows.net',
    );
    expect([sent.id, sent.warnings]).toEqual([367, inferred(367)]);
    expect(sent.data).toEqual({ Properties: 'resource=urn:ms-drs:enterpriseregistration.windows.net' });
    const got = bare(
      'The following token properties were recieved from the Web Account Manager: Properties: UPN=user1@contoso.com',
    );
    expect([got.id, got.warnings]).toEqual([368, inferred(368)]);
  });

  it('reads 370 and 371 (the task unregistering the device)', () => {
    const failed = bare(
      'The automatic device registration task failed to unregister device. Exit code: 0x801c0003 Server error: Tenant type: Managed Registration type: sync Debug Output: none',
    );
    expect([failed.id, failed.warnings, failed.codes]).toEqual([370, inferred(370), ['0x801c0003']]);
    const done = bare('The automatic device registration task successfully unregistered device.');
    expect([done.id, done.warnings]).toEqual([371, inferred(371)]);
  });

  it('tells 361 and 362 from 360 when the paste is flattened to one line', () => {
    const head =
      'Windows Hello for Business provisioning will not be launched. Device is AAD joined ( AADJ or DJ++ ): Yes User has logged on with AAD credentials: Yes Windows Hello for Business policy is enabled: Yes Windows Hello for Business post-logon provisioning is enabled: Yes Local computer meets Windows hello for business hardware requirements: Yes User is not connected to the machine via Remote Desktop: Yes User certificate for on premise auth policy is enabled: Yes';
    const mdm = bare(
      `${head} MDM user certificate enrollment is ready: No Certificate enrollment method: mdm`,
    );
    expect([mdm.id, mdm.warnings]).toEqual([361, inferred(361)]);
    expect(mdm.data.MDMCertEnrollmentReady).toBe('No');
    expect(mdm.data.CertEnrollmentMethod).toBe('mdm');
    const ra = bare(
      `${head} Enterprise user logon certificate enrollment endpoint is ready: Yes Enterprise user logon certificate template is : Yes User has successfully authenticated to the enterprise STS: No Certificate enrollment method: enrollment authority`,
    );
    expect([ra.id, ra.warnings]).toEqual([362, inferred(362)]);
    expect(ra.data.ADFSPrtPresent).toBe('No');
  });

  it('reads the cloud Kerberos trust lines Windows 11 adds to 360, without calling their "No" a missing prerequisite', () => {
    const text = [
      'Windows Hello for Business provisioning will not be launched.',
      'Device is AAD joined ( AADJ or DJ++ ): Yes',
      'User has logged on with AAD credentials: No',
      'Windows Hello for Business policy is enabled: Yes',
      'Windows Hello for Business post-logon provisioning is enabled: Yes',
      'Local computer meets Windows hello for business hardware requirements: Yes',
      'User is not connected to the machine via Remote Desktop: Yes',
      'User certificate for on premise auth policy is enabled: No',
      'Machine is governed by none policy.',
      'Cloud trust for on premise auth policy is enabled: No',
      'User account has Cloud TGT: Not Tested',
      'See https://go.microsoft.com/fwlink/?linkid=832647 for more details.',
    ].join('\n');
    const r = bare(text);
    expect([r.id, r.warnings]).toEqual([360, inferred(360)]);
    expect([r.data.MachinePolicySource, r.data.CloudTrustPolicyEnabled, r.data.CloudTgt]).toEqual([
      'none policy',
      'No',
      'Not Tested',
    ]);
    const finding = diagnoseEvents(readEventText(text).records).findings[0];
    expect(finding?.id).toBe('event-whfb-prerequisite-missing');
    expect(finding?.explanation).toContain('Prerequisites not met: AADPrt.');
  });
});

describe('a General-tab AAD/Analytic 1099 line pasted alone', () => {
  it('is read as the progress event 1099, never as a failure', () => {
    const r = bare('Code: 0x4AA90010 Sending web request');
    expect([r.id, r.provider, r.warnings, r.codes]).toEqual([
      1099,
      'Microsoft-Windows-AAD',
      inferred(1099),
      [],
    ]);
  });
});

describe('MDM enrollment failures pasted from the General tab', () => {
  const result = readEventText(readFileSync(join(fixtures, 'paste-mdm-general-tab.txt'), 'utf8'));

  it('reads each event 76 with its 0x8018xxxx code, and says the IDs were inferred', () => {
    expect(result.records.map((r) => [r.eventId, factsOf(r).codes])).toEqual([
      [76, ['0x80180014']],
      [76, ['0x8018002b']],
    ]);
    expect(result.warnings).toEqual([
      'line 1: no event header; read as event 76 from its message text (the event ID is inferred)',
      'line 3: no event header; read as event 76 from its message text (the event ID is inferred)',
    ]);
  });

  it("reports each code with the catalog's name, reading and fixes", () => {
    const d = diagnoseEvents(result.records);
    expect(d.findings.map((f) => [f.id, f.severity, f.codes])).toEqual([
      ['event-mdm-enrollment-failed', 'error', ['0x80180014']],
      ['event-mdm-enrollment-failed', 'error', ['0x8018002b']],
    ]);
    const [platform, auto] = d.findings;
    expect(platform?.explanation).toBe(
      'Automatic MDM enrollment (Group Policy, with the Entra device or user token) failed. 0x80180014 (MENROLL_E_DEVICENOTSUPPORTED): The MDM service does not accept this platform or Windows version.',
    );
    expect(platform?.steps[0]).toBe(
      'In the Intune admin center, Devices, Enrollment restrictions: allow Windows (MDM) in the platform restriction that applies to the user.',
    );
    expect(auto?.causes[0]).toBe(
      'The user principal name has an unverified or non-routable suffix (such as contoso.local), so Entra ID cannot match the user.',
    );
  });
});

const KDCPROXY = 'Microsoft-Windows-Kerberos-KdcProxy';

describe('KDC proxy server messages pasted from the General tab', () => {
  it('reads 103 (no domain controller) with its Win32 code, and the locator flags as no code', () => {
    const r = bare(
      'Failed to locate a domain controller in domain contoso.com with locator flags 0x40001010: error code 1355.',
    );
    expect([r.count, r.id, r.provider, r.warnings]).toEqual([1, 103, KDCPROXY, inferred(103)]);
    expect(r.data).toEqual({ TargetDomain: 'contoso.com', Flags: '0x40001010', ErrorCode: '1355' });
    expect(r.codes).toEqual(['0x8007054b']);
  });

  it('reads 5 (URL not reserved) with its URL prefix', () => {
    const r = bare(
      'Service failed to register UrlPrefix https://+:443/KdcProxy: error code 183. Contact your administrator to make sure https://+:443/KdcProxy is properly reserved.',
    );
    expect([r.id, r.provider, r.warnings, r.codes]).toEqual([5, KDCPROXY, inferred(5), ['0x800700b7']]);
    expect(r.data).toEqual({ UrlPrefix: 'https://+:443/KdcProxy', ErrorCode: '183' });
  });

  it('tells the start failures apart, and 1 from a plain stop', () => {
    expect(bare('Service stopped with a failure: error code 1067').id).toBe(1);
    expect(bare('Failed to initialize Group Policy: error code 1722').id).toBe(2);
    expect(bare('Failed to read Group Policy: error code 1722').id).toBe(3);
    expect(bare('Failed to start the HTTP service: error code 5').codes).toEqual(['0x80070005']);
    expect(bare('Failed to start the HTTP service: error code 5').id).toBe(4);
    expect(bare('Service failed to start because system is not domain-joined: error code 1355.').id).toBe(6);
    expect(bare('Service stopped').id).toBeNull();
  });

  it('reads the request-time events: 100, 102, 200, 306, 309, 402, 403, 404', () => {
    expect(
      bare(
        'HttpReceiveHttpRequest API failed to receive an HTTP request from the network: error code 995. This may indicate a failure where no future HTTP requests can be received by the service.',
      ).id,
    ).toBe(100);
    expect(bare('Failed to unpack KDC_PROXY_MESSAGE: error code 13').id).toBe(102);
    const retry = bare('Retry (2) connection to KDC in contoso.com');
    expect([retry.id, retry.data, retry.codes]).toEqual([200, { TargetDomain: 'contoso.com' }, []]);
    expect(bare('Rediscover KDC for domain contoso.com').data).toEqual({ TargetDomain: 'contoso.com' });
    expect(bare('Rediscovered KDC 192.0.2.10(DC01.contoso.com) for domain contoso.com').id).toBe(309);
    expect(
      bare('Client certificate is not valid to establish an HTTP connection: trust status 0x20').id,
    ).toBe(402);
    expect(
      bare(
        'The account (Domain: CONTOSO, User: user1) has 10 password failures. It is locked out for the next 600 seconds',
      ).id,
    ).toBe(403);
    expect(
      bare(
        'The account (Domain: CONTOSO, User: user1) is rejected due to the usage of an unarmored Kerberos message',
      ).id,
    ).toBe(404);
  });

  it('turns a copied 103 with its header into the finding, with the decoded code', () => {
    const text = [
      'Log Name:      Microsoft-Windows-Kerberos-KdcProxy/Operational',
      'Source:        Microsoft-Windows-Kerberos-KdcProxy',
      'Date:          3/2/2025 9:14:07 AM',
      'Event ID:      103',
      'Task Category: None',
      'Level:         Error',
      'Keywords:',
      'User:          NETWORK SERVICE',
      'Computer:      KDCPROXY01.contoso.com',
      'Description:',
      'Failed to locate a domain controller in domain contoso.com with locator flags 0x40001010: error code 1355.',
    ].join('\n');
    const records = readEventText(text).records;
    expect(records.map((r) => [r.eventId, r.provider, r.channel, r.level, r.computer])).toEqual([
      [103, KDCPROXY, `${KDCPROXY}/Operational`, 'error', 'KDCPROXY01.contoso.com'],
    ]);
    const [finding, ...rest] = diagnoseEvents(records).findings;
    expect(rest).toEqual([]);
    expect([finding?.id, finding?.severity, finding?.checks, finding?.codes, finding?.title]).toEqual([
      'event-kdcproxy-no-dc',
      'error',
      ['F4'],
      ['0x8007054b'],
      'The KDC proxy could not reach a domain controller (KDC proxy event 103)',
    ]);
    expect(finding?.explanation).toMatch(
      /^The KDC proxy could not find a domain controller for the domain a client asked for, so that request got no ticket\. 0x8007054b /,
    );
    expect(finding?.steps).toContain(
      'On the proxy server, run nltest /dsgetdc:<domain> /kdc and nslookup -type=SRV _kerberos._tcp.<domain>.',
    );
    expect(finding?.references.map((x) => x.url)).toEqual([
      'https://learn.microsoft.com/openspecs/windows_protocols/ms-kkdcp/d688ea3a-04b0-45ea-8226-82a74cb6289e',
    ]);
  });

  it('turns a labelled 5 with the short source name into the URL reservation finding', () => {
    const text = [
      'Source: Kerberos-KdcProxy',
      'Event ID: 5',
      '',
      'Service failed to register UrlPrefix https://+:443/KdcProxy: error code 183. Contact your administrator to make sure https://+:443/KdcProxy is properly reserved.',
    ].join('\n');
    const records = readEventText(text).records;
    expect(records.map((r) => [r.eventId, r.provider, r.level])).toEqual([[5, KDCPROXY, 'critical']]);
    const findings = diagnoseEvents(records).findings;
    expect(findings.map((f) => [f.id, f.severity, f.codes])).toEqual([
      ['event-kdcproxy-url-not-reserved', 'error', ['0x800700b7']],
    ]);
    expect(findings[0]?.evidence.find((e) => e.field === 'event 5 endpoint')?.value).toBe(
      'https://+:443/KdcProxy',
    );
  });

  it('keeps a retry (200) and a refused client certificate (402) at warning', () => {
    const records = readEventText(
      'Retry (2) connection to KDC in contoso.com\n\nClient certificate is not valid to establish an HTTP connection: trust status 0x20',
    ).records;
    expect(diagnoseEvents(records).findings.map((f) => [f.id, f.severity, f.title])).toEqual([
      [
        'event-kdcproxy-no-dc',
        'warning',
        'The KDC proxy could not reach a domain controller (KDC proxy event 200)',
      ],
      [
        'event-kdcproxy-client-cert-refused',
        'warning',
        'The KDC proxy refused a client certificate (KDC proxy event 402)',
      ],
    ]);
  });
});

describe('the AD FS registration service event about key receipt certificates (DRS/Admin 3036)', () => {
  const message = [
    'Failed to download Windows Hello key receipt public issuer certificates. Url: none..',
    '',
    'Additional Data',
    'Exception details:',
    'System.InvalidOperationException: Invalid or missing tenant information in Active Directory. Make sure you have configured the Service Connection Point (SCP) here: CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=com.',
  ].join('\n');

  it('is recognised pasted alone, with the event ID inferred', () => {
    const r = bare(message);
    expect([r.count, r.id, r.provider, r.warnings, r.codes]).toEqual([
      1,
      3036,
      'Device Registration Service',
      inferred(3036),
      [],
    ]);
  });

  it('with its header, becomes the finding on Windows Hello certificate trust', () => {
    const text = [
      'Log Name:      DRS/Admin',
      'Source:        Device Registration Service',
      'Date:          3/2/2025 9:20:31 AM',
      'Event ID:      3036',
      'Level:         Error',
      'Computer:      ADFS01.contoso.com',
      'Description:',
      message,
    ].join('\n');
    const records = readEventText(text).records;
    expect(records.map((r) => [r.eventId, r.provider, r.channel, r.level])).toEqual([
      [3036, 'Device Registration Service', 'DRS/Admin', 'error'],
    ]);
    const findings = diagnoseEvents(records).findings;
    expect(findings.map((f) => [f.id, f.severity, f.checks, f.title])).toEqual([
      [
        'event-drs-key-receipt-download-failed',
        'error',
        ['I2'],
        'AD FS could not download the Windows Hello key receipt certificates (Device Registration Service event 3036)',
      ],
    ]);
    expect(findings[0]?.causes[0]).toMatch(
      /^The service connection point for device registration \(CN=62a0ff2e-/,
    );
  });
});

describe('a KDC proxy and AD FS paste of several General-tab messages', () => {
  const result = readEventText(readFileSync(join(fixtures, 'paste-kdcproxy-drs-general-tab.txt'), 'utf8'));

  it('reads each message as its event, in order, and says every ID was inferred', () => {
    expect(result.records.map((r) => [r.eventId, r.provider, r.level, factsOf(r).codes])).toEqual([
      [5, KDCPROXY, 'critical', ['0x800700b7']],
      [1, KDCPROXY, 'critical', ['0x800700b7']],
      [103, KDCPROXY, 'error', ['0x8007054b']],
      [200, KDCPROXY, 'warning', []],
      [3036, 'Device Registration Service', 'error', []],
    ]);
    expect(result.warnings).toEqual([
      'line 1: no event header; read as event 5 from its message text (the event ID is inferred)',
      'line 3: no event header; read as event 1 from its message text (the event ID is inferred)',
      'line 5: no event header; read as event 103 from its message text (the event ID is inferred)',
      'line 7: no event header; read as event 200 from its message text (the event ID is inferred)',
      'line 9: no event header; read as event 3036 from its message text (the event ID is inferred)',
    ]);
  });

  it('gives the URL reservation, the stop, the unreachable domain and the key receipt download as findings', () => {
    expect(diagnoseEvents(result.records).findings.map((f) => [f.id, f.severity, f.codes])).toEqual([
      ['event-kdcproxy-url-not-reserved', 'error', ['0x800700b7']],
      ['event-kdcproxy-stopped', 'error', ['0x800700b7']],
      ['event-kdcproxy-no-dc', 'error', ['0x8007054b']],
      ['event-drs-key-receipt-download-failed', 'error', []],
      ['event-kdcproxy-no-dc', 'warning', []],
    ]);
  });
});
