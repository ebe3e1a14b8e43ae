import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnoseFixture, diagnoseText, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';

describe('tenant rules (D)', () => {
  it('explains empty MDM URLs on a joined device (D1)', () => {
    const f = findingOf(diagnoseFixture('diagnose/entra-joined-aging.txt'), 'mdm-not-configured');
    expect(f.evidence.map((e) => e.field)).toEqual(['MdmUrl', 'MdmTouUrl', 'MdmComplianceUrl']);
  });

  it('says present MDM URLs are no proof of enrollment (D1)', () => {
    expect(findingOf(diagnoseFixture('diagnose/hybrid-healthy.txt'), 'mdm-configured').severity).toBe('info');
  });

  it('does not hold fields left out of a trimmed capture against the device (D2)', () => {
    expect(ids(diagnoseFixture('captures/sectioned-hybrid-healthy-crlf.txt'))).not.toContain(
      'tenant-endpoints-missing',
    );
    expect(ids(diagnoseFixture('diagnose/hybrid-healthy.txt'))).not.toContain('tenant-endpoints-missing');
  });

  it('reads a blank TenantName with the tenant ID and endpoints present as information, not a fault (D2)', () => {
    // Azure VM joined by AADLoginForWindows: TenantName is commonly blank.
    const d = diagnoseFixture('diagnose/entra-joined-vm-blank-tenantname.txt');
    expect(ids(d)).not.toContain('tenant-endpoints-missing');
    expect(d.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const f = findingOf(d, 'tenant-name-empty');
    expect(f.severity).toBe('info');
    expect(f.title).toBe('TenantName is blank; the tenant ID and the service endpoints are present');
    expect(f.evidence).toEqual([
      { field: 'TenantName', value: '', line: 27, scope: null },
      { field: 'TenantId', value: 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', line: 28, scope: null },
    ]);
  });

  it('still warns when an endpoint or the tenant ID is blank, naming only those (D2)', () => {
    const text = readFileSync(
      new URL('../../test/fixtures/diagnose/entra-joined-vm-blank-tenantname.txt', import.meta.url),
      'utf8',
    ).replace(/(KeySrvUrl : )\S+/, '$1');
    const d = diagnoseText(text);
    expect(findingOf(d, 'tenant-endpoints-missing').title).toBe(
      'Tenant details incomplete: TenantName, KeySrvUrl empty or missing',
    );
    expect(ids(d)).not.toContain('tenant-name-empty');
  });
});
