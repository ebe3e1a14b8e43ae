/**
 * Markdown for tickets and forums. Values from the capture go in code spans (inert on every
 * forum); prose is escaped so angle brackets and pipes cannot become markup or break a table.
 * @module
 */

import type { Finding } from '../model/diagnosis.ts';
import type { DeviceReport } from '../model/report.ts';
import { HEALTHS } from '../model/vocabulary.ts';
import type { RunSummary } from './summary.ts';
import {
  errorChain,
  fieldLabel,
  findingsBySeverity,
  healthLabel,
  keyFields,
  readLine,
  severityCounts,
  sourceLabel,
  stateLabel,
  traceNotes,
} from './view.ts';
import { inert } from './wrap.ts';

const SEVERITY_TITLE = { error: '✖ Error', warning: '▲ Warning', info: 'ℹ Info' } as const;

/** Prose: neutralise HTML, control characters and the characters that start markup mid-line. */
export function mdText(text: string): string {
  return inert(text)
    .replace(/\r\n|\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|])/g, '\\$1');
}

/** A code span that survives backticks inside the value; in a table cell, pipes are escaped. */
export function mdCode(value: string, inTable = false): string {
  // A code span keeps control characters as they are, and a terminal showing the file obeys them.
  const text = inert(value).replace(/\r\n|\n|\r/g, ' ');
  if (text.trim() === '') return '_(empty)_';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inTable ? text.replace(/\|/g, '\\|') : text}${pad}${fence}`;
}

export function renderMarkdownReport(report: DeviceReport, level = 2): string {
  const h = (n: number) => '#'.repeat(Math.min(6, level + n));
  const v = report.verdict;
  const out: string[] = [];
  out.push(`${h(0)} ${mdText(sourceLabel(report))}`, '');
  out.push('| State | Health | Failed phase | Error | Confidence |', '|---|---|---|---|---|');
  const error =
    [v.errorCode, v.subErrorCode]
      .filter((x) => x !== null)
      .map((x) => mdCode(x, true))
      .join(' / ') || '—';
  out.push(
    `| ${mdText(stateLabel(v))} | **${healthLabel(v.health)}** | ${v.failedPhase ?? '—'} | ${error} | ${v.confidence.level} |`,
    '',
  );
  out.push(`> ${mdText(v.summary)}`, '');
  if (v.confidence.reasons.length > 0)
    out.push(`Confidence lowered by: ${v.confidence.reasons.map(mdText).join('; ')}`, '');

  const chain = errorChain(report);
  if (chain && chain.links.length > 0) {
    out.push(`${h(1)} ${chain.phase ? `Failed in the ${chain.phase} phase` : 'Error'}`, '');
    for (const link of chain.links) {
      const name = link.name ? ` (${link.code ? mdCode(link.name) : mdText(link.name)})` : '';
      const meaning = link.meaning ? `: ${mdText(link.meaning)}` : '';
      out.push(`- **${link.label}** ${mdCode(link.value)}${name}${meaning}`);
    }
    out.push('');
  }

  out.push(
    `${h(1)} ${report.findings.length > 0 ? `Findings (${severityCounts(report.findings)})` : 'Findings: none'}`,
    '',
  );
  for (const finding of findingsBySeverity(report.findings)) out.push(...findingLines(finding, h(2)));

  if (report.capture) {
    out.push(`${h(1)} Capture`, '', `_${mdText(readLine(report.capture))}_`, '');
    out.push('| Section | Field | Value | Line |', '|---|---|---|---|');
    for (const group of keyFields(report.capture, report.findings)) {
      for (const field of group.fields) {
        out.push(
          `| ${mdText(group.title)} | ${mdText(fieldLabel(field))} | ${mdCode(field.raw, true)} | ${field.line} |`,
        );
      }
    }
    out.push('');
  }
  if (report.capture?.trace) {
    out.push(`${h(1)} Debug trace`, '', ...traceNotes(report.capture).map((n) => `- ${mdText(n)}`), '');
  }
  if (report.timeline && report.timeline.length > 0) {
    out.push(`${h(1)} Timeline`, '', '| Time | What | Summary | Codes |', '|---|---|---|---|');
    for (const e of report.timeline) {
      out.push(
        `| ${e.time ? mdText(e.time) : '—'} | ${mdText(e.what)} | ${mdText(e.summary)} | ${e.codes.map((x) => mdCode(x, true)).join(' ')} |`,
      );
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

function findingLines(f: Finding, heading: string): string[] {
  const out = [`${heading} ${SEVERITY_TITLE[f.severity]}: ${mdText(f.title)}`, ''];
  const tags = [
    ...f.codes.map((c) => mdCode(c)),
    ...(f.checks.length > 0 ? [`checks ${f.checks.join(', ')}`] : []),
  ];
  if (tags.length > 0) out.push(tags.join(' · '), '');
  if (f.explanation) out.push(mdText(f.explanation), '');
  if (f.evidence.length > 0) {
    out.push('Evidence:', '');
    for (const e of f.evidence) {
      const name = e.scope ? `${e.scope} › ${e.field}` : e.field;
      out.push(`- ${mdText(name)}: ${mdCode(e.value)}${e.line !== null ? ` (line ${e.line})` : ''}`);
    }
    out.push('');
  }
  if (f.causes.length > 0) out.push('**Likely causes**', '', ...f.causes.map((c) => `- ${mdText(c)}`), '');
  if (f.steps.length > 0)
    out.push('**What to do**', '', ...f.steps.map((s, i) => `${i + 1}. ${mdText(s)}`), '');
  if (f.references.length > 0) {
    // Reference URLs come from the catalog, not from the capture; shown as text all the same.
    out.push(
      `See: ${f.references.map((r) => (r.url ? `${mdText(r.title)} (${mdCode(r.url)})` : mdText(r.title))).join('; ')}`,
      '',
    );
  }
  return out;
}

export function renderMarkdownSummary(summary: RunSummary): string {
  const out = [`## Summary: ${summary.total} report${summary.total === 1 ? '' : 's'}`, ''];
  if (summary.byState.length > 0) {
    out.push(
      `| State | ${HEALTHS.join(' | ')} | total |`,
      `|---|${HEALTHS.map(() => '---:|').join('')}---:|`,
    );
    for (const row of summary.byState) {
      out.push(`| ${mdText(row.state)} | ${HEALTHS.map((h) => row.counts[h]).join(' | ')} | ${row.total} |`);
    }
    out.push('');
  }
  if (summary.topErrors.length > 0) {
    out.push('### Top errors', '', '| Code | Name | Devices | Example |', '|---|---|---:|---|');
    for (const e of summary.topErrors) {
      out.push(
        `| ${mdCode(e.code, true)} | ${e.name ? mdText(e.name) : ''} | ${e.devices} | ${mdCode(e.example, true)} |`,
      );
    }
    out.push('');
  }
  if (summary.failures.length > 0) {
    out.push(`### Not analysed (${summary.failures.length})`, '');
    for (const f of summary.failures) out.push(`- ${mdCode(f.path)}: ${mdText(f.reason)}`);
    out.push('');
  }
  return `${out.join('\n')}`;
}
