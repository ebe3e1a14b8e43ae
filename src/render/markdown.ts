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
  checksLine,
  confidenceLine,
  deviceName,
  errorChain,
  eventRecordsLine,
  fieldLabel,
  findingsBySeverity,
  healthLabel,
  keyFields,
  noticeLines,
  readLine,
  referenceList,
  reportTitle,
  severityCounts,
  shownLine,
  sourceLabel,
  stateLabel,
  timelineSummary,
  timelineTimes,
  timelineWhat,
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

/**
 * Running text written by the catalog and the rules: its `code spans` (commands, registry paths)
 * stay code spans, the rest is escaped as prose. Unbalanced backticks are escaped like any other.
 */
export function mdProse(text: string): string {
  const parts = inert(text).split(/`([^`\r\n]+)`/);
  return parts.map((part, i) => (i % 2 === 1 ? mdCode(part) : mdText(part))).join('');
}

/** Only documentation on Microsoft's sites and the RFC editor is linked; other addresses stay text. */
const LINKABLE =
  /^https:\/\/(?:learn|docs|support)\.microsoft\.com\/[\w\-./#%?=&]*$|^https:\/\/www\.rfc-editor\.org\/[\w\-./#]*$/;

/** A reference as a link a forum or ticket system makes clickable. */
export function mdReference(title: string, url: string | null): string {
  if (url === null) return mdText(title);
  if (!LINKABLE.test(url)) return `${mdText(title)} (${mdCode(url)})`;
  return `[${mdText(title)}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
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
  out.push(`${h(0)} ${mdText(reportTitle(report))}`, '');
  if (deviceName(report) !== null || sourceLabel(report) !== reportTitle(report))
    out.push(`_${mdText(sourceLabel(report))}_`, '');
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
  if (v.confidence.reasons.length > 0) out.push(mdText(confidenceLine(v)), '');
  const notices = noticeLines(report);
  if (notices.length > 0) {
    out.push(`${h(1)} Notices`, '');
    for (const n of notices)
      out.push(`- ${n.severity === 'warning' ? '**warning**' : 'info'}: ${mdText(n.text)}`);
    out.push('');
  }

  const chain = errorChain(report);
  if (chain && chain.links.length > 0) {
    out.push(`${h(1)} ${chain.phase ? `Failed in the ${chain.phase} phase` : 'Error'}`, '');
    for (const link of chain.links) {
      const name = link.name ? ` (${link.code ? mdCode(link.name) : mdText(link.name)})` : '';
      const meaning = link.meaning ? `: ${mdProse(link.meaning)}` : '';
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
    const read = `${readLine(report.capture)} · ${shownLine(report.capture, report.findings)}`;
    out.push(`${h(1)} Capture`, '', `_${mdText(read)}_`, '');
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
    const times = timelineTimes(report.timeline);
    for (const [i, e] of report.timeline.entries()) {
      const time = times[i];
      out.push(
        `| ${time ? mdText(time) : '—'} | ${mdText(timelineWhat(e))} | ${mdText(timelineSummary(e))} | ${e.codes.map((x) => mdCode(x, true)).join(' ')} |`,
      );
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

function findingLines(f: Finding, heading: string): string[] {
  const out = [`${heading} ${SEVERITY_TITLE[f.severity]}: ${mdText(f.title)}`, ''];
  if (f.codes.length > 0) out.push(f.codes.map((c) => mdCode(c)).join(' · '), '');
  if (f.explanation) out.push(mdProse(f.explanation), '');
  if (f.evidence.length > 0) {
    out.push('Evidence:', '');
    for (const e of f.evidence) {
      const name = e.scope ? `${e.scope} › ${e.field}` : e.field;
      out.push(`- ${mdText(name)}: ${mdCode(e.value)}${e.line !== null ? ` (line ${e.line})` : ''}`);
    }
    out.push('');
  }
  if (f.causes.length > 0) out.push('**Likely causes**', '', ...f.causes.map((c) => `- ${mdProse(c)}`), '');
  if (f.steps.length > 0)
    out.push('**What to do**', '', ...f.steps.map((s, i) => `${i + 1}. ${mdProse(s)}`), '');
  const refs = referenceList(f.references);
  // Reference addresses come from the catalog, never from a capture; only known sites are linked.
  if (refs.length > 0) out.push(`See: ${refs.map((r) => mdReference(r.title, r.url)).join('; ')}`, '');
  const checks = checksLine(f);
  if (checks) out.push(`_${mdText(checks)}_`, '');
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
  if (summary.events) out.push(mdText(eventRecordsLine(summary.events)), '');
  if (summary.failures.length > 0) {
    out.push(`### Not analysed (${summary.failures.length})`, '');
    for (const f of summary.failures) out.push(`- ${mdCode(f.path)}: ${mdText(f.reason)}`);
    out.push('');
  }
  return `${out.join('\n')}`;
}
