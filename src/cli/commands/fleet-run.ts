/**
 * `fleet ingest|import-entra|report|devices|device`: the fleet store. The store is a SQLite file
 * by default (`--db fleet.db`, or `DSREG_DOCTOR_DB`), or PostgreSQL with `--db postgres://…`.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { analyzeBytes } from '../../analyze.ts';
import { compareReports, type ReportComparison } from '../../compare/index.ts';
import { isAdCertificateReport, readAdCertificateReport } from '../../fleet/ad.ts';
import { readEntra } from '../../fleet/entra.ts';
import type { UnitProblem, UnitResult } from '../../fleet/ingest.ts';
import { ISSUE_ORDER, STALE_FLOOR_DAYS } from '../../fleet/join.ts';
import {
  devicesCsvHeader,
  devicesCsvRows,
  devicesText,
  FLEET_DEVICES_SCHEMA,
  FLEET_NOT_CAPTURED_SCHEMA,
  notCapturedCsvHeader,
  notCapturedCsvRows,
  notCapturedText,
  redactNotCapturedRow,
  redactRow,
  renderDevice,
  renderSummary,
  type SummaryFormat,
} from '../../fleet/render.ts';
import { HEALTHS, JOIN_STATES, PHASES } from '../../model/vocabulary.ts';
import { createRedactor } from '../../redact/index.ts';
import { DEFAULT_DB, describeLocation, openStore } from '../../store/open.ts';
import type {
  AdComputerRecord,
  BulkOptions,
  CaptureInput,
  DeviceFilter,
  DeviceRow,
  EntraIssue,
  EntraRecord,
  FleetStore,
  NotCapturedRow,
  StaleOptions,
} from '../../store/types.ts';
import { ExitCode, InputError, RunOutcome, UsageError } from '../errors.ts';
import { createRunner, defaultThreads } from '../fleet/pool.ts';
import { type Unit, walkUnits } from '../fleet/walk.ts';
import { formatFromOutput } from '../output.ts';
import type { Io } from './analyze.ts';

export interface DbOptions {
  db?: string;
}

function location(options: DbOptions): string {
  return options.db ?? process.env.DSREG_DOCTOR_DB ?? DEFAULT_DB;
}

async function withStore<T>(options: DbOptions, fn: (store: FleetStore) => Promise<T>): Promise<T> {
  const where = location(options);
  let store: FleetStore;
  try {
    store = await openStore(where);
  } catch (error) {
    throw new InputError(
      describeLocation(where),
      `the fleet store cannot be opened (${(error as Error).message}): check --db or DSREG_DOCTOR_DB`,
    );
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function isoNow(value: string | undefined, flag = '--now'): string {
  if (value === undefined) return new Date().toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new UsageError(
      `${flag} needs a date or time such as 2026-11-30 or 2026-11-30T08:00:00Z, not '${value}'`,
    );
  return new Date(t).toISOString();
}

function intOption(
  value: string | undefined,
  flag: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} needs a whole number from ${min} to ${max}, not '${value}'`);
  return n;
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not '${value}'`);
  return value as T;
}

function listOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
): T[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((v) => oneOf(v.trim(), allowed, flag) as T);
}

/** The staleness flags of `report`, `devices` and `device`. */
export interface StaleFlags {
  staleDays?: string;
  vdiStaleDays?: string;
  vdiPrefix?: string[];
}

/**
 * The staleness thresholds asked for. A general threshold under 21 days is refused: Entra
 * refreshes the activity timestamp only every 14 days (±5), so a younger one says nothing.
 */
