import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DebugTrace } from '../model/capture.ts';
import { readCaptures } from './index.ts';
import { traceAttempts, traceJoinFailure } from './trace.ts';

const captures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'captures');

function traceOf(text: string): DebugTrace {
  const trace = readCaptures(text)[0]?.trace;
  if (!trace) throw new Error('no trace');
  return trace;
}

const fixture = (name: string) => traceOf(readFileSync(join(captures, name), 'utf8'));

describe('the join-level failure of a /join /debug trace', () => {
  it('reads a federated enterprise DRS join as an auth failure: the DSREG code, the ADAL code under it', () => {
    // Shape of a real trace: WinHTTP 0x2ee6 in the ADAL log comes first, the join steps last.
    expect(traceJoinFailure(fixture('trace-federated-enterprise-drs-auth.txt'))).toEqual({
      step: 'auth',
      code: '0x801c0515',
      subCode: '0xcaa1000e',
      line: 91,
      text: 'AutoEnrollAsComputer: Unable to retrieve access token. GetComputerTokenForADRS failed with error 0x801c0515.',
    });
  });

  it('diagnoses the last attempt of a trace that fell back to a sync join, and lists both attempts', () => {
    expect(traceJoinFailure(fixture('debug-join-trace.txt'))).toMatchObject({
      step: 'join',
      code: '0x801c03f2',
      subCode: null,
      line: 32,
    });
    expect(
      traceAttempts(fixture('debug-join-trace.txt')).map((a) => [
        a.kind,
        a.failure?.step,
        a.failure?.code,
        a.failure?.subCode,
      ]),
    ).toEqual([
      ['federated', 'auth', '0xcaa9002c', '0xcaa1000e'],
      ['sync', 'join', '0x801c03f2', null],
    ]);
  });

  it('reads TenantInfo::Discover as the discover phase, with the AD read error of a wrapped paste under it', () => {
    expect(traceJoinFailure(fixture('trace-discover-scp-read-failed.txt'))).toEqual({
      step: 'discover',
      code: '0x801c001d',
      subCode: '0x8007003a',
      line: 13,
      text: 'TenantInfo::Discover failed with error code 0x801c001d.',
    });
  });

  it('reads a DoNotJoin pre-check with an error code as the pre-check phase', () => {
    expect(traceJoinFailure(fixture('trace-precheck-no-dc.txt'))).toMatchObject({
      step: 'pre-check',
      code: '0x8007054b',
      subCode: null,
      line: 4,
    });
  });

  it('reads the sync join request as the join phase', () => {
    const trace = traceOf(
      [
        'TenantInfo::Discover: Join Info { TenantType = Managed; AutoJoinEnabled = 1; TenandID = aaaabbbb-0000-cccc-1111-dddd2222eeee; TenantName = contoso.com }',
        'Join HTTP status: 400',
        'Join error code: DirectoryError',
        'DsrDeviceAutoJoin failed 0x801c03f2.',
        'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801c03f2.',
        'DSREGCMD_END_STATUS',
      ].join('\n'),
    );
    expect(traceJoinFailure(trace)).toMatchObject({
      step: 'join',
      code: '0x801c03f2',
      subCode: null,
      line: 4,
    });
  });

  it('takes the AdalErrorCode of the attempt as the sub-error when the failure lines print one code', () => {
    const trace = traceOf(
      [
        'GetComputerTokenForADRS: Get token for ADRS',
        'AdalLog:  HRESULT: 0x4aa90010',
        'AdalErrorCode: 0x2ee6',
        'AdalLog:  HRESULT: 0x0',
        'AutoEnrollAsComputer: Unable to retrieve access token. GetComputerTokenForADRS failed with error 0x801c0515.',
        'DSREGCMD_END_STATUS',
      ].join('\n'),
    );
    expect(traceJoinFailure(trace)).toMatchObject({
      step: 'auth',
      code: '0x801c0515',
      subCode: '0x00002ee6',
    });
  });

  it('names no step for an attempt line alone, and nothing for a trace without a join failure', () => {
    const attempt = traceOf(
      'DsrCmdJoinHelper::Join: Federated ADRS join failed with error 0xcaa1000e.\nDSREGCMD_END_STATUS',
    );
    expect(traceJoinFailure(attempt)).toMatchObject({ step: null, code: '0xcaa1000e', subCode: null });
    const adalOnly = traceOf(
      'LogFatalAuthError: AdalMessage: ADALUseWindowsAuthenticationTenant failed,  unable to preform integrated auth\nAdalErrorCode: 0xcaa9002c\nDSREGCMD_END_STATUS',
    );
    expect(traceJoinFailure(adalOnly)).toBeNull();
    const healthy = traceOf(
      'PreJoinChecks Complete.\npreCheckResult: DoNotJoin\nresultCode: 0x1\nDSREGCMD_END_STATUS',
    );
    expect(traceJoinFailure(healthy)).toBeNull();
  });
});

