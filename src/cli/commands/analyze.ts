/**
 * `dsreg-doctor analyze`: a thin shell over the flow (`src/flow`). It finds and reads the inputs,
 * hands them to one `FlowRun` (which classifies each by content, diagnoses, pairs event logs with
 * their device's capture and counts the summary), and writes each report as soon as it is ready.
 * @module
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { FlowRun, looksLikeEventLog } from '../../flow/index.ts';
import type { FlowOutput, RejectReason } from '../../flow/types.ts';
import type { Redactor } from '../../redact/index.ts';
import { REPORT_FORMATS, SummaryTally } from '../../render/index.ts';
import { ExitCode, InputError, REJECT_EXIT, RunOutcome, UsageError } from '../errors.ts';
import { chooseFormat, parseNow, useColor, widthFor } from '../format.ts';
import {
  EMPTY_FOLDER,
  type ExpandResult,
  expandInputs,
  type InputRef,
  inputParts,
  readInput,
  readInputParts,
} from '../inputs.ts';
import { captureLive, liveCaptureAvailable, stdinHoldsInput, stdinKind } from '../live.ts';
import { finishOutput, type Output } from '../output.ts';
import { createProgress } from '../progress.ts';
import { redacted, redactedRun, redactorFor } from './envelope.ts';
import { openSink, type ReportSink } from './sink.ts';

export interface AnalyzeOptions {
  format?: string;
  redact?: boolean;
  redactSalt?: string;
  now?: string;
  width?: string;
  color?: boolean;
  exitZero?: boolean;
  /** One line per device (the `brief` format). */
  brief?: boolean;
  /** Only the run summary. */
  summary?: boolean;
  /** Text: each capture's key fields. */
  capture?: boolean;
  /** Text: informational findings in full. */
  verbose?: boolean;
}

export interface Io {
  out: Output;
  /** One line per problem, without a trailing newline. */
  warn(line: string): void;
}

/** File types that are event logs more often than not: read first, so captures find them waiting. */
const EVENT_EXTENSIONS = new Set(['.evtx', '.xml', '.json', '.csv']);
/** How much of a file is looked at to guess whether it is an event log. */
const HEAD_BYTES = 4096;

export async function analyzeCommand(args: string[], options: AnalyzeOptions, io: Io): Promise<void> {
  const format = viewFormat(options, io);
  const now = parseNow(options.now);
  const shell = new Shell(io, redactorFor(options), now);
  const renderOptions = {
    width: widthFor(io.out, options.width),
    color: useColor(io.out, options.color),
    capture: options.capture === true,
    verbose: options.verbose === true,
    summaryOnly: options.summary === true,
  };
  const sink = openSink(format, io.out, renderOptions);

  try {
    if (args.length === 0) {
      await analyzeLive(shell, sink);
    } else {
      await analyzeArgs(args, shell, sink);
    }
    const closing = redactedRun(shell.tally, shell.run.failures(), shell.redactor);
    await sink.finish(closing.tally, closing.failures);
    // Every input failed: an existing -o file is kept rather than replaced by an empty report.
    await finishOutput(io.out, sink.written ?? 1, closing.failures.length, io.warn);
  } catch (error) {
    await io.out.abort();
    throw error;
  }
  if (shell.exit !== null) throw new RunOutcome(shell.exit);
  if (shell.problems && !options.exitZero) throw new RunOutcome(ExitCode.findings);
}

/** The run and what the command keeps of it: counters and the exit code, never the reports. */
class Shell {
  readonly tally = new SummaryTally();
  readonly run: FlowRun;
  /** A report has an error finding or a failing verdict: the run exits 1 unless `--exit-zero`. */
  problems = false;
  /** The exit code forced by failed inputs (the `REJECT_EXIT` table), if any. */
  exit: ExitCode | null = null;

  constructor(
    readonly io: Io,
    readonly redactor: Redactor | null,
    now: string | undefined,
  ) {
    this.run = new FlowRun(now ? { now } : {}, this.tally);
  }