export function stalenessOf(options: StaleFlags): StaleOptions {
  const asked = options.staleDays === undefined ? undefined : Number(options.staleDays);
  if (asked !== undefined && Number.isInteger(asked) && asked >= 1 && asked < STALE_FLOOR_DAYS)
    throw new UsageError(
      `--stale-days must be ${STALE_FLOOR_DAYS} or more: Entra refreshes the activity timestamp only every 14 days (±5), so a younger one says nothing, not '${options.staleDays}'`,
    );
  const staleDays = intOption(options.staleDays, '--stale-days', STALE_FLOOR_DAYS, 3650, 90);
  const vdiStaleDays = intOption(options.vdiStaleDays, '--vdi-stale-days', 1, 3650, 15);
  const out: StaleOptions = { staleDays, vdiStaleDays };
  if (options.vdiPrefix !== undefined) {
    const prefixes = options.vdiPrefix.flatMap((p) => p.split(',')).map((p) => p.trim());
    if (prefixes.some((p) => p === ''))
      throw new UsageError('--vdi-prefix needs a name prefix such as NPVDI-, not an empty value');
    out.vdiPrefixes = prefixes;
  }
  return out;
}

export interface IngestOptions extends DbOptions {
  threads?: string;
  batch: string;
  /** `auto` (default), `always` or `never`: see {@link DEFER_INDEXES}. */
  deferIndexes?: string;
  now?: string;
  redactAtRest?: boolean;
  redactSalt?: string;
  format?: string;
}

/**
 * When an ingest drops the indexes only queries use and rebuilds them at its end: once it has
 * stored as many captures as the store held (at least 50,000), from the start, or never.
 */
const DEFER_INDEXES: Record<'auto' | 'always' | 'never', BulkOptions> = {
  auto: {},
  always: { deferIndexesAfter: 0 },
  never: { deferIndexesAfter: Number.POSITIVE_INFINITY },
};

/** Units per message to a worker, and the bytes that close a group early (large files, archives). */
const GROUP_UNITS = 64;
const GROUP_BYTES = 4 * 1024 * 1024;
/** The bytes of input in flight to the workers at most. */
const WINDOW_BYTES = 64 * 1024 * 1024;

