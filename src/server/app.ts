/**
 * The HTTP API and the page, as one hono app: `app.request` runs it in-process (tests), and
 * `listen.ts` puts it on a socket. Every refusal goes through the problem table.
 * @module
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import { compareReports, type ReportComparison } from '../compare/index.ts';
import { buildReport } from '../flow/report.ts';
import { lookupCode } from '../knowledge/codes/index.ts';
import type { InputFailure, Report } from '../model/report.ts';
import { VERSION } from '../model/version.ts';
import { createRedactor, redactReport } from '../redact/index.ts';
import { render } from '../render/index.ts';
import { renderJson } from '../render/json.ts';
import type { DeviceDetail, FleetStore } from '../store/types.ts';
import { bearerOf, tokenMatches } from './auth.ts';
import { checkMediaType, readBody } from './body.ts';
import { SECURITY_HEADERS } from './headers.ts';
import { parseContext, parseTime } from './ingest.ts';
import { openApiDocument } from './openapi.ts';
import { isProblemReason, PROBLEMS, Problem, type ProblemReason, problemBody } from './problems.ts';
import { parseDeviceFilter, parsePage, parseStaleness, parseSummaryQuery } from './query.ts';
import { createRateLimit } from './rate.ts';
import { staticFile } from './static.ts';
import { IN_PROCESS, type JobResult, type WorkPool } from './work.ts';

export interface AppOptions {
  /** The fleet store; null serves the analysis only (fleet routes answer `no-store`). */
  store: FleetStore | null;
  /** The access token every /api request must carry; null when none is required (loopback). */
  token: string | null;
  /** The largest request body read, in bytes. */
  maxBodyBytes: number;
  /** Captures per minute one token (or one client address without a token) may post. */
  ingestPerMinute: number;
  /** Set with `--redact-at-rest`: captures are rewritten with pseudonyms under this salt before storing. */
  redactSalt: string | null;
  /** Folder of the built page; null serves the API only. */
  webRoot: string | null;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
  /** One line per failed request (never a header, never a body). */
  log?: (line: string) => void;
  /** Where bodies are read and diagnosed (worker threads); default: on the event loop. */
  pool?: WorkPool;
}

/** How many consecutive-capture diffs a device page computes (the latest ones). */
export const HISTORY_DIFFS = 20;

