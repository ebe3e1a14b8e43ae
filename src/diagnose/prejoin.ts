/**
 * Pre-join diagnostics (checklist G, J): the failing test, the previous registration attempt and
 * its codes read for the phase at hand (J3), and the DRS server message matched against the
 * known server errors (J4). A sync join waiting for Entra Connect is said to be waiting, not broken.
 * @module
 */

import {
  type CodeExplanation,
  codesInMessage,
  explain,
  explainServerMessage,
  fieldCodes,
  findCodes,
  isHexCode,
  type ServerMessageMatch,
  SYNC_CYCLE_MINUTES,
  withRelatedForms,
} from '../knowledge/codes/index.ts';
import type { CaptureField, DebugTrace } from '../model/capture.ts';
import type { Evidence, Phase } from '../model/diagnosis.ts';
import type { TraceAttempt, TraceJoinFailure } from '../read/index.ts';
import { REFS } from './finding.ts';
import { PRE_JOIN_TESTS } from './join-state.ts';
import type { PhaseReading } from './phase.ts';
import { type CaptureEvidence, defineRule, type FindingDecl, type Reported, type Rule } from './rule.ts';
import { describeDuration, formatUtc, hoursBetween } from './time.ts';
import { evidenceOf } from './view.ts';

/** The finding each failing pre-join test becomes. */
const TEST_FINDINGS = {
  'ad-connectivity-failed': { title: 'AD Connectivity Test failed (pre-check phase)', severity: 'error' },
  'ad-configuration-failed': { title: 'AD Configuration Test failed (discover phase)', severity: 'error' },
  'drs-discovery-failed': { title: 'DRS Discovery Test failed (discover phase)', severity: 'error' },
  'drs-connectivity-failed': { title: 'DRS Connectivity Test failed (discover phase)', severity: 'error' },
  'token-acquisition-failed': { title: 'Token acquisition Test failed (auth phase)', severity: 'error' },
} as const satisfies Record<string, FindingDecl>;

type TestFindingId = keyof typeof TEST_FINDINGS;

interface TestInfo {
  id: TestFindingId;
  check: string;
  phase: Phase;
  what: string;
  causes: string[];
  steps: string[];
}

/** What each pre-join test checks, and the phase its failure leads to (seed 004). */
const TESTS: Record<string, TestInfo> = {
  'AD Connectivity Test': {
    id: 'ad-connectivity-failed',
    check: 'G3',
    phase: 'pre-check',
    what: 'The device could not reach a domain controller.',
    causes: [
      'The device is off the corporate network and not on VPN.',
      'DNS does not resolve the domain controllers.',
    ],
    steps: [
      'Connect the device to the corporate network or VPN with line of sight to a domain controller (`nltest /dsgetdc:<domain>`).',
    ],
  },
  'AD Configuration Test': {
    id: 'ad-configuration-failed',
    check: 'G4',
    phase: 'discover',
    what: 'The service connection point (SCP) in Active Directory is missing, wrong, or could not be read; the join fails in the discover phase, usually with 0x801c001d.',
    causes: [
      'No SCP object in the forest of the computer, or its keywords name the wrong tenant or an unverified domain.',
      'The SCP could not be read from the domain controller.',
    ],
    steps: [
      'Check the SCP: `CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,<forest>` with keywords `azureADId:<tenant id>` and `azureADName:<verified domain>`.',
      'Or configure client-side targeting (`HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD` TenantId and TenantName).',
    ],
  },
  'DRS Discovery Test': {
    id: 'drs-discovery-failed',
    check: 'G5',
    phase: 'discover',
    what: 'The device could not get the registration service metadata or perform the user realm request.',
    causes: [
      'No access to https://enterpriseregistration.windows.net (or, 1809+, https://login.microsoftonline.com) in the SYSTEM context.',
      'An outbound proxy the computer account cannot discover or authenticate to.',
    ],
    steps: [
      'Test connectivity as SYSTEM (for example with `psexec -s`) to https://enterpriseregistration.windows.net and https://login.microsoftonline.com.',
    ],
  },
  'DRS Connectivity Test': {
    id: 'drs-connectivity-failed',
    check: 'G6',
    phase: 'discover',
    what: 'The device has no basic connectivity to the registration service endpoint it discovered.',
    causes: ['A firewall or proxy blocks the registration service for the SYSTEM context.'],
    steps: [
      'Allow https://enterpriseregistration.windows.net for the computer account, through the proxy if one is required.',
    ],
  },
  'Token acquisition Test': {
    id: 'token-acquisition-failed',
    check: 'G7',
    phase: 'auth',
    what: 'The device could not get a token from the federation service (federated tenants only).',
    causes: [
      'The federation service has no active WS-Trust endpoint, or refuses Integrated Windows Authentication from computers.',
      'The federation service is unreachable in the SYSTEM context.',
    ],
    steps: [
      'Enable the WS-Trust endpoints (`/adfs/services/trust/2005/windowstransport` and `/13/windowstransport`) for the intranet.',
      'Unless `FallbackToSyncJoin` is 0 under `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ`, Windows tries a sync join next.',
    ],
  },
};

