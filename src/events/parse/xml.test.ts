import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEventXml } from './xml.ts';

const fixtures = join(import.meta.dirname, '../../../test/fixtures/events');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');

describe('readEventXml', () => {
  it('reads wevtutil output: events back to back without a root, single and double quotes', () => {
    const result = readEventXml(fixture('udr-admin.wevtutil.xml'));
    expect(result.kind).toBe('xml');
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.records.map((r) => r.eventId)).toEqual([
      331, 201, 204, 304, 305, 307, 220, 334, 344, 345, 360, 362, 500, 502, 335, 306,
    ]);
    const e304 = result.records[3];
    expect(e304).toMatchObject({
      channel: 'Microsoft-Windows-User Device Registration/Admin',
      provider: 'Microsoft-Windows-User Device Registration',
      level: 'error',
      time: '2025-01-31T09:16:43.1000000Z',
      recordNumber: 1201,
      computer: 'PC01.contoso.com',
      activityId: null,
      message: null,
    });
    const text = fixture('udr-admin.wevtutil.xml');
    const line = Number(e304?.origin?.replace('line ', ''));
    expect(text.split('\r\n')[line - 1]).toContain('<EventID>304</EventID>');
    expect(e304?.data.ExitCode).toBe('-2145647630');
    expect(e304?.data.TenantType).toBe('Managed');
    expect(e304?.data.JoinType).toBe('sync');
    // Line breaks inside a field survive as \n (XML normalises CRLF).
    expect(e304?.data.DebugOutput).toContain('errorPhase: join\nadalCorrelationId: undefined');
    expect(result.records[7]).toMatchObject({ eventId: 334, level: 'warning', data: {} });
  });

  it('reads Event Viewer "Save as" XML: declaration and <Events> wrapper', () => {
    const result = readEventXml(fixture('aad.saved.xml'));
    expect(result.records).toHaveLength(11);
    expect(result.records[0]).toMatchObject({
      eventId: 1006,
      channel: 'Microsoft-Windows-AAD/Analytic',
      level: 'information',
    });
    expect(result.records[4]).toMatchObject({
      eventId: 1081,
      channel: 'Microsoft-Windows-AAD/Operational',
      data: { Error: 'invalid_grant', CorrelationID: 'ffff5555-aaaa-6666-bbbb-7777cccc8888' },
    });
  });

  it('reads RenderedXml: the message, the activity ID and single-quoted attributes', () => {
    const [event] = readEventXml(fixture('udr-304.rendered.xml')).records;
    expect(event?.activityId).toBe('aaaa0000-1111-2222-3333-444455556666');
    expect(event?.message?.split('\n')[0]).toBe('Automatic registration failed at join phase. ');
    expect(event?.message).toContain('Exit code: Unknown HResult Error code: 0x801c03f2');
  });

  it('names unnamed <Data> elements #1, #2, ...', () => {
    const [e1144, e307] = readEventXml(fixture('unnamed-data.xml')).records;
    expect(e1144?.data).toEqual({
      '#1': '1',
      '#2': 'user@contoso.com',
      '#3': 'https://login.microsoftonline.com/common',
      '#4': 'contoso.com',
    });
    expect(e307?.data).toEqual({ '#1': '-2145648611' });
  });

  it('keeps every good event when one is broken, and says which one was skipped', () => {
    const text = fixture('udr-admin.wevtutil.xml');
    const line = text.slice(0, text.indexOf('<EventID>204<')).split('\n').length;
    const result = readEventXml(text.replace('<EventID>204</EventID>', '<EventID>204</EventI>'));
    expect(result.records).toHaveLength(15);
    expect(result.records.map((r) => r.eventId)).not.toContain(204);
    expect(result.skipped).toEqual([
      { where: `line ${line}`, why: expect.stringContaining('malformed event XML') },
    ]);
    expect(result.warnings[0]).toMatch(/not well formed/);
  });

  it('reports an event cut off at the end of the input', () => {
    const text = fixture('aad.saved.xml').replace('</Events>', '');
    const cut = text.slice(0, text.lastIndexOf('<EventData>'));
    const result = readEventXml(cut);
    expect(result.records).toHaveLength(10);
    expect(result.skipped).toEqual([
      { where: `line ${cut.split('\n').length}`, why: 'event cut off: no closing </Event>' },
    ]);
  });

  it('refuses a DOCTYPE (entity expansion) and reads nothing', () => {
    const text = `<!DOCTYPE Events [<!ENTITY a "aaaa">]><Events>${fixture('udr-304.rendered.xml')}</Events>`;
    const result = readEventXml(text);
    expect(result.records).toEqual([]);
    expect(result.skipped[0]?.why).toMatch(/DOCTYPE/);
  });

  it('reads python-evtx times (space, microseconds, no zone) as UTC', () => {
    const text = `<Events><Event><System><Provider Name="Microsoft-Windows-AAD"></Provider><EventID Qualifiers="">1104</EventID><Level>2</Level><TimeCreated SystemTime="2018-07-06 18:45:46.966627"></TimeCreated><EventRecordID>7</EventRecordID><Correlation ActivityID="" RelatedActivityID=""></Correlation><Channel>Microsoft-Windows-AAD/Operational</Channel><Computer>PC01</Computer></System><EventData><Data Name="API">GenericCallPkg</Data><Data Name="Result">3221521484</Data></EventData></Event></Events>`;
    const [event] = readEventXml(text).records;
    expect(event).toMatchObject({
      eventId: 1104,
      time: '2018-07-06T18:45:46.966627Z',
      activityId: null,
      recordNumber: 7,
    });
  });
});

const samples = join(import.meta.dirname, '../../../../shared/evtx-samples/reference');

describe.runIf(existsSync(samples))('readEventXml on the reference readers’ XML of real logs', () => {
  const files = existsSync(samples) ? readdirSync(samples).filter((f) => f.endsWith('.xml')) : [];
  it.each(files)(
    '%s: one record per <Event> element, with event ID, provider, time and record number',
    (file) => {
      const text = readFileSync(join(samples, file), 'utf8');
      const result = readEventXml(text);
      const column = (re: RegExp) => [...text.matchAll(re)].map((m) => m[1] ?? '');
      expect(result.records.map((r) => String(r.eventId))).toEqual(
        column(/<EventID[^>]*>(\d*)<\/EventID>/g).map((v) => v || '0'),
      );
      expect(result.records.map((r) => r.provider ?? '')).toEqual(column(/<Provider Name="([^"]*)"/g));
      expect(result.records.map((r) => (r.recordNumber === null ? '' : String(r.recordNumber)))).toEqual(
        column(/<EventRecordID>(\d*)<\/EventRecordID>/g),
      );
      const times = column(/<TimeCreated SystemTime="([^"]*)"/g);
      // Same instant as written (to 100 ns, the FILETIME unit), in ISO-8601 UTC.
      const instant = (t: string | undefined) => {
        const [whole = '', fraction = ''] = (t ?? '').replace('T', ' ').replace(/Z$/, '').split('.');
        return `${whole}.${fraction.slice(0, 7).padEnd(7, '0')}`;
      };
      expect(result.records.map((r) => instant(r.time ?? ''))).toEqual(times.map(instant));
    },
  );
});
if (!existsSync(samples)) console.warn(`skipping the real-log XML checks: ${samples} is absent`);
