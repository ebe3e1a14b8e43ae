import { describe, expect, it } from 'vitest';
import { SectionId } from '../model/capture.ts';
import { readCaptures } from '../read/index.ts';
import { FIELDS, fieldKey, lookupField, lookupFieldCandidates, lookupSection } from './fields.ts';

const TYPES = [
  'bool',
  'text',
  'url',
  'guid',
  'time',
  'range',
  'code',
  'test',
  'status',
  'number',
  'list',
  'base64-json',
];

describe('field catalog', () => {
  it('gives every field a home section, a type and a note', () => {
    for (const def of FIELDS) {
      expect(SectionId.options, def.name).toContain(def.section);
      expect(TYPES, def.name).toContain(def.type);
      expect(def.note.length, def.name).toBeGreaterThan(5);
    }
  });

  it('holds each canonical name once', () => {
    const names = FIELDS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('knows the fields of every seed sample, the flat layout, PRT diagnostics, NGC, proxies, VDI and Cloud Kerberos', () => {
    const expected = [
      'AzureAdJoined',
      'EnterpriseJoined',
      'DomainJoined',
      'DomainName',
      'Virtual Desktop',
      'Device Name',
      'DeviceId',
      'Thumbprint',
      'DeviceCertificateValidity',
      'KeyContainerId',
      'KeyProvider',
      'TpmProtected',
      'DeviceAuthStatus',
      'TenantName',
      'TenantId',
      'Idp',
      'AuthCodeUrl',
      'AccessTokenUrl',
      'MdmUrl',
      'MdmTouUrl',
      'MdmComplianceUrl',
      'SettingsUrl',
      'JoinSrvVersion',
      'JoinSrvUrl',
      'JoinSrvId',
      'KeySrvVersion',
      'KeySrvUrl',
      'KeySrvId',
      'WebAuthNSrvVersion',
      'WebAuthNSrvUrl',
      'WebAuthNSrvId',
      'DeviceManagementSrvVer',
      'DeviceManagementSrvUrl',
      'DeviceManagementSrvId',
      'NgcSet',
      'NgcKeyId',
      'CanReset',
      'WorkplaceJoined',
      'WamDefaultSet',
      'WamDefaultAuthority',
      'WamDefaultId',
      'WamDefaultGUID',
      'AzureAdPrt',
      'AzureAdPrtUpdateTime',
      'AzureAdPrtExpiryTime',
      'AzureAdPrtAuthority',
      'EnterprisePrt',
      'EnterprisePrtUpdateTime',
      'EnterprisePrtExpiryTime',
      'EnterprisePrtAuthority',
      'AcquirePrtDiagnostics',
      'RefreshPrtDiagnostics',
      'Previous Prt Attempt',
      'Attempt Status',
      'User Identity',
      'Credential Type',
      'Correlation ID',
      'Endpoint URI',
      'HTTP Method',
      'HTTP Error',
      'HTTP status',
      'Server Error Code',
      'Server Error Description',
      'OnPremTgt',
      'CloudTgt',
      'KerbTopLevelNames',
      'Diagnostics Reference',
      'User Context',
      'Client Time',
      'AD Connectivity Test',
      'AD Configuration Test',
      'DRS Discovery Test',
      'DRS Connectivity Test',
      'Token acquisition Test',
      'Fallback to Sync-Join',
      'Previous Registration',
      'Registration Type',
      'Error Phase',
      'Client ErrorCode',
      'Server ErrorCode',
      'Server ErrorSubCode',
      'Server Operation',
      'Server Message',
      'Https Status',
      'Request Id',
      'AadRecoveryEnabled',
      'KeySignTest',
      'Executing Account Name',
      'IsDeviceJoined',
      'IsUserAzureAD',
      'PolicyEnabled',
      'PostLogonEnabled',
      'DeviceEligible',
      'SessionIsNotRemote',
      'CertEnrollment',
      'AdfsRefreshToken',
      'AdfsRaIsReady',
      'LogonCertTemplateReady',
      'PreReqResult',
      'X509CertRequired',
      'ScepReady',
      'AadRecoveryNeeded',
      'Auto Detect Settings',
      'Auto-Configuration URL',
      'Proxy Server List',
      'Proxy Bypass List',
      'Access Type',
      'Auto Detect PAC Status',
      'WorkplaceDeviceId',
      'WorkplaceTenantId',
      'WorkplaceTenantName',
      'WorkAccountCount',
      'Provider',
      'Type',
      'User mode',
      'Extensions',
    ];
    for (const name of expected) expect(lookupField(name)?.name, name).toBe(name);
  });

  it('looks labels up ignoring case and spaces', () => {
    expect(lookupField('azureadprt')?.name).toBe('AzureAdPrt');
    expect(lookupField('AZURE AD PRT')?.name).toBe('AzureAdPrt');
    expect(lookupField('drsdiscoverytest')?.name).toBe('DRS Discovery Test');
    expect(fieldKey('Token acquisition Test')).toBe('tokenacquisitiontest');
    expect(lookupField('Not A Field')).toBeUndefined();
  });

  it('keeps CloudTgt and OnPremTgt as two fields, not variants of one another', () => {
    expect(lookupField('CloudTGT')?.name).toBe('CloudTgt');
    expect(lookupField('OnPremTGT')?.name).toBe('OnPremTgt');
  });

  it('offers both entries where two blocks share a spelling', () => {
    expect(lookupFieldCandidates('Server ErrorCode').map((d) => d.name)).toEqual([
      'Server ErrorCode',
      'Server Error Code',
    ]);
    expect(
      lookupFieldCandidates('Server Error Code')
        .map((d) => d.name)
        .sort(),
    ).toEqual(['Server Error Code', 'Server ErrorCode']);
  });

  it('names the sections, with the ordinal of a Work Account', () => {
    expect(lookupSection('Device State')).toEqual({ id: 'device-state', ordinal: null });
    expect(lookupSection('SSO State')).toEqual({ id: 'sso-state', ordinal: null });
    expect(lookupSection('IE Proxy Config for Current User')).toEqual({
      id: 'ie-proxy-config',
      ordinal: null,
    });
    expect(lookupSection('Work Account 2')).toEqual({ id: 'work-account', ordinal: 2 });
    expect(lookupSection('Cloud Sync Status')).toBeNull();
  });

  it('makes the reader map every listed variant to its canonical name', () => {
    for (const def of FIELDS) {
      for (const variant of def.variants) {
        const [capture] = readCaptures(`${variant} : x\n`);
        const field = capture?.sections[0]?.fields[0];
        // Shared spellings resolve by block: outside any block either sibling is acceptable.
        const names = lookupFieldCandidates(variant).map((d) => d.name);
        expect(names, variant).toContain(field?.name);
        expect(field?.label, variant).toBe(field?.name === variant ? null : variant);
      }
    }
  });

  it('maps variants seen across versions in their own block', () => {
    const [capture] = readCaptures(
      [
        '| Tenant Details |',
        '  dmComplianceUrl : https://portal.manage.microsoft.com/?portalAction=Compliance',
        '| SSO State |',
        '       AzureADPrt : NO',
        '  AcquirePrtDiagnostics : PRESENT',
        '       HTTP Status : 400',
        '| Diagnostic Data |',
        '  Token Acquisition Test : PASS',
        '     HTTP status : 400',
        '      Request ID : bbbbbbbb-1111-2222-3333-cccccccccccc',
      ].join('\n'),
    );
    const fields = capture?.sections.flatMap((s) => s.fields.map((f) => [f.name, f.label, f.scope])) ?? [];
    expect(fields).toEqual([
      ['MdmComplianceUrl', 'dmComplianceUrl', null],
      ['AzureAdPrt', 'AzureADPrt', null],
      ['AcquirePrtDiagnostics', null, 'AzureAdPrt'],
      ['HTTP status', 'HTTP Status', 'AzureAdPrt/AcquirePrtDiagnostics'],
      ['Token acquisition Test', 'Token Acquisition Test', null],
      ['Https Status', 'HTTP status', 'Previous Registration'],
      ['Request Id', 'Request ID', 'Previous Registration'],
    ]);
  });

  it('knows field names real captures print: old spellings, flat-layout and recent pre-join fields', () => {
    const home = (label: string) => {
      const def = lookupField(label);
      return def && [def.name, def.section, def.type];
    };
    expect(home('DeviceManagementSrvVersion')).toEqual([
      'DeviceManagementSrvVer',
      'tenant-details',
      'number',
    ]);
    expect(home('WorkplaceIdp')).toEqual(['WorkplaceIdp', 'user-state', 'text']);
    expect(home('Kerberos Ticket Test')).toEqual(['Kerberos Ticket Test', 'diagnostic-data', 'test']);
    expect(home('Fallback to Fed-Join')).toEqual(['Fallback to Fed-Join', 'diagnostic-data', 'text']);
    expect(home('NgcPreReq')).toEqual(['NgcPreReq', 'ngc-prerequisite-check', 'text']);
  });
});
