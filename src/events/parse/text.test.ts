import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../model/events.ts';
import { factsOf } from '../facts.ts';
import { readEventText } from './text.ts';
import { readEventXml } from './xml.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/events');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

/** What the diagnosis reads from an event, whichever form it came in. */
function essentials(record: EventRecord) {
  const f = factsOf(record);
  return {
    phase: f.phase,
    exitCode: f.exitCode,
    adalCode: f.adalCode,
    serverErrorCode: f.serverErrorCode,
    aadsts: f.aadsts,
    httpStatus: f.httpStatus,
    endpoint: f.endpoint,
    upn: f.upn,
    tenantType: f.tenantType,
    registrationType: f.registrationType,
  };
}

describe('readEventText: Event Viewer "Copy details as text" for every event ID', () => {
  const text = readEventText(fixture('every-event.copied.txt'));
  const xml = [
    ...readEventXml(fixture('udr-admin.wevtutil.xml')).records,
    ...readEventXml(fixture('aad.saved.xml')).records,
    ...readEventXml(fixture('wpj-win7.wevtutil.xml')).records,
  ];

  it('reads one record per pasted event, with its header fields', () => {
    expect(text.records.map((r) => r.eventId)).toEqual([
      201, 204, 220, 304, 305, 306, 307, 331, 334, 335, 344, 345, 360, 362, 500, 502, 1006, 1007, 1022, 1025,
      1081, 1084, 1088, 1097, 1098, 1104, 1144, 100, 102, 103, 104, 200, 201, 300, 301, 400,
    ]);
    expect(text.skipped).toEqual([]);
    expect(text.records[3]).toMatchObject({
      channel: 'Microsoft-Windows-User Device Registration/Admin',
      provider: 'Microsoft-Windows-User Device Registration',
      level: 'error',
      time: '2025-02-03T08:03:00Z',
      computer: 'PC01.contoso.com',
      origin: 'line 42',
    });
    // Every date is 2/3/2025: nothing in the paste says whether that is 3 February or 2 March.
    expect(text.warnings).toEqual([
      expect.stringMatching(/no time zone/),
      'no date in this export shows whether it writes the day or the month first (2/3/2025 8:00:00 AM): dates are read month first',
    ]);
  });

  // 344 and 345 print their code as its system message: see the catalog test below.
  const byMessage = new Set([344, 345]);
  const cases = text.records
    .filter((r) => !byMessage.has(r.eventId))
    .map((r) => [`${r.provider?.replace('Microsoft-Windows-', '')} ${r.eventId}`, r] as const);
  it.each(cases)('%s: the message gives the same facts as the event XML', (_, record) => {
    const twin = xml.find((x) => x.eventId === record.eventId && x.provider === record.provider);
    expect(twin).toBeDefined();
    expect(essentials(record)).toEqual(essentials(twin as EventRecord));
  });
});

describe('rendered codes written as their system message', () => {
  it('maps "Keyset does not exist" back to 0x80090016 through the error catalog', () => {
    const text = readEventText(fixture('every-event.copied.txt'));
    for (const id of [344, 345]) {
      const record = text.records.find((r) => r.eventId === id) as EventRecord;
      expect(record.data).toEqual({ ExitCode: 'Keyset does not exist' });
      expect(factsOf(record)).toMatchObject({ exitCode: '0x80090016', codes: ['0x80090016'] });
    }
    const pasted = readEventText(fixture('general-tab-paste.md')).records[0] as EventRecord;
    expect(factsOf(pasted)).toMatchObject({ phase: 'join', exitCode: '0x80090016' });
  });
});

describe('readEventText: pasted forms', () => {
  it('uses the Event Xml of "Copy details as text" when it is there', () => {
    const result = readEventText(fixture('copy-details.txt'));
    expect(result.records.map((r) => r.eventId)).toEqual([304, 305]);
    expect(result.records[0]).toMatchObject({
      time: '2025-01-31T09:16:43.1000000Z',
      recordNumber: 1201,
      data: { ExitCode: '-2145647630' },
    });
    expect(result.records[0]?.message).toMatch(/^Automatic registration failed at join phase\./);
    expect(result.records[1]?.data).toEqual({
      ExitCode: 'Unknown HResult Error code: 0xcaa82ee2',
      TenantName: 'contoso.com',
      TenantType: 'Federated',
      ServerErrorMessage:
        'AdalMessage: Network error.\nAdalErrorCode: 0x2ee6\nAdalCorrelationId: dddd3333-eeee-4444-ffff-5555aaaa6666',
    });
  });

  it('reads wevtutil /f:text blocks', () => {
    const result = readEventText(fixture('wevtutil-text.txt'));
    expect(result.records.map((r) => [r.eventId, r.time, r.level])).toEqual([
      [201, '2025-01-31T09:16:02.500Z', 'error'],
      [204, '2025-01-31T09:16:43.000Z', 'error'],
    ]);
    expect(factsOf(result.records[1] as EventRecord)).toMatchObject({
      httpStatus: 400,
      serverErrorCode: 'DirectoryError',
      exitCode: '0x801c03f2',
    });
  });

  it('reads the Details tab friendly view', () => {
    const [event] = readEventText(fixture('details-friendly.txt')).records;
    expect(event).toMatchObject({
      eventId: 1081,
      provider: 'Microsoft-Windows-AAD',
      channel: 'Microsoft-Windows-AAD/Operational',
      level: 'error',
      time: '2025-02-03T08:30:01.1000000Z',
      recordNumber: 505,
      computer: 'PC01.contoso.com',
      data: {
        Error: 'invalid_grant',
        ErrorDescription:
          'AADSTS50126: Error validating credentials due to invalid username or password. Trace ID: 1111aaaa-2222-bbbb-3333-cccc4444dddd',
        CorrelationID: 'ffff5555-aaaa-6666-bbbb-7777cccc8888',
      },
    });
  });

  it('reads bare General-tab messages in a Markdown ticket, double spaced, and ignores the prose', () => {
    const result = readEventText(fixture('general-tab-paste.md'));
    expect(result.skipped).toEqual([]);
    expect(result.records.map((r) => [r.eventId, r.provider, r.level, r.time])).toEqual([
      [304, 'Microsoft-Windows-User Device Registration', 'error', null],
      [1081, 'Microsoft-Windows-AAD', 'error', null],
    ]);
    expect(result.records[0]?.data).toMatchObject({
      ExitCode: 'Keyset does not exist',
      TenantType: 'Managed',
      JoinType: 'sync',
    });
    expect(factsOf(result.records[1] as EventRecord).aadsts).toEqual(['AADSTS50126']);
  });

  it('says nothing was found in text that holds no event', () => {
    const result = readEventText('Device State\n AzureAdJoined : YES\n');
    expect(result.records).toEqual([]);
  });
});
