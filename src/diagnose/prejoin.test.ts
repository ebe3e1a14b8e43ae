import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseFixture, diagnoseText, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';
import { buildErrorChain } from '../flow/error-chain.ts';
import { lookupCode, readingFor } from '../knowledge/codes/index.ts';
import { readCaptures } from '../read/index.ts';
import { diagnose } from './index.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures');

describe('pre-join rules (G, J)', () => {
  it('reports no line of sight to a domain controller as a pre-check failure (G3)', () => {
    const d = diagnoseFixture('diagnose/ad-connectivity-failed.txt');
    expect(d.verdict).toMatchObject({
      health: 'failing',
      failedPhase: 'pre-check',
      errorCode: '0x8007054b',
      subErrorCode: null,
    });
    const f = findingOf(d, 'ad-connectivity-failed');
    expect(f.checks.slice(0, 2)).toEqual(['G3', 'J1']);
    // What to do comes from the catalog, read for the pre-check phase.
    const entry = lookupCode('0x8007054b').entry;
    expect(entry).not.toBeNull();
    expect(f.steps).toEqual(readingFor(entry!, 'pre-check').steps);
    expect(f.steps.length).toBeGreaterThan(0);
    expect(ids(d)).toEqual([
      'ad-connectivity-failed',
      'hybrid-join-not-complete',
      'prejoin-not-system',
      'collect-for-support',
    ]);
  });

  it('reads a federated auth failure with the token test it covers, and a disabled fallback (G7, G8)', () => {
    const d = diagnoseFixture('diagnose/federated-auth-failed.txt');
    expect(d.verdict).toMatchObject({ failedPhase: 'auth', errorCode: '0xcaa90017', subErrorCode: null });
    const f = findingOf(d, 'join-failed');
    expect(f.title).toBe(
      'Hybrid join failed in the auth phase: 0xcaa90017 ERROR_ADAL_PROTOCOL_NOT_SUPPORTED',
    );
    expect(f.checks).toContain('G7');
    expect(f.explanation).toContain('as a federated join');
    expect(f.evidence.map((e) => e.field)).toEqual([
      'Previous Registration',
      'Registration Type',
      'Error Phase',
      'Client ErrorCode',
      'Token acquisition Test',
    ]);
    expect(findingOf(d, 'fallback-sync-join-disabled').severity).toBe('warning');
    expect(ids(d)).not.toContain('token-acquisition-failed');
  });

  it('reads a throttled federated join as a wait, not an error (J4)', () => {
    const d = diagnoseFixture('diagnose/federated-throttled.txt');
    expect(d.verdict).toMatchObject({ health: 'attention', failedPhase: 'join', errorCode: '0x801c03f2' });
    const f = findingOf(d, 'join-throttled');
    expect(f.severity).toBe('warning');
    expect(f.checks).toEqual(expect.arrayContaining(['G12', 'G13', 'J4']));
    expect(f.steps.at(-1)).toBe(
      'If you open a support case, give the Request Id bbbbbbbb-1111-2222-3333-cccccccccccc and the attempt time: they identify this request in the service logs.',
    );
  });

  it('decodes a debug trace failure through the code family of the catalog', () => {
    const d = diagnoseFixture('captures/debug-join-trace.txt');
    // The federated attempt failed, then the sync join: the verdict comes from the last attempt,
    // whose answer from the service (`Join error code: DirectoryError`, `Join message: … not
    // found`) is a sync join waiting for Entra Connect, as the same lines in a status block are.
    expect(d.verdict).toMatchObject({ failedPhase: 'join', errorCode: '0x801c03f2', health: 'attention' });
    expect(d.verdict.confidence.reasons[0]).toBe('debug trace only: no status block');
    const f = findingOf(d, 'sync-join-pending');
    expect(f.explanation).toContain(
      'The registration service answered HTTP 400 DirectoryError: “The device object by the given id (aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb) is not found”.',
    );
    expect(f.steps).toContain(
      'If you open a support case, give the Request Id bbbbbbbb-1111-2222-3333-cccccccccccc and the attempt time: they identify this request in the service logs.',
    );
    // The evidence is the sync join's own lines, not the federated attempt's.
    expect(f.evidence.map((e) => [e.field, e.line])).toEqual([
      ['debug trace', 30],
      ['debug trace', 32],
    ]);
  });

  it('reads the AD FS code a trace quotes in its failure lines as the service’s code', () => {
    const d = diagnoseFixture('diagnose/trace-federated-msis-denied.txt');
    expect(d.verdict).toMatchObject({ failedPhase: 'auth', errorCode: '0xcaa90014' });
    const f = findingOf(d, 'join-failed');
    expect(f.codes).toContain('MSIS7068');
    expect(f.explanation).toContain(
      'Server code MSIS7068: AD FS answered the token request with "Access denied"',
    );
  });

  it('takes a join request the service accepted after a failed federated attempt as the join that succeeded', () => {
    // The trace ends at `Join HTTP status: 200`, before any line that says the join completed.
    const d = diagnoseFixture('diagnose/trace-federated-failed-sync-accepted.txt');
    expect(d.verdict).toMatchObject({ health: 'unknown', failedPhase: null, errorCode: null });
    expect(d.verdict.summary).toBe(
      'The join traced here succeeded; the capture does not show the join state after it.',
    );
    expect(findingOf(d, 'join-failed-then-succeeded').explanation).toContain(
      'the registration service accepted the join request that followed (line 27: HTTP 200)',
    );
  });

  it('says a traced join that succeeded succeeded, rather than nothing to judge', () => {
    const d = diagnoseFixture('diagnose/trace-sync-join-succeeded.txt');
    expect(d.verdict).toMatchObject({ joinState: 'unknown', health: 'unknown', errorCode: null });
    expect(d.verdict.summary).toBe(
      'The join traced here succeeded; the capture does not show the join state after it.',
    );
    const f = findingOf(d, 'join-succeeded');
    expect(f.evidence.map((e) => e.line)).toEqual([15]);
  });

  it('takes the verdict from the last attempt when a failed federated join was followed by a join that succeeded', () => {
    // Federated auth failed (0xcaa9002c under 0xcaa1000e), the sync join answered 200 and the status
    // printed after the trace shows the device joined.
    const d = diagnoseFixture('captures/trace-federated-failed-sync-joined.txt');
    expect(d.verdict).toMatchObject({
      health: 'unknown',
      failedPhase: null,
      errorCode: null,
      subErrorCode: null,
    });
    expect(ids(d)).toEqual(['join-failed-then-succeeded']);
    const f = findingOf(d, 'join-failed-then-succeeded');
    expect(f.severity).toBe('info');
    expect(f.codes).toEqual(['0xcaa9002c', '0xcaa1000e']);
    expect(f.title).toBe('Join succeeded after a failed attempt');
    expect(f.explanation).toBe(
      'The join traced here ended in success: the status printed after it shows the device joined. Before it, the trace shows a failed attempt: 1) a federated join that failed in the auth phase with 0xcaa9002c / 0xcaa1000e. The failures before it were retried and do not decide the verdict; they still show what the failed attempt met (after a federated attempt, the federation path).',
    );
    expect(f.evidence.map((e) => e.line)).toEqual([25]);
  });

  it('takes the verdict from a success line that ends the trace, and lists the failed attempt before it', () => {
    const lines = readFileSync(join(fixtures, 'captures', 'debug-join-trace.txt'), 'utf8').split('\n');
    const text = [...lines.slice(0, 26), 'Join HTTP status: 200', 'Successfully joined machine to AAD.'].join(
      '\n',
    );
    const d = diagnoseText(text);
    expect(d.verdict).toMatchObject({ failedPhase: null, errorCode: null });
    expect(d.verdict.health).not.toBe('failing');
    const f = findingOf(d, 'join-failed-then-succeeded');
    expect(f.explanation).toContain(
      'The trace shows 2 attempts: 1) a federated join that failed in the auth phase with 0xcaa9002c / 0xcaa1000e; 2) a join that succeeded (line 28). The last attempt decides the outcome.',
    );
    expect(f.evidence.map((e) => e.line)).toEqual([25, 28]);
    expect(ids(d)).not.toContain('join-failed');
  });
});

