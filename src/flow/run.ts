/**
 * A run over many inputs: each classified once by content, captures diagnosed, event logs paired
 * with their device's capture and read with it, reports yielded as soon as they are ready, and
 * the run summary counted from enum values as they go.
 *
 * Memory stays flat: a report leaves the run as soon as it is yielded; a log waits in an index by
 * computer name only until the last capture of its computer takes it (or the run ends). Shells
 * that can tell which inputs look like logs (the CLI: by file type) hand those first, so each
 * capture finds its logs already waiting; the content still decides what every input is. After
 * `preview`, the run knows how many captures each computer has and lets a log go once the last
 * one read it; without, a log read with a capture is kept to the end for another capture of it.
 * @module
 */
import { captureAnchors } from '../events/diagnose.ts';
import { codeName } from '../knowledge/codes/index.ts';
import { computerNamesAgree, type DeviceKey, deviceKeyOf } from '../model/device.ts';
import type { EventReadResult } from '../model/events.ts';
import type { DeviceReport, InputFailure, ReportNotice } from '../model/report.ts';
import { type RunCounts, RunTally } from '../model/summary.ts';
import { classify, rejectionMessage } from './classify.ts';
import { LogIndex, type WaitingLog } from './pairing.ts';
import { captureReport, eventsReport, withLogs, withNotice } from './report.ts';
import { linkSameDevice } from './same-device.ts';
import type { AnalyzedInput, FlowInput, FlowOptions, FlowOutput, RejectReason } from './types.ts';

/** How many capture names an unpaired-log notice lists before it says "and N more". */
const NAMES_SHOWN = 5;

export class FlowRun {
  private readonly logs = new LogIndex();
  private readonly tally: RunTally;
  private readonly failed: InputFailure[] = [];
  /** Capture reports held until a second capture shows up (the single-capture rule). */
  private held: DeviceReport[] | null = [];
  private captures = 0;
  private readonly captureNames: string[] = [];
  private captureNamesMore = 0;
  private unnamedCaptures = 0;
  /** Logs answered `later` (no announced capture takes them): the first few, and how many. */
  private readonly passedOver: { shown: PassedOver[]; count: number } = { shown: [], count: 0 };
  private finished = false;
  /**
   * The captures announced by `preview`: device names by short name, each name's captures (how
   * many, the first few named), and how many captures.
   */
  private plan: {
    byShort: Map<string, string[]>;
    byName: Map<string, { count: number; shown: string[] }>;
    distinct: number;
    total: number;
    unnamed: number;
    shown: string[];
  } | null = null;

  /** `tally`: where the run counts its reports (a shell may pass a subclass that also labels). */
  constructor(
    private readonly options: FlowOptions = {},
    tally: RunTally = new RunTally(),
  ) {
    this.tally = tally;
    this.tally.nameCodesWith(codeName);
  }

  /**
   * Tells the run about an input that holds captures before the logs are added: the input is
   * read (never diagnosed) and only its captures' device names are kept. After previews, a log
   * that no announced capture can take is reported at once and released, instead of waiting to
   * the end: a folder of many logs and a few captures keeps only the logs those captures take.
   * Preview every capture input, or none (a capture never previewed cannot count on its logs).
   */
  preview(input: FlowInput): void {
    this.startPreview();
    const found = classify(input.bytes, input.name, this.options);
    if (!this.plan) return;
    if (found.kind !== 'capture') return;
    for (const capture of found.captures) {
      this.plan.total++;
      const name = nameOfKey(deviceKeyOf(capture));
      if (name === null) {
        this.plan.unnamed++;
        continue;
      }
      const short = name.split('.')[0] ?? name;
      const same = this.plan.byName.get(name) ?? { count: 0, shown: [] };
      same.count++;
      if (same.shown.length < NAMES_SHOWN) same.shown.push(captureLabel(input.name, capture.index));
      this.plan.byName.set(name, same);
      const list = this.plan.byShort.get(short) ?? [];
      if (!list.includes(name)) {
        list.push(name);
        this.plan.distinct++;
      }
      this.plan.byShort.set(short, list);
      if (this.plan.shown.length < NAMES_SHOWN && !this.plan.shown.includes(name)) this.plan.shown.push(name);
    }
  }

