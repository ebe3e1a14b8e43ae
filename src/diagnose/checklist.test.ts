import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistCoverage } from './checklist.ts';
import { RULES } from './rules.ts';

const CHECKLIST = join(import.meta.dirname, '..', '..', '..', 'shared', 'spec', 'checklist.md');

describe('checklist coverage', () => {
  const rows = checklistCoverage();

  it('lists every ID of the specification checklist, in order', () => {
    const ids = [...readFileSync(CHECKLIST, 'utf8').matchAll(/^- ([A-M]\d+) /gm)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(60);
    expect(rows.map((r) => r.id)).toEqual(ids);
  });

  it('has something behind every item a capture can judge', () => {
    const empty = rows.filter((r) => r.judgedFromCapture && r.implementedBy.length === 0).map((r) => r.id);
    expect(empty).toEqual([]);
  });

  it('has something behind every item at all: events, guide topics or the catalog', () => {
    expect(rows.filter((r) => r.implementedBy.length === 0).map((r) => r.id)).toEqual([]);
  });

  it('backs every capture-judged item of B–I with at least one rule', () => {
    const ruleIds = new Set(RULES.map((r) => r.id));
    // C5 is about showing and redacting identifiers: the reader and the redactor do it.
    const withoutRule = rows
      .filter((r) => /^[B-I]/.test(r.id) && r.judgedFromCapture && r.id !== 'C5')
      .filter((r) => !r.implementedBy.some((x) => ruleIds.has(x)))
      .map((r) => r.id);
    expect(withoutRule).toEqual([]);
  });

  it('names the rule ids that implement an item', () => {
    expect(rows.find((r) => r.id === 'F3')?.implementedBy).toEqual([
      'catalog:knowledge/codes',
      'prt-attempt-failed',
    ]);
    expect(rows.find((r) => r.id === 'K1')?.implementedBy).toEqual(['events:304,305,307,201,204']);
  });

  it('lists the rules that read several events together under their checks', () => {
    expect(rows.find((r) => r.id === 'G4')?.events).toEqual(['rule:event-no-scp']);
    expect(rows.find((r) => r.id === 'K1')?.events.filter((e) => e.startsWith('rule:'))).toEqual([
      'rule:event-no-scp',
      'rule:event-join-init-cause',
    ]);
    expect(rows.find((r) => r.id === 'F3')?.events.filter((e) => e.startsWith('rule:'))).toEqual([
      'rule:event-interactive-sign-in-step',
    ]);
  });

  it('uses rule ids that are unique', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
