/**
 * Device reports and the envelope around them: a capture's diagnosis, an event log's, and a
 * capture read together with its device's logs (one `correlate`, from the events room), each with
 * its error chain, device key and notices.
 * @module
 */
import { diagnose } from '../diagnose/index.ts';
import { correlate, diagnoseEvents, fullTimeline } from '../events/diagnose.ts';
import { readerNotices as eventReaderNotices } from '../events/notices.ts';
import type { DsregCapture } from '../model/capture.ts';
import { deviceKeyOf } from '../model/device.ts';
import type { Diagnosis, Verdict } from '../model/diagnosis.ts';
import type { EventReadResult } from '../model/events.ts';
import { type InternalFailure, messageOf, strictFromEnv } from '../model/internal.ts';
import type { DeviceReport, InputFailure, Report, ReportNotice, ReportSource } from '../model/report.ts';
import { GENERATOR_NAME, VERSION } from '../model/version.ts';
import { REPORT_SCHEMA_ID } from '../model/vocabulary.ts';
import { buildErrorChain } from './error-chain.ts';
import type { FlowOptions } from './types.ts';

/**
 * The envelope of a run (`dsreg-doctor.report/1`) with the generator filled in: what `render`
 * and the JSON output take. `failures` appear only when there are some.
 */
export function buildReport(reports: DeviceReport[], failures: readonly InputFailure[] = []): Report {
  return {
    schema: REPORT_SCHEMA_ID,
    generator: { name: GENERATOR_NAME, version: VERSION },
    reports,
    ...(failures.length > 0 ? { failures: [...failures] } : {}),
  };
}

/**
 * A device report from a diagnosis the caller made (a library user running `diagnose` by hand):
 * the error chain and the device key are added as the flow adds them.
 */
export function buildDeviceReport(
  source: ReportSource,
  capture: DsregCapture | null,
  diagnosis: Diagnosis,
  notices: readonly ReportNotice[] = [],
): DeviceReport {
  const report: DeviceReport = { source, capture, verdict: diagnosis.verdict, findings: diagnosis.findings };
  return finish(report, notices);
}

/** The diagnosis of one capture found in an input. */
export function captureReport(
  capture: DsregCapture,
  name: string,
  options: FlowOptions,
  readFailures: readonly string[] = [],
): DeviceReport {
  const failures: InternalFailure[] = [];
  const strict = options.strict ?? strictFromEnv();
  let diagnosis: Diagnosis;
  try {
    diagnosis = diagnose(capture, {
      ...(options.now ? { now: options.now } : {}),
      strict,
      onInternalFailure: (f) => failures.push(f),
    });
  } catch (error) {
    // The diagnosis itself failed (a capture model that no reader produced): say so, never crash.
    if (strict) throw error;
    failures.push({ stage: 'diagnose', what: null, message: messageOf(error) });
    diagnosis = { verdict: UNDIAGNOSED, findings: [] };
  }
  const notices = [...readerNotices(readFailures), ...ruleNotices(failures)];
  return buildDeviceReport(
    { path: name, kind: 'capture', document: capture.index },
    capture,
    diagnosis,
    notices,
  );
}

/** The diagnosis of an event log on its own (no capture of its device in the run). */
export function eventsReport(
  events: EventReadResult,
  name: string,
  options: FlowOptions,
  readFailures: readonly string[] = [],
): DeviceReport {
  const result = diagnoseEvents(events.records, options.now ? { now: options.now } : {});
  const report: DeviceReport = {
    source: {
      path: name,
      kind: 'events',
      document: 0,
      records: events.records.length,
      skipped: events.skipped,
    },
    capture: null,
    verdict: result.verdict,
    findings: result.findings,
    events: events.records,
    timeline: result.timeline,
  };
  const own = noticesOf(result);
  return finish(report, [...readerNotices(readFailures), ...own, ...logNotices(events, name, own)]);
}

/** One log paired with a capture: its name and what was read from it. */
export interface PairedLog {
  name: string;
  events: EventReadResult;
}

/**
 * One diagnosis for a capture and the event logs of the same device: the events confirm or
 * explain what the capture shows. The source names every input the report was built from.
 */