  /**
   * Starts the previews (`preview` calls it): a run that previewed no capture at all reports
   * each log as it comes instead of keeping them to the end.
   */
  startPreview(): void {
    this.plan ??= { byShort: new Map(), byName: new Map(), distinct: 0, total: 0, unnamed: 0, shown: [] };
  }

  /** Classifies and reads one input; returns what is ready to report now. */
  add(input: FlowInput): FlowOutput[] {
    const out: FlowOutput[] = [];
    if (this.finished) return out;
    const found = classify(input.bytes, input.name, this.options);
    switch (found.kind) {
      case 'rejected':
        out.push(this.failure(input.name, found.reason, found.message));
        break;
      case 'events': {
        const log = this.logs.add(input.name, found.events, found.failures, found.notices);
        if (this.plan && !this.announcedCanTake(log)) {
          if (this.plan.total === 0) {
            // A run without captures: each log is reported as it comes, and released.
            this.release(log, out);
          } else {
            // No capture will take it: not kept; its own report comes after the captures' reports.
            this.logs.take(log);
            this.passedOver.count++;
            // Only its name and computers are kept: the log itself is released.
            if (this.passedOver.shown.length < NAMES_SHOWN)
              this.passedOver.shown.push({ name: log.name, computers: log.computers });
            out.push({ type: 'later', name: input.name });
          }
        }
        break;
      }
      case 'capture': {
        // An event export in the same stream waits like any other log, under the stream's name.
        if (found.events) this.logs.add(input.name, found.events, []);
        const reports = found.captures.map((capture) =>
          withNotices(captureReport(capture, input.name, this.options, found.failures), found.notices),
        );
        for (const report of linkSameDevice(reports)) this.take(report, out);
        break;
      }
    }
    return out;
  }

  /**
   * An input the shell could not hand over (unreadable, too large to read): it is a failure of
   * the run like a rejected input. `message` is the shell's own sentence (what, what to do);
   * without one the reason's standard sentence is used.
   */
  fail(name: string, reason: RejectReason, message?: string): FlowOutput {
    return this.failure(name, reason, message ?? rejectionMessage(reason));
  }

  /** Ends the run: held captures, then every log no capture took, with why it was not paired. */
  finish(): FlowOutput[] {
    const out: FlowOutput[] = [];
    if (this.finished) return out;
    this.finished = true;
    const held = this.held;
    this.held = null;
    const single = this.captures === 1;
    if (held)
      for (const paired of this.pair(held, single))
        this.emit(single ? this.withUnpaired(paired) : paired, out);
    for (const log of this.logs.remaining()) this.release(log, out);
    // No capture comes after the end: the logs kept for one are let go.
    this.logs.dropRead();
    return out;
  }

  /**
   * An input handed again after `finish` (a log the run answered `later` for): read and reported
   * on its own at once, with why it was not paired.
   */
  addLate(input: FlowInput): FlowOutput[] {
    const out: FlowOutput[] = [];
    const found = classify(input.bytes, input.name, this.options);
    if (found.kind === 'rejected') out.push(this.failure(input.name, found.reason, found.message));
    else if (found.kind === 'events')
      this.release(this.logs.add(input.name, found.events, found.failures, found.notices), out);
    else {
      const reports = found.captures.map((capture) =>
        withNotices(captureReport(capture, input.name, this.options, found.failures), found.notices),
      );
      for (const report of linkSameDevice(reports)) this.emit(report, out);
    }
    return out;
  }

  /** A log no capture takes: its own report, with why it was not paired when there were captures. */
  private release(log: WaitingLog, out: FlowOutput[]): void {
    this.logs.take(log);
    let report = withNotices(eventsReport(log.events, log.name, this.options, log.failures), log.notices);
    const plan = this.plan;
    const captures = plan ? Math.max(plan.total, this.captures) : this.captures;
    if (captures > 0) {
      // The previews name the captures only when they saw them all (a stream that holds a
      // capture and a log is handed as a log, and its capture is never previewed).
      const names =
        plan && plan.total >= this.captures
          ? { shown: plan.shown, more: plan.distinct - plan.shown.length, unnamed: plan.unnamed }
          : { shown: this.captureNames, more: this.captureNamesMore, unnamed: this.unnamedCaptures };
      report = withNotice(report, whyNotPaired(log, captures, names));
    }
    this.emit(report, out);
  }

