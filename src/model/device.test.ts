/**
 * Device keys from realistic captures: IDs when stated, else computer name and domain.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { readCaptures } from '../read/index.ts';
import { computerNamesAgree, deviceKeyOf } from './device.ts';

function capture(text: string) {
  const [first] = readCaptures(text);
  if (!first) throw new Error('fixture is not a capture');
  return first;
}

const HYBRID = `
+----------------------------------------------------------------------+
| Device State                                                         |
+----------------------------------------------------------------------+

             AzureAdJoined : YES
          EnterpriseJoined : NO
              DomainJoined : YES
                DomainName : CONTOSO
               Device Name : Pc-0042.Contoso.com

+----------------------------------------------------------------------+
| Device Details                                                       |
+----------------------------------------------------------------------+

                  DeviceId : 5B1C7E2A-0D4F-4C3B-9A8E-1F2D3C4B5A69
                Thumbprint : 0A1B2C3D4E5F60718293A4B5C6D7E8F901234567

+----------------------------------------------------------------------+
| Tenant Details                                                       |
+----------------------------------------------------------------------+

                TenantName : Contoso
                  TenantId : 11111111-2222-4333-8444-555555555555
`;

const DOMAIN_ONLY = `
+----------------------------------------------------------------------+
| Device State                                                         |
+----------------------------------------------------------------------+

             AzureAdJoined : NO
          EnterpriseJoined : NO
              DomainJoined : YES
                DomainName : CONTOSO
               Device Name : pc-0042
`;

describe('deviceKeyOf', () => {
  it('keys a capture that states tenant and device IDs by them, lower case', () => {
    expect(deviceKeyOf(capture(HYBRID))).toEqual({
      kind: 'entra',
      value: '11111111-2222-4333-8444-555555555555/5b1c7e2a-0d4f-4c3b-9a8e-1f2d3c4b5a69',
      tenantId: '11111111-2222-4333-8444-555555555555',
      deviceId: '5b1c7e2a-0d4f-4c3b-9a8e-1f2d3c4b5a69',
      computer: 'PC-0042',
      domain: 'contoso.com',
    });
  });

  it('falls back to computer name and NetBIOS domain when no IDs are stated', () => {
    expect(deviceKeyOf(capture(DOMAIN_ONLY))).toEqual({
      kind: 'name',
      value: 'PC-0042.contoso',
      tenantId: null,
      deviceId: null,
      computer: 'PC-0042',
      domain: 'contoso',
    });
  });

  it('does not key by a masked device ID', () => {
    const masked = HYBRID.replace(
      '5B1C7E2A-0D4F-4C3B-9A8E-1F2D3C4B5A69',
      'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
    );
    expect(deviceKeyOf(capture(masked))).toMatchObject({
      kind: 'name',
      value: 'PC-0042.contoso.com',
      deviceId: null,
    });
  });

  it('returns null when the capture names neither IDs nor a computer', () => {
    const text = DOMAIN_ONLY.replace(/ +Device Name : pc-0042\n/, '');
    expect(deviceKeyOf(capture(text))).toBeNull();
  });
});

describe('computerNamesAgree', () => {
  it('matches case-insensitively and a short name with its FQDN, never two different FQDNs', () => {
    expect(computerNamesAgree('PC-0042', 'pc-0042.contoso.com')).toBe(true);
    expect(computerNamesAgree('PC-0042.contoso.com', 'pc-0042.CONTOSO.com')).toBe(true);
    expect(computerNamesAgree('pc-0042.contoso.com', 'pc-0042.example.com')).toBe(false);
    expect(computerNamesAgree('pc-0042', 'pc-0043')).toBe(false);
    expect(computerNamesAgree('', 'pc-0042')).toBe(false);
  });
});
