import { describe, expect, it } from 'vitest';
import { diagnoseFixture, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';

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
});
