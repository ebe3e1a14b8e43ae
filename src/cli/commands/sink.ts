/**
 * Writes reports as they are produced, in any format, so a long run never holds them all. The
 * JSON stream is byte for byte what `render(report, 'json')` gives for the whole run.
 * @module
 */
import type { DeviceReport, InputFailure } from '../../model/report.ts';
import {
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
}

export function openSink(format: ReportFormat, out: Output, options: RenderOptions): ReportSink {
  switch (format) {
    case 'json':
      return jsonSink(out);
    case 'html':
      return htmlSink(out, options);
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

function textSink(format: 'text' | 'markdown', out: Output, options: RenderOptions): ReportSink {
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