  /** Inputs (or parts) the run answered `later` for: logs no capture takes, handed again at the end. */
  readonly later = new Set<string>();

  async write(outputs: readonly FlowOutput[], sink: ReportSink): Promise<void> {
    for (const output of outputs) {
      if (output.type === 'later') {
        this.later.add(output.name);
        continue;
      }
      if (output.type === 'failure') {
        this.failed(output.name, output.reason, output.message);
        continue;
      }
      const report = output.report;
      if (report.verdict.health === 'failing' || report.findings.some((f) => f.severity === 'error')) {
        this.problems = true;
      }
      await sink.write(redacted(report, this.redactor));
    }
  }

  /** An input the shell could not read: a failure of the run, said on stderr. */
  async unreadable(error: InputError, sink: ReportSink): Promise<void> {
    await this.write([this.run.fail(error.path, reasonOf(error), error.reason)], sink);
  }

  private failed(name: string, reason: RejectReason, message: string): void {
    const code = REJECT_EXIT[reason];
    if (code === null) {
      this.io.warn(`note: ${name}: ${message}`);
      return;
    }
    this.io.warn(`dsreg-doctor: ${name}: ${message}`);
    this.exit = Math.max(this.exit ?? 0, code) as ExitCode;
  }
}

function reasonOf(error: InputError): RejectReason {
  return /more than the .* read from/.test(error.reason) ? 'too-large' : 'unreadable';
}

