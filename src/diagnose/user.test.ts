import { describe, expect, it } from 'vitest';
import { diagnoseFixture, diagnoseText, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';
import { readCaptures } from '../read/index.ts';
import { CaptureView } from './view.ts';

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

  it('expects WamDefaultSet ERROR without a join or work account, reading authority NO as not set (E2)', () => {
    // Domain joined server, not hybrid joined; old builds print `AzureAdPrtAuthority : NO`.
    const d = diagnoseFixture('diagnose/domain-joined-server-ngc-error.txt');
    expect(ids(d)).not.toContain('wam-default-error');
    const f = findingOf(d, 'wam-default-error-not-joined');
    expect(f.severity).toBe('info');
    expect(f.codes).toEqual(['0xd0020017']);
    expect(f.title).toBe('WamDefaultSet shows ERROR: expected without a join or a work account');
    expect(f.evidence.map((e) => e.field)).toEqual([
      'WamDefaultSet',
      'AzureAdJoined',
      'DomainJoined',
      'WorkplaceJoined',
    ]);
  });

  const UNJOINED = (
    user: string,
    sso: string,
  ) => `+----------------------------------------------------------------------+
| Device State                                                         |
+----------------------------------------------------------------------+

             AzureAdJoined : NO
          EnterpriseJoined : NO
              DomainJoined : NO

+----------------------------------------------------------------------+
| User State                                                           |
+----------------------------------------------------------------------+

${user}

+----------------------------------------------------------------------+
| SSO State                                                            |
+----------------------------------------------------------------------+

${sso}
`;

  it('keeps the WamDefaultSet ERROR warning when the user has a work account or a PRT authority (E2)', () => {
    const plain = diagnoseText(
      UNJOINED(
        '                    NgcSet : NO\n           WorkplaceJoined : NO\n             WamDefaultSet : ERROR',
        '                AzureAdPrt : NO\n             EnterprisePrt : NO',
      ),
    );
    expect(findingOf(plain, 'wam-default-error-not-joined').severity).toBe('info');
    const workAccount = diagnoseText(
      UNJOINED(
        '                    NgcSet : NO\n           WorkplaceJoined : YES\n          WorkAccountCount : 1\n             WamDefaultSet : ERROR',
        '                AzureAdPrt : NO\n             EnterprisePrt : NO',
      ),
    );
    expect(findingOf(workAccount, 'wam-default-error').severity).toBe('warning');
    const authority = diagnoseText(
      UNJOINED(
        '                    NgcSet : NO\n           WorkplaceJoined : NO\n             WamDefaultSet : ERROR',
        '                AzureAdPrt : NO\n       AzureAdPrtAuthority : https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee\n             EnterprisePrt : NO',
      ),
    );
    expect(findingOf(authority, 'wam-default-error').severity).toBe('warning');
  });

  it('reads an authority printed as NO (any case) or empty as not set', () => {
    const view = (value: string) => {
      const capture = readCaptures(
        UNJOINED(
          '           WorkplaceJoined : NO',
          `             EnterprisePrt : NO\n    EnterprisePrtAuthority : ${value}`,
        ),
      )[0];
      if (!capture) throw new Error('no capture');
      return new CaptureView(capture);
    };
    expect(view('NO').authority('EnterprisePrtAuthority')).toBeNull();
    expect(view('no').authority('EnterprisePrtAuthority')).toBeNull();
    expect(view('').authority('EnterprisePrtAuthority')).toBeNull();
    expect(view('https://adfs.contoso.com:443/adfs').authority('EnterprisePrtAuthority')).toBe(
      'https://adfs.contoso.com:443/adfs',
    );
  });
});
