import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureField, DsregCapture, FieldValue } from '../model/capture.ts';
import type { Diagnosis, Finding } from '../model/diagnosis.ts';
import type { EventRecord } from '../model/events.ts';
import { captureAnchors, correlate, diagnoseEvents } from './diagnose.ts';
import { readEventTable } from './parse/table.ts';
import { readEventText } from './parse/text.ts';
import { readEventXml } from './parse/xml.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/events');
const read = (name: string) => readEventXml(readFileSync(join(fixtures, name), 'utf8')).records;
const udr = read('udr-admin.wevtutil.xml');
const aad = read('aad.saved.xml');
const only = (records: EventRecord[], ...ids: number[]) => records.filter((r) => ids.includes(r.eventId));
const ids = (findings: Finding[]) => findings.map((f) => [f.id, f.severity]);

describe('diagnoseEvents: hybrid join from the User Device Registration log (K1)', () => {
  it('304 alone: join phase, its code, the server message as evidence', () => {
    const d = diagnoseEvents(only(udr, 304));
    expect(d.verdict).toMatchObject({
      joinState: 'domain-joined',
      health: 'failing',
      failedPhase: 'join',
      errorCode: '0x801c03f2',
      subErrorCode: null,
      summary:
        'Hybrid join fails in the join phase with 0x801c03f2 (event 304 at 2025-01-31T09:16:43.1000000Z).',
    });
    expect(d.verdict.confidence.level).toBe('high');
    const [finding] = d.findings;
    // The catalog knows this server message: expected until Entra Connect syncs the computer.
    expect(finding?.explanation).toContain(
      'Expected in a sync (managed) join until Entra Connect has synced the computer object',
    );
    expect(finding?.causes[0]).toBe(
      'Entra Connect has not run a sync cycle since the computer got its userCertificate.',
    );
    expect(finding?.causes).toContain(
      'The device could not reach the registration service in the SYSTEM context (proxy, firewall).',
    );
    expect(finding).toMatchObject({
      id: 'event-join-failed',
      severity: 'warning',
      checks: ['K1'],
      codes: ['0x801c03f2', 'DirectoryError'],
    });
    expect(finding?.evidence).toContainEqual({
      field: 'event 304 server message',
      value: 'The device object by the given id (bbbbcccc-1111-dddd-2222-eeee3333ffff) is not found.',
      line: null,
      scope: 'Microsoft-Windows-User Device Registration/Admin',
    });
    expect(finding?.evidence[0]).toEqual({
      field: 'event 304',
      value: '2025-01-31T09:16:43.1000000Z',
      line: null,
      scope: 'Microsoft-Windows-User Device Registration/Admin',
    });
  });

  it('305: authentication phase, the ADAL code as sub-error', () => {
    const d = diagnoseEvents(only(udr, 305));
    expect(d.verdict).toMatchObject({
      failedPhase: 'auth',
      errorCode: '0xcaa82ee2',
      subErrorCode: '0x80072ee6',
    });
    expect(ids(d.findings)).toEqual([['event-auth-failed', 'error']]);
  });

  it('201 and 307: discover phase; 307 alone is a warning (expected where no hybrid join is meant)', () => {
    expect(diagnoseEvents(only(udr, 201)).verdict).toMatchObject({
      failedPhase: 'discover',
      errorCode: '0x801c0021',
    });
    const scp = diagnoseEvents(only(udr, 307));
    expect(scp.verdict).toMatchObject({
      failedPhase: 'discover',
      errorCode: '0x801c001d',
      health: 'failing',
    });
    expect(ids(scp.findings)).toEqual([['event-scp-lookup-failed', 'warning']]);
  });

  it('334: pre-check phase without a code', () => {
    const d = diagnoseEvents(only(udr, 334));
    expect(d.verdict).toMatchObject({ failedPhase: 'pre-check', errorCode: null, health: 'failing' });
    expect(d.findings[0]?.id).toBe('event-no-domain-controller');
  });

  it('a later 306 makes the device joined and earlier failures past', () => {
    const d = diagnoseEvents(udr);
    // Joined, but the device key errors logged before the success still stand.
    expect(d.verdict).toMatchObject({
      joinState: 'hybrid-joined',
      health: 'failing',
      failedPhase: null,
      errorCode: '0x80090016',
    });
    expect(d.verdict.summary).toBe('The device joined, but later events report errors.');
    const join = d.findings.find((f) => f.id === 'event-join-failed');
    expect(join?.severity).toBe('info');
    expect(join?.explanation).toContain('A later event (306) shows success, so this failure is past.');
    // Key and Hello findings are not undone by a join success.
    expect(d.findings.find((f) => f.id === 'event-device-key-failed')?.severity).toBe('error');
    expect(d.findings.find((f) => f.id === 'event-whfb-prerequisite-missing')).toMatchObject({
      severity: 'warning',
    });
  });

  it('names the Hello prerequisites that are not met', () => {
    const d = diagnoseEvents(only(udr, 360));
    expect(d.findings[0]?.explanation).toContain('Prerequisites not met: AADPrt.');
  });

  it('lowers confidence when the newest event is a month older than now', () => {
    const fresh = diagnoseEvents(only(udr, 304), { now: '2025-02-01T00:00:00Z' });
    expect(fresh.verdict.confidence).toEqual({ level: 'high', score: 0.9, reasons: [] });
    const old = diagnoseEvents(only(udr, 304), { now: '2025-04-01T00:00:00Z' });
    expect(old.verdict.confidence.reasons).toEqual([
      'the newest event is 59 days older than the time of analysis',
    ]);
    expect(old.verdict.confidence.level).toBe('medium');
  });

  it('groups repeats of the same failure into one finding', () => {
    const e304 = only(udr, 304)[0] as EventRecord;
    const again = { ...e304, time: '2025-01-31T10:16:43.0000000Z', recordNumber: 1300 };
    const d = diagnoseEvents([e304, again]);
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]?.explanation).toContain(
      'It was logged 2 times, from 2025-01-31T09:16:43.1000000Z to 2025-01-31T10:16:43.0000000Z.',
    );
  });

  it('gives a timeline of the events that matter, oldest first', () => {
    const d = diagnoseEvents(only(udr, 306, 304, 201));
    expect(d.timeline.map((t) => [t.time, t.what, t.codes])).toEqual([
      ['2025-01-31T09:16:02.5000000Z', 'event 201', ['0x801c0021']],
      ['2025-01-31T09:16:43.1000000Z', 'event 304', ['0x801c03f2', 'DirectoryError']],
      ['2025-01-31T15:00:01.0000000Z', 'event 306', []],
    ]);
    expect(d.timeline[1]?.summary).toBe(
      'Automatic registration failed at the join phase. (phase join; code 0x801c03f2; server DirectoryError)',
    );
  });
});