  /**
   * The run's only capture, with the logs of the run it was not read with and why: the reader of
   * the capture's report must not take the events as missing. (With several captures, reports
   * leave as they are ready; each log's own report says why it was not paired.)
   */
  private withUnpaired(report: DeviceReport): DeviceReport {
    const left = this.logs.remaining();
    const count = this.passedOver.count + left.length;
    if (count === 0) return report;
    const shown = [...this.passedOver.shown, ...left].slice(0, NAMES_SHOWN);
    const device = deviceNameOf(report);
    const reasons = shown.map((log) => `${log.name} (${whyNotThisCapture(log, device)})`);
    const more = count - shown.length;
    const logs = `${count} event log${count === 1 ? '' : 's'}`;
    return withNotice(report, {
      code: 'log-not-paired',
      severity: 'warning',
      message: `${logs} in the run ${count === 1 ? 'was' : 'were'} not read with this capture: ${reasons.join('; ')}${more > 0 ? `; and ${more} more` : ''}; ${count === 1 ? 'it is' : 'each is'} reported on its own`,
    });
  }

  /** Whether a capture announced by `preview` can take this log (the rules of `LogIndex.logsFor`). */
  private announcedCanTake(log: WaitingLog): boolean {
    const plan = this.plan;
    if (!plan || plan.total === 0) return false;
    if (log.computers.length === 0) return plan.total === 1;
    if (plan.total === 1 && plan.unnamed === 1) {
      const shorts = new Set(log.computers.map((c) => c.split('.')[0]));
      return shorts.size === 1 && log.computers.filter((c) => c.includes('.')).length <= 1;
    }
    const first = log.computers[0] ?? '';
    const candidates = plan.byShort.get(first.split('.')[0] ?? first) ?? [];
    return candidates.some((name) => log.computers.every((c) => computerNamesAgree(c, name)));
  }

  /**
   * How many event logs the run keeps: those waiting for a capture, and those read with one and
   * kept for another capture of their computer (each is let go once no capture will need it).
   */
  waiting(): number {
    return this.logs.size;
  }

  /** The run's counts so far (final after `finish`), with the inputs that failed. */
  counts(): RunCounts {
    return this.tally.counts(this.failed);
  }

  /** The inputs that failed so far (own outputs passed over are not failures). */
  failures(): InputFailure[] {
    return [...this.failed];
  }

  private failure(
    name: string,
    reason: RejectReason,
    message: string,
  ): Extract<FlowOutput, { type: 'failure' }> {
    if (reason !== 'own-output') this.failed.push({ path: name, reason: message });
    return { type: 'failure', name, reason, message };
  }

  private take(report: DeviceReport, out: FlowOutput[]): void {
    this.captures++;
    this.noteName(report);
    if (this.held === null) {
      for (const paired of this.pair([report], false)) this.emit(paired, out);
      return;
    }
    this.held.push(report);
    if (this.captures < 2) return;
    const earlier = this.held;
    this.held = null;
    for (const paired of this.pair(earlier, false)) this.emit(paired, out);
  }

  /**
   * Captures read with their device's logs. Every capture claims its logs before any report is
   * built, so each report of the batch names all the captures of the batch that share a log.
   */
  private pair(reports: readonly DeviceReport[], onlyCapture: boolean): DeviceReport[] {
    const claimed = reports.map((report) => {
      const logs = this.logs.logsFor(deviceNameOf(report), onlyCapture);
      const label = captureLabel(report.source.path, report.source.document);
      for (const log of logs) this.logs.read(log, label, NAMES_SHOWN);
      return logs;
    });
    const out = reports.map((report, i) => {
      const logs = claimed[i] ?? [];
      const paired = withLogs(
        report,
        logs.map((log) => ({ name: log.name, events: log.events })),
      );
      const shared = logs.flatMap((log) => this.sharedNotice(log, report) ?? []);
      return withNotices(paired, [...logs.flatMap((log) => log.notices), ...shared]);
    });
    // A log no other capture will read leaves the run.
    for (const log of new Set(claimed.flat())) if (this.readByAll(log)) this.logs.take(log);
    return out;
  }

