import { describe, expect, it } from 'vitest';
import { captureOf } from '../../test/fixtures/diagnose/load.ts';
import { readCaptures } from '../read/index.ts';
import { parsePhase, parseRegistrationType, readPhase } from './phase.ts';
import { CaptureView } from './view.ts';

const noPhases = () => [];

function viewOf(text: string): CaptureView {
  const capture = readCaptures(text)[0];
  if (!capture) throw new Error('no capture');
  return new CaptureView(capture);
}

const SYNC_FALLBACK_TRACE = [
  'DsrDeviceAutoJoin failed 0x801c03f2.',
  'DsrCmdJoinHelper::Join: DsrCmdDeviceEnroller::AutoEnrollSync failed with error code 0x801c03f2.',
  'DSREGCMD_END_STATUS',
].join('\n');

describe('phase engine (G3–G11)', () => {
  it('takes phase, code and sub-error from the first failing test when there is no Error Phase (seed 001)', () => {
    const p = readPhase(new CaptureView(captureOf('captures/seed-001-diagnostic-data.txt')), noPhases);
    expect(p).toMatchObject({
      phase: 'discover',
      source: 'pre-join-test',
      errorCode: '0x801c0021',
      subErrorCode: '0x80072ee2',
    });
    expect(p.failingTests.map((t) => t.name)).toEqual(['DRS Discovery Test']);
  });

  it('lets Error Phase win and takes the sub-error from the test with the same code (seed 004)', () => {
    const p = readPhase(
      new CaptureView(captureOf('captures/seed-004-diagnostic-data-discover-failure.txt')),
      noPhases,
    );
    expect(p).toMatchObject({
      phase: 'discover',
      source: 'error-phase',
      errorCode: '0x801c0021',
      subErrorCode: '0x801c000c',
    });
  });

  it('takes the sub-error from a failing test of the stated phase that printed another code (SCP missing)', () => {
    const p = readPhase(new CaptureView(captureOf('../../examples/scp-missing.txt')), noPhases);
    expect(p).toMatchObject({
      phase: 'discover',
      source: 'error-phase',
      errorCode: '0x801c001d',
      subErrorCode: '0x80070002',
    });
  });

  it('reads the sync-join sample as join phase with the registration block (seed 004)', () => {
    const p = readPhase(
      new CaptureView(captureOf('captures/seed-004-diagnostic-data-sync-join.txt')),
      noPhases,
    );
    expect(p).toMatchObject({
      phase: 'join',
      source: 'error-phase',
      errorCode: '0x801c03f2',
      subErrorCode: null,
      registrationType: 'sync',
    });
    expect(p.registration.serverErrorCode?.raw).toBe('DirectoryError');
    expect(p.registration.requestId?.line).toBe(22);
  });

  it('maps the AD Connectivity Test to the pre-check phase (G3)', () => {
    const p = readPhase(new CaptureView(captureOf('diagnose/ad-connectivity-failed.txt')), noPhases);
    expect(p).toMatchObject({ phase: 'pre-check', errorCode: '0x8007054b', subErrorCode: null });
  });

  it('treats a zero sub-error as none, and reads `fed` as a federated registration (G7, G9)', () => {
    const p = readPhase(new CaptureView(captureOf('diagnose/federated-auth-failed.txt')), noPhases);
    expect(p).toMatchObject({
      phase: 'auth',
      errorCode: '0xcaa90017',
      subErrorCode: null,
      registrationType: 'federated',
    });
  });

  it('takes the phase from the join step a debug trace says failed, not from the first ADAL code (real shape)', () => {
    // The ADAL log prints WinHTTP 0x2ee6 first; the join steps say auth, 0x801c0515 over 0xcaa1000e.
    const p = readPhase(
      new CaptureView(captureOf('captures/trace-federated-enterprise-drs-auth.txt')),
      noPhases,
    );
    expect(p).toMatchObject({
      phase: 'auth',
      source: 'trace-step',
      errorCode: '0x801c0515',
      subErrorCode: '0xcaa1000e',
      registrationType: null,
    });
  });

  it('reads the last attempt of a trace that fell back to a sync join: the sync join decided it', () => {
    const p = readPhase(new CaptureView(captureOf('captures/debug-join-trace.txt')), noPhases);
    expect(p).toMatchObject({
      phase: 'join',
      source: 'trace-step',
      errorCode: '0x801c03f2',
      subErrorCode: null,
    });
  });

  it('reads no failure when the trace ends in a joined device, and keeps the failed attempt before it', () => {
    const p = readPhase(
      new CaptureView(captureOf('captures/trace-federated-failed-sync-joined.txt')),
      noPhases,
    );
    expect(p).toMatchObject({ phase: null, source: null, errorCode: null, subErrorCode: null });
    expect(p.traceAttempts.map((a) => [a.kind, a.outcome, a.failure?.step, a.failure?.code])).toEqual([
      ['federated', 'failed', 'auth', '0xcaa9002c'],
    ]);
  });

  it('reads TenantInfo::Discover as discover and a DoNotJoin pre-check as pre-check', () => {
    expect(
      readPhase(new CaptureView(captureOf('captures/trace-discover-scp-read-failed.txt')), noPhases),
    ).toMatchObject({
      phase: 'discover',
      source: 'trace-step',
      errorCode: '0x801c001d',
      subErrorCode: '0x8007003a',
    });
    expect(
      readPhase(new CaptureView(captureOf('captures/trace-precheck-no-dc.txt')), noPhases),
    ).toMatchObject({
      phase: 'pre-check',
      source: 'trace-step',
      errorCode: '0x8007054b',
      subErrorCode: null,
    });
  });

  it('lets the Client ErrorCode of a status block win over a trace', () => {
    const p = readPhase(viewOf(`${SYNC_FALLBACK_TRACE}\n     Client ErrorCode : 0x801c03f2\n`), noPhases);
    expect(p).toMatchObject({ source: null, errorCode: '0x801c03f2', subErrorCode: null });
  });

  it('falls back to the phase the catalog gives for a code when the trace names no step', () => {
    const attemptOnly = viewOf(
      'DsrCmdJoinHelper::Join: Federated ADRS join failed with error 0xcaa1000e.\nDSREGCMD_END_STATUS',
    );
    expect(readPhase(attemptOnly, (code) => (code === '0xcaa1000e' ? ['auth'] : []))).toMatchObject({
      phase: 'auth',
      source: 'code-family',
      errorCode: '0xcaa1000e',
    });
    const adalOnly = viewOf(
      'LogFatalAuthError: AdalMessage: ADALUseWindowsAuthenticationTenant failed,  unable to preform integrated auth\nAdalErrorCode: 0xcaa9002c\nDSREGCMD_END_STATUS',
    );
    expect(readPhase(adalOnly, (code) => (code === '0xcaa9002c' ? ['auth'] : []))).toMatchObject({
      phase: 'auth',
      source: 'code-family',
      errorCode: '0xcaa9002c',
      subErrorCode: null,
    });
  });

  it('reads the spellings of phases and registration types', () => {
    expect(['pre-check', 'precheck', 'Discover', 'authentication', 'join', 'other'].map(parsePhase)).toEqual([
      'pre-check',
      'pre-check',
      'discover',
      'auth',
      'join',
      null,
    ]);
    expect(['sync', 'fed', 'federated', 'fallback_sync', ''].map(parseRegistrationType)).toEqual([
      'sync',
      'federated',
      'federated',
      'fallback_sync',
      null,
    ]);
  });
});
