/**
 * The JSON report (`dsreg-doctor.report/1`): one entry per capture or event file found.
 * @module
 */
import { z } from 'zod';
import { DsregCapture } from './capture.ts';
import { Finding, Verdict } from './diagnosis.ts';
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

export const DeviceReport = z.object({
  source: ReportSource,
  capture: DsregCapture.nullable(),
  verdict: Verdict,
  findings: z.array(Finding),
  events: z.array(EventRecord).optional(),
  timeline: z.array(TimelineEntry).optional(),
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