export async function ingestCommand(paths: string[], options: IngestOptions, io: Io): Promise<void> {
  const ingestedAt = isoNow(options.now);
  const threads = intOption(options.threads, '--threads', 0, 64, defaultThreads());
  const batchSize = intOption(options.batch, '--batch', 1, 10_000, 2000);
  const format = oneOf(
    options.format ?? (io.out.isTerminal ? 'text' : 'json'),
    ['text', 'json'] as const,
    '--format',
  );
  const salt = options.redactSalt ?? process.env.DSREG_DOCTOR_REDACT_KEY;
  if (options.redactAtRest && !salt) {
    throw new UsageError(
      '--redact-at-rest needs a key for the pseudonyms: --redact-salt or DSREG_DOCTOR_REDACT_KEY',
    );
  }
  // Every unreadable input is counted; the first 10,000 are listed (memory stays flat).
  const failures: UnitProblem[] = [];
  let unreadable = 0;
  const fail = (p: UnitProblem) => {
    unreadable++;
    if (failures.length < 10_000) failures.push(p);
  };
  const notes: UnitProblem[] = [];
  let stored = 0;
  let duplicates = 0;
  let files = 0;
  let eventFiles = 0;
  const started = Date.now();
  const defer = oneOf(options.deferIndexes, ['auto', 'always', 'never'] as const, '--defer-indexes');
  const bulk = DEFER_INDEXES[defer ?? 'auto'];
  await withStore(options, (store) =>
    store.bulk(async () => {
      const runner = createRunner(threads, {
        ingestedAt,
        ...(options.redactAtRest && salt ? { redactKey: salt } : {}),
      });
      const progress = await startProgress(io);
      let batch: CaptureInput[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        const outcomes = await store.ingest(batch, ingestedAt);
        for (const o of outcomes) o === 'stored' ? stored++ : duplicates++;
        batch = [];
      };
      // Units go to the workers in groups (one message for many files). Writing a batch blocks this
      // thread, so nothing is sent meanwhile: a batch's worth of units stays in flight for the
      // workers to keep reading through a write. The window's units and bytes bound what is held
      // (memory stays flat however large the fleet).
      const inflight: Array<{ results: Promise<UnitResult[]>; units: number; bytes: number }> = [];
      const windowUnits = Math.max(
        Math.max(4, runner.threads * 8) * GROUP_UNITS,
        runner.threads > 0 ? batchSize : 0,
      );
      let inflightUnits = 0;
      let inflightBytes = 0;
      let group: Unit[] = [];
      let groupBytes = 0;
      const send = () => {
        if (group.length === 0) return;
        inflight.push({ results: runner.runMany(group), units: group.length, bytes: groupBytes });
        inflightUnits += group.length;
        inflightBytes += groupBytes;
        group = [];
        groupBytes = 0;
      };
      const take = async () => {
        const oldest = inflight.shift();
        if (!oldest) return;
        const results = await oldest.results;
        inflightUnits -= oldest.units;
        inflightBytes -= oldest.bytes;
        for (const result of results) {
          for (const p of result.problems) fail(p);
          notes.push(...result.notes.slice(0, Math.max(0, 1000 - notes.length)));
          eventFiles += result.eventFiles;
          for (const c of result.captures) batch.push(c);
          if (batch.length >= batchSize) await flush();
        }
        progress?.update(stored + duplicates + batch.length, unreadable);
      };
      try {
        for await (const unit of walkUnits(paths, fail)) {
          files += unit.files.length;
          group.push(unit);
          for (const f of unit.files) groupBytes += f.bytes.length;
          if (group.length >= GROUP_UNITS || groupBytes >= GROUP_BYTES) send();
          while (inflightUnits >= windowUnits || inflightBytes >= WINDOW_BYTES) await take();
        }
        send();
        while (inflight.length > 0) await take();
        await flush();
      } finally {
        progress?.stop();
        await runner.close();
      }
    }, bulk),
  );
  const seconds = (Date.now() - started) / 1000;
  const summary = {
    schema: 'dsreg-doctor.fleet-ingest/1',
    store: describeLocation(location(options)),
    files,
    eventFiles,
    stored,
    duplicates,
    unreadable,
    seconds: Math.round(seconds * 10) / 10,
    perSecond: seconds > 0 ? Math.round((stored + duplicates) / seconds) : null,
    failures,
    notes,
  };
  if (format === 'json') await io.out.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const lines = [
      `Ingested into ${summary.store}: ${stored} stored, ${duplicates} already there, ${unreadable} unreadable (${files} files, ${eventFiles} event exports, ${summary.seconds} s)`,
    ];
    const lossy = notes.filter((n) => /^(json|hashtable|osquery|remediation|csv)/.test(n.reason)).length;
    if (lossy > 0)
      lines.push(
        `${lossy} capture(s) came in a lossy shape: their confidence is lowered (see --format json for each)`,
      );
    for (const f of failures.slice(0, 50)) lines.push(`  unreadable: ${f.path}: ${f.reason}`);
    if (unreadable > 50)
      lines.push(`  … and ${unreadable - 50} more (the first 10,000 are listed with --format json)`);
    for (const n of notes
      .filter((n) => !/^(json|hashtable|osquery|remediation|csv)/.test(n.reason))
      .slice(0, 20)) {
      lines.push(`  note: ${n.path}: ${n.reason}`);
    }
    await io.out.write(`${lines.join('\n')}\n`);
  }
  await io.out.close();
  if (unreadable > 0) throw new RunOutcome(ExitCode.usage);
}

interface Progress {
  update(done: number, failed: number): void;
  stop(): void;
}

