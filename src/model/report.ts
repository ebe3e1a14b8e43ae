/**
 * The JSON report (`dsreg-doctor.report/1`): one entry per capture or event file found.
 * @module
 */
import { z } from 'zod';
import { DsregCapture } from './capture.ts';
import { Finding, Phase, Verdict } from './diagnosis.ts';
import { EventRecord, SkippedPart, TimelineEntry } from './events.ts';
import { REPORT_SCHEMA_ID } from './vocabulary.ts';

export const ReportSource = z.object({
  /** File path as given, `-` for standard input, `live` for a capture taken by the tool. */
  path: z.string(),
  kind: z.enum(['capture', 'events']),
  /** Index of this document inside the file (a file can hold several captures). */
  document: z.number().int(),
  /** Event files only: records read. */
  records: z.number().int().optional(),
  /** Event files only: what could not be read, and why. */
  skipped: z.array(SkippedPart).optional(),
});
export type ReportSource = z.infer<typeof ReportSource>;

/**
 * Something the reader of a report must know about the evidence behind it: a part that was
 * left out, skipped, not paired, or read with an internal problem. Never silent.
 */
export const ReportNotice = z.object({
  /** Stable, kebab-case (`log-not-paired`, `records-skipped`, `reader-failure`). */
  code: z.string(),
  severity: z.enum(['info', 'warning']),
  /** One sentence: what, and why it matters. */
  message: z.string(),
  /** How many items the notice is about, when it counts something. */
  count: z.number().int().optional(),
});
export type ReportNotice = z.infer<typeof ReportNotice>;

/** One link of the error chain: a code or a text that explains the failure, with its meaning. */
export const ErrorChainLink = z.object({
  /** `Client error`, `Sub-error`, `Server error`, `Server message`, `Request Id`... */
  label: z.string(),
  value: z.string(),
  /** The catalog's name for a code (`DSREG_E_DIRECTORY_FAILURE`), when it has one. */
  name: z.string().nullable(),
  /** What the code means in the failing phase, when the catalog knows it. */
  meaning: z.string().nullable(),
  /** True for a code, false for free text such as a server message. */
  code: z.boolean(),
});
export type ErrorChainLink = z.infer<typeof ErrorChainLink>;

/** The failing phase and the codes behind it, each with what it means there. */
export const ErrorChain = z.object({
  phase: Phase.nullable(),
  links: z.array(ErrorChainLink),
});
export type ErrorChain = z.infer<typeof ErrorChain>;

/** The device a report is about (see `deviceKeyOf`). */
export const ReportDevice = z.object({
  kind: z.enum(['entra', 'name']),
  value: z.string(),
  tenantId: z.string().nullable(),
  deviceId: z.string().nullable(),
  computer: z.string().nullable(),
  domain: z.string().nullable(),
});

export const DeviceReport = z.object({
  source: ReportSource,
  capture: DsregCapture.nullable(),
  verdict: Verdict,
  findings: z.array(Finding),
  events: z.array(EventRecord).optional(),
  timeline: z.array(TimelineEntry).optional(),
  /** The error chain of a failure; absent when the verdict names no failure. */
  errorChain: ErrorChain.optional(),
  /** The device key, when the evidence names the device. */
  device: ReportDevice.optional(),
  /** What the reader must know about the evidence (left out, skipped, not paired). */
  notices: z.array(ReportNotice).optional(),
});
export type DeviceReport = z.infer<typeof DeviceReport>;

/** An input of the run that gave no report: what it was and why, as the error line said. */
export const InputFailure = z.object({
  /** File or folder path as given, `-` for standard input. */
  path: z.string(),
  reason: z.string(),
});
export type InputFailure = z.infer<typeof InputFailure>;

export const Report = z.object({
  schema: z.literal(REPORT_SCHEMA_ID),
  generator: z.object({ name: z.literal('dsreg-doctor'), version: z.string() }),
  reports: z.array(DeviceReport),
  /** Inputs that could not be read; present only when there were some. */
  failures: z.array(InputFailure).optional(),
});
export type Report = z.infer<typeof Report>;
