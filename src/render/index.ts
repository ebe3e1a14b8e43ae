/**
 * Reports in every format, through one registry: a format is one entry that renders a run's
 * envelope and its closing summary. Pure: every function returns a string and prints nothing, so
 * the CLI, a server and a web page share them.
 * @module
 */
import type { DeviceReport, InputFailure, Report } from '../model/report.ts';
import type { RunCounts } from '../model/summary.ts';
import { renderHtml, renderHtmlSummary } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdownReport, renderMarkdownSummary } from './markdown.ts';
import { briefClosing, briefHead, briefLine, csvFailureRows, csvHead, csvRow, csvSummary } from './rows.ts';
import { labelSummary, type RunSummary, summarize } from './summary.ts';
import { renderTextReport, renderTextSummary, textContext } from './text.ts';
import { inertLine } from './wrap.ts';

export type { InputFailure } from '../model/report.ts';
export { renderDeviceReportJson, renderFailuresJson } from './json.ts';
export { briefClosing, briefHead, briefLine, CSV_COLUMNS, csvFailureRows, csvHead, csvRow } from './rows.ts';
export type { RunSummary } from './summary.ts';
export { labelSummary, SummaryTally, summarize } from './summary.ts';
export { joinStateLabel } from './view.ts';

/** Every output format, in the order help texts list them. */
export const REPORT_FORMATS = ['text', 'json', 'markdown', 'html', 'csv', 'brief'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export interface RenderOptions {
  /** Columns for text output; default 100. */
  width?: number;
  /** ANSI colour in text output; default false. */
  color?: boolean;
  /** Heading of markdown and HTML documents. */
  title?: string;
  /** Text: show each capture's key fields (default: one line says how many were read). */
  capture?: boolean;
  /** Text: show informational findings in full (default: one line counts them). */
  verbose?: boolean;
}

function textView(options: RenderOptions) {
  return textContext(options.width, options.color, { capture: options.capture, verbose: options.verbose });
}

/** What a format knows how to write: a whole run, and the closing summary of a streamed run. */
export interface Renderer {
  /** The run's envelope; `summary` is given when the run has several reports or failures. */
  report(report: Report, summary: RunSummary | null, options: RenderOptions): string;
  summary(summary: RunSummary, options: RenderOptions): string;
}

const TEXT_RULE_MAX = 100;

/** One entry per format; the type makes a new format without its renderer a compile error. */
export const RENDERERS: Record<ReportFormat, Renderer> = {
  text: {
    report(report, summary, options) {
      const ctx = textView(options);
      const parts = report.reports.map((r) => renderTextReport(r, ctx));
      if (summary) parts.push(renderTextSummary(summary, ctx));
      const rule = `\n${'─'.repeat(Math.min(ctx.width, TEXT_RULE_MAX))}\n\n`;
      const heading = options.title ? `${inertLine(options.title)}\n\n` : '';
      return heading + parts.join(rule);
    },
    summary: (summary, options) => renderTextSummary(summary, textView(options)),
  },
  json: {
    report: (report) => renderJson(report),
    summary: (summary) => `${JSON.stringify(summary, null, 2)}\n`,
  },
  markdown: {
    report(report, summary, options) {
      const parts = report.reports.map((r) => renderMarkdownReport(r, 2));
      // The summary first, as in HTML: a reader of a ticket sees the run before its devices.
      if (summary) parts.unshift(renderMarkdownSummary(summary));
      const heading = options.title ? `# ${inertLine(options.title)}\n\n` : '';
      return `${heading}${parts.join('\n---\n\n')}`;
    },
    summary: (summary) => renderMarkdownSummary(summary),
  },
  html: {
    report: (report, summary, options) => renderHtml(report, options.title, summary),
    summary: (summary) => `${renderHtmlSummary(summary)}\n`,
  },
  csv: {
    report: (report) =>
      csvHead() + report.reports.map(csvRow).join('') + csvFailureRows(report.failures ?? []),
    summary: (summary) => csvSummary(summary),
  },
  brief: {
    report(report, summary, options) {
      const { c } = textView(options);
      const rows = briefHead(c) + report.reports.map((r) => briefLine(r, c)).join('');
      return summary ? rows + briefClosing(summary, c) : rows;
    },
    summary: (summary, options) => briefClosing(summary, textView(options).c),
  },
};

export function render(report: Report, format: ReportFormat, options: RenderOptions = {}): string {
  // A run of several reports, or one with inputs that failed, gets the run summary (not in JSON:
  // the envelope is the contract).
  const failures = report.failures ?? [];
  const summary =
    format !== 'json' && (report.reports.length > 1 || failures.length > 0)
      ? summarize(report.reports, failures)
      : null;
  return RENDERERS[format].report(report, summary, options);
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

/**
 * The same table from a summary counted as the run went: the labelled `RunSummary`
 * (`SummaryTally.summary()`), or the flow's `RunCounts`.
 */
export function renderRunSummary(
  summary: RunSummary | RunCounts,
  format: ReportFormat,
  options: RenderOptions = {},
): string {
  return RENDERERS[format].summary(isLabelled(summary) ? summary : labelSummary(summary), options);
}

function isLabelled(summary: RunSummary | RunCounts): summary is RunSummary {
  return summary.byState.every((row) => 'state' in row) && summary.topErrors.every((row) => 'name' in row);
}
