/**
 * `dsreg-doctor guide` (guidance that does not depend on one capture) and `dsreg-doctor
 * checklist` (every check of the source articles and what carries it out), as text or Markdown.
 * Text is wrapped to the width; checklist IDs and topic IDs stay in one muted line.
 * @module
 */
import type { ChecklistItem } from '../diagnose/checklist.ts';
import type { GuideTopic } from '../diagnose/guide.ts';
import { mdProse, mdReference, mdText } from './markdown.ts';
import { wrap } from './wrap.ts';

export function renderGuide(
  topics: readonly GuideTopic[],
  format: 'text' | 'markdown' | 'json',
  width = 100,
): string {
  if (format === 'json') return `${JSON.stringify(topics, null, 2)}\n`;
  return topics
    .map((t) => (format === 'markdown' ? guideMarkdown(t) : guideText(t, Math.max(40, width))))
    .join('\n');
}

function guideText(t: GuideTopic, width: number): string {
  const lines = [...wrap(t.title, width)];
  lines.push(
    ...wrap(
      `dsreg-doctor guide ${t.id}${t.checks.length > 0 ? ` · Checklist: ${t.checks.join(', ')}` : ''}`,
      width,
      '  ',
    ),
  );
  lines.push('');
  for (const b of t.body) lines.push(...wrap(b, width, '  '));
  if (t.steps.length > 0) {
    lines.push('');
    t.steps.forEach((s, i) => {
      const n = `  ${i + 1}. `;
      lines.push(...wrap(s, width, n, ' '.repeat(n.length)));
    });
  }
  if (t.references.length > 0) {
    lines.push('');
    t.references.forEach((r, i) => {
      lines.push(
        ...wrap(r.url ? `${r.title} <${r.url}>` : r.title, width, i === 0 ? '  See: ' : '       ', '       '),
      );
    });
  }
  return `${lines.join('\n')}\n`;
}

function guideMarkdown(t: GuideTopic): string {
  const lines = [`## ${mdText(t.title)}`, ''];
  lines.push(
    `_dsreg-doctor guide ${mdText(t.id)}${t.checks.length > 0 ? ` · Checklist: ${mdText(t.checks.join(', '))}` : ''}_`,
    '',
  );
  for (const b of t.body) lines.push(mdProse(b), '');
  if (t.steps.length > 0) lines.push(...t.steps.map((s, i) => `${i + 1}. ${mdProse(s)}`), '');
  if (t.references.length > 0)
    lines.push(`See: ${t.references.map((r) => mdReference(r.title, r.url)).join('; ')}`, '');
  return `${lines.join('\n')}`;
}

/**
 * What carries out each checklist item, in words an admin can act on: the findings a report
 * shows (by their JSON `id`), `guide` topics and commands, and the parts of the reading that
 * need no finding of their own. Internal module names never appear.
 */
export function renderChecklist(items: readonly ChecklistItem[], width = 100): string {
  const w = Math.max(40, width);
  const out: string[] = [];
  for (const item of items) {
    out.push(...wrap(item.title, w, `${item.id.padEnd(4)} `, '     '));
    const how = describeImplementers(item);
    if (how.length === 0) out.push('     not carried out yet');
    for (const line of how) out.push(...wrap(line, w, '     ', '       '));
  }
  return `${out.join('\n')}\n`;
}

function describeImplementers(item: ChecklistItem): string[] {
  const findings: string[] = [];
  const other = new Set<string>();
  for (const name of item.implementedBy) {
    const colon = name.indexOf(':');
    if (colon < 0) {
      findings.push(name);
      continue;
    }
    const [kind, rest] = [name.slice(0, colon), name.slice(colon + 1)];
    if (kind === 'rule') findings.push(rest);
    else other.add(implementerPhrase(kind, rest));
  }
  const lines: string[] = [];
  if (findings.length > 0) lines.push(`findings: ${findings.join(', ')}`);
  const events = item.events.map((e) => e.replace(/^rule:/, '').replace(/(\w+):(\d+)/g, '$1 $2'));
  if (events.length > 0) lines.push(`from event logs: ${events.join(', ')}`);
  if (other.size > 0) lines.push(`also: ${[...other].join('; ')}`);
  return lines;
}

function implementerPhrase(kind: string, rest: string): string {
  switch (kind) {
    case 'read':
      return 'reading the capture';
    case 'knowledge':
      return rest === 'fields' ? 'the field catalog' : 'the knowledge catalogs';
    case 'catalog':
      return 'the code catalog (dsreg-doctor explain)';
    case 'cli':
      return `dsreg-doctor ${rest}`;
    case 'guide':
      return `dsreg-doctor guide ${rest}`;
    case 'render':
      return rest === 'redact' ? '--redact' : 'the reports';
    case 'events':
      return 'reading event logs';
    case 'verdict':
      return "the verdict's confidence";
    case 'diagnose':
      return rest === 'phase'
        ? 'the failing phase and its error chain'
        : rest === 'context'
          ? 'the context the capture ran in'
          : 'the diagnosis';
    default:
      return 'the diagnosis';
  }
}