const contextRule = defineRule({
  id: 'prejoin-not-system',
  checks: ['G1'],
  evidence: ['capture'],
  findings: {
    'prejoin-not-system': { title: 'Pre-join tests did not run as SYSTEM' },
  },
  run({ capture: { view, context }, report }) {
    const field = view.get('User Context', 'any');
    if (!field || !PRE_JOIN_TESTS.some((name) => view.has(name)) || context.userContext === 'system') return;
    report('prejoin-not-system', {
      severity: 'info',
      checks: ['G1'],
      title: 'Pre-join tests did not run as SYSTEM',
      evidence: [evidenceOf(field)],
      explanation:
        'The join itself runs as SYSTEM, with the computer account’s network and proxy settings. Tests run as a user can pass or fail differently.',
      steps: [
        'Run `dsregcmd /status` from an elevated command prompt so the tests run in the SYSTEM context.',
      ],
      references: [REFS.dsregcmd],
    });
    return;
  },
});

const failedTests = defineRule({
  id: 'prejoin-test-failed',
  checks: ['G3', 'G4', 'G5', 'G6', 'G7', 'J1', 'J3'],
  evidence: ['capture'],
  findings: TEST_FINDINGS,
  run({ capture: { phase, view }, report }) {
    const covered = coveredTest(phase);
    for (const test of phase.failingTests) {
      if (test === covered) continue;
      const found = testFinding(test, view.get('Fallback to Sync-Join', 'any'));
      report(found.id, found);
    }
  },
});

/**
 * The failing test that reports the code of the previous registration, or the code the phase
 * engine took as its sub-error: one failure seen twice, told once in the registration finding.
 */
function coveredTest(phase: PhaseReading): CaptureField | null {
  const reg = phase.registration;
  if (!(reg.time || reg.errorPhase || reg.clientErrorCode) || phase.errorCode === null) return null;
  const codeOf = (t: CaptureField) => (t.value.kind === 'test' ? t.value.code : null);
  return (
    phase.failingTests.find((t) => codeOf(t) === phase.errorCode) ??
    phase.failingTests.find((t) => phase.subErrorCode !== null && codeOf(t) === phase.subErrorCode) ??
    null
  );
}

/** A failing test's code and sub-error (`FAIL [0xA/0xB]`) read for `phase`; a zero sub-error is none. */
function testCodes(
  test: CaptureField,
  phase: Phase | null,
): { code: CodeExplanation | null; sub: CodeExplanation | null } {
  const v = test.value.kind === 'test' ? test.value : null;
  return {
    code: v?.code ? explain(v.code, { phase }) : null,
    sub: v?.subCode && v.subCode !== '0x00000000' ? explain(v.subCode, { phase }) : null,
  };
}

/** The sentence that opens a test finding, then what its codes mean. */
function testExplanation(opening: string, code: CodeExplanation | null, sub: CodeExplanation | null): string {
  const parts = [opening];
  if (code) parts.push(describe('Error', code));
  if (sub) parts.push(describe('Sub-error', sub));
  return parts.join(' ');
}