/** One line of progress on a terminal (count, rate, elapsed); nothing when stderr is a pipe. */
async function startProgress(_io: Io): Promise<Progress | null> {
  if (!process.stderr.isTTY) return null;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      format: 'ingest {value} captures | {rate}/s | {failed} unreadable | {duration_formatted}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(0, 0, { rate: 0, failed: 0 });
  return {
    update(done, failed) {
      const secs = (Date.now() - started) / 1000;
      bar.setTotal(done);
      bar.update(done, { rate: secs > 0 ? Math.round(done / secs) : 0, failed });
    },
    stop() {
      bar.stop();
    },
  };
}

export async function importEntraCommand(
  files: string[],
  options: DbOptions & { now?: string },
  io: Io,
): Promise<void> {
  const now = isoNow(options.now);
  const records: EntraRecord[] = [];
  const computers: AdComputerRecord[] = [];
  const problems: string[] = [];
  const dialects: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      const bytes = await readFile(file);
      const { decodeBytes } = await import('../../input/decode.ts');
      text = decodeBytes(new Uint8Array(bytes)).text;
    } catch (error) {
      problems.push(
        `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}): check the path`,
      );
      continue;
    }
    if (isAdCertificateReport(text)) {
      // Entra Connect's certificate report: the AD side of the hybrid join, told by its header.
      const ad = readAdCertificateReport(text, file);
      dialects.push(`${file}: Entra Connect certificate report, ${ad.records.length} computers`);
      for (const p of ad.problems) problems.push(`${file}: ${p}`);
      computers.push(...ad.records);
      continue;
    }
    const result = readEntra(text, file);
    if (result.dialect) dialects.push(`${file}: ${result.dialect}, ${result.records.length} objects`);
    for (const p of result.problems) problems.push(`${file}: ${p}`);
    records.push(...result.records);
  }
  if (records.length === 0 && computers.length === 0) {
    for (const p of problems) io.warn(`dsreg-doctor: ${p}`);
    throw new InputError(
      files.join(', '),
      'no Entra device objects found: pass the portal "Download devices" CSV, Graph /devices JSON or Entra Connect\'s certificate report',
    );
  }
  const lines = await withStore(options, async (store) => {
    const out: string[] = [];
    if (records.length > 0) {
      const result = await store.importEntra(records, now);
      out.push(`Imported ${result.stored} Entra objects; ${result.devicesJoined} devices joined.`);
    }
    if (computers.length > 0) {
      const result = await store.importAd(computers, now);
      out.push(
        `Imported ${result.stored} AD computers from the certificate report; ${result.devicesJoined} devices joined.`,
      );
    }
    return out;
  });
  await io.out.write(`${[...dialects, ...lines, ...problems.map((p) => `  problem: ${p}`)].join('\n')}\n`);
  await io.out.close();
  if (problems.length > 0) throw new RunOutcome(ExitCode.usage);
}

export interface ReportOptions extends DbOptions, StaleFlags {
  format?: string;
  since?: string;
  now?: string;
  top: string;
  output?: string;
}

export async function reportCommand(options: ReportOptions, io: Io): Promise<void> {
  const format =
    formatFromOutput(
      oneOf(options.format, ['text', 'json', 'markdown', 'html'] as const, '--format'),
      ['text', 'json', 'markdown', 'html'] as const,
      io.out,
    ) ?? (io.out.isTerminal ? 'text' : 'json');
  const now = isoNow(options.now);
  const since = options.since === undefined ? undefined : isoNow(options.since, '--since');
  const top = intOption(options.top, '--top', 1, 100, 10);
  const staleness = stalenessOf(options);
  const summary = await withStore(options, (store) =>
    store.summary({ now, top, staleness, ...(since ? { since } : {}) }),
  );
  await io.out.write(renderSummary(summary, format as SummaryFormat));
  await io.out.close();
}

export interface DevicesOptions extends DbOptions, StaleFlags {
  state?: string;
  notCaptured?: boolean;
  now?: string;
  health?: string;
  code?: string;
  phase?: string;
  stale?: boolean;
  pending?: boolean;
  issue?: string;
  since?: string;
  limit?: string;
  after?: string;
  format?: string;
  redact?: boolean;
  output?: string;
}

