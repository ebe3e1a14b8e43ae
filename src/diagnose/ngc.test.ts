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

  it('treats join-bound prerequisites on a registered-only device as expected, not as a fault (I1, I3)', () => {
    const d = diagnoseFixture('../../examples/entra-registered.txt');
    expect(ids(d)).not.toContain('whfb-will-not-provision');
    const f = findingOf(d, 'whfb-device-not-joined');
    expect(f.severity).toBe('info');
    expect(f.title).toBe('Windows Hello for Business does not apply: the device is not joined');
    expect(f.explanation).toBe(
      'Windows Hello for Business for a work account needs a Microsoft Entra joined or hybrid joined device. This device is only Microsoft Entra registered (a work account was added), so the prerequisites that depend on the join are expected to be NO: IsDeviceJoined NO, IsUserAzureAD NO, PolicyEnabled NO. This is not a fault; it matters only if the device should be joined.',
    );
    expect(d.verdict.health).toBe('healthy');
  });

  it('says the prerequisite check could not run (NgcPreReq ERROR, prerequisites UNKNOWN) and explains the code (I1, I3)', () => {
    const d = diagnoseFixture('diagnose/domain-joined-server-ngc-error.txt');
    expect(ids(d)).not.toContain('whfb-will-not-provision');
    const f = findingOf(d, 'whfb-check-failed');
    expect(f.severity).toBe('info');
    expect(f.codes).toEqual(['0xd0020017']);
    expect(f.title).toBe(
      'The Windows Hello for Business prerequisite check could not run: the device is not joined',
    );
    expect(f.evidence.map((e) => `${e.field} : ${e.value}`)).toEqual([
      'NgcPreReq : ERROR (0xd0020017)',
      'IsDeviceJoined : UNKNOWN',
      'IsUserAzureAD : UNKNOWN',
      'PolicyEnabled : UNKNOWN',
      'PostLogonEnabled : UNKNOWN',
      'DeviceEligible : UNKNOWN',
      'PreReqResult : WillNotProvision',
    ]);
    expect(f.explanation).toContain(
      'NgcPreReq shows ERROR: dsregcmd could not run the prerequisite check, so PreReqResult does not say which prerequisite is missing. IsDeviceJoined, IsUserAzureAD, PolicyEnabled, PostLogonEnabled, DeviceEligible show UNKNOWN: they were not evaluated. Error 0xd0020017 (HRESULT_FROM_NT(RPC_NT_SERVER_UNAVAILABLE)): The RPC server is unavailable',
    );
    expect(f.explanation).not.toContain('no single prerequisite shows NO');
  });
});
