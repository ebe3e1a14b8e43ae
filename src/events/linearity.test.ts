/**
 * The event readers and the event diagnosis stay linear on the shapes that used to be quadratic:
 * CPU time at 8N against CPU time at N in one process, the best of five alternating runs each,
 * with a generous bound (linear gives about 8, quadratic about 64).
 */
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../model/events.ts';
import { diagnoseEvents } from './diagnose.ts';
import { readEventGrid, readEventTable } from './parse/table.ts';
import { readEventText } from './parse/text.ts';
import { readEventXml } from './parse/xml.ts';

/** Linear growth gives about 8; quadratic about 64. Generous, for a loaded machine. */
const BOUND = 32;

/**
 * CPU milliseconds this process spent on a run: unlike wall time, the other processes sharing
 * the machine do not count.
 */
function time(run: () => unknown): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * Time at 8n over time at n: both warmed up, then measured in alternation five times, the best
 * of each kept (noise from other processes only ever adds time).
 */
function growth(make: (n: number) => () => unknown, n: number): number {
  const small = make(n);
  const large = make(8 * n);
  small();
  large();
  let s = Number.POSITIVE_INFINITY;
  let l = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    s = Math.min(s, time(small));
    l = Math.min(l, time(large));
  }
  return l / Math.max(s, 1);
}

function event(id: number, second: number, data: string): string {
  const time = `2025-02-01T08:${String(Math.floor(second / 60) % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}.000Z`;
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration"/><EventID>${id}</EventID><Level>2</Level><TimeCreated SystemTime="${time}"/><EventRecordID>${second}</EventRecordID><Channel>Microsoft-Windows-User Device Registration/Admin</Channel><Computer>PC01.contoso.com</Computer></System><EventData>${data}</EventData></Event>`;
}