  /**
   * The captures announced by `preview` that take a log (how many, the first few named); null
   * when the previews did not see every capture of the run, so they cannot be counted on.
   */
  private announcedReaders(log: WaitingLog): { count: number; shown: string[] } | null {
    const plan = this.plan;
    if (!plan || plan.total === 0 || plan.total < this.captures) return null;
    const readers = { count: 0, shown: [] as string[] };
    const first = log.computers[0];
    if (first === undefined) return readers;
    for (const name of plan.byShort.get(first.split('.')[0] ?? first) ?? []) {
      if (!log.computers.every((c) => computerNamesAgree(c, name))) continue;
      const same = plan.byName.get(name);
      if (!same) continue;
      readers.count += same.count;
      readers.shown.push(...same.shown);
    }
    return readers;
  }

  /** Whether every capture that takes the log has read it (known only after previews). */
  private readByAll(log: WaitingLog): boolean {
    const announced = this.announcedReaders(log);
    return announced !== null && log.readers.count >= announced.count;
  }

  /**
   * Says which captures share a log (`report`: the capture as it was read, before the log), and
   * what this report takes from it: the events near its own capture's attempts.
   */
  private sharedNotice(log: WaitingLog, report: DeviceReport): ReportNotice | null {
    const announced = this.announcedReaders(log);
    const count = Math.max(log.readers.count, announced?.count ?? 0);
    if (count < 2) return null;
    const shown = [...new Set([...(announced?.shown ?? []), ...log.readers.shown])].slice(0, NAMES_SHOWN);
    const more = count > shown.length ? ` and ${count - shown.length} more` : '';
    const computers = log.computers.join(', ');
    const anchored = report.capture !== null && captureAnchors(report.capture).length > 0;
    const reads = anchored
      ? 'this report counts only its events logged near this capture’s own attempts, and keeps the others as context'
      : 'this capture shows no attempt time (Previous Registration, Previous Prt Attempt), so every event of the log counts here, also those of the other captures’ attempts';
    return {
      code: 'log-shared',
      severity: 'info',
      message: `${log.name} is read with each of the ${count} captures of ${computers} in the run (${shown.join(', ')}${more}): ${reads}`,
    };
  }

  private emit(report: DeviceReport, out: FlowOutput[]): void {
    this.tally.add(report);
    out.push({ type: 'report', report });
  }

  private noteName(report: DeviceReport): void {
    const name = deviceNameOf(report);
    if (name === null) this.unnamedCaptures++;
    else if (this.captureNames.length < NAMES_SHOWN) {
      if (!this.captureNames.includes(name)) this.captureNames.push(name);
    } else if (!this.captureNames.includes(name)) this.captureNamesMore++;
  }
}

/** A capture as reports and notices name it: `after.txt`, `paste.txt (capture 2)`. */
function captureLabel(path: string, document: number): string {
  return document > 0 ? `${path} (capture ${document + 1})` : path;
}

/** A report with the notices its input gave (none: the report itself). */
function withNotices(report: DeviceReport, notices: readonly ReportNotice[] | undefined): DeviceReport {
  let out = report;
  for (const notice of notices ?? []) out = withNotice(out, notice);
  return out;
}

/** A log the run did not keep, as the capture's notice names it. */
interface PassedOver {
  name: string;
  computers: readonly string[];
}

/** Why the run's only capture did not take a log (`device`: the capture's name), in a few words. */
function whyNotThisCapture(log: PassedOver, device: string | null): string {
  if (log.computers.length > 1) return `it holds events of several computers: ${log.computers.join(', ')}`;
  const from = log.computers[0] ?? 'no computer';
  if (device === null) return `it is from ${from}, and this capture has no Device Name line to match it with`;
  return `it is from ${from}, and this capture is from ${device}`;
}

