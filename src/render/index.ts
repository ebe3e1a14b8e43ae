/**
 * Reports in four formats. Pure: every function returns a string and prints nothing, so the
 * CLI, a server and a web page share them.
 * @module
 */
import type { DeviceReport, InputFailure, Report } from '../model/report.ts';
import { renderHtml, renderHtmlSummary } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdownReport, renderMarkdownSummary } from './markdown.ts';
import { type RunSummary, summarize } from './summary.ts';
import { renderTextReport, renderTextSummary, textContext } from './text.ts';
import { inertLine } from './wrap.ts';

export type { InputFailure } from '../model/report.ts';
export { renderDeviceReportJson, renderFailuresJson } from './json.ts';
export type { RunSummary } from './summary.ts';
export { SummaryTally, summarize } from './summary.ts';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'html';

export interface RenderOptions {
  /** Columns for text output; default 100. */
  width?: number;
  /** ANSI colour in text output; default false. */
  color?: boolean;
  /** Heading of markdown and HTML documents. */
  title?: string;
}

const TEXT_RULE_MAX = 100;

export function render(report: Report, format: ReportFormat, options: RenderOptions = {}): string {
  if (format === 'json') return renderJson(report);
  // A run of several reports, or one with inputs that failed, gets the run summary.
  const failures = report.failures ?? [];
  const summary =
    report.reports.length > 1 || failures.length > 0 ? summarize(report.reports, failures) : null;
  switch (format) {
    case 'html':
      return renderHtml(report, options.title, summary);
    case 'markdown': {
      const parts = report.reports.map((r) => renderMarkdownReport(r, 2));
      if (summary) parts.push(renderMarkdownSummary(summary));
      const heading = options.title ? `# ${inertLine(options.title)}\n\n` : '';
      return `${heading}${parts.join('\n---\n\n')}`;
    }
    default: {
      const ctx = textContext(options.width, options.color);
      const parts = report.reports.map((r) => renderTextReport(r, ctx));
      if (summary) parts.push(renderTextSummary(summary, ctx));
      const rule = `\n${'─'.repeat(Math.min(ctx.width, TEXT_RULE_MAX))}\n\n`;
      const heading = options.title ? `${inertLine(options.title)}\n\n` : '';
      return heading + parts.join(rule);
    }
  }
}

/** The closing table of a run: state by health, top errors, and the inputs that failed. */
export function renderSummary(
  reports: readonly DeviceReport[],
  format: ReportFormat,
  failures: readonly InputFailure[] = [],
  options: RenderOptions = {},
): string {
  return renderRunSummary(summarize(reports, failures), format, options);
}

/** The same table from a summary counted as the run went (`SummaryTally`). */
export function renderRunSummary(
  summary: RunSummary,
  format: ReportFormat,
  options: RenderOptions = {},
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(summary, null, 2)}\n`;
    case 'html':
      return `${renderHtmlSummary(summary)}\n`;
    case 'markdown':
      return renderMarkdownSummary(summary);
    default:
      return renderTextSummary(summary, textContext(options.width, options.color));
  }
}