describe('event readers and diagnosis grow linearly', () => {
  it('deeply nested event XML (UserData nested thousands deep)', () => {
    const nested = (n: number) => {
      const xml = `<Event><System><EventID>1</EventID></System><UserData>${'<a>'.repeat(n)}x${'</a>'.repeat(n)}</UserData></Event>`;
      return () => readEventXml(xml);
    };
    const ratio = growth(nested, 8000);
    expect(ratio).toBeLessThan(BOUND);
    // Such an event is said to be skipped, with why; the events around it are kept.
    const deep = `<Events>${event(304, 1, '<Data Name="ExitCode">-2145647630</Data>')}\n<Event><System><EventID>1</EventID></System><UserData>${'<a>'.repeat(8000)}x${'</a>'.repeat(8000)}</UserData></Event>\n${event(307, 2, '')}</Events>`;
    const read = readEventXml(deep);
    expect(read.records.map((r) => r.eventId)).toEqual([304, 307]);
    expect(read.skipped).toEqual([
      {
        where: 'line 2',
        why: 'malformed event XML: elements nested more than 64 levels deep, which no event is',
      },
    ]);
    // The innermost value is kept under its element name.
    const xml = `<Event><System><EventID>7</EventID></System><UserData><Wrap>${'<a>'.repeat(20)}deep${'</a>'.repeat(20)}</Wrap></UserData></Event>`;
    expect(readEventXml(xml).records[0]?.data).toEqual({ a: 'deep' });
  });

  it('event XML with one malformed event read event by event', () => {
    const broken = (n: number) => {
      // Each event spans many lines (a DebugOutput field), as real 304 events do.
      const debug = Array.from({ length: 60 }, (_, k) => `line${k}: value`).join('\n');
      const events = Array.from({ length: n }, (_, i) =>
        event(
          304,
          i,
          `<Data Name="ExitCode">-2145647630</Data><Data Name="DebugOutput">${debug}</Data>`,
        ).replace(/><System>/, '>\n<System>'),
      );
      events[1] = events[1]?.replace('</EventID>', '</EventI>') ?? '';
      const xml = events.join('\n');
      return () => readEventXml(xml);
    };
    const once = broken(50)() as ReturnType<typeof readEventXml>;
    expect(once.records).toHaveLength(49);
    expect(once.skipped).toEqual([{ where: 'line 62', why: expect.stringContaining('malformed event XML') }]);
    expect(growth(broken, 120)).toBeLessThan(BOUND);
  });

  it('many 307 + 304 pairs (no SCP) in one log', () => {
    const pairs = (n: number) => {
      const records: EventRecord[] = readEventXml(
        Array.from({ length: n }, (_, i) =>
          i % 2 === 0
            ? event(307, i * 7, '<Data Name="ExitCode">-2145648611</Data>')
            : event(
                304,
                i * 7,
                '<Data Name="ExitCode">-2145648611</Data><Data Name="ServerErrorMessage"></Data><Data Name="TenantType">undefined</Data><Data Name="JoinType">undefined</Data><Data Name="DebugOutput">undefined</Data>',
              ),
        ).join('\n'),
      ).records;
      return () => diagnoseEvents(records);
    };
    const d = pairs(40)() as ReturnType<typeof diagnoseEvents>;
    expect(d.findings.map((f) => [f.id, f.severity])).toEqual([['event-scp-lookup-failed', 'warning']]);
    expect(d.verdict.errorCode).toBe('0x801c001d');
    expect(growth(pairs, 1000)).toBeLessThan(BOUND);
  });

  it('a CSV export with long quoted messages', () => {
    const csv = (n: number) => {
      const row =
        '"Error","1/31/2025 9:16:43 AM","Microsoft-Windows-User Device Registration","304","None","Automatic registration failed at join phase.\r\nExit code: Unknown HResult Error code: 0x801c03f2\r\nServer error: ""The device object by the given id is not found.""\r\nTenant type: Managed\r\nRegistration type: sync"';
      const text = `Level,Date and Time,Source,Event ID,Task Category\r\n${Array.from({ length: n }, () => row).join('\r\n')}\r\n`;
      return () => readEventTable(text, 'csv');
    };
    const read = csv(3)() as ReturnType<typeof readEventTable>;
    expect(read.records).toHaveLength(3);
    expect(read.records[2]?.data.ExitCode).toBe('Unknown HResult Error code: 0x801c03f2');
    expect(read.records[2]?.origin).toBe('line 12');
    expect(growth(csv, 1000)).toBeLessThan(BOUND);
  });

  it("Get-WinEvent's table in local time, placed against a capture's attempt", () => {
    const table = (n: number) => {
      // One 304 at 10:12:40 AM local time, the others at HH:35:40, which pin no offset.
      const row = (time: string) =>
        `3/4/2026 ${time} AM            304 Error            Automatic registration failed at join phase. Exit code: Unknown HResult Error code: 0x801c03f2...`;
      const rows = [
        row('10:12:40'),
        ...Array.from({ length: n }, (_, i) => row(`${String(1 + (i % 12)).padStart(2, ' ')}:35:40`)),
      ];
      const text = `   ProviderName: Microsoft-Windows-User Device Registration\n\nTimeCreated                       Id LevelDisplayName Message\n-----------                       -- ---------------- -------\n${rows.join('\n')}\n`;
      const anchors = [{ what: 'Previous Registration', time: '2026-03-04T09:12:33.000Z' }];
      return () => diagnoseEvents(readEventGrid(text).records, { anchors, codes: ['0x801c03f2'] });
    };
    const d = table(12)() as ReturnType<typeof diagnoseEvents>;
    // 10:12:40 AM local is the attempt at UTC+01:00: one 304 near it, the others kept for context.
    expect(d.timeline.map((t) => t.time)).toEqual(['2026-03-04T09:12:40Z']);
    expect(d.context).toHaveLength(12);
    expect(growth(table, 400)).toBeLessThan(BOUND);
  });

  it('grid lines with long runs of spaces (a rule, a provider line, a number cell)', () => {
    const grid = (n: number) => {
      const pad = ' '.repeat(n);
      const text = [
        '| TimeCreated | Id | Message |',
        `|---|---${pad}x`,
        `   ProviderName: a${pad}b${pad}c`,
        '',
        'TimeCreated                       Id LevelDisplayName Message',
        '-----------                       -- ---------------- -------',
        `3/4/2026 10:12:40 AM${pad}304 Error${pad}x`,
      ].join('\n');
      return () => readEventGrid(text);
    };
    expect(growth(grid, 5000)).toBeLessThan(BOUND);
  });

  it('pasted text with many events glued on one line', () => {
    const glued = (n: number) => {
      const text = Array.from(
        { length: n },
        () =>
          'Automatic registration failed at join phase. Exit code: Unknown HResult Error code: 0x801c03f2.',
      ).join(' ');
      return () => readEventText(text);
    };
    expect((glued(5)() as ReturnType<typeof readEventText>).records.map((r) => r.eventId)).toEqual([
      304, 304, 304, 304, 304,
    ]);
    expect(growth(glued, 300)).toBeLessThan(BOUND);
  });
});