describe('diagnoseEvents: PRT and token events (F3)', () => {
  it('reports each failure with its codes and keeps the join state unknown', () => {
    const d = diagnoseEvents(aad);
    // The final PRT status (1007) is the first hex code among the errors.
    expect(d.verdict).toMatchObject({
      joinState: 'unknown',
      health: 'failing',
      failedPhase: null,
      errorCode: '0xc000006d',
    });
    expect(d.verdict.confidence.reasons).toEqual([
      'no registration events: only token and sign-in events were read',
    ]);
    expect(d.findings.map((f) => [f.id, f.codes])).toEqual([
      ['event-prt-http-error', []],
      ['event-prt-server-error', ['AADSTS50126', 'invalid_grant']],
      ['event-prt-failed', ['0xc000006d']],
      ['event-prt-network-error', ['0x80072efd']],
      ['event-prt-wstrust-error', ['MSIS3127']],
      ['event-cloudap-error', ['0xc004844c']],
      ['event-token-broker-error', ['0xcaa2000c', 'AADSTS50076', 'interaction_required']],
      ['event-token-broker-error', ['0xcaa7000a']],
    ]);
    expect(d.findings.every((f) => f.checks.includes('F3'))).toBe(true);
    expect(d.timeline.find((t) => t.what === 'event 1144')?.summary).toContain('user user@contoso.com');
  });

  it('a 1007 with status 0 is not a failure', () => {
    const ok = { ...(only(aad, 1007)[0] as EventRecord), data: { Status: '0x0' } };
    expect(diagnoseEvents([ok]).findings).toEqual([]);
  });
});

