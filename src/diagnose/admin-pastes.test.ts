import { describe, expect, it } from 'vitest';
import { diagnoseFixture, diagnoseText, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';
import type { DsregCapture } from '../model/capture.ts';
import { readCaptures } from '../read/index.ts';
import { diagnose } from './index.ts';

describe('codes in every form an admin pastes', () => {
  it('reports the server sub-code and the AADSTS code inside a wrapped French server message', () => {
    const d = diagnoseFixture('diagnose/hybrid-join-server-subcode.txt');
    expect(d.verdict).toMatchObject({
      joinState: 'domain-joined',
      health: 'failing',
      failedPhase: 'join',
      errorCode: '0x801c03f2',
    });
    const f = findingOf(d, 'join-failed');
    expect(f.codes).toEqual(['0x801c03f2', 'DirectoryError', 'error_missing_device', 'AADSTS700003']);
    // The sub-code says what is wrong and what to do: the device object is gone, leave and join again.
    expect(f.explanation).toContain('Server sub-code error_missing_device');
    expect(f.causes[0]).toBe('The device is not registered or joined, or its registration was removed.');
    expect(f.steps.some((s) => s.startsWith('Leave and join again'))).toBe(true);
  });

  it('decodes an HRESULT_FROM_NT attempt status to its NTSTATUS and reports both', () => {
    const d = diagnoseFixture('diagnose/prt-fragment-no-header.txt');
    const f = findingOf(d, 'prt-attempt-failed');
    expect(f.codes).toEqual(['AADSTS50126', '0xd000006d', '0xc000006d', 'invalid_grant']);
    expect(f.explanation).toContain('0xd000006d (HRESULT_FROM_NT(STATUS_LOGON_FAILURE))');
  });
});

describe('codes the device checks print after FAILED', () => {
  it('reads each code DeviceAuthStatus prints: the check ran, the code says what failed', () => {
    const d = diagnoseText(
      [
        '             AzureAdJoined : YES',
        '              DomainJoined : YES',
        '          DeviceAuthStatus : FAILED. Error: 0x801c0002 0x80072ee7',
      ].join('\n'),
    );
    expect(ids(d)).not.toContain('device-auth-test-not-run');
    const f = findingOf(d, 'device-auth-failed');
    expect(f.codes).toEqual(['0x801c0002', '0x80072ee7']);
    expect(f.title).toBe('DeviceAuthStatus failed: 0x801c0002 DSREG_E_DEVICE_AUTHENTICATION_ERROR');
    expect(f.explanation).toContain('It also printed 0x80072ee7 (WININET_E_NAME_NOT_RESOLVED)');
  });

  it('reads a KeySignTest failure written as a symbolic name or a signed decimal', () => {
    for (const written of ['NTE_BAD_KEYSET', '-2146893802']) {
      const d = diagnoseText(`AzureAdJoined : YES\nKeySignTest : FAILED. Error: ${written}`);
      const f = findingOf(d, 'key-sign-test-failed');
      expect(f.codes).toEqual(['0x80090016']);
      expect(f.explanation).toContain('Error 0x80090016 (NTE_BAD_KEYSET):');
    }
  });
});

describe('the registration service’s lines pasted without the rest of their block', () => {
  it('reads a server error and message pasted alone as a failed attempt, and says what is not shown', () => {
    const d = diagnoseFixture('diagnose/registration-server-lines-only.txt');
    expect(d.verdict).toMatchObject({ joinState: 'unknown', health: 'attention', errorCode: '0x801c03f2' });
    const f = findingOf(d, 'sync-join-pending');
    expect(f.codes).toEqual(['DirectoryError', '0x801c03f2']);
    expect(f.explanation).toMatch(
      /^A registration request failed: these lines are the registration service’s answer, pasted without the rest of the Previous Registration block, so the attempt’s time, phase and client error code are not shown\. The registration service answered DirectoryError: “The device object by the given id \(00000005-001e-1000-a840-96fd00000013\) is not found”\./,
    );
  });

  it('reads each code a server message quotes when no known message matches it', () => {
    const d = diagnoseFixture('diagnose/registration-server-message-codes.txt');
    expect(d.verdict).toMatchObject({ joinState: 'unknown', health: 'failing', errorCode: '0xcaa82ee2' });
    const f = findingOf(d, 'join-failed');
    expect(f.codes).toEqual(['0xcaa82ee2', '0x80072ee2', 'AADSTS50126']);
    expect(f.explanation).toContain(
      'Server message code 0xcaa82ee2 (ERROR_ADAL_INTERNET_TIMEOUT): A network timeout (WinHTTP error 12002) while getting a token for the registration service from Entra ID or the federation service. Server message code AADSTS50126 (InvalidUserNameOrPassword): The user name or password is wrong.',
    );
    expect(f.causes).toContain('The user typed a wrong password.');
  });
});

describe('what the registration fields hold, read as the admin reads it', () => {
  it('takes blank, placeholder and zero registration fields on a healthy device for no attempt at all', () => {
    const d = diagnoseFixture('diagnose/hybrid-healthy-empty-registration.txt');
    expect(d.verdict).toMatchObject({ joinState: 'hybrid-joined', health: 'healthy', errorCode: null });
    expect(ids(d)).not.toContain('join-failed');
  });

  it('reads a client error code written with its name, and each code of a field holding several', () => {
    const block = (client: string) =>
      diagnoseText(
        [
          '     Previous Registration : 2025-04-07 09:55:00.000 UTC',
          '               Error Phase : join',
          `          Client ErrorCode : ${client}`,
        ].join('\n'),
      );
    expect(block('0x801c03f2 (DSREG_E_DIRECTORY_FAILURE)').verdict.errorCode).toBe('0x801c03f2');
    expect(block('DSREG_E_DIRECTORY_FAILURE').verdict.errorCode).toBe('0x801c03f2');
    const several = findingOf(block('0x80090016 0x80290407'), 'join-failed');
    expect(several.codes).toEqual(['0x80090016', '0x80290407']);
    expect(several.explanation).toContain(
      'Client error 0x80290407 (TPM_E_PCP_INTERNAL_ERROR): The TPM failed while creating or using the device key.',
    );
  });

  it('reports the client error code beside the failing test’s code when no Error Phase line is shown', () => {
    const d = diagnoseText(
      [
        '        DRS Discovery Test : FAIL [0x801c0021/0x80072ee2]',
        '     Previous Registration : 2025-04-07 09:55:00.000 UTC',
        '          Client ErrorCode : 0x801c001f',
      ].join('\n'),
    );
    expect(d.verdict).toMatchObject({ failedPhase: 'discover', errorCode: '0x801c0021' });
    const f = findingOf(d, 'join-failed');
    expect(f.codes).toEqual(['0x801c0021', '0x801c001f', '0x80072ee2']);
    expect(f.explanation).toContain('Client error 0x801c001f (DSREG_AUTOJOIN_DISC_WAIT_TIMEOUT)');
  });

  it('puts the sub-code’s fix first when it says the device object is gone, even beside a "not found" message', () => {
    const d = diagnoseText(
      [
        '             AzureAdJoined : NO',
        '              DomainJoined : YES',
        '     Previous Registration : 2025-04-07 09:55:00.000 UTC',
        '         Registration Type : sync',
        '               Error Phase : join',
        '          Client ErrorCode : 0x801c03f2',
        '          Server ErrorCode : DirectoryError',
        '       Server ErrorSubCode : error_missing_device',
        '            Server Message : The device object by the given id (00000000-0000-0000-0000-000000000005) is not found.',
      ].join('\n'),
    );
    expect(ids(d)).toContain('join-failed');
    expect(ids(d)).not.toContain('sync-join-pending');
    const f = findingOf(d, 'join-failed');
    expect(f.causes[0]).toBe('The device is not registered or joined, or its registration was removed.');
    expect(f.steps[1]?.startsWith('Leave and join again')).toBe(true);
  });

  it('keeps a SYSTEM run’s Windows Hello and PRT values out of the verdict, whatever the language of the account', () => {
    const d = diagnoseFixture('diagnose/entra-joined-system-localized.txt');
    expect(d.verdict).toMatchObject({ joinState: 'entra-joined', health: 'healthy' });
    expect(ids(d)).toEqual(['user-fields-not-from-user', 'wam-default-error-elevated']);
  });
});

describe('who ran the capture, and what kind of run it was', () => {
  it('takes the executing account over `User Context : SYSTEM`, which names where the diagnostics ran', () => {
    const d = diagnoseText(
      [
        '             AzureAdJoined : YES',
        '              DomainJoined : YES',
        '                AzureAdPrt : NO',
        '              User Context : SYSTEM',
        '    Executing Account Name : CONTOSO\\user01, user01@contoso.com',
      ].join('\n'),
    );
    expect(ids(d)).toContain('prt-missing');
    expect(ids(d)).not.toContain('user-fields-not-from-user');
  });

  it('reads no join failure into a `/status /debug` trace on a joined device', () => {
    const d = diagnoseText(
      [
        'C:\\>dsregcmd /status /debug',
        '+----------------------------------------------------------------------+',
        '| Device State                                                         |',
        '+----------------------------------------------------------------------+',
        '             AzureAdJoined : YES',
        '              DomainJoined : YES',
        'DsrCmdAccountMgr::IsDomainControllerAvailable: DsGetDcName failed { domain:contoso.com } with error 0x8007054b.',
        '+----------------------------------------------------------------------+',
        '| SSO State                                                            |',
        '+----------------------------------------------------------------------+',
        '                AzureAdPrt : YES',
      ].join('\n'),
    );
    expect(d.verdict.joinState).toBe('hybrid-joined');
    expect(ids(d)).not.toContain('join-failed');
  });

  it('reads the server’s lines alone on an Entra joined device as the service’s error, not as a hybrid join', () => {
    const d = diagnoseText(
      [
        '             AzureAdJoined : YES',
        '              DomainJoined : NO',
        '       Server ErrorSubCode : error_missing_device',
        '          Server Operation : DeviceUpdate',
      ].join('\n'),
    );
    const f = findingOf(d, 'registration-error-reported');
    expect(f.title).toBe(
      'The registration service reported an error for this joined device: error_missing_device',
    );
    expect(f.explanation).toMatch(/^A registration request failed \(server operation DeviceUpdate\)/);
    expect(f.steps.some((s) => s.startsWith('Leave and join again'))).toBe(true);
  });

  it('says a PRT request got no HTTP response when its status is 0', () => {
    const d = diagnoseText(
      [
        '             AzureAdJoined : YES',
        '                AzureAdPrt : NO',
        '     AcquirePrtDiagnostics : PRESENT',
        '      Previous Prt Attempt : 2025-04-07 09:58:31.000 UTC',
        '            Attempt Status : 0xc000023c',
        '                HTTP Error : 0x80072ee2',
        '               HTTP status : 0',
      ].join('\n'),
    );
    const f = findingOf(d, 'prt-attempt-failed');
    expect(f.explanation).toContain('No HTTP response was received (HTTP status 0).');
    expect(f.explanation).not.toContain('answered HTTP 0');
  });
});

describe('values and states read as an admin reads them', () => {
  it('runs the joined-device checks for AzureAdJoined YES without a DomainJoined line, and says what it cannot tell', () => {
    const d = diagnoseFixture('diagnose/entra-joined-no-domainjoined-line.txt');
    expect(d.verdict).toMatchObject({ joinState: 'unknown', health: 'failing', failedPhase: null });
    expect(d.verdict.summary).toBe(
      'Joined to Microsoft Entra ID (Entra joined or hybrid joined: the capture has no DomainJoined line): the user has no Microsoft Entra PRT: single sign-on and device-based access fail.',
    );
    // `MdmUrl : -` is no URL: not "MDM URLs are set".
    expect(ids(d)).toEqual([
      'prt-missing',
      'whfb-will-not-provision',
      'mdm-not-configured',
      'collect-for-support',
    ]);
  });

  it('trusts user fields of a remote session: the PRT of the user who ran the command is judged', () => {
    const d = diagnoseFixture('diagnose/entra-joined-no-domainjoined-line.txt');
    expect(findingOf(d, 'prt-missing').severity).toBe('error');
    expect(ids(d)).not.toContain('user-fields-not-from-user');
  });
});

describe('PRT diagnostics pasted without their block header', () => {
  it('diagnoses the fragment from what it holds, as a warning with lowered confidence', () => {
    const d = diagnoseFixture('diagnose/prt-fragment-no-header.txt');
    expect(d.verdict).toMatchObject({ joinState: 'unknown', health: 'attention', errorCode: '0xd000006d' });
    expect(d.verdict.confidence).toEqual({
      level: 'medium',
      score: 0.65,
      reasons: [
        'fragment: no section headers, fields placed by name',
        'PRT diagnostics without their block header: which PRT and which attempt is not shown',
      ],
    });
    const f = findingOf(d, 'prt-attempt-failed');
    expect(f.severity).toBe('warning');
    expect(f.title).toBe(
      'A PRT attempt (lines without their block header) failed: AADSTS50126 InvalidUserNameOrPassword',
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
  });
});

const box = (title: string) => `+-----+\n| ${title} |\n+-----+\n`;

describe('states and codes from short pastes', () => {
  it('runs the joined-device checks on the inconsistent AzureAdJoined + EnterpriseJoined state', () => {
    const text = [
      box('Device State'),
      '   AzureAdJoined : YES',
      'EnterpriseJoined : YES',
      '    DomainJoined : NO',
      box('SSO State'),
      '      AzureAdPrt : NO',
      box('Diagnostic Data'),
      '    User Context : UN-ELEVATED User',
      '     Client Time : 2025-04-07 10:00:00.000 UTC',
    ].join('\n');
    const [capture] = readCaptures(text);
    const d = diagnose(capture as DsregCapture);
    expect(d.verdict).toMatchObject({ joinState: 'inconsistent', health: 'failing' });
    expect(ids(d)).toEqual(['prt-missing', 'join-state-inconsistent', 'collect-for-support']);
  });

  it('yields each code of a field that holds several, and marks the TPM ruled out when KeySignTest passed', () => {
    const text = [
      box('Device State'),
      '   AzureAdJoined : YES',
      '    DomainJoined : YES',
      box('SSO State'),
      '      AzureAdPrt : NO',
      box('Diagnostic Data'),
      '    User Context : ELEVATED User',
      '     Client Time : 2025-04-07 10:00:00.000 UTC',
      '     KeySignTest : PASSED',
      'Previous Registration : 2025-04-07 09:55:00.000 UTC',
      '     Error Phase : join',
      'Client ErrorCode : 0x801c03f3',
      'Server ErrorCode : 0x80090016 0x80290407',
    ].join('\n');
    const [capture] = readCaptures(text);
    const d = diagnose(capture as DsregCapture);
    const joinFailed = findingOf(d, 'join-failed');
    expect(joinFailed.codes).toEqual(['0x801c03f3', '0x80090016', '0x80290407']);
    // Each code the server returned is read, not only listed.
    expect(joinFailed.explanation).toContain(
      'The registration service answered 0x80090016 0x80290407. Server error 0x80090016 (NTE_BAD_KEYSET): A TPM or key-storage operation failed because the expected key container does not exist. Server error 0x80290407 (TPM_E_PCP_INTERNAL_ERROR): The TPM failed while creating or using the device key.',
    );
    expect(joinFailed.causes).toContain('The TPM was cleared, deleting the keys.');
    expect(joinFailed.steps).toContain('Update the TPM firmware.');
    const causes = findingOf(d, 'prt-missing').causes;
    expect(causes[causes.length - 1]).toBe(
      'Ruled out by this capture: a bad storage key in the TPM (KeySignTest passed).',
    );
  });
});
