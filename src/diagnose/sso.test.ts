import { describe, expect, it } from 'vitest';
import { diagnoseFixture, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';

describe('SSO rules (F)', () => {
  it('reports a missing PRT on a hybrid joined device as failing (F1)', () => {
    const d = diagnoseFixture('diagnose/hybrid-prt-missing.txt', { now: '2025-06-02T09:00:00Z' });
    // No join error: the verdict carries the code of the failed PRT attempt.
    expect(d.verdict).toMatchObject({
      joinState: 'hybrid-joined',
      health: 'failing',
      failedPhase: null,
      errorCode: '0xc000006d',
      subErrorCode: null,
    });
    const f = findingOf(d, 'prt-missing');
    expect(f.severity).toBe('error');
    // The attempt says AADSTS50126 (wrong password): refused credentials come first, the TPM last.
    expect(f.causes[0]).toBe(
      'Wrong credentials or a password not synced yet (the PRT attempt says so: 0xc000006d, AADSTS50126).',
    );
    expect(f.causes[1]).toContain('Alternate login ID');
    expect(f.causes[3]).toContain('KeySignTest');
  });

  it('decodes the failed PRT attempt: which PRT, codes in order, and the shared-device caveat (F3)', () => {
    const d = diagnoseFixture('diagnose/hybrid-prt-missing.txt', { now: '2025-06-02T09:00:00Z' });
    const f = findingOf(d, 'prt-attempt-failed');
    expect(f.severity).toBe('error');
    expect(f.codes).toEqual(['AADSTS50126', '0xc000006d', 'invalid_grant']);
    expect(f.explanation).toContain(
      'Acquiring the Microsoft Entra PRT failed at 2025-06-02 08:55:12 UTC for user@contoso.com with credential type Password.',
    );
    expect(f.explanation).toContain('The server answered HTTP 400 with invalid_grant.');
    expect(f.explanation).toContain('The attempt was 5 minutes before the capture.');
    expect(f.explanation).toContain(
      'on a shared device the attempt may be another user’s (check that user@contoso.com',
    );
    expect(f.evidence.map((e) => e.field)).toEqual([
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
    ]);
    expect(f.evidence.every((e) => e.scope === 'AzureAdPrt/AcquirePrtDiagnostics')).toBe(true);
  });

  it('keeps Entra and enterprise PRT attempts apart, and HTTP Error 0x0 out of the codes (F3)', () => {
    const d = diagnoseFixture('captures/sectioned-prt-diagnostics.txt');
    const attempts = d.findings.filter((f) => f.id === 'prt-attempt-failed');
    expect(attempts.map((f) => f.title.replace(/:.*/, ''))).toEqual([
      'Last Microsoft Entra PRT acquisition failed',
      'Last Microsoft Entra PRT refresh failed',
      'Last enterprise (AD FS) PRT acquisition failed',
    ]);
    expect(attempts.map((f) => f.codes)).toEqual([
      ['0xc000023c', '0x80072ee2'],
      ['AADSTS50126', '0xc000006d', 'invalid_grant'],
      ['MSIS9605', '0xc004848b', 'invalid_request'],
    ]);
  });

  it('reads the seed 004 SSO sample: failed attempt, but the user is not known to be joined', () => {
    const d = diagnoseFixture('captures/seed-004-sso-state.txt');
    expect(ids(d)).toEqual(['prt-attempt-failed', 'collect-for-support']);
    expect(d.verdict.errorCode).toBe('0xc000006d');
  });

  it('warns when the PRT was not refreshed for more than 4 hours (F2)', () => {
    const d = diagnoseFixture('diagnose/hybrid-healthy.txt', { now: '2025-06-02T13:10:00Z' });
    expect(d.verdict.health).toBe('attention');
    expect(findingOf(d, 'prt-not-refreshed').title).toBe(
      'The Microsoft Entra PRT was last updated 6 hours before the capture',
    );
  });

  it('finds a fresh PRT healthy, and an expired one failing (F2)', () => {
    expect(
      diagnoseFixture('diagnose/hybrid-healthy.txt', { now: '2025-06-02T09:00:00Z' }).verdict.health,
    ).toBe('healthy');
    const d = diagnoseFixture('diagnose/hybrid-healthy.txt', { now: '2025-06-17T07:10:00Z' });
    expect(findingOf(d, 'prt-expired').title).toBe(
      'The Microsoft Entra PRT expired 24 hours before the capture',
    );
    expect(ids(d)).not.toContain('prt-not-refreshed');
  });

  it('does not judge SSO state captured as SYSTEM (E3)', () => {
    const d = diagnoseFixture('diagnose/hybrid-system-capture.txt');
    expect(ids(d)).not.toContain('prt-missing');
    expect(d.verdict.health).toBe('healthy');
  });

  it('notes a missing cloud Kerberos ticket for on-premises resources as information (F4)', () => {
    const d = diagnoseFixture('diagnose/hybrid-kerberos-msa.txt', { now: '2025-06-02T09:00:00Z' });
    expect(d.verdict.health).toBe('healthy');
    expect(
      findingOf(d, 'cloud-kerberos-no-onprem-ticket').evidence.map((e) => `${e.field}=${e.value}`),
    ).toEqual([
      'OnPremTgt=NO',
      'CloudTgt=YES',
      'KerbTopLevelNames=.windows.net,.windows.net:1433,.windows.net:3342,.azure.net,.azure.net:1433,.azure.net:3342',
    ]);
  });

  it('reports an expired enterprise PRT (F2)', () => {
    const d = diagnoseFixture('captures/seed-004-sso-state.txt', { now: '2020-07-19T00:00:00Z' });
    expect(findingOf(d, 'enterprise-prt-expired').title).toBe(
      'The enterprise (AD FS) PRT expired 527 days before the capture',
    );
  });
});
