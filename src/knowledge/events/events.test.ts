import { describe, expect, it } from 'vitest';
import {
  allEventDefinitions,
  eventByOpening,
  eventDefinition,
  eventFinding,
  eventFindings,
  PROVIDER_SPECS,
  providerKeyOf,
} from './index.ts';

describe('one record per event', () => {
  it('names each provider however Windows and Event Viewer spell it', () => {
    expect(
      [
        'Microsoft-Windows-User Device Registration',
        'User Device Registration',
        'Microsoft-Windows-User Device Registration%4Admin',
        'AAD',
        'Microsoft-Windows-AAD/Analytic',
        'Microsoft-Workplace Join/Admin',
        'Microsoft-Windows-HelloForBusiness/Operational',
        'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin',
        'NetJoin',
        'Microsoft-Windows-Security-Kerberos',
        'AD FS/Admin',
        'AD FS',
        'Microsoft-Windows-AADRT',
        'Microsoft-Windows-Kerberos-Key-Distribution-Center',
      ].map(providerKeyOf),
    ).toEqual([
      'udr',
      'udr',
      'udr',
      'aad',
      'aad',
      'wpj',
      'hello',
      'mdm',
      'netjoin',
      'kerberos',
      'adfs',
      'adfs',
      null,
      null,
    ]);
  });

  it('keeps the events the diagnosis relies on, in each provider file', () => {
    expect(eventDefinition('udr', 304)).toMatchObject({
      source: 'udr',
      id: 304,
      level: 'error',
      phase: 'join',
      outcome: 'failure',
      registration: 'failure',
    });
    expect(eventDefinition('udr', 306)?.registration).toBe('success');
    expect(eventDefinition('wpj', 201)?.registration).toBe('success');
    expect(eventDefinition('aad', 1098)?.registration).toBeNull();
    expect(eventDefinition('mdm', 76)).toMatchObject({ level: 'error', outcome: 'failure' });
    expect(eventDefinition('netjoin', 4097)?.facts.win32).toBe(true);
    expect(allEventDefinitions().filter((d) => d.source === 'udr').length).toBeGreaterThanOrEqual(45);
  });

  it('gives every registration failure a phase, and only failures a registration outcome of failure', () => {
    for (const d of allEventDefinitions()) {
      if (d.registration === 'failure') {
        // Down-level autoworkplace errors (Workplace Join 400) name no phase.
        if (d.source === 'udr') expect(d.phase, `${d.source} ${d.id}`).not.toBeNull();
        expect(d.outcome, `${d.source} ${d.id}`).toBe('failure');
      }
      if (d.registration === 'success') expect(d.outcome, `${d.source} ${d.id}`).not.toBe('failure');
    }
  });

  it('resolves shared findings to a sibling that has its own, titled with the event itself', () => {
    for (const p of PROVIDER_SPECS)
      for (const [id, spec] of Object.entries(p.events)) {
        const f = spec.finding;
        if (f && 'sameAs' in f) {
          const target = p.events[f.sameAs]?.finding;
          expect(target && !('sameAs' in target), `${p.key} ${id} → ${f.sameAs}`).toBe(true);
        }
      }
    expect(eventFinding('udr', 309)?.title).toBe(
      'Discovery of the registration service failed (User Device Registration event 309)',
    );
    expect(eventFinding('aad', 1108)?.id).toBe('event-token-broker-error');
    expect(eventFinding('mdm', 71)?.title).toBe(
      'Automatic MDM enrollment failed (DeviceManagement event 71)',
    );
    expect(eventFinding('udr', 306)).toBeNull();
  });

  it('gives each finding id one meaning', () => {
    const byId = eventFindings();
    expect(new Set(byId.map((e) => e.finding.id)).size).toBe(byId.length);
    expect(byId.find((e) => e.finding.id === 'event-discover-failed')?.events).toEqual([
      'udr:200',
      'udr:201',
      'udr:309',
    ]);
  });
});

