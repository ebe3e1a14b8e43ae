import { describe, expect, it } from 'vitest';
import { diagnoseFixture, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';

const NOW = '2025-06-02T13:10:00Z';

describe('device rules (B, C)', () => {
  it('flags AzureAdJoined and EnterpriseJoined both YES as an inconsistent capture, not a failing device (B3)', () => {
    const d = diagnoseFixture('diagnose/inconsistent-join.txt');
    expect(d.verdict.joinState).toBe('inconsistent');
    expect(d.verdict.health).toBe('unknown');
    expect(d.verdict.confidence.reasons).toContain(
      'inconsistent join state: the capture was edited or merged',
    );
    const f = findingOf(d, 'join-state-inconsistent');
    expect(f.severity).toBe('warning');
    expect(f.evidence.map((e) => `${e.field}=${e.value}@${e.line}`)).toEqual([
      'AzureAdJoined=YES@5',
      'EnterpriseJoined=YES@6',
      'DomainJoined=YES@7',
    ]);
  });

  it('explains an Entra registered personal device and that it cannot hybrid join (B2, B4)', () => {
    const d = diagnoseFixture('diagnose/entra-registered.txt');
    expect(d.verdict).toMatchObject({
      joinState: 'entra-registered',
      workplaceJoined: true,
      health: 'healthy',
    });
    expect(ids(d)).toEqual(['not-domain-joined', 'entra-registered']);
  });

  it('notes WorkplaceJoined YES on a hybrid joined device as a leftover registration (B5)', () => {
    const d = diagnoseFixture('diagnose/hybrid-also-registered.txt');
    const f = findingOf(d, 'workplace-joined-on-domain-device');
    expect(f.severity).toBe('info');
    expect(f.explanation).toContain('From Windows 10 1607 on');
    expect(f.steps.some((s) => s.includes('BlockAADWorkplaceJoin'))).toBe(true);
  });

  it('warns that the hybrid join has not completed when nothing says why (B6, B7)', () => {
    const d = diagnoseFixture('captures/noise-timestamps-markdown.txt');
    expect(d.verdict.joinState).toBe('domain-joined');
    const f = findingOf(d, 'hybrid-join-not-complete');
    expect(f.severity).toBe('warning');
    expect(f.causes).toHaveLength(6);
    expect(f.causes[5]).toBe('No service connection point that names a verified domain.');
  });

  it('warns about a device certificate expiring within 30 days of the reference time (C1)', () => {
    const d = diagnoseFixture('diagnose/entra-joined-aging.txt', { now: NOW });
    const f = findingOf(d, 'device-certificate-expiring');
    expect(f.severity).toBe('warning');
    expect(f.title).toBe('The device certificate expires in 11 days');
    expect(f.evidence[0]).toMatchObject({ field: 'DeviceCertificateValidity', line: 15 });
  });

  it('reports an expired certificate as an error, and one not yet valid as a clock problem (C1)', () => {
    expect(
      findingOf(
        diagnoseFixture('diagnose/entra-joined-aging.txt', { now: '2025-07-01T00:00:00Z' }),
        'device-certificate-expired',
      ).title,
    ).toBe('The device certificate expired on 2025-06-14 08:30:00 UTC');
    expect(
      findingOf(
        diagnoseFixture('diagnose/entra-joined-aging.txt', { now: '2015-06-01T00:00:00Z' }),
        'device-certificate-not-yet-valid',
      ).severity,
    ).toBe('error');
  });

  it('does no certificate check without a reference time, and says so in the confidence', () => {
    const d = diagnoseFixture('diagnose/entra-joined-aging.txt');
    expect(ids(d).filter((id) => id.startsWith('device-certificate'))).toEqual([]);
    expect(d.verdict.confidence.reasons).toContain(
      'no Client Time and no reference time given: certificate and PRT ages not checked',
    );
  });

  it('notes a software-protected device key (C2)', () => {
    const d = diagnoseFixture('diagnose/entra-joined-aging.txt', { now: NOW });
    expect(findingOf(d, 'device-key-software').evidence.map((e) => e.value)).toEqual([
      'Microsoft Software Key Storage Provider',
      'NO',
    ]);
  });

  it('reports a disabled or deleted device with the re-registration steps (C3)', () => {
    const d = diagnoseFixture('diagnose/hybrid-device-deleted.txt');
    expect(d.verdict.health).toBe('failing');
    const f = findingOf(d, 'device-disabled-or-deleted');
    expect(f.severity).toBe('error');
    expect(f.steps[1]).toContain('dsregcmd /leave');
  });

  it('reads the DeviceAuthStatus message with a trailing full stop the same way (C3)', () => {
    const d = diagnoseFixture('captures/value-variants.txt');
    expect(ids(d)).toContain('device-disabled-or-deleted');
    expect(ids(d)).not.toContain('device-auth-test-not-run');
  });

  it('reports FAILED. ERROR as a test that could not run, not as a deleted device (C3)', () => {
    const d = diagnoseFixture('diagnose/entra-joined-auth-test-error.txt');
    expect(ids(d)).toEqual(['device-auth-test-not-run']);
    expect(d.verdict.health).toBe('attention');
  });

  it('reads the certificate of each Work Account registration, which the device checks leave out (C1)', () => {
    const d = diagnoseFixture('diagnose/entra-registered-work-account-cert-expired.txt');
    expect(d.verdict).toMatchObject({ joinState: 'entra-registered', health: 'failing' });
    const f = findingOf(d, 'work-account-certificate-expired');
    expect(f.title).toBe(
      'A work account registration certificate has expired: Work Account 1 (Contoso), expired on 2026-12-01 10:30:00 UTC',
    );
    expect(f.evidence[0]).toMatchObject({
      field: 'DeviceCertificateValidity',
      line: 27,
      scope: 'Work Account 1',
    });
  });

  it('advises on a non-persistent virtual desktop (C4)', () => {
    const d = diagnoseFixture('captures/virtual-desktop.txt');
    expect(d.verdict.joinState).toBe('entra-joined');
    expect(findingOf(d, 'virtual-desktop-non-persistent').severity).toBe('info');
  });

  it('warns about invalid Virtual Desktop metadata (C4)', () => {
    const d = diagnoseFixture('diagnose/virtual-desktop-invalid.txt');
    expect(ids(d)).toEqual(['virtual-desktop-invalid']);
    expect(d.verdict.summary).toBe(
      'Microsoft Entra hybrid joined: Virtual Desktop metadata is present but invalid.',
    );
  });
});