describe('diagnoseEvents: down-level clients (L1–L4)', () => {
  it('Workplace Join failing on Windows 8.1: join phase, quota code, down-level guidance', () => {
    const d = diagnoseEvents(read('wpj-win81-failing.xml'));
    expect(d.verdict).toMatchObject({
      joinState: 'domain-joined',
      workplaceJoined: false,
      health: 'failing',
      failedPhase: 'join',
      errorCode: '0x8018000a',
      summary: 'Workplace Join fails on this down-level device with 0x8018000a in the join phase.',
    });
    const join = d.findings.find((f) => f.id === 'event-wpj-join-failed');
    expect(join?.checks).toEqual(['L1', 'L2', 'L3']);
    expect(join?.causes).toContain('The user reached the limit of devices.');
    expect(join?.references[0]?.url).toMatch(/troubleshoot-hybrid-join-windows-legacy$/);
  });

  it('Workplace Join that succeeded at last on Windows 7: joined, failures past', () => {
    const d = diagnoseEvents(read('wpj-win7.wevtutil.xml'));
    expect(d.verdict).toMatchObject({ workplaceJoined: true, health: 'healthy', errorCode: null });
    expect(d.verdict.summary).toBe(
      'The down-level device is Workplace Joined: the latest Workplace Join event shows success.',
    );
    expect(new Set(d.findings.map((f) => f.severity))).toEqual(new Set(['info']));
  });

  it('ignores events of other providers', () => {
    const other = {
      ...(only(udr, 304)[0] as EventRecord),
      provider: 'Microsoft-Windows-Kerberos',
      channel: 'Microsoft-Windows-Kerberos/Operational',
    };
    const d = diagnoseEvents([other]);
    expect(d.findings).toEqual([]);
    expect(d.verdict.health).toBe('unknown');
  });
});

function timeField(name: string, iso: string, line: number): CaptureField {
  const value: FieldValue = { kind: 'time', iso };
  return {
    name,
    label: null,
    raw: iso,
    value,
    line,
    scope: name,
    known: true,
    truncated: false,
    annotation: null,
  };
}

function capture(fields: CaptureField[]): DsregCapture {
  return {
    index: 0,
    windowsVersion: null,
    sections: [{ id: 'diagnostic-data', title: 'Diagnostic Data', ordinal: null, line: 1, fields }],
    accounts: [],
    trace: null,
    read: {
      encoding: 'utf-8',
      newline: 'crlf',
      layout: 'sectioned',
      noise: [],
      warnings: [],
      lines: { first: 1, last: 20 },
      completeness: { missingSections: [], truncated: false, unreadableLines: 0, score: 1 },
    },
  };
}

function captureDiagnosis(verdict: Partial<Diagnosis['verdict']>, findings: Finding[]): Diagnosis {
  return {
    verdict: {
      joinState: 'domain-joined',
      workplaceJoined: false,
      health: 'failing',
      failedPhase: null,
      errorCode: null,
      subErrorCode: null,
      summary: 'Hybrid join fails.',
      confidence: { level: 'high', score: 0.9, reasons: [] },
      ...verdict,
    },
    findings,
  };
}

const captureFinding: Finding = {
  id: 'join-failed',
  severity: 'error',
  checks: ['G9'],
  codes: ['0x801c03f2', 'DirectoryError'],
  title: 'Hybrid join failed in the join phase',
  evidence: [{ field: 'Client ErrorCode', value: '0x801c03f2', line: 5, scope: 'Previous Registration' }],
  explanation: 'The device object was not found.',
  causes: [],
  steps: [],
  references: [],
};