describe('which event a bare message is, by how it opens', () => {
  it.each([
    ['Automatic registration failed at join phase.', 'udr', 304],
    ['Automatic registration failed at authentication phase. Unable to acquire access token.', 'udr', 305],
    ['Automatic registration Succeeded.', 'udr', 306],
    [
      'Automatic registration failed. Failed to lookup the registration service information from Active Directory.',
      'udr',
      307,
    ],
    [
      'Failed to lookup the registration service information from Active Directory. Exit code: 0x801c001d',
      'udr',
      307,
    ],
    ['The discovery request send operation failed with exit code: 0x80072ee2', 'udr', 200],
    ['The discovery operation callback failed with exit code: 0x801c0021', 'udr', 201],
    ['The initialization of the join request failed with exit code: 0x80280036', 'udr', 202],
    ['The send join request operation failed with exit code: 0x80072efd', 'udr', 203],
    ['The get join response operation callback failed with exit code: 0x801c03f2', 'udr', 204],
    ['The post join tasks for the AAD Authentication Package failed with exit code: 0x80090016', 'udr', 206],
    [
      'The post join tasks for the Microsoft Entra Authentication Package failed with exit code: 0x80090016',
      'udr',
      206,
    ],
    ['Windows Hello for Business provisioning will not be launched.', 'udr', 360],
    ['Windows Hello for Business provisioning will be launched.', 'udr', 358],
    ['The automatic device registration task will be triggered.', 'udr', 4096],
    ['AadCloudAPPlugin GetToken Stop', 'aad', 1007],
    ['Error: 0xCAA2000C The request requires user interaction.', 'aad', 1098],
    ['Error: 3399548929 The request requires user interaction.', 'aad', 1098],
    ['Logon failure. Status: 0xC000006D Correlation ID: 11112222-3333-4444-5555-666677778888', 'aad', 1085],
    ['Device registration API call GetDeviceInfo returned error: 0x801C0003', 'aad', 1105],
    ['Workplace Join discovery failed. Exit code: 0x80072EE7.', 'wpj', 102],
    ['Workplace Join discovery failed. Server returned http status 404.', 'wpj', 103],
    ['Auto workplace error. Exit code: 0x801c0003', 'wpj', 400],
    ['Windows Hello for Business prerequisites check failed.', 'hello', 7054],
    ['Windows Hello key registration started.', 'hello', 3510],
    ['Auto MDM Enroll: Failed (Unknown Win32 Error code: 0x8018002b)', 'mdm', 76],
    ['Auto MDM Enroll: Succeeded', 'mdm', 75],
    ['Auto MDM Enroll Get AAD Token: Device Credential (0x0), Status (0x80192ee2)', 'mdm', 90],
    ['MDM Enroll: Server Returned Fault/Code/Subcode/Value=(MessageFormat)', 'mdm', 52],
    [
      'The machine PC01 attempted to join the domain contoso.com but failed. The error code was 1355.',
      'netjoin',
      4097,
    ],
    ['A Kerberos error message was received:', 'kerberos', 3],
    [
      'The Kerberos client received a KRB_AP_ERR_MODIFIED error from the server host/pc01.contoso.com.',
      'kerberos',
      4,
    ],
    ['There was an error in enabling endpoints of Federation Service.', 'adfs', 102],
    ['The Federation Service encountered an error while processing the WS-Trust request.', 'adfs', 111],
    ['Encountered error during federation passive request.', 'adfs', 364],
    ['Token validation failed.', 'adfs', 342],
  ] as const)('%s → %s %i', (message, source, id) => {
    expect(eventByOpening(message)).toEqual({ source, id });
  });

  it('ignores case and runs of spaces, and reads only the first line', () => {
    expect(eventByOpening('  automatic   REGISTRATION failed at JOIN phase.\nExit code: 0x801c03f2')).toEqual(
      {
        source: 'udr',
        id: 304,
      },
    );
    expect(eventByOpening('Exit code: 0x801c03f2\nAutomatic registration failed at join phase.')).toBeNull();
    expect(eventByOpening('Automatic registration failed.')).toBeNull();
    expect(eventByOpening('')).toBeNull();
  });

  it('recognises every string opening of every record', () => {
    const missed: string[] = [];
    for (const p of PROVIDER_SPECS)
      for (const [id, spec] of Object.entries(p.events))
        for (const o of spec.openings ?? [])
          if (typeof o === 'string') {
            const hit = eventByOpening(`${o} (more text)`);
            if (hit?.source !== p.key || hit.id !== Number(id)) missed.push(`${p.key} ${id}: ${o}`);
          }
    expect(missed).toEqual([]);
  });

  it('costs the same on a very long line as on a short one (reads a bounded head)', () => {
    const short = `Automatic registration failed at join phase. ${'x'.repeat(100)}`;
    const long = `Automatic registration failed at join phase. ${'x'.repeat(5_000_000)}`;
    expect(eventByOpening(long)).toEqual(eventByOpening(short));
  });
});

