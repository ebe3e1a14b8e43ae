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
  if (run.problems && !options.exitZero) throw new RunOutcome(ExitCode.findings);
}

/** What the run keeps: counters only, so a folder of 10,000 captures stays flat in memory. */
class RunState {
  readonly tally = new SummaryTally();
  failures: { path: string; reason: string }[] = [];
  /** A report has an error finding or a failing verdict: the run exits 1 unless `--exit-zero`. */
  problems = false;

  record(report: DeviceReport): void {
    if (report.verdict.health === 'failing' || report.findings.some((f) => f.severity === 'error')) {
      this.problems = true;
    }
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
  const logs: EventLog[] = [];
  const early: AnalyzedInput[] = [];
  for (const ref of eventRefs) {
    const input = await analyzeRef(ref, io, now, run);
    if (!input) continue;
    if (input.kind === 'events' && input.events && input.reports[0]) {
      logs.push({
        path: ref.path,
        result: input.events,
        report: input.reports[0],
        computers: computersOf(input.events),
        used: false,
      });
    } else {
      early.push(input);
    }
  }

  const emit = async (report: DeviceReport) => {
    const shown = redacted(report, redactor);
    run.record(report);
    await sink.write(shown);
  };
  const withEvents = async (report: DeviceReport, onlyCapture: boolean) => {
    if (!report.capture) return emit(report);
    const matching = logsFor(report, logs, onlyCapture);
    for (const log of matching) log.used = true;
    await emit(
      correlateReport(
        report,
        matching.map((log) => log.result),
        matching.map((log) => log.path),
      ),
    );
  };
  // A log without a computer name (or a capture without a device name) is only attached when the
  // run has exactly one capture, so reports are held, in order, until a second capture shows up.
  let held: DeviceReport[] | null = [];
  let captures = 0;
  const take = async (report: DeviceReport) => {
    if (report.capture) captures += 1;
    if (held === null) return withEvents(report, false);
    held.push(report);
    if (captures < 2) return;
    const earlier = held;
    held = null;
    for (const r of earlier) await withEvents(r, false);
  };

  for (const input of early) for (const report of input.reports) await take(report);
  for (const ref of refs) {
    if (eventRefs.includes(ref)) continue;
    const input = await analyzeRef(ref, io, now, run);
    if (!input) continue;
    for (const report of input.reports) await take(report);
  }
  if (held !== null) for (const report of held) await withEvents(report, captures === 1);
  for (const log of logs) if (!log.used) await emit(log.report);
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

interface EventLog {
  path: string;
  result: EventReadResult;
  /** The log's own report, shown when no capture takes the log. */
  report: DeviceReport;
  /** The distinct computer names in the log, lower case; empty when the log names none. */
  computers: string[];
  used: boolean;
}

/**
 * The logs not yet taken that belong to a capture's device. A log belongs to a capture when every
 * computer it names agrees with the capture's device name. When one side has no name the log is
 * taken only if this is the run's only capture (`onlyCapture`) and nothing is ambiguous: a capture
 * without a device name takes named logs only when they all name the same computer. A log goes to
 * one capture at most: the first that takes it.
 */
function logsFor(report: DeviceReport, logs: readonly EventLog[], onlyCapture: boolean): EventLog[] {
  const device = deviceNameOf(report);
  const free = logs.filter((log) => !log.used);
  if (device !== null) {
    return free.filter((log) =>
      log.computers.length === 0 ? onlyCapture : log.computers.every((c) => namesAgree(c, device)),
    );
  }
  if (!onlyCapture) return [];
  const named = free.flatMap((log) => log.computers);
  const oneComputer = named.every((a) => named.every((b) => namesAgree(a, b)));
  return oneComputer ? free : free.filter((log) => log.computers.length === 0);
}

function deviceNameOf(report: DeviceReport): string | null {
  const raw = report.capture?.sections
    .flatMap((s) => s.fields)
    .find((f) => f.name === 'Device Name' || f.name === 'DeviceName')?.raw;
  const name = (raw ?? '').trim().toLowerCase();
  return name === '' ? null : name;
}

function computersOf(events: EventReadResult): string[] {
  const names = events.records.map((r) => (r.computer ?? '').trim().toLowerCase()).filter((c) => c !== '');
  return [...new Set(names)];
}

/** Two lower-case computer names agree when equal, or when one is a short name and the other its FQDN. */
function namesAgree(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.includes('.') && b.includes('.')) return false;
  return a.split('.')[0] === b.split('.')[0];
}