function testFinding(test: CaptureField, fallback: CaptureField | undefined): Reported<TestFindingId> {
  const info = TESTS[test.name] as TestInfo;
  const { code, sub } = testCodes(test, info.phase);
  return {
    id: info.id,
    severity: 'error',
    checks: [info.check, ...(code || sub ? ['J1'] : []), ...(code?.checks ?? []), ...(sub?.checks ?? [])],
    codes: [code?.code, sub?.code].filter((c): c is string => !!c),
    title: `${test.name} failed (${info.phase} phase)${code ? `: ${code.code}${code.name ? ` ${code.name}` : ''}` : ''}${sub ? ` / ${sub.code}${sub.name ? ` ${sub.name}` : ''}` : ''}`,
    evidence: [evidenceOf(test), ...(info.phase === 'auth' && fallback ? [evidenceOf(fallback)] : [])],
    explanation: testExplanation(info.what, code, sub),
    // The sub-error is the most specific clue; the test's own list only when the catalog has none.
    causes: orDefault([...(sub?.causes ?? []), ...(code?.causes ?? [])], info.causes),
    steps: orDefault([...(sub?.steps ?? []), ...(code?.steps ?? [])], info.steps),
    references: [REFS.hybridJoin, REFS.dsregcmd, ...(code?.references ?? []), ...(sub?.references ?? [])],
  };
}

/** Tests that other rules read; every other failing test is reported by `unknownTestFailed`. */
const TESTS_READ_ELSEWHERE = new Set(['KeySignTest']);

/**
 * A test this catalog has no reading for (`Kerberos Ticket Test`, printed by recent builds):
 * its failure is shown with its codes explained, rather than passed over, though which phase it
 * leads to is not known.
 */