async function analyzeArgs(args: string[], shell: Shell, sink: ReportSink): Promise<void> {
  const expanded: ExpandResult = { passedOver: 0 };
  const refs: InputRef[] = [];
  for await (const ref of expandInputs(args, expanded)) refs.push(ref);
  if (refs.every((r) => r.problem === EMPTY_FOLDER))
    throw new UsageError(`no capture or event files found in ${args.join(', ')}`);

  // Event logs go first, so that each capture is read together with its device's logs as soon
  // as it is diagnosed: known by a look at their first bytes, whatever their names.
  const logsFirst: InputRef[] = [];
  const rest: InputRef[] = [];
  for (const ref of refs) ((await likelyLog(ref)) ? logsFirst : rest).push(ref);

  // One line on a terminal (count, rate, time left) for long runs; nothing on a pipe.
  const progress = createProgress(process.stderr, { unit: 'inputs' });
  progress.setTotal(refs.length);
  // With logs in the run, the captures are looked at first (read, not diagnosed) so that a log no
  // capture takes is reported and released at once: a folder of many logs stays flat in memory.
  // Standard input can be read only once: its bytes are kept for the pass that reports.
  const kept = new Map<InputRef, Uint8Array>();
  let stdinBytes: Uint8Array | undefined;
  if (logsFirst.length > 0) {
    shell.run.startPreview();
    for (const ref of rest) {
      if (ref.path === '-') {
        const bytes = await readInput(ref, process.stdin, { warn: (line) => shell.io.warn(line) }).catch(
          () => null,
        );
        if (bytes === null) continue;
        kept.set(ref, bytes);
        for (const part of inputParts(ref.path, bytes))
          shell.run.preview({ name: part.name, bytes: part.bytes });
        continue;
      }
      // A large captures file is looked at a part at a time too; one that cannot be read is said
      // when it is read for its report.
      try {
        for await (const part of readInputParts(ref, process.stdin))
          shell.run.preview({ name: part.name, bytes: part.bytes });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
      }
    }
  }
  for (const ref of [...logsFirst, ...rest]) {
    progress.tick();
    const stdinKept = kept.get(ref);
    kept.delete(ref);
    const warn = (line: string) => shell.io.warn(line);
    const notice = (line: string) => shell.io.warn(`note: ${line}`);
    try {
      if (ref.path === '-') {
        // Standard input can be read only once: its bytes are kept for the logs reported late.
        const bytes = stdinKept ?? (await readInput(ref, process.stdin, { warn }));
        stdinBytes = bytes;
        for (const part of inputParts(ref.path, bytes, notice))
          await shell.write(shell.run.add({ name: part.name, bytes: part.bytes }), sink);
      } else {
        // A large captures file is read a part at a time (see `readInputParts`).
        for await (const part of readInputParts(ref, process.stdin, { warn, notice }))
          await shell.write(shell.run.add({ name: part.name, bytes: part.bytes }), sink);
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      await shell.unreadable(error, sink);
    }
  }
  await shell.write(shell.run.finish(), sink);
  // The logs no capture takes, read again one at a time: their reports come after the captures'.
  if (shell.later.size > 0) {
    const paths = new Set(
      [...shell.later].map((name) => name.replace(/ \[part \d+ of \d+: lines \d+-\d+\]$/, '')),
    );
    for (const ref of [...logsFirst, ...rest]) {
      if (!paths.has(ref.path)) continue;
      // Standard input cannot be read twice: its bytes were kept.
      if (ref.path === '-' && stdinBytes === undefined) continue;
      const parts =
        ref.path === '-'
          ? inputParts(ref.path, stdinBytes as Uint8Array)
          : readInputParts(ref, process.stdin);
      try {
        for await (const part of parts) {
          if (shell.later.has(part.name))
            await shell.write(shell.run.addLate({ name: part.name, bytes: part.bytes }), sink);
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
      }
    }
  }
  progress.done();
  for (const line of expanded.notices ?? []) shell.io.warn(`note: ${line}`);
  if (expanded.passedOver > 0) {
    shell.io.warn(
      `note: ${expanded.passedOver} file(s) in the folders given were passed over (not .txt, .log, .out, .evtx, .xml, .json or .csv)`,
    );
  }
}

async function likelyLog(ref: InputRef): Promise<boolean> {
  if (ref.problem !== undefined || ref.path === '-') return false;
  if (ref.bytes) return looksLikeEventLog(ref.bytes.subarray(0, HEAD_BYTES));
  try {
    const handle = await open(ref.path, 'r');
    try {
      const head = new Uint8Array(HEAD_BYTES);
      const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
      return looksLikeEventLog(head.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    // Not readable now (reading it in its turn says why): its file type is all there is to go by.
    return EVENT_EXTENSIONS.has(extname(ref.path).toLowerCase());
  }
}

async function analyzeLive(shell: Shell, sink: ReportSink): Promise<void> {
  // `type status.txt | dsreg-doctor analyze`: what is piped in is the input, dsregcmd is not run.
  if (stdinHoldsInput(await stdinKind())) return analyzeArgs(['-'], shell, sink);
  if (!liveCaptureAvailable()) {
    throw new UsageError(
      'nothing to analyze: pass a file with the output of `dsregcmd /status` (run it on the device, e.g. `dsregcmd /status > status.txt`), a folder of them, an event log export, or - for standard input',
    );
  }
  const live = await captureLive();
  shell.io.warn(live.contextNote);
  for (const line of live.warnings) shell.io.warn(line);
  const outputs = [...shell.run.add({ name: 'live', bytes: live.bytes }), ...shell.run.finish()];
  const failure = outputs.find((o) => o.type === 'failure');
  if (failure?.type === 'failure') throw new InputError('dsregcmd /status', failure.message);
  await shell.write(outputs, sink);
}

/** `--brief` is the brief format; it cannot be combined with another `--format`. */
function viewFormat(options: AnalyzeOptions, io: Io): (typeof REPORT_FORMATS)[number] {
  if (!options.brief) return chooseFormat(options.format, REPORT_FORMATS, io.out);
  if (options.format !== undefined && options.format.toLowerCase() !== 'brief')
    throw new UsageError(`--brief and --format ${options.format}: choose one (--brief is its own format)`);
  if (options.summary) throw new UsageError('--brief and --summary: choose one');
  return 'brief';
}
