/**
 * Writes reports as they are produced, in any format, so a long run never holds them all. The
 * JSON stream is byte for byte what `render(report, 'json')` gives for the whole run.
 * @module
 */
import { createColors } from 'picocolors';
import type { DeviceReport, InputFailure } from '../../model/report.ts';
import {
  briefClosing,
  briefHead,
  briefLine,
  csvFailureRows,
  csvHead,
  csvRow,
  RENDERERS,
  type RenderOptions,
  render,
  renderDeviceReportJson,
  renderFailuresJson,
  renderRunSummary,
  type SummaryTally,
} from '../../render/index.ts';
import type { ReportFormat } from '../format.ts';
import type { Output } from '../output.ts';
import { envelope } from './envelope.ts';

export interface ReportSink {
  write(report: DeviceReport): Promise<void>;
  finish(tally: SummaryTally, failures: InputFailure[]): Promise<void>;
  /** How many reports were written so far (none: an existing `-o` file may be kept). */
  readonly written?: number;
}

export function openSink(format: ReportFormat, out: Output, options: SinkOptions): ReportSink {
  const sink = sinkFor(format, out, options);
  let written = 0;
  return {
    async write(report) {
      await sink.write(report);
      written++;
    },
    finish: (tally, failures) => sink.finish(tally, failures),
    get written() {
      return written;
    },
  };
}

/** Render options of a sink; `summaryOnly` writes the closing summary and no report. */
export interface SinkOptions extends RenderOptions {
  summaryOnly?: boolean;
}

function sinkFor(format: ReportFormat, out: Output, options: SinkOptions): ReportSink {
  if (options.summaryOnly) return summarySink(format, out, options);
  switch (format) {
    case 'json':
      return jsonSink(out);
    case 'html':
      return htmlSink(out, options);
    case 'csv':
      return csvSink(out);
    case 'brief':
      return briefSink(out, options);
    case 'markdown':
      return markdownSink(out, options);
    default:
      return textSink(format, out, options);
  }
}

function jsonSink(out: Output): ReportSink {
  let count = 0;
  const { schema, generator } = envelope([]);
  const head = JSON.stringify({ schema, generator }, null, 2);
  const opening = `${head.slice(0, head.lastIndexOf('\n}'))},\n  "reports": [`;
  return {
    async write(report) {
      const body = renderDeviceReportJson(report).replace(/\n/g, '\n    ');
      await out.write(`${count === 0 ? opening : ','}\n    ${body}`);
      count++;
    },
    async finish(_tally, failures) {
      const reportsEnd = count === 0 ? `${opening}]` : '\n  ]';
      // Failed inputs close the document, after `reports`, as the schema orders them.
      const failed =
        failures.length > 0 ? `,\n  "failures": ${renderFailuresJson(failures).replace(/\n/g, '\n  ')}` : '';
      await out.write(`${reportsEnd}${failed}\n}\n`);
    },
  };
}

function textSink(format: 'text', out: Output, options: RenderOptions): ReportSink {
  let count = 0;
  const rule = format === 'text' ? `\n${'─'.repeat(Math.min(options.width ?? 100, 100))}\n\n` : '\n---\n\n';
  return {
    async write(report) {
      await out.write((count === 0 ? '' : rule) + render(envelope([report]), format, options));
      count++;
    },
    async finish(tally, failures) {
      const summary = tally.summary(failures);
      if (summary.total > 1 || failures.length > 0) {
        await out.write((count === 0 ? '' : rule) + renderRunSummary(summary, format, options));
      }
    },
  };
}

/** HTML is one self-contained document, so it is assembled at the end. */
function htmlSink(out: Output, options: RenderOptions): ReportSink {
  const reports: DeviceReport[] = [];
  return {
    async write(report) {
      reports.push(report);
    },
    async finish(_tally, failures) {
      await out.write(render(envelope(reports, failures), 'html', options));
    },
  };
}

/** `--format csv`: the head, a row per report as it comes, a row per input that failed. */
function csvSink(out: Output): ReportSink {
  let count = 0;
  return {
    async write(report) {
      await out.write((count === 0 ? csvHead() : '') + csvRow(report));
      count++;
    },
    async finish(_tally, failures) {
      await out.write((count === 0 ? csvHead() : '') + csvFailureRows(failures));
    },
  };
}

/** `--brief`: a line per report as it comes, then the totals and the inputs that failed. */
function briefSink(out: Output, options: RenderOptions): ReportSink {
  const c = createColors(options.color ?? false);
  let count = 0;
  return {
    async write(report) {
      await out.write((count === 0 ? briefHead(c) : '') + briefLine(report, c));
      count++;
    },
    async finish(tally, failures) {
      await out.write((count === 0 ? briefHead(c) : '') + briefClosing(tally.summary(failures), c));
    },
  };
}

/** `--summary`: nothing per report; the run's summary at the end (HTML as a whole document). */
function summarySink(format: ReportFormat, out: Output, options: RenderOptions): ReportSink {
  return {
    async write() {},
    async finish(tally, failures) {
      const summary = tally.summary(failures);
      await out.write(
        format === 'html'
          ? RENDERERS.html.report(envelope([], failures), summary, options)
          : renderRunSummary(summary, format, options),
      );
    },
  };
}

/**
 * Markdown puts the run summary first, as HTML does, so the reports are held as rendered text
 * until the end (like the HTML document) and written after it.
 */
function markdownSink(out: Output, options: RenderOptions): ReportSink {
  const parts: string[] = [];
  return {
    async write(report) {
      parts.push(render(envelope([report]), 'markdown', options));
    },
    async finish(tally, failures) {
      const summary = tally.summary(failures);
      if (summary.total > 1 || failures.length > 0)
        parts.unshift(renderRunSummary(summary, 'markdown', options));
      await out.write(parts.join('\n---\n\n'));
    },
  };
}