describe('the wordings Windows writes for pre-check, key and down-level events', () => {
  it.each([
    ["Unable to retrieve the local computer's name in the specified format 3. Error: 1317", 'udr', 220],
    ['Automatic device join pre-check tasks completed. Debug output: preCheckResult: Join', 'udr', 331],
    [
      'Automatic device join pre-check tasks completed. The device can NOT be joined because a domain controller could not be located.',
      'udr',
      334,
    ],
    ['Automatic device join pre-check tasks completed. The device is already joined.', 'udr', 335],
    [
      'Failed to access the device key. If you have a TPM, it might be locked out or in an unknown state. Error: Keyset does not exist',
      'udr',
      344,
    ],
    [
      'Failed to access the device key. The device key has likely been removed. Error: Keyset does not exist',
      'udr',
      345,
    ],
    ['Workplace Join started. Activity Id: aaaa1111-bbbb-2222-cccc-3333dddd4444', 'wpj', 100],
    ['Workplace Join operation succeeded.', 'wpj', 201],
    ['Workplace Leave operation failed.', 'wpj', 300],
    ['Workplace Leave operation succeeded.', 'wpj', 301],
    [
      "Exit code: 0x80070005. Adding URI 'https://autologon.microsoftazuread-sso.com' to the 'Local intranet' zone in Internet Explorer failed.",
      'wpj',
      104,
    ],
  ] as const)('%s → %s %i', (message, source, id) => {
    expect(eventByOpening(message)).toEqual({ source, id });
  });
});

describe('the KDC proxy and the registration service of AD FS', () => {
  it('names each however Windows and Event Viewer spell it, apart from the Kerberos KDC itself', () => {
    expect(
      [
        'Microsoft-Windows-Kerberos-KdcProxy',
        'Microsoft-Windows-Kerberos-KDCProxy/Operational',
        'Kerberos-KdcProxy',
        'Device Registration Service',
        'DRS/Admin',
        'Device Registration Service Tracing/Debug',
        'Microsoft-Windows-Kerberos-Key-Distribution-Center',
      ].map(providerKeyOf),
    ).toEqual(['kdcproxy', 'kdcproxy', 'kdcproxy', 'drs', 'drs', null, null]);
  });

  it('keeps the levels of the provider message table and no registration outcome', () => {
    expect([1, 5, 103, 200, 304, 402].map((id) => [id, eventDefinition('kdcproxy', id)?.level])).toEqual([
      [1, 'critical'],
      [5, 'critical'],
      [103, 'error'],
      [200, 'warning'],
      [304, 'information'],
      [402, 'verbose'],
    ]);
    expect(eventDefinition('drs', 3036)).toMatchObject({
      level: 'error',
      outcome: 'failure',
      registration: null,
    });
    expect(eventFinding('kdcproxy', 3)?.title).toBe(
      'The KDC proxy could not read its Group Policy (KDC proxy event 3)',
    );
    expect(eventFinding('kdcproxy', 300)).toBeNull();
  });

  it.each([
    [
      'Failed to locate a domain controller in domain contoso.com with locator flags 0x40001010: error code 1355.',
      103,
    ],
    ['Service failed to register UrlPrefix https://+:443/KdcProxy: error code 183.', 5],
    ['Service stopped with a failure: error code 1067', 1],
    ['Retry (1) connection to KDC in contoso.com', 200],
    ['Rediscover KDC for domain contoso.com', 306],
    ['Rediscovered KDC 192.0.2.10(DC01.contoso.com) for domain contoso.com', 309],
  ] as const)('%s → kdcproxy %i', (message, id) => {
    expect(eventByOpening(message)).toEqual({ source: 'kdcproxy', id });
  });

  it('reads 3036 by its opening', () => {
    expect(
      eventByOpening('Failed to download Windows Hello key receipt public issuer certificates. Url: none..'),
    ).toEqual({ source: 'drs', id: 3036 });
  });
});