describe('server messages of a sync join (J4)', () => {
  it('reads AADSTS90002 as a wrong tenant in the SCP: a real error', () => {
    const d = diagnoseFixture('diagnose/sync-join-tenant-not-found.txt');
    expect(d.verdict).toMatchObject({ health: 'failing', failedPhase: 'join', errorCode: '0x801c03f2' });
    const f = findingOf(d, 'join-failed');
    expect(f.codes).toEqual(['0x801c03f2', 'DirectoryError', 'AADSTS90002']);
    expect(f.causes[0]).toContain('SCP');
    expect(f.explanation).toContain('26 hours before the capture');
  });

  it('reads a failed SID verification as a sync not completed yet, and says the attempt is old', () => {
    const d = diagnoseFixture('diagnose/sync-join-sid-not-verified.txt');
    expect(d.verdict).toMatchObject({ health: 'attention', failedPhase: 'join', errorCode: '0x801c0002' });
    const f = findingOf(d, 'sync-join-pending');
    expect(f.explanation).toContain('not a misconfiguration');
    expect(f.explanation).toContain('The attempt is more than a day old');
  });
});

describe('one code, a reading per phase (J3)', () => {
  it('reads 0x80072ee2 in the join phase with the join reading, not the discovery one', () => {
    const d = diagnoseFixture('diagnose/join-network-timeout.txt');
    expect(d.verdict).toMatchObject({ failedPhase: 'join', errorCode: '0x80072ee2', health: 'failing' });
    const entry = lookupCode('0x80072ee2').entry!;
    const join = readingFor(entry, 'join');
    const discover = readingFor(entry, 'discover');
    expect(join.meaning).not.toBe(discover.meaning);
    const f = findingOf(d, 'join-failed');
    expect(f.explanation).toContain(join.meaning);
    expect(f.explanation).not.toContain(discover.meaning);
    expect(f.steps).toEqual(join.steps);
  });
});