/** The Entra findings a captured device can carry (`not-captured` is an Entra object with no device). */
const ISSUES: EntraIssue[] = ISSUE_ORDER.filter((issue) => issue !== 'not-captured');

export async function devicesCommand(options: DevicesOptions, io: Io): Promise<void> {
  const format =
    formatFromOutput(
      oneOf(options.format, ['text', 'json', 'csv'] as const, '--format'),
      ['text', 'json', 'csv'] as const,
      io.out,
    ) ?? (io.out.isTerminal ? 'text' : 'json');
  const staleness = stalenessOf(options);
  const now = isoNow(options.now);
  if (options.notCaptured) {
    const others = (
      ['state', 'health', 'code', 'phase', 'stale', 'pending', 'issue', 'since'] as const
    ).filter((k) => options[k] !== undefined);
    if (others.length > 0)
      throw new UsageError(
        `--not-captured lists Entra objects, not devices: it takes no other filter (got --${others[0]})`,
      );
    await notCapturedList(options, format as 'text' | 'json' | 'csv', io);
    return;
  }
  const filter: DeviceFilter = { now, staleness };
  const state = listOf(options.state, JOIN_STATES, '--state');
  if (state) filter.state = state;
  const health = listOf(options.health, HEALTHS, '--health');
  if (health) filter.health = health;
  if (options.code) filter.code = options.code;
  const phase = oneOf(options.phase, PHASES, '--phase');
  if (phase) filter.phase = phase;
  if (options.stale) filter.stale = true;
  if (options.pending) filter.pending = true;
  const issue = oneOf(options.issue, ISSUES, '--issue');
  if (issue) filter.issue = issue;
  if (options.since) filter.since = isoNow(options.since, '--since');
  filter.limit = intOption(options.limit, '--limit', 1, 1000, 1000);
  const redactor = options.redact ? createRedactor({ salt: process.env.DSREG_DOCTOR_REDACT_KEY }) : null;
  const listing: Listing<DeviceRow> = {
    schema: FLEET_DEVICES_SCHEMA,
    key: 'devices',
    csvHeader: devicesCsvHeader,
    csvRows: devicesCsvRows,
    text: devicesText,
    none: 'No devices match.',
  };
  await withStore(options, (store) =>
    writePages(listing, format as 'text' | 'json' | 'csv', options, io, async (after) => {
      const page = await store.devices(after === undefined ? filter : { ...filter, after });
      const rows = redactor ? page.devices.map((d) => redactRow(d, redactor)) : page.devices;
      return { rows, next: page.next };
    }),
  );
  await io.out.close();
}

/** How one kind of row is listed, page after page, in each format. */
interface Listing<T> {
  schema: string;
  /** The JSON array's name. */
  key: string;
  csvHeader(): string;
  csvRows(rows: T[]): string;
  text(rows: T[], header: boolean): string;
  /** The text when nothing matched. */
  none: string;
}

/**
 * Writes the pages `fetch` gives from `--after` on (only the first when `--limit` is given) as
 * CSV, one JSON document (`{schema, <key>: [...], count, next}`) or text, each page as it comes.
 */
async function writePages<T>(
  listing: Listing<T>,
  format: 'text' | 'json' | 'csv',
  paging: { limit?: string; after?: string },
  io: Io,
  fetch: (after: string | undefined) => Promise<{ rows: T[]; next: string | null }>,
): Promise<void> {
  const single = paging.limit !== undefined;
  let count = 0;
  let next: string | null = null;
  let after = paging.after || undefined;
  if (format === 'csv') await io.out.write(listing.csvHeader());
  if (format === 'json') await io.out.write(`{"schema":"${listing.schema}","${listing.key}":[`);
  for (;;) {
    const page = await fetch(after);
    if (format === 'csv') await io.out.write(listing.csvRows(page.rows));
    else if (format === 'json') {
      for (const [i, r] of page.rows.entries())
        await io.out.write(`${count + i === 0 ? '\n' : ',\n'}${JSON.stringify(r)}`);
    } else await io.out.write(listing.text(page.rows, count === 0));
    count += page.rows.length;
    next = page.next;
    if (single || !next) break;
    after = next;
  }
  if (format === 'json')
    await io.out.write(`\n],"count":${count},"next":${single && next ? JSON.stringify(next) : 'null'}}\n`);
  if (format === 'text' && count === 0) await io.out.write(`${listing.none}\n`);
}