const unknownTestFailed = defineRule({
  id: 'diagnostic-test-failed',
  checks: ['J1'],
  evidence: ['capture'],
  findings: {
    'diagnostic-test-failed': { title: 'A diagnostic test failed' },
  },
  run({ capture: { capture }, report }) {
    // One pass without intermediate arrays: this runs on every capture.
    const failing: CaptureField[] = [];
    for (const section of capture.sections) {
      for (const field of section.fields) {
        if (field.value.kind !== 'test' || field.value.outcome !== 'fail') continue;
        if (TESTS[field.name] === undefined && !TESTS_READ_ELSEWHERE.has(field.name)) failing.push(field);
      }
    }
    for (const test of failing) {
      const { code, sub } = testCodes(test, null);
      report('diagnostic-test-failed', {
        severity: 'warning',
        checks: ['J1', ...(code?.checks ?? []), ...(sub?.checks ?? [])],
        codes: [code?.code, sub?.code].filter((c): c is string => !!c),
        title: `${test.name} failed${code ? `: ${code.code}${code.name ? ` ${code.name}` : ''}` : ''}`,
        evidence: [evidenceOf(test)],
        explanation: testExplanation(
          `${test.name} failed. Which join phase this test guards is not documented in the sources this tool reads; the codes say what went wrong.`,
          code,
          sub,
        ),
        causes: [...(sub?.causes ?? []), ...(code?.causes ?? [])],
        steps: orDefault(
          [...(sub?.steps ?? []), ...(code?.steps ?? [])],
          [
            `${code ? `Decode the code on the device too (\`certutil -error ${code.code}\`), and read` : 'Read'} the User Device Registration event log for the time of the test.`,
          ],
        ),
        references: [REFS.dsregcmd, ...(code?.references ?? []), ...(sub?.references ?? [])],
      });
    }
  },
});

const fallbackRule = defineRule({
  id: 'fallback-sync-join-disabled',
  checks: ['G8'],
  evidence: ['capture'],
  findings: {
    'fallback-sync-join-disabled': { title: 'Fallback to sync join is disabled' },
  },
  run({ capture: { view, phase }, report }) {
    const field = view.get('Fallback to Sync-Join', 'any');
    if (!field || !/^\s*disabled/i.test(field.raw)) return;
    const authFailed = phase.phase === 'auth';
    report('fallback-sync-join-disabled', {
      severity: authFailed ? 'warning' : 'info',
      checks: ['G8', 'G7'],
      title: 'Fallback to sync join is disabled',
      evidence: [evidenceOf(field)],
      explanation:
        'When federated authentication fails, Windows 10 1803 and later normally retry the join as a sync join. Here `FallbackToSyncJoin` is 0, so an auth-phase failure ends the attempt.',
      steps: [
        'Fix the federated token acquisition, or remove `FallbackToSyncJoin` (or set it to 1) under `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ` to allow the fallback.',
      ],
      references: [REFS.dsregcmd],
    });
    return;
  },
});

const registrationRule = defineRule({
  id: 'previous-registration',
  checks: ['G9', 'G10', 'G11', 'G12', 'G13', 'J1', 'J3', 'J4'],
  evidence: ['capture'],
  findings: {
    'join-failed': { title: 'Hybrid join failed', severity: 'error' },
    'sync-join-pending': { title: 'Sync join waiting for Microsoft Entra Connect', severity: 'warning' },
    'join-throttled': { title: 'Registration throttled by the service', severity: 'warning' },
    'join-failed-then-succeeded': { title: 'Join succeeded after a failed attempt', severity: 'info' },
    'join-succeeded': { title: 'The traced join succeeded', severity: 'info' },
    'registration-error-reported': {
      title: 'The registration service reported an error for this joined device',
      severity: 'error',
    },
  },
  run({ capture, report }) {
    const { phase } = capture;
    const reg = phase.registration;
    const joined = capture.view.bool('AzureAdJoined') === true;
    // The server's lines pasted alone (`Server ErrorCode`, `Server Message`) are a fragment of the
    // block: read for what they hold.
    const hasBlock =
      reg.time ||
      reg.errorPhase ||
      reg.clientErrorCode ||
      reg.serverErrorCode ||
      reg.serverErrorSubCode ||
      reg.serverMessage;
    const attempts = phase.traceAttempts;
    const last = attempts[attempts.length - 1];
    // `Join HTTP status: 200` after the last failure: the request that followed (the sync join
    // after a federated one) was accepted, even when the trace ends before saying so.
    const accepted = hasBlock || joined ? null : phase.acceptedAnswer;
    if (accepted) {
      const found = retriedFinding(phase, accepted);
      report(found.id, found);
      return;
    }
    if (!hasBlock && phase.errorCode === null && attempts.some((a) => a.failure !== null)) {
      if (last?.outcome === 'succeeded' || joined) {
        const found = retriedFinding(phase);
        report(found.id, found);
        return;
      }
    }
    // A trace whose attempts all state success: say so, rather than nothing to judge.
    const success = last?.success;
    if (!hasBlock && phase.errorCode === null && success && attempts.every((a) => a.failure === null)) {
      report('join-succeeded', {
        severity: 'info',
        checks: [],
        title: 'The traced join succeeded',
        evidence: [{ field: 'debug trace', value: success.text, line: success.line, scope: null }],
        explanation: `The join traced here ended in success (line ${success.line}: “${success.text}”). The trace does not show the device's state afterwards: run \`dsregcmd /status\` to confirm AzureAdJoined YES and, after the user signs in again, a PRT.`,
        references: [REFS.hybridJoin],
      });
      return;
    }
    // A `/status /debug` trace is no join attempt: its failed lines (no domain controller in reach)
    // say nothing of a join, least of all on a joined device.
    const statusRun = /\/status\b/i.test(capture.capture.trace?.command ?? '');
    const fromTrace =
      !hasBlock && !statusRun && !joined && phase.source !== 'pre-join-test' && phase.errorCode !== null;
    if (!hasBlock && !fromTrace) return;
    const found = registrationFinding(capture, fromTrace);
    report(found.id, found);
  },
});

function registrationFinding(
  ctx: CaptureEvidence,
  fromTrace: boolean,
): Reported<'join-failed' | 'sync-join-pending' | 'join-throttled' | 'registration-error-reported'> {
  const { phase, context } = ctx;
  const reg = phase.registration;
  const code = phase.errorCode ? explain(phase.errorCode, { phase: phase.phase }) : null;
  const sub = phase.subErrorCode ? explain(phase.subErrorCode, { phase: phase.phase }) : null;
  // A join trace prints the service's answer on lines of its own (`Join error code:`): read when
  // it belongs to the attempt the verdict names.
  const attempt = fromTrace ? lastFailedAttempt(ctx) : null;
  const answer = attempt ? traceAnswer(ctx, attempt) : null;
  // The service's own codes a trace's failure lines quote (`Server returned error: MSIS7068`), as a
  // status block's server message would hold them.
  const traceQuoted = attempt ? quotedServerCodes(attempt) : [];
  const serverCode = reg.serverErrorCode?.raw.trim() || answer?.errorCode || null;
  const serverMessage = reg.serverMessage?.raw.trim() || answer?.message || null;
  const httpStatus = reg.httpsStatus?.raw.trim() || (answer?.httpStatus ? String(answer.httpStatus) : null);
  const requestId = reg.requestId?.raw.trim() || answer?.requestId || null;
  const match: ServerMessageMatch | null =
    serverCode || serverMessage
      ? explainServerMessage(serverCode, serverMessage, phase.registrationType)
      : null;
  const test = coveredTest(phase);
  const testInfo = test ? (TESTS[test.name] ?? null) : null;
  // A field holding several codes (`Server ErrorCode : 0x80090016 0x80290407`) yields each one.
  const serverCodes = serverCode ? fieldCodes(serverCode) : [];
  const subCodeText =
    reg.serverErrorSubCode?.value.kind === 'empty' ? null : reg.serverErrorSubCode?.raw.trim() || null;
  const subCode = subCodeText ? explain(subCodeText) : null;
  const messageCodes = serverMessage ? codesInMessage(serverMessage) : [];
  const testCodeList = test ? testCodesOf(test) : [];
  const evidence: Evidence[] = [
    ...[
      reg.time,
      reg.type,
      reg.errorPhase,
      reg.clientErrorCode,
      reg.serverErrorCode,
      reg.serverErrorSubCode,
      reg.serverMessage,
      reg.httpsStatus,
      reg.requestId,
    ]
      .filter((f): f is CaptureField => f !== null)
      .map(evidenceOf),
    ...(test ? [evidenceOf(test)] : []),
    ...(attempt ? traceEvidence(attempt) : []),
  ];
  const when = reg.time?.value.kind === 'time' ? reg.time.value.iso : null;
  const age = when && context.now ? hoursBetween(when, context.now) : null;
  const phaseText = phase.phase ? `the ${phase.phase} phase` : 'an unknown phase';
  const typeText =
    phase.registrationType === 'sync'
      ? 'sync join (managed: the device authenticates with the certificate Entra Connect synced)'
      : phase.registrationType === 'federated'
        ? 'federated join (the device authenticates through the federation service)'
        : phase.registrationType === 'fallback_sync'
          ? 'sync join tried as fallback after federated authentication failed'
          : null;

  // Only the server's lines were pasted, without the attempt's time, phase and client code.
  const serverOnly = !fromTrace && !reg.time && !reg.errorPhase && !reg.clientErrorCode;
  const operation = reg.serverOperation?.raw.trim() || null;
  const parts: string[] = [];
  parts.push(
    serverOnly
      ? `A registration request failed${operation ? ` (server operation ${operation})` : ''}: these lines are the registration service’s answer, pasted without the rest of the Previous Registration block, so the attempt’s time, phase and client error code are not shown.`
      : `The ${fromTrace ? 'join traced here' : 'last registration attempt'}${when ? ` (${formatUtc(when)}${age !== null && age >= 0 ? `, ${describeDuration(age)} before the capture` : ''})` : ''} failed in ${phaseText}` +
          (typeText ? ` as a ${typeText}` : '') +
          '.',
  );
  // A matched server message says more than the generic reading of the client code.
  if (code) {
    parts.push(
      match
        ? `Client error ${code.code}${code.name ? ` (${code.name})` : ''}.`
        : describe('Client error', code),
    );
  }
  if (sub) parts.push(describe('Sub-error', sub));
  if (subCode?.catalogued) parts.push(describe('Server sub-code', subCode));
  if (serverCode || serverMessage) {
    parts.push(
      `The registration service answered${httpStatus ? ` HTTP ${httpStatus}` : ''}${serverCode ? ` ${serverCode}` : ''}${serverMessage ? `: “${serverMessage.replace(/\.$/, '')}”` : ''}.`,
    );
  }
  // Each code the server error holds, with its reading (its words are read with the message), and,
  // when no known message matched, each code the message quotes. A code already told, or another
  // form of one (the WinHTTP error inside `0xcaa82ee2`), is not read again.
  const told = new Set([code?.code, sub?.code].flatMap((c) => (c ? withRelatedForms(c) : [])));
  const readingsOf = (codes: readonly string[], label: string, which: (c: string) => boolean) =>
    codes
      .filter((c) => {
        if (!which(c) || told.has(c)) return false;
        for (const form of withRelatedForms(c)) told.add(form);
        return true;
      })
      .map((c) => ({ label, e: explain(c, { phase: phase.phase }) }))
      .filter(({ e }) => e.catalogued);
  // A client error field holding several codes (`0x80090016 0x80290407`): the first is the
  // attempt's code, the others are read after it.
  const clientCodes = reg.clientErrorCode ? fieldCodes(reg.clientErrorCode.raw).filter(isHexCode) : [];
  const extraReadings = [
    ...readingsOf(clientCodes, 'Client error', isHexCode),
    ...readingsOf(serverCodes, 'Server error', isHexCode),
    ...readingsOf(traceQuoted, 'Server code', () => true),
    // Codes the message writes out; a symbolic name it quotes is listed, not read in a guessed context.
    ...(match || !serverMessage
      ? []
      : readingsOf(findCodes(serverMessage), 'Server message code', () => true)),
  ];
  for (const { label, e } of extraReadings) parts.push(describe(label, e));
  if (match) parts.push(match.meaning);
  // A status the service answered without a server code or message is all it said: read in the
  // phase the attempt failed in, since each phase sends another request (or none).
  const status =
    httpStatus && !serverCode && !serverMessage && /^[13-5]\d\d$/.test(httpStatus)
      ? explain(`HTTP ${httpStatus}`, { phase: phase.phase })
      : null;
  const statusReading = status?.catalogued ? status : null;
  if (statusReading) parts.push(`HTTP ${httpStatus}: ${statusReading.meaning}`);
  if (test && testInfo) {
    const same = test.value.kind === 'test' && test.value.code === phase.errorCode;
    parts.push(
      `${test.name} fails with ${same ? 'the same code' : 'the sub-error'}: ${lowerFirst(testInfo.what)}`,
    );
  }
  if (fromTrace && phase.traceAttempts.length > 1) parts.push(attemptsSentence(phase.traceAttempts));
  const others = phase.failingTests.filter((t) => t !== test);
  if (others.length > 0 && phase.source === 'error-phase') {
    parts.push(`The pre-join tests also show ${others.map((t) => `${t.name} ${t.raw.trim()}`).join(', ')}.`);
  }

  // "Not found" is the wait for Entra Connect only for a device not joined yet: on a joined device,
  // or with a sub-code saying the object is gone (`error_missing_device`), the object was removed.
  const waiting =
    match?.expectedWhileSyncing === true &&
    ctx.view.bool('AzureAdJoined') !== true &&
    subCode?.catalogued !== true;
  const throttled = !waiting && match !== null && /throttl/i.test(`${match.id} ${match.title}`);
  if (waiting) {
    parts.push(
      `This is expected for a sync join until Microsoft Entra Connect has synced the computer object, not a misconfiguration: with the default ${SYNC_CYCLE_MINUTES}-minute sync cycle and the join task retrying at sign-in and hourly, the device normally joins within about an hour and a half.`,
    );
    if (age !== null && age > 24) {
      parts.push(
        'The attempt is more than a day old: if the computer is still not synced, check that its OU is in the Entra Connect sync scope.',
      );
    }
  }
  // On a joined device the server's lines pasted alone are no failed join: the service refused a
  // request for a device it has (or had), as the sub-code says.
  const joinedDevice = serverOnly && ctx.view.bool('AzureAdJoined') === true;
  const id = joinedDevice
    ? 'registration-error-reported'
    : waiting
      ? 'sync-join-pending'
      : throttled
        ? 'join-throttled'
        : 'join-failed';
  const requestSteps = requestId
    ? [
        `If you open a support case, give the Request Id ${requestId} and the attempt time: they identify this request in the service logs.`,
      ]
    : [];
  return {
    id,
    severity: waiting || throttled ? 'warning' : 'error',
    checks: [
      ...(fromTrace ? [] : ['G9', 'G10', 'G11']),
      ...(serverCode || serverMessage ? ['G12', 'J4'] : []),
      ...(requestId || httpStatus ? ['G13'] : []),
      ...(code ? ['J1', 'J3'] : []),
      ...(testInfo ? [testInfo.check] : []),
      ...(match?.checks ?? []),
    ],
    codes: [
      ...(code ? withRelatedForms(code.code) : []),
      ...clientCodes,
      ...(sub ? withRelatedForms(sub.code) : []),
      ...(statusReading ? [statusReading.code] : []),
      ...testCodeList,
      ...(fromTrace ? phase.traceAttempts.flatMap(attemptCodes) : []),
      ...serverCodes,
      ...traceQuoted,
      ...(subCode ? [subCode.code] : []),
      ...messageCodes,
      ...(match?.codes ?? []),
    ],
    title: joinedDevice
      ? `The registration service reported an error for this joined device: ${subCodeText ?? serverCode ?? 'see its message'}`
      : waiting
        ? `Sync join waiting for Microsoft Entra Connect to sync this computer${code ? ` (${code.code}${code.name ? ` ${code.name}` : ''})` : ''}`
        : throttled
          ? 'Registration throttled by the service: retry after the cooldown'
          : `Hybrid join failed in ${phaseText}${code ? `: ${code.code}${code.name ? ` ${code.name}` : ''}` : ''}${sub ? ` / ${sub.code}${sub.name ? ` ${sub.name}` : ''}` : ''}${match ? ` (${match.title})` : ''}`,
    evidence,
    explanation: parts.join(' '),
    // A matched server message is the most specific reading; then the server's sub-code; else the
    // codes, else the test's own list.
    // The server's sub-code is more specific than a matched message: its causes and steps lead.
    causes: match
      ? [...new Set([...(subCode?.causes ?? []), ...match.causes])]
      : orDefault(
          [
            ...(subCode?.causes ?? []),
            ...(sub?.causes ?? []),
            ...(statusReading?.causes ?? []),
            ...(code?.causes ?? []),
            ...extraReadings.flatMap(({ e }) => e.causes),
          ],
          testInfo?.causes ?? [],
        ),
    steps: [
      ...(match
        ? [...new Set([...(subCode?.steps ?? []), ...match.steps])]
        : orDefault(
            [
              ...(subCode?.steps ?? []),
              ...(sub?.steps ?? []),
              ...(statusReading?.steps ?? []),
              ...(code?.steps ?? []),
              ...extraReadings.flatMap(({ e }) => e.steps),
            ],
            testInfo?.steps ?? [],
          )),
      ...requestSteps,
    ],
    references: [REFS.hybridJoin, ...(code?.references ?? []), ...(sub?.references ?? [])],
  };
}

/** A failing test's own code and sub-error, so that neither hides behind the registration's. */
function testCodesOf(test: CaptureField): string[] {
  const v = test.value.kind === 'test' ? test.value : null;
  return [v?.code, v?.subCode].filter((c): c is string => !!c && c !== '0x00000000');
}

/** The catalog's list, or the rule's own when the catalog has nothing for these codes. */
function orDefault(fromCatalog: string[], fallback: readonly string[]): string[] {
  return fromCatalog.length > 0 ? [...new Set(fromCatalog)] : [...fallback];
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** `The trace shows 2 attempts: 1) a federated join that failed …; 2) a join that succeeded (line 40).` */
function attemptsSentence(attempts: readonly TraceAttempt[]): string {
  return `The trace shows ${attempts.length} attempts: ${listAttempts(attempts)}. The last attempt decides the outcome.`;
}

function listAttempts(attempts: readonly TraceAttempt[]): string {
  const told = attempts.map((a, i) => {
    const what = a.kind === 'federated' ? 'a federated join' : a.kind === 'sync' ? 'a sync join' : 'a join';
    if (!a.failure) return `${i + 1}) ${what} that succeeded${a.success ? ` (line ${a.success.line})` : ''}`;
    const f = a.failure;
    return `${i + 1}) ${what} that failed${f.step ? ` in the ${f.step} phase` : ''} with ${f.code}${f.subCode ? ` / ${f.subCode}` : ''}`;
  });
  return told.join('; ');
}

function attemptCodes(a: TraceAttempt): string[] {
  return a.failure ? [a.failure.code, ...(a.failure.subCode ? [a.failure.subCode] : [])] : [];
}

/**
 * A trace whose join failed and was then retried with success (a success line, or the status block
 * printed after it showing the device joined): the verdict is the success, the earlier failures
 * are reported as history.
 */
function retriedFinding(
  phase: PhaseReading,
  accepted: NonNullable<DebugTrace['answer']> | null = null,
): Reported<'join-failed-then-succeeded'> {
  const attempts = phase.traceAttempts;
  const failed = attempts.filter((a) => a.failure !== null);
  const last = attempts[attempts.length - 1];
  const how = last?.success
    ? `its last attempt states success (line ${last.success.line}: “${last.success.text}”)`
    : accepted
      ? `the registration service accepted the join request that followed (line ${accepted.line}: HTTP ${accepted.httpStatus})`
      : 'the status printed after it shows the device joined';
  const sentence =
    last?.outcome === 'succeeded'
      ? attemptsSentence(attempts)
      : `Before it, the trace shows ${failed.length === 1 ? 'a failed attempt' : `${failed.length} failed attempts`}: ${listAttempts(attempts)}.`;
  return {
    id: 'join-failed-then-succeeded',
    severity: 'info',
    checks: [],
    title: `Join succeeded after ${failed.length === 1 ? 'a failed attempt' : `${failed.length} failed attempts`}`,
    codes: failed.flatMap(attemptCodes),
    evidence: [
      ...failed.map((a) => ({
        field: 'debug trace',
        value: (a.failure as TraceJoinFailure).text,
        line: (a.failure as TraceJoinFailure).line,
        scope: null,
      })),
      ...(last?.success
        ? [{ field: 'debug trace', value: last.success.text, line: last.success.line, scope: null }]
        : []),
    ],
    explanation: `The join traced here ended in success: ${how}. ${sentence} The failures before it were retried and do not decide the verdict; they still show what the failed attempt met (after a federated attempt, the federation path).`,
    references: [REFS.hybridJoin],
  };
}

/** The last failed attempt of a trace: its lines `(from, to]`, and the failure lines among them. */
interface TracedAttempt {
  window: { from: number; to: number } | null;
  failures: { text: string; line: number }[];
}

/**
 * The attempt the verdict comes from (the last one that failed): after the attempt before it
 * ended, up to its own failure line. Without a failed attempt, every failure line of the trace.
 */
function lastFailedAttempt(ctx: CaptureEvidence): TracedAttempt {
  const all = ctx.capture.trace?.failures ?? [];
  const attempts = ctx.phase.traceAttempts;
  const at = attempts.findLastIndex((a) => a.failure !== null);
  const last = attempts[at]?.failure;
  if (!last) return { window: null, failures: all };
  const before = attempts[at - 1];
  let from = before ? (before.failure?.line ?? before.success?.line ?? 0) : 0;
  // `Federated ADRS join failed … Try synchronized join.` closes the federated attempt.
  for (const f of all) {
    if (f.line < last.line && f.line > from && /try synchronized join/i.test(f.text)) from = f.line;
  }
  return {
    window: { from, to: last.line },
    failures: all.filter((f) => f.line > from && f.line <= last.line),
  };
}

/** The last failure lines of the attempt, as evidence. */
function traceEvidence(attempt: TracedAttempt): Evidence[] {
  return attempt.failures
    .slice(-3)
    .map((f) => ({ field: 'debug trace', value: f.text, line: f.line, scope: null }));
}

/** AADSTS and MSIS codes the failure lines of the attempt quote. */
function quotedServerCodes(attempt: TracedAttempt): string[] {
  const codes = attempt.failures
    .flatMap((f) => findCodes(f.text))
    .filter((c) => /^(?:AADSTS|MSIS)\d/.test(c));
  return [...new Set(codes)];
}

/** The service's answer a trace printed, when it came within the attempt. */
function traceAnswer(ctx: CaptureEvidence, attempt: TracedAttempt): NonNullable<DebugTrace['answer']> | null {
  const answer = ctx.capture.trace?.answer ?? null;
  const window = attempt.window;
  if (!answer || !window) return null;
  return answer.line > window.from && answer.line <= window.to ? answer : null;
}

function describe(label: string, e: CodeExplanation): string {
  const head = `${label} ${e.code}${e.name ? ` (${e.name})` : ''}`;
  return e.meaning ? `${head}: ${e.meaning}` : `${head} is not in the catalog.`;
}

export const PREJOIN_RULES: readonly Rule[] = [
  contextRule,
  failedTests,
  unknownTestFailed,
  fallbackRule,
  registrationRule,
];
