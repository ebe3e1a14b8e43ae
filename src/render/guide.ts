/**
 * `dsreg-doctor guide`: guidance that does not depend on one capture, as text or Markdown.
 * @module
 */
import type { GuideTopic } from '../diagnose/guide.ts';

export function renderGuide(topics: readonly GuideTopic[], format: 'text' | 'markdown' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(topics, null, 2)}\n`;
  const md = format === 'markdown';
  return topics
    .map((t) => {
      const lines = [md ? `## ${t.title}` : `${t.title}  [${t.id}; ${t.checks.join(', ')}]`, ''];
      lines.push(...t.body.map((b) => (md ? b : `  ${b}`)));
      if (t.steps.length > 0) {
        lines.push('');
        for (const [i, s] of t.steps.entries()) lines.push(`${md ? '' : '  '}${i + 1}. ${s}`);
      }
      if (t.references.length > 0) {
        lines.push(
          '',
          `${md ? '' : '  '}See: ${t.references.map((r) => (r.url ? `${r.title} <${r.url}>` : r.title)).join('; ')}`,
        );
      }
      return `${lines.join('\n')}\n`;
    })
    .join('\n');
}
