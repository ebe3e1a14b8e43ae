import { describe, expect, it } from 'vitest';
import { diagnoseFixture, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';

describe('Windows Hello for Business prerequisites (I)', () => {
  it('names the certificate-trust checks that block provisioning (I2)', () => {
    const f = findingOf(diagnoseFixture('diagnose/whfb-cert-trust-blocked.txt'), 'whfb-will-not-provision');
    expect(f.severity).toBe('warning');
    expect(f.title).toBe(
      'Windows Hello for Business will not provision: AdfsRaIsReady, LogonCertTemplateReady',
    );
    expect(
      f.explanation.startsWith(
        'Trust model: certificate trust, enrolled through AD FS as set by Group Policy.',
      ),
    ).toBe(true);
    expect(f.evidence.map((e) => e.field)).toEqual([
      'PreReqResult',
      'CertEnrollment',
      'AdfsRaIsReady',
      'LogonCertTemplateReady',
    ]);
  });

  it('names a remote session and the missing cloud Kerberos ticket (CloudTGT before 23H2) (I1, I3)', () => {
    const f = findingOf(diagnoseFixture('diagnose/whfb-cloud-trust-remote.txt'), 'whfb-will-not-provision');
    expect(f.title).toBe('Windows Hello for Business will not provision: SessionIsNotRemote, CloudTgt');
    expect(f.causes[0]).toBe(
      'SessionIsNotRemote: the user is signed in remotely; provisioning does not start in a remote session',
    );
  });

  it('reports a policy that is simply not enabled as information (I1)', () => {
    const d = diagnoseFixture('diagnose/whfb-not-enabled.txt');
    expect(ids(d)).toEqual(['whfb-not-enabled']);
    expect(d.verdict.health).toBe('healthy');
  });

  it('reads the seed 004 sample as ready to provision (I3)', () => {
    const f = findingOf(
      diagnoseFixture('captures/seed-004-ngc-prerequisite-check.txt'),
      'whfb-will-provision',
    );
    expect(f.explanation).toBe(
      "PreReqResult WillProvision: provisioning starts after the user's next sign-in (trust model: certificate trust, enrolled through AD FS as set by Group Policy).",
    );
  });
});