describe('correlate: a capture and its device’s events', () => {
  const registration = capture([timeField('Previous Registration', '2025-01-31T09:16:43.000Z', 3)]);

  it('finds the capture’s anchors', () => {
    expect(captureAnchors(registration)).toEqual([
      { what: 'Previous Registration', time: '2025-01-31T09:16:43.000Z' },
    ]);
  });

  it('events near Previous Registration with the same code confirm the capture; the verdict stands', () => {
    const diagnosis = captureDiagnosis({ failedPhase: 'join', errorCode: '0x801c03f2' }, [captureFinding]);
    const merged = correlate(registration, diagnosis, udr);
    expect(merged.verdict).toEqual(diagnosis.verdict);
    expect(ids(merged.findings)).toEqual([
      ['join-failed', 'error'],
      ['event-discover-failed', 'error'],
      ['event-join-response-failed-confirms', 'info'],
      ['event-join-failed-confirms', 'info'],
    ]);
    expect(merged.findings[3]?.title).toBe(
      'Event log confirms the capture: Hybrid join failed (User Device Registration event 304)',
    );
    // Only events within ten minutes: the 305 an hour later and the 306 are left out.
    expect(merged.timeline.map((t) => t.what)).toEqual([
      'event 331',
      'event 201',
      'Previous Registration',
      'event 204',
      'event 304',
    ]);
  });

  it('events near Previous Prt Attempt explain a capture’s PRT failure with the AADSTS code', () => {
    const prt = capture([timeField('Previous Prt Attempt', '2025-02-03T08:30:00.000Z', 9)]);
    const diagnosis = captureDiagnosis({ joinState: 'entra-joined', health: 'failing' }, [
      { ...captureFinding, id: 'prt-attempt-failed', checks: ['F3'], codes: ['0xc000006d'] },
    ]);
    const merged = correlate(prt, diagnosis, aad);
    const explained = merged.findings.find((f) => f.id === 'event-prt-server-error');
    expect(explained?.codes).toEqual(['AADSTS50126', 'invalid_grant']);
    expect(explained?.explanation).toContain('Logged near the attempt the capture shows; it explains it.');
    expect(merged.findings.find((f) => f.id === 'event-prt-failed-confirms')?.severity).toBe('info');
    // The 1084/1088 thirty minutes later are not part of this attempt.
    expect(merged.findings.some((f) => f.id === 'event-prt-network-error')).toBe(false);
  });

  it('keeps events logged before a success the capture shows as history, out of the verdict', () => {
    // The device certificate was issued (the device registered) after the failed 304.
    const registered = capture([
      {
        name: 'DeviceCertificateValidity',
        label: null,
        raw: '[ 2025-03-01 10:00:00.000 UTC -- 2035-03-01 10:30:00.000 UTC ]',
        value: { kind: 'range', from: '2025-03-01T10:00:00.000Z', to: '2035-03-01T10:30:00.000Z' },
        line: 5,
        scope: null,
        known: true,
        truncated: false,
        annotation: null,
      },
    ]);
    const diagnosis = captureDiagnosis(
      { joinState: 'hybrid-joined', health: 'healthy', summary: 'Fine.' },
      [],
    );
    const merged = correlate(registered, diagnosis, only(udr, 304));
    expect(merged.verdict).toMatchObject({ health: 'healthy', errorCode: null, summary: 'Fine.' });
    expect(merged.findings).toEqual([]);
    expect(merged.context.map((t) => [t.what, t.outsideAttempts])).toEqual([['event 304', true]]);
    expect(merged.notices.map((n) => n.code)).toEqual(['events-settled']);
  });

  it('adds the phase and code the capture lacks', () => {
    const diagnosis = captureDiagnosis({ health: 'unknown', summary: 'No registration detail.' }, []);
    const merged = correlate(registration, diagnosis, only(udr, 304));
    expect(merged.verdict).toMatchObject({
      failedPhase: 'join',
      errorCode: '0x801c03f2',
      health: 'failing',
      // The capture alone had nothing to judge; the summary now says what decided the health.
      summary:
        'Domain joined, not hybrid joined; the event log shows: hybrid join failed (User Device Registration event 304).',
    });
    expect(merged.verdict.confidence.reasons).toEqual([
      'failed phase taken from the event log',
      'error code taken from the event log',
    ]);
  });
});