export function withLogs(report: DeviceReport, logs: readonly PairedLog[]): DeviceReport {
  if (!report.capture || logs.length === 0) return report;
  const records = logs.flatMap((log) => log.events.records);
  const merged = correlate(report.capture, { verdict: report.verdict, findings: report.findings }, records);
  const own = noticesOf(merged);
  const skipped = logs.flatMap((log) => logNotices(log.events, log.name, own));
  const correlated: DeviceReport = {
    ...report,
    // An event export read from the capture's own stream is not named twice.
    source: {
      ...report.source,
      path: [report.source.path, ...logs.map((log) => log.name).filter((n) => n !== report.source.path)].join(
        ' + ',
      ),
    },
    verdict: merged.verdict,
    findings: merged.findings,
    events: records,
    // Events outside the capture's attempts stay in the timeline, marked; they do not drive the verdict.
    timeline: fullTimeline(merged),
  };
  delete correlated.errorChain;
  return finish(correlated, [...own, ...skipped]);
}

/** Adds a notice to a report (a copy; the report itself is not changed). */
export function withNotice(report: DeviceReport, notice: ReportNotice): DeviceReport {
  return { ...report, notices: [...(report.notices ?? []), notice] };
}

/** The verdict of a capture the diagnosis could not judge at all. */
const UNDIAGNOSED: Verdict = {
  joinState: 'unknown',
  workplaceJoined: null,
  health: 'unknown',
  failedPhase: null,
  errorCode: null,
  subErrorCode: null,
  summary: 'The capture could not be diagnosed: an internal problem stopped the diagnosis (see the notices).',
  confidence: { level: 'low', score: 0, reasons: ['the diagnosis failed internally'] },
};

/** Error chain and device key from the final verdict; notices appended to those it has. */
function finish(report: DeviceReport, notices: readonly ReportNotice[]): DeviceReport {
  let chain: ReturnType<typeof buildErrorChain> = null;
  let device: ReturnType<typeof deviceKeyOf> = null;
  const extra: ReportNotice[] = [];
  try {
    chain = buildErrorChain(report.verdict, report.capture);
    device = report.capture ? deviceKeyOf(report.capture) : null;
  } catch (error) {
    if (strictFromEnv()) throw error;
    extra.push({
      code: 'internal-failure',
      severity: 'warning',
      message: `the error chain or the device key could not be built (${messageOf(error)})`,
    });
  }
  const all = [...(report.notices ?? []), ...notices, ...extra];
  const out: DeviceReport = { ...report };
  if (chain) out.errorChain = chain;
  if (device) out.device = device;
  if (all.length > 0) out.notices = all;
  return out;
}

function readerNotices(failures: readonly string[]): ReportNotice[] {
  if (failures.length === 0) return [];
  return [
    {
      code: 'reader-failure',
      severity: 'warning',
      message: `the reader met an internal problem on this input and may have left part of it out (${failures[0]})`,
      count: failures.length,
    },
  ];
}

function ruleNotices(failures: readonly InternalFailure[]): ReportNotice[] {
  if (failures.length === 0) return [];
  const rules = [...new Set(failures.map((f) => f.what ?? f.stage))];
  return [
    {
      code: 'rule-failure',
      severity: 'warning',
      message: `checks that failed internally and could not judge this capture: ${rules.join(', ')} (${failures[0]?.message ?? ''})`,
      count: failures.length,
    },
  ];
}

/** Notices the event diagnosis gives (events left out of the verdict, records skipped). */
function noticesOf(result: object): ReportNotice[] {
  const notices = (result as { notices?: unknown }).notices;
  return Array.isArray(notices) ? (notices as ReportNotice[]) : [];
}

/**
 * What an event reader could not read or noted on the way, one set of notices per log (the events'
 * own wording), unless the event diagnosis already said it.
 */
function logNotices(events: EventReadResult, name: string, given: readonly ReportNotice[]): ReportNotice[] {
  const said = new Set(given.map((n) => n.code));
  return eventReaderNotices(events, name).filter((n) => !said.has(n.code));
}