/** `fleet devices --not-captured`: the Entra objects no stored capture matches, as the store holds now. */
async function notCapturedList(
  options: DevicesOptions,
  format: 'text' | 'json' | 'csv',
  io: Io,
): Promise<void> {
  const limit = intOption(options.limit, '--limit', 1, 1000, 1000);
  const redactor = options.redact ? createRedactor({ salt: process.env.DSREG_DOCTOR_REDACT_KEY }) : null;
  const listing: Listing<NotCapturedRow> = {
    schema: FLEET_NOT_CAPTURED_SCHEMA,
    key: 'objects',
    csvHeader: notCapturedCsvHeader,
    csvRows: notCapturedCsvRows,
    text: notCapturedText,
    none: 'Every Entra object has a capture.',
  };
  await withStore(options, (store) =>
    writePages(listing, format, options, io, async (after) => {
      const page = await store.notCaptured(after === undefined ? { limit } : { limit, after });
      const rows = redactor ? page.objects.map((o) => redactNotCapturedRow(o, redactor)) : page.objects;
      return { rows, next: page.next };
    }),
  );
  await io.out.close();
}

export interface DeviceOptions extends DbOptions, StaleFlags {
  format?: string;
  output?: string;
  redact?: boolean;
  now?: string;
}

export async function deviceCommand(id: string, options: DeviceOptions, io: Io): Promise<void> {
  const format =
    formatFromOutput(
      oneOf(options.format, ['text', 'json', 'markdown'] as const, '--format'),
      ['text', 'json', 'markdown'] as const,
      io.out,
    ) ?? (io.out.isTerminal ? 'text' : 'json');
  const staleness = stalenessOf(options);
  const now = isoNow(options.now);
  await withStore(options, async (store) => {
    const detail = await store.device(id, { now, staleness });
    if (!detail) {
      throw new InputError(
        id,
        'no such device in the store: give a device key, an Entra device ID or a computer name (see `fleet devices`)',
      );
    }
    const diffs: Array<ReportComparison | null> = [null];
    let previous: ReturnType<typeof analyzeBytes>['reports'][number] | null = null;
    for (const [i, entry] of detail.history.entries()) {
      const text = await store.captureText(entry.captureId);
      const report =
        text === null
          ? null
          : (analyzeBytes(new TextEncoder().encode(text), { path: entry.source, now: entry.capturedAt })
              .reports[0] ?? null);
      if (i > 0) diffs.push(previous && report ? compareReports(previous, report) : null);
      previous = report;
    }
    let out = renderDevice(detail, diffs, format as 'text' | 'json' | 'markdown');
    if (options.redact) {
      const redactor = createRedactor({ salt: process.env.DSREG_DOCTOR_REDACT_KEY });
      const d = detail.device;
      if (d.computer) redactor.learn('device', d.computer);
      if (d.domain) redactor.learn('domain', d.domain);
      for (const e of detail.entra) if (e.displayName) redactor.learn('device', e.displayName);
      out =
        format === 'json'
          ? `${JSON.stringify(JSON.parse(out), (_k, v) => (typeof v === 'string' ? redactor.text(v) : v), 2)}\n`
          : redactor.text(out);
    }
    await io.out.write(out);
  });
  await io.out.close();
}
