/**
 * dsreg-doctor as a library: the pure core, the same code the CLI runs. No I/O here.
 * @module
 */
export {
  type AnalyzedInput,
  type AnalyzeOptions,
  analyzeBytes,
  correlateReport,
  type InputKind,
} from './analyze.ts';
export { compareReports, type ReportComparison, renderComparison } from './compare/index.ts';
export { checklistCoverage } from './diagnose/checklist.ts';
export { type DiagnoseOptions, diagnose } from './diagnose/index.ts';
export { correlate, diagnoseEvents } from './events/diagnose.ts';
export { readEvtx } from './events/evtx/index.ts';
export { detectEventKind, readEvents } from './events/index.ts';
export { type DecodedText, decodeBytes } from './input/decode.ts';
export { type CodeEntry, type CodeLookup, lookupCode, normalizeCode } from './knowledge/codes/index.ts';
export * from './model/capture.ts';
export * from './model/diagnosis.ts';
export * from './model/events.ts';
export { jsonSchema, type SchemaName } from './model/json-schema.ts';
export * from './model/report.ts';
export * from './model/vocabulary.ts';
export { readCaptures } from './read/index.ts';
export { type RenderOptions, render } from './render/index.ts';
export { createRedactor, type Redactor, redactCaptureText, redactReport } from './render/redact.ts';
