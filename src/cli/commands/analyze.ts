/**
 * `dsreg-doctor analyze`: read, diagnose and report every input, streaming, then a summary.
 * @module
 */
import { extname } from 'node:path';
import { type AnalyzedInput, analyzeBytes, correlateReport } from '../../analyze.ts';
import type { EventReadResult } from '../../model/events.ts';
import type { DeviceReport } from '../../model/report.ts';
import { SummaryTally } from '../../render/index.ts';
import type { Redactor } from '../../render/redact.ts';
import { ExitCode, InputError, RunOutcome, UsageError } from '../errors.ts';
import { chooseFormat, parseNow, type ReportFormat, useColor, widthFor } from '../format.ts';
import { EMPTY_FOLDER, type ExpandResult, expandInputs, type InputRef, readInput } from '../inputs.ts';
import { captureLive, liveCaptureAvailable } from '../live.ts';
import type { Output } from '../output.ts';
import { redacted, redactorFor } from './envelope.ts';
import { openSink, type ReportSink } from './sink.ts';

export interface AnalyzeOptions {
  format?: string;
  redact?: boolean;
  redactSalt?: string;
  now?: string;
  width?: string;
  color?: boolean;
  exitZero?: boolean;
}

export interface Io {
  out: Output;
  /** One line per problem, without a trailing newline. */
  warn(line: string): void;
}

const EVENT_EXTENSIONS = new Set(['.evtx', '.xml', '.json', '.csv']);
const FORMATS: readonly ReportFormat[] = ['text', 'json', 'markdown', 'html'];

export async function analyzeCommand(args: string[], options: AnalyzeOptions, io: Io): Promise<void> {
  const format = chooseFormat(options.format, FORMATS, io.out);
  const now = parseNow(options.now);
  const redactor = redactorFor(options);
  const renderOptions = { width: widthFor(io.out, options.width), color: useColor(io.out, options.color) };
  const sink = openSink(format, io.out, renderOptions);
  const run = new RunState();

  try {
    if (args.length === 0) {
      await analyzeLive(io, now, redactor, sink, run);
    } else {
      await analyzeInputs(args, io, now, redactor, sink, run);
    }
    await sink.finish(run.tally, run.failures);
    await io.out.close();
  } catch (error) {
    await io.out.abort();
    throw error;
  }
  if (run.failures.length > 0) throw new RunOutcome(ExitCode.usage);
  if (run.errorFindings && !options.exitZero) throw new RunOutcome(ExitCode.findings);
}

/** What the run keeps: counters only, so a folder of 10,000 captures stays flat in memory. */
class RunState {
  readonly tally = new SummaryTally();
  failures: { path: string; reason: string }[] = [];
  errorFindings = false;

  record(report: DeviceReport): void {
    if (report.findings.some((f) => f.severity === 'error')) this.errorFindings = true;
    this.tally.add(report);
  }
}

async function analyzeInputs(
  args: string[],
  io: Io,
  now: string | undefined,
  redactor: Redactor | null,
  sink: ReportSink,
  run: RunState,
): Promise<void> {
  const expanded: ExpandResult = { passedOver: 0 };
  const refs: InputRef[] = [];
  for await (const ref of expandInputs(args, expanded)) refs.push(ref);
  if (refs.every((r) => r.problem === EMPTY_FOLDER))
    throw new UsageError(`no capture or event files found in ${args.join(', ')}`);

  // Event logs go first, so that each capture can be read together with its device's events.
  const eventRefs = refs.filter((r) => EVENT_EXTENSIONS.has(extname(r.path).toLowerCase()));
  const events: { path: string; result: EventReadResult; report: DeviceReport; used: boolean }[] = [];
  const pending: AnalyzedInput[] = [];
  for (const ref of eventRefs) {
    const input = await analyzeRef(ref, io, now, run);
    if (!input) continue;
    if (input.kind === 'events' && input.events && input.reports[0]) {
      events.push({ path: ref.path, result: input.events, report: input.reports[0], used: false });
    } else {
      pending.push(input);
    }
  }

  const emit = async (report: DeviceReport) => {
    const shown = redacted(report, redactor);
    run.record(report);
    await sink.write(shown);
  };
  const withEvents = async (report: DeviceReport) => {
    const matching = events.filter((e) => sameDevice(report, e.result));
    for (const e of matching) e.used = true;
    await emit(
      correlateReport(
        report,
        matching.map((e) => e.result),
        matching.map((e) => e.path),
      ),
    );
  };

  for (const input of pending) for (const report of input.reports) await withEvents(report);
  for (const ref of refs) {
    if (eventRefs.includes(ref)) continue;
    const input = await analyzeRef(ref, io, now, run);
    if (!input) continue;
    for (const report of input.reports) {
      if (input.kind === 'events') await emit(report);
      else await withEvents(report);
    }
  }
  for (const e of events) if (!e.used) await emit(e.report);
  if (expanded.passedOver > 0) {
    io.warn(
      `note: ${expanded.passedOver} file(s) in the folders given were passed over (not .txt, .log, .out, .evtx, .xml, .json or .csv)`,
    );
  }
}

async function analyzeRef(
  ref: InputRef,
  io: Io,
  now: string | undefined,
  run: RunState,
): Promise<AnalyzedInput | null> {
  try {
    const bytes = await readInput(ref);
    const input = analyzeBytes(bytes, now ? { path: ref.path, now } : { path: ref.path });
    if (input.problem !== null) throw new InputError(ref.path, input.problem);
    return input;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    run.failures.push({ path: error.path, reason: error.reason });
    io.warn(`dsreg-doctor: ${error.message}`);
    return null;
  }
}

async function analyzeLive(
  io: Io,
  now: string | undefined,
  redactor: Redactor | null,
  sink: ReportSink,
  run: RunState,
) {
  if (!liveCaptureAvailable()) {
    throw new UsageError(
      'nothing to analyze: pass a file with the output of `dsregcmd /status` (run it on the device, e.g. `dsregcmd /status > status.txt`), a folder of them, an event log export, or - for standard input',
    );
  }
  const live = await captureLive();
  io.warn(live.contextNote);
  const input = analyzeBytes(live.bytes, now ? { path: 'live', now } : { path: 'live' });
  if (input.problem !== null) throw new InputError('dsregcmd /status', input.problem);
  for (const report of input.reports) {
    const shown = redacted(report, redactor);
    run.record(report);
    await sink.write(shown);
  }
}

/**
 * Events belong to a capture's device when the computer names agree; a capture without a device
 * name takes the events of a single-computer log.
 */
function sameDevice(report: DeviceReport, events: EventReadResult): boolean {
  const computers = new Set(events.records.map((r) => shortName(r.computer)).filter((c) => c !== ''));
  const deviceName = report.capture?.sections
    .flatMap((s) => s.fields)
    .find((f) => f.name === 'Device Name' || f.name === 'DeviceName')?.raw;
  if (deviceName) return computers.size === 0 || computers.has(shortName(deviceName));
  return computers.size <= 1;
}

function shortName(name: string | null): string {
  return (name ?? '').split('.')[0]!.trim().toLowerCase();
}