export function createApp(options: AppOptions): Hono {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => {});
  const ingestLimit = createRateLimit(options.ingestPerMinute);
  const pool = options.pool ?? IN_PROCESS;
  const app = new Hono();

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
  });

  app.use('/api/*', async (c, next) => {
    checkOrigin(c);
    if (options.token !== null && !tokenMatches(options.token, bearerOf(c.req.header('authorization'))))
      throw new Problem('unauthorized', undefined, { 'WWW-Authenticate': 'Bearer realm="dsreg-doctor"' });
    await next();
  });

  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));

  app.get('/api/status', async (c) =>
    c.json({
      name: 'dsreg-doctor',
      version: VERSION,
      store: options.store ? options.store.engine : null,
      redactAtRest: options.redactSalt !== null,
      maxBodyBytes: options.maxBodyBytes,
    }),
  );

  app.post('/api/analyze', async (c) => {
    checkMediaType(c.req.header('content-type'));
    const bytes = await readBody(c.req.raw, options.maxBodyBytes);
    const name = (c.req.query('name') ?? '').trim().slice(0, 260) || 'request body';
    const at = c.req.query('now');
    const time = at === undefined ? undefined : parseTime(at);
    if (time === null)
      throw new Problem('bad-request', `"now" is not a time: give an ISO time such as 2026-01-31T12:00:00Z`);
    const done = await pool.run({
      kind: 'analyze',
      name,
      bytes,
      ...(time ? { now: time } : {}),
      maxZipBytes: options.maxBodyBytes * 8,
    });
    if (!done.ok) throw jobProblem(done, log);
    if (done.kind !== 'analyze') throw new Problem('internal');
    const upload = done.upload;
    if (upload.rejected) {
      const reason = upload.rejected.reason;
      throw new Problem(
        isProblemReason(reason) ? reason : 'not-recognized',
        bodyMessage(upload.rejected.message),
      );
    }
    if (upload.report.reports.length === 0)
      throw new Problem('not-recognized', nothingRead(upload.report.failures ?? []));
    let report: Report = upload.report;
    if (flag(c.req.query('redact'))) {
      const salt = c.req.query('salt');
      report = redactReport(report, createRedactor(salt ? { salt } : {}));
    }
    const format = c.req.query('format') ?? 'json';
    if (format === 'json')
      return c.body(renderJson(report), 200, { 'Content-Type': 'application/json; charset=utf-8' });
    if (format === 'html')
      return c.body(render(report, 'html'), 200, { 'Content-Type': 'text/html; charset=utf-8' });
    if (format === 'markdown')
      return c.body(render(report, 'markdown'), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
    if (format === 'text')
      return c.body(render(report, 'text'), 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    throw new Problem(
      'bad-request',
      `format "${format.slice(0, 40)}" is not one of json, html, markdown, text`,
    );
  });

  app.post('/api/captures', async (c) => {
    const store = storeOf(options);
    const key = options.token ?? clientAddress(c);
    const wait = ingestLimit.take(key, now().getTime());
    if (wait !== null) throw new Problem('rate-limited', undefined, { 'Retry-After': String(wait) });
    checkMediaType(c.req.header('content-type'));
    const context = parseContext(c.req.header('x-capture-context'));
    if (context === null)
      throw new Problem('bad-request', 'X-Capture-Context must be one of system, elevated, user, unknown');
    const capturedAt = parseTime(c.req.header('x-captured-at'));
    if (capturedAt === null)
      throw new Problem(
        'bad-request',
        'X-Captured-At is not a time: send an ISO time such as 2026-01-31T12:00:00Z',
      );
    const bytes = await readBody(c.req.raw, options.maxBodyBytes);
    const ingestedAt = now().toISOString();
    const deviceName = c.req.header('x-device-name')?.trim().slice(0, 255) || null;
    const done = await pool.run({
      kind: 'ingest',
      bytes,
      meta: {
        deviceName,
        context,
        capturedAt: capturedAt ?? null,
        fileName: c.req.header('x-file-name')?.trim().slice(0, 260) || `${deviceName ?? 'device'} (posted)`,
      },
      ingestedAt,
      redactSalt: options.redactSalt,
    });
    if (!done.ok) throw jobProblem(done, log);
    if (done.kind !== 'ingest') throw new Problem('internal');
    const { captures, problems, notes } = done.prepared;
    let outcomes: Awaited<ReturnType<FleetStore['ingest']>>;
    try {
      outcomes = await store.ingest(captures, ingestedAt);
    } catch (error) {
      log(`ingest failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new Problem('store-failed');
    }
    const stored = outcomes.filter((o) => o === 'stored').length;
    return c.json(
      {
        stored,
        duplicates: outcomes.length - stored,
        captures: captures.map((capture, i) => ({
          deviceKey: capture.deviceKey,
          outcome: outcomes[i] ?? 'stored',
          capturedAt: capture.capturedAt,
          joinState: capture.joinState,
          health: capture.health,
          failedPhase: capture.failedPhase,
          errorCode: capture.errorCode,
          summary: capture.summary,
        })),
        // What in the body was not kept, and what was kept with a caveat: never dropped silently.
        ...(problems.length > 0 ? { notKept: problems } : {}),
        ...(notes.length > 0 ? { notes } : {}),
      },
      stored > 0 ? 201 : 200,
    );
  });

  app.get('/api/fleet/summary', async (c) => {
    const store = storeOf(options);
    const query = parseSummaryQuery(c.req.queries(), now().toISOString());
    return c.json(await storeCall(() => store.summary(query), log));
  });

  app.get('/api/devices', async (c) => {
    const store = storeOf(options);
    const filter = parseDeviceFilter(c.req.queries(), now().toISOString());
    return c.json(await storeCall(() => store.devices(filter), log));
  });

  app.get('/api/entra/not-captured', async (c) => {
    const store = storeOf(options);
    const page = parsePage(c.req.queries());
    return c.json(await storeCall(() => store.notCaptured(page), log));
  });

  app.get('/api/devices/:id', async (c) => {
    const store = storeOf(options);
    const id = c.req.param('id');
    const judge = { now: now().toISOString(), staleness: parseStaleness(c.req.queries()) };
    const detail = await storeCall(() => store.device(id, judge), log);
    if (!detail)
      throw new Problem(
        'not-found',
        `no device "${id.slice(0, 120)}" in the store: list devices with GET /api/devices`,
      );
    return c.json(await withChanges(detail, store, pool, log));
  });

  app.get('/api/explain/:code', (c) => {
    const lookup = lookupCode(c.req.param('code'));
    if (lookup.form === 'unrecognized') throw new Problem('not-a-code');
    return c.json(lookup);
  });

  // A known API path asked with another method: 405 with what it allows.
  const allowed: Record<string, string> = {
    '/api/openapi.json': 'GET',
    '/api/status': 'GET',
    '/api/analyze': 'POST',
    '/api/captures': 'POST',
    '/api/fleet/summary': 'GET',
    '/api/devices': 'GET',
    '/api/devices/:id': 'GET',
    '/api/entra/not-captured': 'GET',
    '/api/explain/:code': 'GET',
  };
  for (const [path, allow] of Object.entries(allowed)) {
    app.all(path, () => {
      throw new Problem('method-not-allowed', `${path} accepts ${allow} only`, { Allow: allow });
    });
  }

  app.all('/api/*', () => {
    throw new Problem('not-found');
  });

  app.get('*', async (c) => {
    if (options.webRoot === null)
      return c.text('This server serves the API only: see /api/openapi.json\n', 404);
    const file = await staticFile(options.webRoot, c.req.path);
    if (!file) return c.text('Not found\n', 404);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.type,
      'Cache-Control': file.cache,
    });
  });

  app.onError((error, c) => {
    const problem = error instanceof Problem ? error : new Problem('internal');
    if (!(error instanceof Problem))
      log(`${c.req.method} ${c.req.path}: ${error instanceof Error ? error.message : String(error)}`);
    return answer(c, problem.reason, problem.message, problem.headers);
  });

  return app;
}

function answer(
  c: Context,
  reason: ProblemReason,
  message: string,
  headers: Readonly<Record<string, string>>,
): Response {
  const response = c.json(problemBody(reason, message), PROBLEMS[reason].status);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  response.headers.set('Cache-Control', 'no-store');
  return response;
}

function storeOf(options: AppOptions): FleetStore {
  if (!options.store) throw new Problem('no-store');
  return options.store;
}

async function storeCall<T>(call: () => Promise<T>, log: (line: string) => void): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof Problem) throw error;
    log(`store failed: ${error instanceof Error ? error.message : String(error)}`);
    throw new Problem('store-failed', 'the fleet store could not answer: try again; the server log says why');
  }
}

/**
 * A request made by a web page of another origin (its `Origin` or `Sec-Fetch-Site` says so) is
 * refused: a page elsewhere must not post into the store or read it through the user's browser.
 */
function checkOrigin(c: Context): void {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new Problem('forbidden');
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return;
  const host = c.req.header('host');
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new Problem('forbidden');
  }
  if (host === undefined || originHost.toLowerCase() !== host.toLowerCase()) throw new Problem('forbidden');
}

function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** A job's refusal as the route's problem; an internal failure is logged with its detail. */
function jobProblem(result: Extract<JobResult, { ok: false }>, log: (line: string) => void): Problem {
  if (result.reason === 'internal') {
    log(`analysis failed: ${result.message}`);
    return new Problem('internal');
  }
  return new Problem(result.reason, result.message);
}

function nothingRead(failures: readonly InputFailure[]): string {
  const first = failures[0];
  if (!first) return 'the archive holds no files: put the `dsregcmd /status` output or event logs in it';
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more entries could not be read)` : '';
  return `nothing in the archive could be read: ${first.path}: ${first.reason}${more}`;
}

/** The core speaks of "the file"; over HTTP it is the request body. */
function bodyMessage(message: string): string {
  return message
    .replace(/^the file is empty/, 'the request body is empty')
    .replace(/into the file and pass that/, 'and send that as the request body');
}

function flag(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', ''].includes(value.toLowerCase());
}

/** One change between two consecutive captures of a device. */
export interface HistoryChange {
  before: number;
  after: number;
  comparison: ReportComparison;
}

/** The device with its latest report (re-read from the stored text) and the diffs of its latest captures. */
async function withChanges(
  detail: DeviceDetail,
  store: FleetStore,
  pool: WorkPool,
  log: (line: string) => void,
): Promise<DeviceDetail & { latest: Report | null; changes: HistoryChange[]; changesOmitted: number }> {
  const history = detail.history;
  const from = Math.max(0, history.length - 1 - HISTORY_DIFFS);
  const recent = history.slice(from);
  // The stored texts read again (the store keeps verdicts and findings, not the whole model),
  // off the event loop like any other reading.
  const texts = await Promise.all(
    recent.map(async (h) => ({
      name: `${h.source} (${h.capturedAt})`,
      text: await storeCall(() => store.captureText(h.captureId), log),
    })),
  );
  const done = await pool.run({ kind: 'reread', texts });
  if (!done.ok) throw jobProblem(done, log);
  if (done.kind !== 'reread') throw new Problem('internal');
  const reports = done.reports;
  const changes: HistoryChange[] = [];
  for (let i = 1; i < recent.length; i++) {
    const before = reports[i - 1];
    const after = reports[i];
    if (before && after)
      changes.push({
        before: recent[i - 1]!.captureId,
        after: recent[i]!.captureId,
        comparison: compareReports(before, after),
      });
  }
  const latest = reports.at(-1) ?? null;
  return { ...detail, latest: latest ? buildReport([latest]) : null, changes, changesOmitted: from };
}