/** Why a log was not read with a capture, in one sentence. */
function whyNotPaired(
  log: WaitingLog,
  captureCount: number,
  names: { shown: readonly string[]; more: number; unnamed: number },
): ReportNotice {
  const listed = names.shown.join(', ') + (names.more > 0 ? ` and ${names.more} more` : '');
  const captures = `${captureCount} capture${captureCount === 1 ? '' : 's'}`;
  let message: string;
  if (log.computers.length === 0) {
    message = `not read with a capture: the log names no computer, and with ${captures} in the run it cannot be told which device it belongs to; pass it together with its own capture only`;
  } else if (log.computers.length > 1) {
    message = `not read with a capture: the log holds events of several computers (${log.computers.join(', ')}); a log is read with a capture only when all its events are from that device`;
  } else if (names.shown.some((name) => log.computers.every((c) => computerNamesAgree(c, name)))) {
    // A run without previews reads a log only with the captures that come after it.
    message = `not read with a capture: the log is from ${log.computers[0]}, and every capture of that computer in the run was reported before the log came; give event logs before the captures to read them together`;
  } else if (listed === '') {
    message = `not read with a capture: the log is from ${log.computers[0]}, and the ${captures} in the run name no device (no Device Name line)`;
  } else {
    message = `not read with a capture: the log is from ${log.computers[0]}, and no capture in the run is from that computer (the captures are from ${listed}${names.unnamed > 0 ? `, and ${names.unnamed} without a Device Name` : ''})`;
  }
  return { code: 'log-not-paired', severity: 'warning', message };
}

/** The device name a capture report prints, lower case (short, or an FQDN), or null. */
function deviceNameOf(report: DeviceReport): string | null {
  return nameOfKey(report.device ?? null);
}

/** A device key's name as a capture prints it, lower case (short, or an FQDN), or null. */
function nameOfKey(key: DeviceKey | null): string | null {
  if (!key?.computer) return null;
  const computer = key.computer.toLowerCase();
  // A domain with a dot came from the Device Name's DNS suffix; a NetBIOS domain is not part of it.
  return key.domain?.includes('.') ? `${computer}.${key.domain}` : computer;
}

/** Every output of a run over `inputs`, in order; the summary counts are the return value. */
export function* analyzeInputs(
  inputs: Iterable<FlowInput>,
  options: FlowOptions = {},
): Generator<FlowOutput, RunCounts> {
  const run = new FlowRun(options);
  for (const input of inputs) yield* run.add(input);
  yield* run.finish();
  return run.counts();
}

/** The same over inputs read asynchronously (files, uploads), one at a time. */
export async function* analyzeInputsAsync(
  inputs: AsyncIterable<FlowInput> | Iterable<FlowInput>,
  options: FlowOptions = {},
): AsyncGenerator<FlowOutput, RunCounts> {
  const run = new FlowRun(options);
  for await (const input of inputs) yield* run.add(input);
  yield* run.finish();
  return run.counts();
}

/**
 * One input on its own: what it is and its reports. A capture and an event export in the same
 * stream are read together; nothing is paired across inputs.
 */
export function analyzeInput(input: FlowInput, options: FlowOptions = {}): AnalyzedInput {
  const found = classify(input.bytes, input.name, options);
  if (found.kind === 'rejected') {
    return { kind: 'rejected', name: input.name, reason: found.reason, message: found.message, reports: [] };
  }
  if (found.kind === 'events') {
    const reports = [
      withNotices(eventsReport(found.events, input.name, options, found.failures), found.notices),
    ];
    return { kind: 'events', name: input.name, events: found.events, reports };
  }
  const events: EventReadResult | null = found.events;
  if (events === null) {
    const reports = linkSameDevice(
      found.captures.map((c) =>
        withNotices(captureReport(c, input.name, options, found.failures), found.notices),
      ),
    );
    return { kind: 'capture', name: input.name, text: found.text, captures: found.captures, events, reports };
  }
  // Pair the stream's own events as a run of this one input would.
  const run = new FlowRun(options);
  const paired: DeviceReport[] = [];
  for (const o of [...run.add(input), ...run.finish()]) if (o.type === 'report') paired.push(o.report);
  return {
    kind: 'capture',
    name: input.name,
    text: found.text,
    captures: found.captures,
    events,
    reports: paired,
  };
}
