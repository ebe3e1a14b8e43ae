import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBytes } from '../../analyze.ts';
import { factsOf, readEventsFromText } from '../index.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/events');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const read = (name: string) => readEventsFromText(fixture(name));
const brief = (name: string) =>
  read(name)?.records.map((r) => [r.eventId, r.provider, r.level, factsOf(r).codes]);
const UDR = 'Microsoft-Windows-User Device Registration';
const AAD = 'Microsoft-Windows-AAD';

describe('General-tab messages glued to a lead-in or to each other', () => {
  it('reads a 307 and a 304 glued after a lead-in, cut after the 307 link', () => {
    const result = read('paste-glued-lead-307-304.txt');
    expect(result?.records.map((r) => [r.eventId, r.provider, r.level, r.data])).toEqual([
      [307, UDR, 'error', { ExitCode: 'Unknown HResult Error code: 0x801c001d' }],
      [
        304,
        UDR,
        'error',
        {
          ExitCode: 'Unknown HResult Error code: 0x801c001d',
          ServerErrorMessage: '',
          TenantType: '',
          JoinType: '',
        },
      ],
    ]);
    expect(result?.records[0]?.message).toBe(
      'Automatic registration failed. Failed to lookup the registration service information from Active Directory. Exit code: Unknown HResult Error code: 0x801c001d. See http://go.microsoft.com/fwlink/?LinkId=623042',
    );
  });

  it('analyses the glued paste as events: the no-SCP pair, not a collapsed dsregcmd capture', () => {
    const result = analyzeBytes(new TextEncoder().encode(fixture('paste-glued-lead-307-304.txt')), {
      path: 'paste.txt',
    });
    expect(result.kind).toBe('events');
    expect(result.events?.records.map((r) => r.eventId)).toEqual([307, 304]);
    const findings = result.reports.flatMap((r) => r.findings);
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['event-scp-lookup-failed', 'warning']]);
    expect(findings[0]?.title).toMatch(/^No SCP: hybrid join is not configured for this forest/);
  });

  it('takes `Event 307:` before a message as its event ID, two on one line', () => {
    const result = read('paste-event-number-lead.txt');
    expect(result?.records.map((r) => [r.eventId, r.provider, r.data.ExitCode])).toEqual([
      [307, UDR, 'Unknown HResult Error code: 0x801c001d'],
      [304, UDR, 'Unknown HResult Error code: 0x801c001d'],
    ]);
    // The IDs were written: nothing was inferred.
    expect(result?.warnings).toEqual([]);
  });

  it('reads `Customer says: <message>` as the message, the words before it as the ticket’s', () => {
    const text =
      'Customer says: Automatic registration failed at join phase. Exit code: Unknown HResult Error code: 0x801c03f2.';
    const result = readEventsFromText(text);
    expect(result?.records.map((r) => [r.eventId, r.data.ExitCode])).toEqual([
      [304, 'Unknown HResult Error code: 0x801c03f2'],
    ]);
  });
});

describe('one message is one event', () => {
  it('keeps the Error line of a 7054 and the two sentences of a 345 in their own events', () => {
    expect(brief('paste-7054-345-one-message-each.txt')).toEqual([
      [7054, 'Microsoft-Windows-HelloForBusiness', 'error', ['0x801c044d']],
      [345, UDR, 'error', ['0x8009000d']],
    ]);
  });

  it('still starts a new event at a repeated message whose opening is also its first label', () => {
    const text =
      'Http request status: 400. Exit code: 0x801c03f2.\n\nHttp request status: 400. Exit code: 0x801c03f2.';
    expect(readEventsFromText(text)?.records.map((r) => r.eventId)).toEqual([1025, 1025]);
  });
});

describe('the token broker’s shared template', () => {
  it('reads a message with an informational ADAL code as warning 1097, and finds no failure in it', () => {
    expect(brief('paste-1097-no-id.txt')).toEqual([[1097, AAD, 'warning', ['0x4aa50081']]]);
    const result = analyzeBytes(new TextEncoder().encode(fixture('paste-1097-no-id.txt')), {
      path: 'paste.txt',
    });
    expect(result.reports.map((r) => r.findings.map((f) => f.id))).toEqual([[]]);
  });

  it('says a Logon failure message may be event 1160 as well as 1085', () => {
    const result = readEventsFromText(
      'Logon failure. Status: 0xC00484C1 Correlation ID: 00000000-0000-0000-0000-000000000006',
    );
    expect(result?.records.map((r) => [r.eventId, factsOf(r).codes])).toEqual([[1085, ['0xc00484c1']]]);
    expect(result?.warnings).toEqual([
      'line 1: no event header; read as event 1085 from its message text (the event ID is inferred; event 1160 prints the same words)',
    ]);
  });
});

describe('label lists in Markdown and script shapes', () => {
  it('reads a bullet list, italic labels and an `EventID=` line, each with its ID and codes', () => {
    const result = read('paste-label-shapes.md');
    expect(result?.records.map((r) => [r.eventId, r.provider, r.channel, factsOf(r).codes])).toEqual([
      [1098, AAD, 'Microsoft-Windows-AAD/Operational', ['0xcaa20003', 'AADSTS50173', 'invalid_grant']],
      [1081, AAD, null, ['AADSTS50155', 'invalid_grant']],
      [304, UDR, 'Microsoft-Windows-User Device Registration/Admin', ['0x801c03f2']],
    ]);
    expect(result?.records[1]?.data).toEqual({
      Error: 'invalid_grant',
      ErrorDescription: 'AADSTS50155: Device authentication failed.',
    });
    expect(result?.records[0]?.message).toMatch(/^Error: 0xCAA20003 Authorization grant failed/);
  });
});
