import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/diagnosis.ts';
import type { EventRecord } from '../model/events.ts';
import { applyRules, type DeviceEvidence, defineRule, type EarlierFinding } from './rule.ts';

const UDR = 'Microsoft-Windows-User Device Registration';

function record(eventId: number, time: string, exitCode: string): EventRecord {
  return {
    provider: UDR,
    channel: `${UDR}/Admin`,
    eventId,
    level: 'error',
    time,
    recordNumber: null,
    computer: 'PC-0042.contoso.com',
    data: { ExitCode: exitCode },
    message: null,
    activityId: null,
    origin: null,
  };
}

const scp = record(307, '2025-02-01T08:00:00.000Z', '-2145648611');
const join = record(304, '2025-02-01T08:00:02.000Z', '-2145648611');
const device: DeviceEvidence = { capture: null, events: [scp, join], probes: [] };

function made(id: string, severity: Finding['severity'], title: string, event: EventRecord): EarlierFinding {
  return {
    event,
    finding: {
      id,
      severity,
      checks: ['K1'],
      codes: ['0x801c001d'],
      title,
      evidence: [
        { field: `event ${event.eventId}`, value: event.time ?? '', line: null, scope: event.channel },
      ],
      explanation: `${title}.`,
      causes: [],
      steps: [],
      references: [],
    },
  };
}

const lookup = made('event-scp-lookup-failed', 'warning', 'The SCP could not be read', scp);
const joined = made('event-join-failed', 'error', 'Hybrid join failed', join);

/** Folds the join report into the SCP lookup's finding, as the no-SCP rule does. */
const fold = defineRule({
  id: 'fold-join-into-lookup',
  checks: ['K1', 'G4'],
  evidence: ['events'],
  findings: { 'scp-note': { title: 'One attempt, two events', severity: 'info' } },
  refines: ['event-scp-lookup-failed', 'event-join-failed'],
  run({ earlier, revise, withdraw, report }) {
    const lead = earlier.find((e) => e.finding.id === 'event-scp-lookup-failed');
    const others = earlier.filter((e) => e.finding.id === 'event-join-failed');
    if (!lead) return;
    revise(lead, { title: 'No SCP (events 307 and 304)' });
    revise(lead, { evidence: [...lead.finding.evidence, ...others.flatMap((o) => o.finding.evidence)] });
    for (const o of others) withdraw(o);
    report('scp-note', { explanation: 'Event 304 repeats the code of event 307.' });
    // @ts-expect-error a refined id is not one the rule may report.
    if (others.length > 9) report('event-join-failed', { explanation: 'never' });
  },
});

describe('refining rules', () => {
  it('declare what they refine, and see only those findings, each with its event', () => {
    expect(fold.refines).toEqual(['event-scp-lookup-failed', 'event-join-failed']);
    const seen: string[] = [];
    const spy = defineRule({
      id: 'spy',
      checks: ['K1'],
      evidence: ['events'],
      findings: {},
      refines: ['event-join-failed'],
      run({ earlier }) {
        for (const e of earlier) seen.push(`${e.finding.id} from event ${e.event?.eventId}`);
      },
    });
    const other = made('event-auth-failed', 'error', 'Hybrid join failed at authentication', join);
    expect(spy.apply(device, [lookup, other, joined]).map((e) => e.finding.id)).toEqual([
      'event-scp-lookup-failed',
      'event-auth-failed',
      'event-join-failed',
    ]);
    expect(seen).toEqual(['event-join-failed from event 304']);
  });

  it('revise and withdraw earlier findings, in their order, then add what they report', () => {
    const out = fold.apply(device, [lookup, joined]);
    expect(
      out.map((e) => [e.finding.id, e.finding.severity, e.finding.title, e.event?.eventId ?? null]),
    ).toEqual([
      ['event-scp-lookup-failed', 'warning', 'No SCP (events 307 and 304)', 307],
      ['scp-note', 'info', 'One attempt, two events', null],
    ]);
    // The withdrawn finding's evidence is told by the one that tells its story.
    expect(out[0]?.finding.evidence.map((e) => e.field)).toEqual(['event 307', 'event 304']);
    // The earlier findings themselves are left as they were.
    expect(lookup.finding.title).toBe('The SCP could not be read');
  });

  it('leave the findings as they are without the evidence they need', () => {
    const noEvents: DeviceEvidence = { capture: null, events: [], probes: [] };
    expect(fold.apply(noEvents, [lookup, joined])).toEqual([lookup, joined]);
    expect(fold.evaluate(noEvents)).toEqual([]);
  });

  it('run in order with applyRules; a rule that only reports adds its findings at the end', () => {
    const note = defineRule({
      id: 'note',
      checks: ['K1'],
      evidence: ['events'],
      findings: { 'events-read': { title: 'Events were read' } },
      run({ events, report }) {
        report('events-read', { explanation: `${events.length} events.` });
      },
    });
    expect(note.refines).toEqual([]);
    const out = applyRules([note, fold], device, [lookup, joined]);
    expect(out.map((e) => e.finding.id)).toEqual(['event-scp-lookup-failed', 'events-read', 'scp-note']);
  });

  it('refuse to touch a finding they were not given (only an untyped caller can try)', () => {
    const rogue = defineRule({
      id: 'rogue',
      checks: ['K1'],
      evidence: ['events'],
      findings: {},
      refines: ['event-join-failed'],
      run({ withdraw }) {
        withdraw(lookup as EarlierFinding<'event-join-failed'>);
      },
    });
    expect(() => rogue.apply(device, [lookup, joined])).toThrow(
      'rule rogue withdrew a finding it does not refine',
    );
  });
});