describe('diagnoseEvents: event knowledge added from public traces', () => {
  it('307 with 304 (0x801c001d): no SCP leads, as a warning, told once (KB4480781)', () => {
    const d = diagnoseEvents(read('knowledge-307-304-no-scp.xml'));
    expect(d.verdict).toMatchObject({
      joinState: 'domain-joined',
      health: 'attention',
      failedPhase: 'discover',
      errorCode: '0x801c001d',
      subErrorCode: null,
      summary:
        'No SCP was found in Active Directory: hybrid join is not configured for this forest (events 307 and 304 with 0x801c001d). This is expected if you do not use hybrid join.',
    });
    expect(ids(d.findings)).toEqual([['event-scp-lookup-failed', 'warning']]);
    const [f] = d.findings;
    expect(f?.title).toBe(
      'No SCP: hybrid join is not configured for this forest (User Device Registration events 307 and 304)',
    );
    expect(
      f?.explanation.startsWith(
        'No SCP: hybrid join is not configured for this forest (expected if you do not use hybrid join).',
      ),
    ).toBe(true);
    expect(f?.explanation).not.toMatch(/event 220|replication/);
    expect(f?.causes[0]).toBe('No SCP in the forest, or its keywords are missing or wrong.');
    expect(f?.evidence.map((e) => e.field)).toContain('event 304 exit code');
    expect(f?.references[0]?.title).toContain('KB4480781');
  });

  it('304 with 0x801c001d and no 307 keeps its join-phase reading', () => {
    const d = diagnoseEvents(only(read('knowledge-307-304-no-scp.xml'), 304));
    expect(d.verdict).toMatchObject({ health: 'failing', failedPhase: 'join', errorCode: '0x801c001d' });
    expect(ids(d.findings)).toEqual([['event-join-failed', 'error']]);
  });

  it('202 is a client-side failure and the 502 beside it is folded in', () => {
    const d = diagnoseEvents(read('knowledge-202-502-tpm-fips.xml'));
    expect(d.verdict).toMatchObject({ health: 'failing', failedPhase: 'join', errorCode: '0x80280036' });
    expect(ids(d.findings)).toEqual([['event-join-init-failed', 'error']]);
    const [f] = d.findings;
    expect(f?.title).toBe(
      'The device could not prepare the join request (User Device Registration event 202)',
    );
    expect(f?.title).not.toMatch(/rejected/);
    expect(f?.codes).toEqual(['0x80280036']);
    expect(f?.explanation).toContain('Event 502 (Debug log), logged beside it, carries the same code.');
    expect(f?.causes[0]).toBe('A TPM 1.2 chip in FIPS mode.');
    expect(f?.evidence.map((e) => e.field)).toContain('event 502');
  });

  it('202 with a generic exit code takes the TPM code of the 502 as its cause', () => {
    const records = read('knowledge-202-502-tpm-fips.xml').map((r) =>
      r.eventId === 202 ? { ...r, data: { ...r.data, ExitCode: '-2147467259' } } : r,
    );
    const d = diagnoseEvents(records);
    const [f] = d.findings;
    expect(ids(d.findings)).toEqual([['event-join-init-failed', 'error']]);
    expect(f?.codes).toEqual(['0x80004005', '0x80280036']);
    expect(f?.explanation).toContain(
      'Event 502 (Debug log), logged beside it, names the cause: 0x80280036 (TPM_E_NOTFIPS): The TPM refused the command because it runs in FIPS mode',
    );
  });

  it('a TPM code logged hours away from the 202 is not linked', () => {
    const records = read('knowledge-202-502-tpm-fips.xml').map((r) =>
      r.eventId === 502 ? { ...r, time: '2025-03-11T15:30:00.0000000Z' } : r,
    );
    const d = diagnoseEvents(records);
    expect(ids(d.findings)).toEqual([
      ['event-join-init-failed', 'error'],
      ['event-registration-error', 'error'],
    ]);
  });

  it('the 202 pasted as Event Viewer text reads its exit code from the TPM message', () => {
    const text = readFileSync(join(fixtures, 'knowledge-202-502-tpm-fips.txt'), 'utf8');
    const d = diagnoseEvents(readEventText(text).records);
    expect(d.verdict.errorCode).toBe('0x80280036');
    expect(ids(d.findings)).toEqual([['event-join-init-failed', 'error']]);
  });

  it('WHfB token request: 323/367/368/325 and 1099 are progress, 1108 interaction_required is a step', () => {
    const d = diagnoseEvents(read('knowledge-whfb-wam-token.xml'));
    expect(ids(d.findings)).toEqual([['event-token-broker-error', 'info']]);
    const [f] = d.findings;
    expect(f?.title).toBe('The token broker failed to get a token (AAD event 1108)');
    expect(f?.codes).toEqual(['0xcaa2000c', 'AADSTS50076', 'interaction_required']);
    expect(f?.explanation).toContain('0x4AA90011 UI flow started');
    expect(d.verdict.health).not.toBe('failing');
    expect(d.timeline.map((t) => [t.what, t.codes])).toEqual([
      ['event 323', []],
      ['event 367', []],
      ['event 1099', []],
      ['event 1108', ['0xcaa2000c', 'AADSTS50076', 'interaction_required']],
      ['event 1099', []],
      ['event 368', []],
      ['event 325', []],
    ]);
    expect(d.timeline[2]?.summary).toBe(
      'The token broker logged a progress step (an informational code, not an error). (informational code 0x4aa90010 (INFO_ADAL_REQUEST_SENDING), not an error)',
    );
  });

  it('1108 interaction_required with no UI flow after it is a warning', () => {
    const d = diagnoseEvents(only(read('knowledge-whfb-wam-token.xml'), 1108));
    expect(ids(d.findings)).toEqual([['event-token-broker-error', 'warning']]);
  });

  it('an ADAL progress code in a message event is never a failure code', () => {
    const record: EventRecord = {
      channel: 'Microsoft-Windows-User Device Registration/Debug',
      provider: 'Microsoft-Windows-User Device Registration',
      eventId: 502,
      level: 'error',
      time: '2025-03-12T10:00:00.0000000Z',
      recordNumber: 1,
      computer: null,
      data: { Message: 'AdalLog: Sending web request ; HRESULT: 0x4aa90010' },
      message: null,
      activityId: null,
      origin: null,
    };
    const d = diagnoseEvents([record]);
    expect(d.findings.flatMap((x) => x.codes)).toEqual([]);
    expect(d.verdict.errorCode).toBeNull();
    expect(d.timeline[0]?.summary).toContain(
      'informational code 0x4aa90010 (INFO_ADAL_REQUEST_SENDING), not an error',
    );
  });
});

