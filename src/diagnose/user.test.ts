import { describe, expect, it } from 'vitest';
import { diagnoseFixture, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';

describe('user state and capture context (E, G1)', () => {
  it('treats WamDefaultSet ERROR from an elevated SYSTEM run as expected, not as a fault (E2)', () => {
    const d = diagnoseFixture('diagnose/hybrid-system-capture.txt');
    const f = findingOf(d, 'wam-default-error-elevated');
    expect(f.severity).toBe('info');
    expect(f.codes).toEqual(['0x80070520']);
    expect(ids(d)).not.toContain('wam-default-error');
  });

  it('warns about WamDefaultSet ERROR when the run was not elevated (E2)', () => {
    const d = diagnoseFixture('captures/noise-quoted-clock-prefix.txt');
    expect(findingOf(d, 'wam-default-error').severity).toBe('warning');
  });

  it('says that user and SSO fields of a SYSTEM capture are not the user’s, and lowers confidence (E3)', () => {
    const d = diagnoseFixture('diagnose/hybrid-system-capture.txt');
    const f = findingOf(d, 'user-fields-not-from-user');
    expect(f.explanation).toContain('the command ran as SYSTEM');
    expect(d.verdict.confidence.reasons).toContain(
      'SYSTEM capture: user and SSO fields describe SYSTEM, not the signed-in user',
    );
  });

  it('warns about a missing WAM default account on a joined device in the user context (E2, F1)', () => {
    const d = diagnoseFixture('diagnose/hybrid-prt-missing.txt');
    expect(findingOf(d, 'wam-default-not-set').severity).toBe('warning');
  });

  it('explains the Windows Hello key and its reset mode (E1)', () => {
    const d = diagnoseFixture('captures/seed-004-user-state.txt');
    expect(findingOf(d, 'windows-hello-key').explanation).toBe(
      'NgcSet YES: the user has a Windows Hello key; CanReset says the PIN can be reset either way (destructive or non-destructive).',
    );
  });

  it('advises running the pre-join tests as SYSTEM when they ran as a user (G1)', () => {
    const d = diagnoseFixture('captures/seed-001-diagnostic-data.txt');
    expect(findingOf(d, 'prejoin-not-system').evidence).toEqual([
      { field: 'User Context', value: 'UN-ELEVATED User', line: 6, scope: null },
    ]);
  });

  it('notes a personal Microsoft account as the default WAM account (E2)', () => {
    const f = findingOf(diagnoseFixture('diagnose/hybrid-kerberos-msa.txt'), 'wam-default-personal-account');
    expect(f.evidence.map((e) => e.field)).toEqual(['WamDefaultGUID', 'WamDefaultAuthority', 'WamDefaultId']);
  });
});
