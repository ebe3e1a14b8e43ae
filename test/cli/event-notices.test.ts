/**
 * A capture with its device's event log: events away from the capture's attempt, and an event
 * the knowledge does not describe, are said in every format (never dropped in silence).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const root = join(import.meta.dirname, '..', '..');
const capture = join(root, 'examples', 'sync-join-waiting-for-sync.txt'); // PC-0177, Previous Registration 09:16:43
// The same computer's log: 304 at 09:16:43.1 and KDC event 45 at 09:18 (near the attempt); 307 the
// day before and 306 two hours later. Written at run time: the event fixtures folder holds only
// logs of computers no example is from.
const EVENTS = [
  '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration"/><EventID>304</EventID><Level>2</Level><TimeCreated SystemTime="2024-05-06T09:16:43.1000000Z"/><EventRecordID>502</EventRecordID><Channel>Microsoft-Windows-User Device Registration/Admin</Channel><Computer>PC-0177.contoso.com</Computer></System><EventData><Data Name="ExitCode">-2145647630</Data><Data Name="ServerErrorMessage">{"ErrorType":"DirectoryError","Message":"The device object by the given id (aaaa1111-bbbb-2222-cccc-3333dddd4444) is not found.","TraceId":"11112222-3333-4444-5555-666677778888"}</Data><Data Name="TenantType">Managed</Data><Data Name="JoinType">sync</Data></EventData></Event>',
  '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Kerberos-Key-Distribution-Center"/><EventID>45</EventID><Level>2</Level><TimeCreated SystemTime="2024-05-06T09:18:00.0000000Z"/><EventRecordID>77</EventRecordID><Channel>System</Channel><Computer>PC-0177.contoso.com</Computer></System><EventData><Data Name="Status">0x80090308</Data></EventData></Event>',
  '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration"/><EventID>307</EventID><Level>2</Level><TimeCreated SystemTime="2024-05-05T07:00:00.0000000Z"/><EventRecordID>480</EventRecordID><Channel>Microsoft-Windows-User Device Registration/Admin</Channel><Computer>PC-0177.contoso.com</Computer></System><EventData><Data Name="ExitCode">-2145648611</Data></EventData></Event>',
  '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration"/><EventID>306</EventID><Level>4</Level><TimeCreated SystemTime="2024-05-06T11:00:00.0000000Z"/><EventRecordID>510</EventRecordID><Channel>Microsoft-Windows-User Device Registration/Admin</Channel><Computer>PC-0177.contoso.com</Computer></System><EventData></EventData></Event>',
];
const log = join(mkdtempSync(join(tmpdir(), 'dsreg-doctor-notices-')), 'pc-0177-udr.xml');
writeFileSync(log, `${EVENTS.join('\n')}\n`);

const OUTSIDE =
  '2 of 4 event(s) were logged more than ten minutes from the attempts the capture shows (Previous Registration 2024-05-06T09:16:43.000Z); they stay in the timeline, marked as outside the capture’s attempts, but do not drive the verdict or the findings, because they describe other attempts than the one the capture reports.';
const UNKNOWN_START =
  '1 event(s) that the knowledge does not describe carry codes; they are in the timeline, and their codes read: Microsoft-Windows-Kerberos-Key-Distribution-Center event 45: 0x80090308 SEC_E_INVALID_TOKEN';

async function analyze(format: string) {
  return cli('analyze', capture, log, '--format', format, '--width', '100');
}

describe('event notices in every format', () => {
  it('json: both notices on the paired report, the 304 near the attempt confirming the capture', async () => {
    const r = await analyze('json');
    const [report] = JSON.parse(r.stdout).reports;
    expect(report.source.path).toBe(`${capture} + ${log}`);
    expect(report.notices).toEqual([
      { code: 'events-outside-attempts', severity: 'info', message: OUTSIDE, count: 2 },
      {
        code: 'unknown-event-codes',
        severity: 'info',
        message: expect.stringContaining(UNKNOWN_START),
        count: 1,
      },
    ]);
    expect(report.events.map((e: { eventId: number }) => e.eventId)).toEqual([304, 45, 307, 306]);
    // Every event stays in the timeline, in time order; those outside the capture's attempts are marked.
    expect(
      report.timeline.map((t: { what: string; outsideAttempts?: boolean }) => [
        t.what,
        t.outsideAttempts ?? false,
      ]),
    ).toEqual([
      ['event 307', true],
      ['Previous Registration', false],
      ['event 304', false],
      ['event 45', false],
      ['event 306', true],
    ]);
    expect(report.verdict).toMatchObject({ failedPhase: 'join', errorCode: '0x801c03f2' });
  });

  it('text: in the Notices block, wrapped to the width', async () => {
    const r = await analyze('text');
    expect(r.stdout).toContain(
      [
        'Notices',
        '  ℹ 2 of 4 event(s) were logged more than ten minutes from the attempts the capture shows (Previous',
        '    Registration 2024-05-06T09:16:43.000Z); they stay in the timeline, marked as outside the',
        '    capture’s attempts, but do not drive the verdict or the findings, because they describe other',
        '    attempts than the one the capture reports.',
        '  ℹ 1 event(s) that the knowledge does not describe carry codes; they are in the timeline, and their',
        '    codes read: Microsoft-Windows-Kerberos-Key-Distribution-Center event 45: 0x80090308',
      ].join('\n'),
    );
  });

  it('markdown and html: one list item each', async () => {
    const md = (await analyze('markdown')).stdout;
    expect(md).toContain(`### Notices\n\n- info: ${OUTSIDE}\n- info: ${UNKNOWN_START.replace(/_/g, '\\_')}`);
    const html = (await analyze('html')).stdout;
    expect(html).toContain(`<li class="info"><strong>info</strong>: ${OUTSIDE}</li>`);
    expect(html).toContain(`<li class="info"><strong>info</strong>: ${UNKNOWN_START}`);
  });
});