describe('correlate: an export whose times carry no zone (local time of the exporting machine)', () => {
  // Event Viewer's CSV, saved on a machine at UTC+01:00: 304 and 204 of the attempt at 10:12:40
  // local time, and an older 304 at 01:05:10 local time; the capture says 09:12:33 UTC.
  const csv = readEventTable(
    readFileSync(join(fixtures, 'udr-admin.utc-plus-1.eventviewer.csv'), 'utf8'),
    'csv',
  ).records;
  const attempt = capture([timeField('Previous Registration', '2026-03-04T09:12:33.000Z', 3)]);
  // The same export with the service's own times taken out of its answers.
  const untimed = readEventTable(
    readFileSync(join(fixtures, 'udr-admin.utc-plus-1.eventviewer.csv'), 'utf8').replace(
      /,""Time"":""[^"]*""/g,
      '',
    ),
    'csv',
  ).records;

  it('reads the offset from the time the service wrote in its answer, with no capture at all', () => {
    const alone = diagnoseEvents(csv);
    expect(alone.timeline.map((t) => [t.what, t.time])).toEqual([
      ['event 304', '2026-03-04T00:05:10Z'],
      ['event 304', '2026-03-04T09:12:40Z'],
      ['event 204', '2026-03-04T09:12:40Z'],
    ]);
    expect(alone.notices).toEqual([
      {
        code: 'event-times-local',
        severity: 'info',
        message:
          "3 event time(s) in this export carry no zone (the exporting machine's local time): they are read as UTC+01:00, the offset between event 304 (line 20) and the UTC time the service wrote in its answer (2026-03-04T00:05:10Z); the timeline and the findings give them in UTC.",
        count: 3,
      },
    ]);
  });

  it('reads the offset from the 304 that matches the attempt by ID and code, and uses it', () => {
    const diagnosis = captureDiagnosis({ failedPhase: 'join', errorCode: '0x801c03f2' }, [captureFinding]);
    const merged = correlate(attempt, diagnosis, csv);
    expect(ids(merged.findings)).toEqual([
      ['join-failed', 'error'],
      ['event-join-failed-confirms', 'info'],
      ['event-join-response-failed-confirms', 'info'],
    ]);
    expect(merged.findings[1]?.evidence[0]?.value).toBe('2026-03-04T09:12:40Z');
    expect(merged.timeline.map((t) => [t.what, t.time])).toEqual([
      ['Previous Registration', '2026-03-04T09:12:33.000Z'],
      ['event 304', '2026-03-04T09:12:40Z'],
      ['event 204', '2026-03-04T09:12:40Z'],
    ]);
    // The 304 of 01:05 local time is 00:05 UTC: another attempt, kept for context.
    expect(merged.context.map((t) => [t.what, t.time, t.outsideAttempts])).toEqual([
      ['event 304', '2026-03-04T00:05:10Z', true],
    ]);
    expect(merged.notices).toEqual([
      {
        code: 'event-times-local',
        severity: 'info',
        message:
          "3 event time(s) in this export carry no zone (the exporting machine's local time): they are read as UTC+01:00, the offset at which event 304 (line 2) matches the capture's Previous Registration (2026-03-04T09:12:33.000Z) with the same code; the timeline and the findings give them in UTC.",
        count: 3,
      },
      {
        code: 'events-outside-attempts',
        severity: 'info',
        message:
          '1 of 3 event(s) were logged more than ten minutes from the attempts the capture shows (Previous Registration 2026-03-04T09:12:33.000Z); they stay in the timeline, marked as outside the capture’s attempts, but do not drive the verdict or the findings, because they describe other attempts than the one the capture reports.',
        count: 1,
      },
    ]);
    // The records keep the times the export printed.
    expect(csv.map((r) => r.time)).toEqual([
      '2026-03-04T10:12:40Z',
      '2026-03-04T10:12:40Z',
      '2026-03-04T01:05:10Z',
    ]);
  });

  it('without an event that pins the offset, allows any real offset and says which matches rest on it', () => {
    // The capture names no code, and the service's answers carry no time: nothing ties an event to
    // the attempt but its time.
    const diagnosis = captureDiagnosis({ health: 'unknown', summary: 'No registration detail.' }, []);
    const merged = correlate(attempt, diagnosis, untimed);
    expect(merged.context).toEqual([]);
    expect(merged.timeline.map((t) => [t.what, t.time])).toEqual([
      ['event 304', '2026-03-04T01:05:10Z'],
      ['Previous Registration', '2026-03-04T09:12:33.000Z'],
      ['event 304', '2026-03-04T10:12:40Z'],
      ['event 204', '2026-03-04T10:12:40Z'],
    ]);
    const join = merged.findings.find((f) => f.id === 'event-join-failed');
    expect(join?.explanation).toMatch(
      /It was logged 2 times, from 2026-03-04T01:05:10Z to 2026-03-04T10:12:40Z\. Its time carries no zone: it is within ten minutes of the capture's Previous Registration only if the exporting machine was at about UTC\+01:00, which no event confirms\. .* If the exporting machine was at that offset, it was logged near the attempt the capture shows and explains it\.$/,
    );
    expect(merged.notices).toEqual([
      {
        code: 'event-times-local',
        severity: 'warning',
        message:
          "3 event time(s) in this export carry no zone (the exporting machine's local time), and no event pins its offset from UTC: an event counts as near the capture's attempts when some offset from UTC-12:00 to UTC+14:00 puts it within ten minutes of one; 3 of them are near one only at an offset other than UTC+00:00 (a finding built on such an event names the offset).",
        count: 3,
      },
    ]);
  });

  it('an event with a time in UTC is placed as before', () => {
    const diagnosis = captureDiagnosis({ failedPhase: 'join', errorCode: '0x801c03f2' }, [captureFinding]);
    // The same record as a source that gives its time in UTC (XML, EVTX) reads it.
    const { localTime, ...record } = csv[0] as EventRecord;
    expect(localTime).toBe(true);
    const utc = [record];
    const merged = correlate(attempt, diagnosis, utc);
    expect(merged.notices.map((n) => n.code)).toEqual(['events-outside-attempts']);
    expect(merged.context.map((t) => [t.what, t.time])).toEqual([['event 304', '2026-03-04T10:12:40Z']]);
  });
});
