/**
 * Event records as every event source (EVTX, XML, JSON, CSV, pasted text) yields them.
 * @module
 */
import { z } from 'zod';

export const EventLevel = z.enum(['critical', 'error', 'warning', 'information', 'verbose', 'unknown']);
export type EventLevel = z.infer<typeof EventLevel>;

export const EventRecord = z.object({
  channel: z.string().nullable(),
  provider: z.string().nullable(),
  eventId: z.number().int(),
  level: EventLevel,
  /** ISO-8601 UTC, or null when the source gives no time. */
  time: z.string().nullable(),
  recordNumber: z.number().int().nullable(),
  computer: z.string().nullable(),
  /** EventData / UserData fields by name; unnamed `<Data>` elements are named `#1`, `#2`, ... */
  data: z.record(z.string(), z.string()),
  /** The rendered message when the source carries one. */
  message: z.string().nullable(),
  activityId: z.string().nullable(),
  /** Where in the source: a line number for text, a chunk/record for EVTX. */
  origin: z.string().nullable(),
  /**
   * True when the source printed the time without a zone (Event Viewer's CSV and text exports,
   * `Export-Csv`, `Format-List`, tables): it is the exporting machine's local time, and `time`
   * reads it as UTC. Absent for times the source gives in UTC.
   */
  localTime: z.literal(true).optional(),
});
export type EventRecord = z.infer<typeof EventRecord>;

export const SkippedPart = z.object({
  /** `chunk 3`, `record 1207`, `line 88`. */
  where: z.string(),
  why: z.string(),
});
export type SkippedPart = z.infer<typeof SkippedPart>;

export const EventFileKind = z.enum(['evtx', 'xml', 'json', 'csv', 'text']);
export type EventFileKind = z.infer<typeof EventFileKind>;

/** What an event reader returns for one input. */
export const EventReadResult = z.object({
  kind: EventFileKind,
  records: z.array(EventRecord),
  skipped: z.array(SkippedPart),
  warnings: z.array(z.string()),
});
export type EventReadResult = z.infer<typeof EventReadResult>;

export const TimelineEntry = z.object({
  time: z.string().nullable(),
  /** `event 304`, `Previous Registration`, `Previous Prt Attempt`. */
  what: z.string(),
  summary: z.string(),
  codes: z.array(z.string()),
  /**
   * True for an event logged more than ten minutes from every attempt the capture shows: kept
   * for context, not used for the verdict or the findings.
   */
  outsideAttempts: z.boolean().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
