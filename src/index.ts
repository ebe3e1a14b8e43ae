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
export { type Manifest as CollectManifest, readManifest } from './collect/collect.ts';
export { compareReports, type ReportComparison, renderComparison } from './compare/index.ts';
export { checklistCoverage } from './diagnose/checklist.ts';
export { type DiagnoseOptions, diagnose } from './diagnose/index.ts';
export {
  applyRules,
  type DeviceEvidence,
  defineRule,
  type EarlierFinding,
  type Revision,
  type Rule,
  type RuleContext,
} from './diagnose/rule.ts';
export { correlate, diagnoseEvents } from './events/diagnose.ts';
export { readEvtx } from './events/evtx/index.ts';
export {
  type AnalyzedInput as FlowAnalyzedInput,
  analyzeInput,
  analyzeInputs,
  analyzeInputsAsync,
  buildDeviceReport,
  buildReport,
  classify,
  detectEventKind,
  type FlowInput,
  type FlowOptions,
  type FlowOutput,
  FlowRun,
  REJECT_REASONS,
  type RejectReason,
  readEvents,
} from './flow/index.ts';
export { type DecodedText, decodeBytes } from './input/decode.ts';
export {
  type CodeEntry,
  type CodeExplanation,
  type CodeLookup,
  explain,
  lookupCode,
  normalizeCode,
} from './knowledge/codes/index.ts';
export { type FieldName, type FieldRole, fieldsWithRole } from './knowledge/fields.ts';
export * from './model/capture.ts';
export { type DeviceKey, deviceKeyOf } from './model/device.ts';
export * from './model/diagnosis.ts';
export * from './model/events.ts';
export { jsonSchema, type SchemaName } from './model/json-schema.ts';
export { JOIN_STATE_LABELS, JOIN_STATE_NAMES } from './model/labels.ts';
export * from './model/report.ts';
export * from './model/vocabulary.ts';
export { probeFindings } from './probe/diagnose.ts';
export { PROBE_RULES } from './probe/rules.ts';
export type { ProbeReport, ProbeResult } from './probe/types.ts';
export { readCaptures } from './read/index.ts';
export {
  createRedactor,
  type Redactor,
  type RedactorOptions,
  redactCaptureText,
  redactEventText,
  redactReport,
  scanResidue,
} from './redact/index.ts';
export { REPORT_FORMATS, type RenderOptions, type ReportFormat, render } from './render/index.ts';