describe('pre-join tests this catalog has no reading for', () => {
  it('reports a failing Kerberos Ticket Test with its code instead of passing over it', () => {
    const f = findingOf(
      diagnoseFixture('diagnose/kerberos-ticket-test-failed.txt'),
      'diagnostic-test-failed',
    );
    expect(f).toMatchObject({
      severity: 'warning',
      checks: ['J1'],
      codes: ['0x80090322'],
      title: 'Kerberos Ticket Test failed: 0x80090322 SEC_E_WRONG_PRINCIPAL',
    });
    expect(
      f.explanation.startsWith(
        'Kerberos Ticket Test failed. Which join phase this test guards is not documented in the sources this tool reads; the codes say what went wrong. Error 0x80090322 (SEC_E_WRONG_PRINCIPAL): ',
      ),
    ).toBe(true);
    // The catalog's steps for the code, not the generic fallback.
    expect(f.steps[0]).toBe(
      'Identify the server contacted (domain controller, AD FS, proxy) and the name the device used for it.',
    );
    expect(f.evidence).toEqual([
      { field: 'Kerberos Ticket Test', value: 'FAIL [0x80090322]', line: 42, scope: null },
    ]);
  });
});

describe('the HTTP status of a previous registration, read in its phase (G13, J3)', () => {
  const DISCOVER =
    'HTTP 400: The discovery endpoint of the registration service (or, from Windows 10 1809, the user realm endpoint on login.microsoftonline.com) refused the discovery request as malformed. The reason is in the body of the answer, which dsregcmd does not print.';

  it('reads HTTP 400 of a discover-phase attempt as the discovery request refused, not a PRT request', () => {
    const d = diagnoseFixture('diagnose/discover-http-400.txt');
    expect(d.verdict).toMatchObject({ failedPhase: 'discover', errorCode: '0x801c0021', subErrorCode: null });
    const f = findingOf(d, 'join-failed');
    expect(f).toMatchObject({
      severity: 'error',
      codes: ['0x801c0021', 'HTTP 400'],
      checks: ['G9', 'G10', 'G11', 'G13', 'J1', 'J3', 'G5'],
      title: 'Hybrid join failed in the discover phase: 0x801c0021 DSREG_AUTOJOIN_DISC_FAILED',
    });
    expect(f.explanation).toContain(DISCOVER);
    expect(f.explanation).not.toContain('PRT');
    expect(f.causes[0]).toBe(
      'A tenant name or ID in the SCP keywords or in client-side targeting that the service cannot read: the tenant is part of the discovery address.',
    );
    // The service answered: no network failure, so no proxy finding either.
    expect(ids(d).filter((id) => id.startsWith('proxy-'))).toEqual([]);
  });

  it('gives the error chain the discover reading of the status', () => {
    // Without a failing test printing the same code, the chain reads the Previous Registration block.
    const text = readFileSync(join(fixtures, 'diagnose', 'discover-http-400.txt'), 'utf8').replace(
      'DRS Discovery Test : FAIL [0x801c0021]',
      'DRS Discovery Test : SKIPPED',
    );
    const capture = readCaptures(text)[0];
    if (!capture) throw new Error('no capture');
    const chain = buildErrorChain(diagnose(capture).verdict, capture);
    expect(chain?.links.find((l) => l.label === 'HTTP status')).toEqual({
      label: 'HTTP status',
      value: '400',
      name: null,
      meaning: DISCOVER.slice('HTTP 400: '.length),
      code: true,
    });
  });

  it('says a status beside a pre-check failure is no answer to a registration request', () => {
    const text = readFileSync(join(fixtures, 'diagnose', 'discover-http-400.txt'), 'utf8')
      .replace('Error Phase : discover', 'Error Phase : pre-check')
      .replace('DRS Discovery Test : FAIL [0x801c0021]', 'DRS Discovery Test : SKIPPED');
    const f = findingOf(diagnoseText(text), 'join-failed');
    expect(f.title).toBe('Hybrid join failed in the pre-check phase: 0x801c0021 DSREG_AUTOJOIN_DISC_FAILED');
    expect(f.explanation).toContain(
      'HTTP 400: The pre-check phase runs on the device before any request to the registration service, so this status is not the answer to a registration request: the client error code of the attempt says what failed.',
    );
  });
});
