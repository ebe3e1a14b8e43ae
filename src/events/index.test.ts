import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventKindOfText, looksClearlyLikeEvents, plainlyCapture, readEventsFromText } from './index.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/events');
const text = (name: string) => readFileSync(join(fixtures, name), 'utf8');

// The room reads text; bytes of any kind are the flow's (`src/flow/events.test.ts`).
describe('the events room reads event exports given as text', () => {
  it.each([
    ['udr-admin.wevtutil.xml', 'xml', 16],
    ['udr-admin.ps51.json', 'json', 3],
    ['udr-admin.export.csv', 'csv', 3],
    ['udr-admin.eventviewer.txt', 'text', 3],
    ['copy-details.txt', 'text', 2],
  ])('%s: %s with %i records', (name, kind, count) => {
    expect(eventKindOfText(text(name))).toBe(kind);
    const result = readEventsFromText(text(name), { name });
    expect(result?.kind).toBe(kind);
    expect(result?.records).toHaveLength(count);
  });

  it('puts the warnings of decoding first, before its own', () => {
    const result = readEventsFromText(text('udr-admin.ps51.json'), {
      warnings: ['the text was decoded as Windows-1252'],
    });
    expect(result?.warnings[0]).toBe('the text was decoded as Windows-1252');
  });

  it('returns null for what is not an event export, and never throws', () => {
    expect(readEventsFromText('+----+\n| Device State |\n AzureAdJoined : YES\n')).toBeNull();
    expect(eventKindOfText('')).toBeNull();
    expect(looksClearlyLikeEvents('+----+\n| Device State |\n AzureAdJoined : YES\n')).toBe(false);
    expect(readEventsFromText('<Event><System><EventID>304</EventID>')?.skipped).toEqual([
      { where: 'line 1', why: 'event cut off: no closing </Event>' },
    ]);
  });
});

describe('plainlyCapture: the cheap test that lets dsregcmd output skip the pasted-event scan', () => {
  const root = join(import.meta.dirname, '../..');
  const texts = (dir: string): [string, string][] => {
    const out: [string, string][] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(txt|log|md|xml|json|csv)$/i.test(e.name))
          out.push([relative(root, p), readFileSync(p, 'utf8')]);
      }
    };
    walk(join(root, dir));
    return out;
  };
  const all = [...texts('examples'), ...texts('test/fixtures')];

  it('says so for ordinary captures and a trace, and not for event pastes', () => {
    const plain = (p: string) => plainlyCapture(readFileSync(join(root, p), 'utf8'));
    expect(plain('examples/hybrid-joined-healthy.txt')).toBe(true);
    expect(plain('test/fixtures/captures/trace-federated-failed-sync-joined.txt')).toBe(true);
    expect(plain('test/fixtures/events/udr-admin.eventviewer.txt')).toBe(false);
    expect(plain('test/fixtures/events/copy-details.txt')).toBe(false);
    expect(plain('test/fixtures/events/udr-admin.wevtutil.xml')).toBe(false);
  });

  it('never claims a text the full tests would read as events before captures', () => {
    let claimed = 0;
    for (const [path, body] of all) {
      if (!plainlyCapture(body)) continue;
      claimed++;
      const kind = eventKindOfText(body);
      expect([path, kind === null || kind === 'text']).toEqual([path, true]);
      expect([path, looksClearlyLikeEvents(body)]).toEqual([path, false]);
    }
    // Most of the bundled and fixture captures take the cheap way.
    expect(claimed).toBeGreaterThan(100);
  });

  it('leaves to the full tests a capture with an event ID, an event message first, or no dsregcmd marks', () => {
    const capture = readFileSync(join(root, 'examples/hybrid-joined-healthy.txt'), 'utf8');
    expect(plainlyCapture(`Event ID: 304\n${capture}`)).toBe(false);
    expect(plainlyCapture(`${capture}\nEvent&nbsp;ID 360\n`)).toBe(false);
    expect(
      plainlyCapture(
        `Automatic registration failed at join phase.\nExit code: Unknown HResult Error code: 0x801c001d\n\n${capture}`,
      ),
    ).toBe(false);
    expect(plainlyCapture('hello world')).toBe(false);
  });
});