describe('trace lines as admins paste them', () => {
  const text = readFileSync(join(captures, 'debug-join-trace.txt'), 'utf8');
  const lines = text.split('\n');
  const attemptsOf = (pasted: string) =>
    traceAttempts(traceOf(pasted)).map((a) => [a.kind, a.failure?.step, a.failure?.code, a.failure?.subCode]);
  const expected = [
    ['federated', 'auth', '0xcaa9002c', '0xcaa1000e'],
    ['sync', 'join', '0x801c03f2', null],
  ];

  it('reads `# `-commented lines the same as clean ones', () => {
    expect(attemptsOf(lines.map((l) => `# ${l}`).join('\n'))).toEqual(expected);
  });

  it('reads lines with timestamp prefixes the same as clean ones', () => {
    const stamped = lines.map(
      (l, i) => `2024-03-01 10:29:${String(10 + (i % 50)).padStart(2, '0')}.123 ${l}`,
    );
    expect(attemptsOf(stamped.join('\n'))).toEqual(expected);
    expect(attemptsOf(lines.map((l) => `[10:29:41] ${l}`).join('\n'))).toEqual(expected);
  });

  it('reads lines glued together by a lost newline the same as clean ones', () => {
    // `…failed with error 0xcaa9002c.DsrCmdJoinHelper::Join: Federated ADRS join failed…`
    const glued = `${lines.slice(0, 25).join('\n')}${lines.slice(25).join('\n')}`;
    expect(attemptsOf(glued)).toEqual(expected);
  });
});

describe('trace attempts that end in success', () => {
  const lines = readFileSync(join(captures, 'debug-join-trace.txt'), 'utf8').split('\n');
  /** The federated attempt of the fixture: it fails in auth, `Try synchronized join.` on line 26. */
  const federatedFailure = lines.slice(0, 26);

  it('reads an Azure VM join trace that states success as one successful attempt and no failure', () => {
    // The shape dsregcmd prints for a join with the VM's managed identity.
    const trace = traceOf(
      [
        'DsrCmdAzureHelper::GetMetadataRestResponse: HTTP Status Code: 200',
        'Start join process with MSI credential.',
        'Join request ID: bbbbbbbb-1111-2222-3333-cccccccccccc',
        'Join response time: Fri, 01 Mar 2024 10:30:00 GMT',
        'Join HTTP status: 200',
        'Successfully joined machine to AAD.',
      ].join('\n'),
    );
    expect(trace.successes).toEqual([{ text: 'Successfully joined machine to AAD.', line: 6 }]);
    expect(trace.failures).toEqual([]);
    expect(traceAttempts(trace)).toEqual([
      {
        kind: null,
        outcome: 'succeeded',
        failure: null,
        success: { line: 6, text: 'Successfully joined machine to AAD.' },
      },
    ]);
    expect(traceJoinFailure(trace)).toBeNull();
  });

  it('keeps a failed attempt before a success line as history: the last attempt, a success, decides', () => {
    const trace = traceOf([...federatedFailure, 'Successfully joined machine to AAD.'].join('\n'));
    expect(
      traceAttempts(trace).map((a) => [a.kind, a.outcome, a.failure?.step, a.failure?.code, a.success?.line]),
    ).toEqual([
      ['federated', 'failed', 'auth', '0xcaa9002c', undefined],
      [null, 'succeeded', undefined, undefined, 27],
    ]);
    expect(traceJoinFailure(trace)).toBeNull();
  });

  it('reads the success line of DsrCmdJoinHelper::Join for an AutoEnroll that completed', () => {
    // dsregcmd prints `%s: DsrCmdDeviceEnroller::AutoEnroll(%s) completed successfully.` with the
    // function name and the join type; the join type is not read, so it is left out here.
    const success = 'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnroll() completed successfully.';
    const trace = traceOf([...federatedFailure, success, 'DSREGCMD_END_STATUS'].join('\n'));
    expect(trace.successes).toEqual([{ text: success, line: 27 }]);
    expect(traceAttempts(trace).map((a) => [a.outcome, a.failure?.code ?? null])).toEqual([
      ['failed', '0xcaa9002c'],
      ['succeeded', null],
    ]);
  });

  it('still diagnoses a failure that comes after a success line', () => {
    const trace = traceOf(
      ['Join HTTP status: 200', 'Successfully joined machine to AAD.', ...lines.slice(26, 34)].join('\n'),
    );
    expect(
      traceAttempts(trace).map((a) => [a.outcome, a.failure?.step ?? null, a.failure?.code ?? null]),
    ).toEqual([
      ['succeeded', null, null],
      ['failed', 'join', '0x801c03f2'],
    ]);
    expect(traceJoinFailure(trace)).toMatchObject({ step: 'join', code: '0x801c03f2' });
  });

  it('does not read a failure or an unrelated line as a success', () => {
    const trace = traceOf(
      [
        'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801c03f2.',
        'AdalLog: Authority validation is completed ; HRESULT: 0x0',
        'PreJoinChecks Complete.',
        'DSREGCMD_END_STATUS',
      ].join('\n'),
    );
    expect(trace.successes).toEqual([]);
  });
});
