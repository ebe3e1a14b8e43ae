import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventsWithRole } from '../knowledge/events/index.ts';
import { EVENT_RULES } from './rules.ts';

describe('the rules that read several events together', () => {
  it('are rules of the one engine: each declares its checks, its evidence and what it refines', () => {
    expect(EVENT_RULES.map((r) => [r.id, r.checks, r.evidence, r.refines, Object.keys(r.findings)])).toEqual([
      ['event-no-scp', ['K1', 'G4'], ['events'], ['event-scp-lookup-failed', 'event-join-failed'], []],
      [
        'event-join-init-cause',
        ['K1'],
        ['events'],
        ['event-join-init-failed', 'event-registration-error'],
        [],
      ],
      ['event-interactive-sign-in-step', ['F3'], ['events'], ['event-token-broker-error'], []],
    ]);
  });

  it('find their events by the roles on the event records', () => {
    expect(eventsWithRole('scp-lookup')).toEqual([{ source: 'udr', id: 307 }]);
    expect(eventsWithRole('scp-join-report')).toEqual([{ source: 'udr', id: 304 }]);
    expect(eventsWithRole('join-prepare')).toEqual([{ source: 'udr', id: 202 }]);
    expect(eventsWithRole('interactive-token-step')).toEqual([{ source: 'aad', id: 1108 }]);
    expect(eventsWithRole('sign-in-ui')).toEqual([{ source: 'aad', id: 1099 }]);
  });

  it('write no event ID in their code, nor does the event diagnosis', () => {
    for (const file of ['rules.ts', 'diagnose.ts', 'item.ts']) {
      const code = readFileSync(join(import.meta.dirname, file), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      expect(code, file).not.toMatch(/eventId\s*[!=]==?\s*\d|\bis\([\w.]+,\s*'\w+',\s*\d/);
    }
  });
});
