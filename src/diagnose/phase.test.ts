import { describe, expect, it } from 'vitest';
import { captureOf } from '../../test/fixtures/diagnose/load.ts';
import { parsePhase, parseRegistrationType, readPhase } from './phase.ts';
import { CaptureView } from './view.ts';

const noPhases = () => [];

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

  it('falls back to the phase the catalog gives for a code when nothing else says', () => {
    const p = readPhase(new CaptureView(captureOf('captures/debug-join-trace.txt')), (code) =>
      code === '0xcaa9002c' ? ['auth'] : [],
    );
    expect(p).toMatchObject({ phase: 'auth', source: 'code-family', errorCode: '0xcaa9002c' });
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
