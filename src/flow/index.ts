/**
 * The composition root, pure: many inputs (bytes with a name) in, each classified once by its
 * content, captures diagnosed, event logs paired with their device's capture by device key,
 * device reports and the envelope out, with the run summary. The CLI, the server, the page and the
 * fleet ingest all call this; only they do I/O.
 * @module
 */
export { classify, looksLikeEventLog, rejectionMessage } from './classify.ts';
export { buildErrorChain } from './error-chain.ts';
export { detectEventKind, readEvents } from './events.ts';
export { ownOutputKind } from './own-output.ts';
export {
  buildDeviceReport,
  buildReport,
  captureReport,
  eventsReport,
  type PairedLog,
  withLogs,
  withNotice,
} from './report.ts';
export { analyzeInput, analyzeInputs, analyzeInputsAsync, FlowRun } from './run.ts';
export { splitMixed } from './split.ts';
export {
  type AnalyzedInput,
  type Classified,
  type FlowInput,
  type FlowOptions,
  type FlowOutput,
  REJECT_REASONS,
  type RejectReason,
} from './types.ts';
