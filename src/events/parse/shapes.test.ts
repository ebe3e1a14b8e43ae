import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseEvents } from '../diagnose.ts';
import { factsOf } from '../facts.ts';
import { readEventsFromText } from '../index.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/event-pastes');
const read = (name: string) => readEventsFromText(readFileSync(join(fixtures, name), 'utf8'));

/** What an admin needs from each pasted event: which, whose, when, and its codes. */
function summary(name: string) {
  return read(name)?.records.map((r) => ({
    id: r.eventId,
    provider: r.provider,
    time: r.time,
    codes: factsOf(r).codes,
  }));
}

const UDR = 'Microsoft-Windows-User Device Registration';

describe('event texts in the shapes admins paste them', () => {
  it('reads provider-and-ID label lists (`**Source:**`, `**EventId:** 201`, `**Event ID:** 1098`) from a ticket', () => {
    expect(summary('paste-label-list-201-1098.md')).toEqual([
      { id: 201, provider: UDR, time: '2025-03-04T08:15:02.000Z', codes: ['0x801c0021'] },
      {
        id: 1098,
        provider: 'Microsoft-Windows-AAD',
        time: '2025-03-04T08:16:40.000Z',
        codes: ['0xcaa2000c', 'AADSTS50076', 'interaction_required'],
      },
    ]);
    const records = read('paste-label-list-201-1098.md')?.records ?? [];
    // The provider was named, so the Admin channel is known; the ticket's own prose is no event.
    expect(records[0]?.channel).toBe(`${UDR}/Admin`);
    expect(records[1]?.message).toBe(
      'Error: 0xCAA2000C The request requires user interaction.\nCode: interaction_required\nDescription: AADSTS50076: multi-factor authentication is required for this resource.\nTokenEndpoint: https://login.microsoftonline.com/common/oauth2/token',
    );
    const d = diagnoseEvents(records);
    expect(d.verdict).toMatchObject({ health: 'failing', failedPhase: 'discover', errorCode: '0x801c0021' });
  });

  it('reads a copy-details paste whose every line was commented out with `# `', () => {
    const result = read('paste-commented-copy-details.txt');
    expect(result?.kind).toBe('text');
    expect(
      result?.records.map((r) => [r.eventId, r.channel, r.computer, factsOf(r).exitCode, factsOf(r).phase]),
    ).toEqual([
      [304, `${UDR}/Admin`, 'PC01.contoso.com', '0x801c03f2', 'join'],
      [305, `${UDR}/Admin`, 'PC01.contoso.com', '0xcaa82ee2', 'auth'],
    ]);
  });

  it('reads events wrapped in HTML: tags are line breaks, entities their characters', () => {
    expect(summary('paste-html-307-304.html')).toEqual([
      { id: 307, provider: UDR, time: '2025-02-10T07:00:05.000Z', codes: ['0x801c001d'] },
      { id: 304, provider: UDR, time: '2025-02-10T07:00:05.000Z', codes: ['0x801c001d'] },
    ]);
    const records = read('paste-html-307-304.html')?.records ?? [];
    expect(records[1]?.message).toBe(
      'Automatic registration failed at join phase.\nExit code: Unknown HResult Error code: 0x801c001d\nServer error:\nTenant type: undefined\nRegistration type: undefined\nDebug Output:<br> undefined',
    );
    expect(diagnoseEvents(records).verdict).toMatchObject({
      health: 'attention',
      failedPhase: 'discover',
      errorCode: '0x801c001d',
    });
  });

  it('splits two copy-details blocks glued into one paragraph at each `Log Name:`', () => {
    const records = read('paste-glued-paragraph.txt')?.records ?? [];
    expect(records.map((r) => [r.eventId, r.computer, r.time, factsOf(r).codes])).toEqual([
      [307, 'PC09.contoso.com', '2025-02-11T06:30:10.000Z', ['0x801c001d']],
      [304, 'PC09.contoso.com', '2025-02-11T06:30:10.000Z', ['0x801c001d']],
    ]);
    expect(records[0]?.message).toBe(
      'Automatic registration failed. Failed to lookup the registration service information from Active Directory. Exit code: Unknown HResult Error code: 0x801c001d.',
    );
  });

  it('splits bare messages glued on one line, and says each ID was inferred', () => {
    const result = read('paste-bare-messages-one-line.txt');
    expect(result?.records.map((r) => [r.eventId, factsOf(r).codes])).toEqual([
      [304, ['0x801c03f2']],
      [307, ['0x801c001d']],
      [306, []],
    ]);
    expect(result?.warnings).toEqual([
      'line 1: no event header; read as event 304 from its message text (the event ID is inferred)',
      'line 2: no event header; read as event 307 from its message text (the event ID is inferred)',
      'line 3: no event header; read as event 306 from its message text (the event ID is inferred)',
    ]);
    // 307's own message begins with a sentence that opens no event: it is not cut there.
    expect(result?.records[1]?.message).toBe(
      'Automatic registration failed. Failed to lookup the registration service information from Active Directory. Exit code: Unknown HResult Error code: 0x801c001d.',
    );
  });

  it('recognises the General-tab messages of the providers pasted around registration', () => {
    const result = read('paste-providers-general-tab.txt');
    expect(summary('paste-providers-general-tab.txt')).toEqual([
      {
        id: 76,
        provider: 'Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider',
        time: null,
        codes: ['0x8018002b'],
      },
      // NetJoin writes a Win32 error number: 1355 is ERROR_NO_SUCH_DOMAIN.
      { id: 4097, provider: 'NetJoin', time: null, codes: ['0x8007054b'] },
      { id: 364, provider: 'AD FS', time: null, codes: ['MSIS7012'] },
      // Kerberos protocol errors (0x25 KRB_AP_ERR_SKEW) are not Windows codes: none is claimed.
      { id: 3, provider: 'Microsoft-Windows-Security-Kerberos', time: null, codes: [] },
    ]);
    expect(result?.warnings).toContain(
      'line 3: no event header; read as event 4097 from its message text (the event ID is inferred)',
    );
    const d = diagnoseEvents(result?.records ?? []);
    expect(d.findings.map((f) => [f.id, f.severity, f.codes])).toEqual([
      ['event-mdm-enrollment-failed', 'error', ['0x8018002b']],
      ['event-domain-join-failed', 'error', ['0x8007054b']],
      ['event-adfs-request-failed', 'error', ['MSIS7012']],
      ['event-kerberos-error', 'warning', []],
    ]);
    expect(d.verdict.summary).toBe(
      'The events report 3 errors: Automatic MDM enrollment failed (DeviceManagement event 76) and 2 more; see the findings.',
    );
  });

  it('keeps an event the knowledge does not know, with every code in it read by the catalog', () => {
    const result = read('paste-unknown-event.txt');
    expect(result?.records).toEqual([
      {
        channel: 'System',
        provider: 'Microsoft-Windows-Kerberos-Key-Distribution-Center',
        eventId: 45,
        level: 'error',
        time: '2025-02-12T09:00:00.000Z',
        recordNumber: null,
        computer: 'DC01.contoso.com',
        data: {},
        message:
          'The Key Distribution Center could not validate the certificate presented by the client; the status returned was 0x80090308.',
        activityId: null,
        origin: 'line 1',
      },
    ]);
    const d = diagnoseEvents(result?.records ?? []);
    expect(d.findings).toEqual([]);
    expect(d.timeline).toEqual([
      {
        time: '2025-02-12T09:00:00.000Z',
        what: 'event 45',
        summary:
          'Microsoft-Windows-Kerberos-Key-Distribution-Center event 45, which the knowledge does not describe (codes 0x80090308)',
        codes: ['0x80090308'],
      },
    ]);
    expect(d.notices).toHaveLength(1);
    expect(d.notices[0]).toMatchObject({ code: 'unknown-event-codes', severity: 'info', count: 1 });
    expect(d.notices[0]?.message).toContain(
      'Microsoft-Windows-Kerberos-Key-Distribution-Center event 45: 0x80090308 SEC_E_INVALID_TOKEN',
    );
  });
});
