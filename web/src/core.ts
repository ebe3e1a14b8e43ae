/**
 * The analysis core, loaded on first use (it is most of the page's weight): the same flow,
 * renderers and code catalog as the command line, run in this browser. Nothing is uploaded.
 * @module
 */
import type { FlowInput } from '../../src/flow/types.ts';
import { lookupCode } from '../../src/knowledge/codes/index.ts';
import type { Report } from '../../src/model/report.ts';
import { createRedactor, redactReport } from '../../src/redact/index.ts';
import { render } from '../../src/render/index.ts';
import { renderJson } from '../../src/render/json.ts';
import { analyzeUpload } from '../../src/server/analysis.ts';

export type { CodeLookup } from '../../src/knowledge/codes/index.ts';
export type { Report } from '../../src/model/report.ts';
export { lookupCode };

export interface Analysis {
  report: Report;
  html: string;
  markdown: string;
  json: string;
}

/** Every input together, as `dsreg-doctor analyze FILE...` reads them; redacted when asked. */
export function analyseInputs(inputs: readonly FlowInput[], redact: boolean): Analysis {
  const { report: plain } = analyzeUpload(inputs);
  return renderAll(redact ? redactReport(plain, createRedactor()) : plain);
}

/** The three renderings of a report the page offers. */
export function renderAll(report: Report): Analysis {
  return {
    report,
    html: render(report, 'html', { title: 'dsreg-doctor report' }),
    markdown: render(report, 'markdown'),
    json: renderJson(report),
  };
}
