/**
 * The fleet store over SQL, the same schema, statements and results on SQLite and PostgreSQL:
 * an engine adapter supplies a {@link SqlDriver} (a connection that runs `?`-placeholder SQL),
 * this module does the rest. Pure: no engine import here.
 * @module
 */

import { compactFinding, decompressText } from '../fleet/capture.ts';
import {
  adHasCertificate,
  ISSUE_ORDER,
  isStale,
  joinDevice,
  matchAd,
  nameKey,
  staleThresholds,
} from '../fleet/join.ts';
import {
  addDelta,
  assembleSummary,
  movementOf,
  type RollupDelta,
  type RollupDevice,
} from '../fleet/rollup.ts';
import type {
  AdComputerRecord,
  AdImportResult,
  BulkOptions,
  CaptureInput,
  DeviceDetail,
  DeviceFilter,
  DeviceOptions,
  DevicePage,
  DeviceRow,
  EntraImportResult,
  EntraRecord,
  FleetStore,
  FleetSummary,
  HistoryEntry,
  IngestOutcome,
  NotCapturedPage,
  NotCapturedRow,
  StaleOptions,
  StoreStats,
  SummaryOptions,
} from './types.ts';

export type SqlValue = string | number | null | Uint8Array;
export type SqlRow = Record<string, unknown>;

/** One connection to an engine. SQL uses `?` placeholders; the driver maps them. */
export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  readonly engine: FleetStore['engine'];
  all(sql: string, params?: SqlValue[]): Promise<SqlRow[]>;
  run(sql: string, params?: SqlValue[]): Promise<void>;
  /**
   * Runs a one-row statement once per row of parameters, in order. SQLite has it: a statement
   * that writes one row needs no statement journal, where one that writes many rows copies every
   * page it touches there first. Without it, rows go as multi-row statements (one round trip).
   */
  runEach?(sql: string, rows: SqlValue[][]): Promise<void>;
  /** Runs statements separated by `;` with no parameters. */
  exec(sql: string): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Bytes of the whole database, when the engine tells. */
  size(): Promise<number | null>;
  close(): Promise<void>;
}

interface Migration {
  version: number;
  sql: (d: SqlDriver['dialect']) => string;
}

/** Versioned migrations; a store applies the ones it has not seen, each in one transaction. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: (d) => {
      const id = d === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY';
      const blob = d === 'sqlite' ? 'BLOB' : 'BYTEA';
      const real = d === 'sqlite' ? 'REAL' : 'DOUBLE PRECISION';
      const big = d === 'sqlite' ? 'INTEGER' : 'BIGINT';
      return `
CREATE TABLE captures (
  id ${id},
  content_hash TEXT NOT NULL UNIQUE,
  device_key TEXT NOT NULL,
  captured_at TEXT NOT NULL,
  captured_at_source TEXT NOT NULL,
  ingested_at TEXT NOT NULL,
  source TEXT NOT NULL,
  shape TEXT NOT NULL,
  lossy TEXT NOT NULL,
  context TEXT NOT NULL,
  join_state TEXT NOT NULL,
  health TEXT NOT NULL,
  failed_phase TEXT,
  error_code TEXT,
  sub_error_code TEXT,
  summary TEXT NOT NULL,
  confidence TEXT NOT NULL,
  confidence_score ${real} NOT NULL,
  findings TEXT NOT NULL,
  events TEXT,
  raw ${blob} NOT NULL,
  raw_size INTEGER NOT NULL
);
CREATE INDEX captures_device ON captures (device_key, captured_at);
CREATE TABLE devices (
  device_key TEXT PRIMARY KEY,
  key_kind TEXT NOT NULL,
  tenant_id TEXT,
  device_id TEXT,
  computer TEXT,
  computer_lc TEXT,
  domain TEXT,
  captures INTEGER NOT NULL,
  first_captured_at TEXT NOT NULL,
  last_captured_at TEXT NOT NULL,
  latest_hash TEXT NOT NULL,
  captured_at_source TEXT NOT NULL,
  context TEXT NOT NULL,
  shape TEXT NOT NULL,
  join_state TEXT NOT NULL,
  workplace_joined INTEGER,
  health TEXT NOT NULL,
  failed_phase TEXT,
  error_code TEXT,
  sub_error_code TEXT,
  summary TEXT NOT NULL,
  confidence TEXT NOT NULL,
  prt INTEGER,
  whfb_ready INTEGER,
  tpm_protected INTEGER,
  domain_joined INTEGER,
  thumbprint TEXT,
  os_version TEXT,
  codes TEXT NOT NULL,
  finding_ids TEXT NOT NULL,
  movement TEXT NOT NULL,
  entra_object_id TEXT,
  entra_trust_type TEXT,
  entra_last_sign_in TEXT,
  entra_issues TEXT NOT NULL,
  pending INTEGER NOT NULL,
  stale INTEGER NOT NULL
);
CREATE INDEX devices_health ON devices (health, device_key);
CREATE INDEX devices_state ON devices (join_state, device_key);
CREATE INDEX devices_phase ON devices (failed_phase, device_key);
CREATE INDEX devices_pending ON devices (pending, device_key);
CREATE INDEX devices_stale ON devices (stale, device_key);
CREATE INDEX devices_last ON devices (last_captured_at);
CREATE INDEX devices_device_id ON devices (device_id);
CREATE INDEX devices_computer ON devices (computer_lc);
CREATE TABLE device_codes (
  code TEXT NOT NULL,
  device_key TEXT NOT NULL,
  PRIMARY KEY (code, device_key)
);
CREATE INDEX device_codes_device ON device_codes (device_key);
CREATE TABLE entra (
  object_key TEXT PRIMARY KEY,
  device_id TEXT,
  name_lc TEXT,
  record TEXT NOT NULL
);
CREATE INDEX entra_device_id ON entra (device_id);
CREATE INDEX entra_name ON entra (name_lc);
CREATE TABLE rollup (
  dim TEXT NOT NULL,
  key TEXT NOT NULL,
  devices ${big} NOT NULL,
  PRIMARY KEY (dim, key)
)`;
    },
  },
  {
    // Staleness judged when asked (from the kept activity timestamp and the name), Entra objects
    // marked once a device matches them, and the AD side of the hybrid join (Entra Connect's
    // certificate report).
    version: 2,
    sql: (d) => `
ALTER TABLE devices ADD COLUMN entra_name_lc TEXT;
ALTER TABLE devices ADD COLUMN ad_certificate INTEGER;
ALTER TABLE entra ADD COLUMN captured INTEGER NOT NULL DEFAULT 0;
CREATE TABLE ad_computers (
  object_guid TEXT PRIMARY KEY,
  name_lc TEXT,
  record TEXT NOT NULL
);
CREATE INDEX ad_computers_name ON ad_computers (name_lc);
CREATE INDEX devices_sign_in ON devices (entra_last_sign_in, entra_name_lc, device_key);
CREATE INDEX devices_vdi ON devices (entra_name_lc${d === 'postgres' ? ' COLLATE "C"' : ''}, entra_last_sign_in);
CREATE INDEX entra_captured ON entra (captured, object_key);
UPDATE devices SET entra_name_lc = COALESCE((SELECT e.name_lc FROM entra e WHERE e.object_key = devices.entra_object_id OR e.object_key = 'device:' || devices.entra_object_id LIMIT 1), computer_lc) WHERE entra_object_id IS NOT NULL;
UPDATE devices SET entra_issues = REPLACE(REPLACE(REPLACE(entra_issues, ',"stale"', ''), '"stale",', ''), '"stale"', ''), finding_ids = REPLACE(REPLACE(REPLACE(finding_ids, ',"entra-stale"', ''), '"entra-stale",', ''), '"entra-stale"', ''), stale = 0 WHERE stale = 1;
DELETE FROM rollup WHERE dim = 'entra' AND key = 'stale';
UPDATE entra SET captured = 1 WHERE EXISTS (SELECT 1 FROM devices d WHERE d.device_id = entra.device_id) OR EXISTS (SELECT 1 FROM devices d WHERE d.computer_lc = entra.name_lc);
UPDATE rollup SET devices = (SELECT COUNT(*) FROM entra WHERE captured = 0) WHERE dim = 'entra' AND key = 'not-captured';
INSERT INTO rollup (dim, key, devices) SELECT 'signin', substr(entra_last_sign_in, 1, 10), COUNT(*) FROM devices WHERE entra_last_sign_in IS NOT NULL GROUP BY substr(entra_last_sign_in, 1, 10)`,
  },
  {
    // The capture before the latest (by capture time, then hash), so that movement compares the
    // latest with the one before it whatever order the captures arrive in.
    version: 3,
    sql: () => `
ALTER TABLE devices ADD COLUMN previous_captured_at TEXT;
ALTER TABLE devices ADD COLUMN previous_hash TEXT;
ALTER TABLE devices ADD COLUMN previous_health TEXT;
UPDATE devices SET previous_captured_at = p.captured_at, previous_hash = p.content_hash, previous_health = p.health
  FROM (SELECT device_key, captured_at, content_hash, health,
          ROW_NUMBER() OVER (PARTITION BY device_key ORDER BY captured_at DESC, content_hash DESC) AS n
        FROM captures) p
  WHERE p.device_key = devices.device_key AND p.n = 2`,
  },
];

const COLS_CAPTURE = [
  'content_hash',
  'device_key',
  'captured_at',
  'captured_at_source',
  'ingested_at',
  'source',
  'shape',
  'lossy',
  'context',
  'join_state',
  'health',
  'failed_phase',
  'error_code',
  'sub_error_code',
  'summary',
  'confidence',
  'confidence_score',
  'findings',
  'events',
  'raw',
  'raw_size',
];

const COLS_DEVICE = [
  'device_key',
  'key_kind',
  'tenant_id',
  'device_id',
  'computer',
  'computer_lc',
  'domain',
  'captures',
  'first_captured_at',
  'last_captured_at',
  'latest_hash',
  'captured_at_source',
  'context',
  'shape',
  'join_state',
  'workplace_joined',
  'health',
  'failed_phase',
  'error_code',
  'sub_error_code',
  'summary',
  'confidence',
  'prt',
  'whfb_ready',
  'tpm_protected',
  'domain_joined',
  'thumbprint',
  'os_version',
  'codes',
  'finding_ids',
  'movement',
  'entra_object_id',
  'entra_trust_type',
  'entra_last_sign_in',
  'entra_issues',
  'pending',
  'stale',
  'entra_name_lc',
  'ad_certificate',
  'previous_captured_at',
  'previous_hash',
  'previous_health',
];

/** A device row as held in memory during ingest (column names). */
type DeviceRecord = Record<string, SqlValue>;

const bool = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);
const toBool = (v: unknown): boolean | null => (v === null || v === undefined ? null : Number(v) === 1);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = <T>(v: unknown, fallback: T): T => {
  if (typeof v !== 'string') return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
};

/** Creates a store on a driver, applying migrations first. */
export async function openSqlStore(driver: SqlDriver): Promise<FleetStore> {
  await migrate(driver);
  try {
    await restoreIndexes(driver, { abandonedOnly: true });
  } catch {
    // Another process holds the store for writing: the indexes are rebuilt by the next one.
  }
  return new SqlFleetStore(driver);
}

/**
 * The indexes only queries read. The write path finds rows by primary key, by content hash and
 * through the Entra and AD tables' own indexes, never through these, so a bulk ingest may drop
 * them and build them whole at its end.
 */
const QUERY_INDEXES = [
  'captures_device',
  'devices_health',
  'devices_state',
  'devices_phase',
  'devices_pending',
  'devices_stale',
  'devices_last',
  'devices_device_id',
  'devices_computer',
  'devices_sign_in',
  'devices_vdi',
];
/** The `meta` key holding the definitions of dropped indexes until they are rebuilt. */
const DEFERRED_KEY = 'deferred_indexes';
/** A bulk ingest defers indexes once it has stored at least this many captures. */
const BULK_FLOOR = 50_000;
/**
 * A bulk run marks the deferred indexes with the time of its latest batch. Marked longer ago than
 * this, the run is taken for dead (killed, crashed) and a store opening rebuilds them; a live run
 * is left alone (queries answer by scanning meanwhile) and rebuilds them at its end.
 */
export const ABANDONED_AFTER_MS = 10 * 60_000;

interface IndexDefinition {
  name: string;
  sql: string;
}

/** What the store keeps while indexes are deferred: their definitions, and the run's latest batch. */
interface Deferred {
  indexes: IndexDefinition[];
  /** Milliseconds since the epoch. */
  heartbeat: number;
}

interface BulkRun {
  after: number;
  stored: number;
  deferred: Deferred | null;
}

async function deferred(driver: SqlDriver): Promise<Deferred | null> {
  const rows = await driver.all('SELECT value FROM meta WHERE key = ?', [DEFERRED_KEY]);
  const value = json<Partial<Deferred> | null>(rows[0]?.value, null);
  return value && Array.isArray(value.indexes) && value.indexes.length > 0
    ? { indexes: value.indexes, heartbeat: Number(value.heartbeat) || 0 }
    : null;
}

/**
 * Drops the query indexes, keeping their definitions (as the engine's catalog holds them) in the
 * same transaction: a crash leaves either the indexes, or their definitions in the store.
 */
async function deferIndexes(driver: SqlDriver): Promise<Deferred | null> {
  return inTransaction(driver, async () => {
    const list = marks(QUERY_INDEXES.length);
    const defs = (await driver.all(
      driver.dialect === 'sqlite'
        ? `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (${list}) ORDER BY name`
        : `SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (${list}) ORDER BY indexname`,
      QUERY_INDEXES,
    )) as unknown as IndexDefinition[];
    const earlier = await deferred(driver);
    if (defs.length === 0) return earlier;
    const value = { indexes: [...(earlier?.indexes ?? []), ...defs], heartbeat: Date.now() };
    await setMeta(driver, DEFERRED_KEY, JSON.stringify(value));
    await driver.exec(defs.map((d) => `DROP INDEX ${d.name}`).join(';\n'));
    return value;
  });
}

/**
 * Rebuilds the indexes a bulk ingest dropped, if any, in one transaction (only those of a dead run
 * with `abandonedOnly`); returns how many.
 */
async function restoreIndexes(driver: SqlDriver, options: { abandonedOnly?: boolean } = {}): Promise<number> {
  const stale = (d: Deferred | null): d is Deferred =>
    d !== null && (!options.abandonedOnly || Date.now() - d.heartbeat > ABANDONED_AFTER_MS);
  if (!stale(await deferred(driver))) return 0;
  const built = await inTransaction(driver, async () => {
    // Read again inside the transaction: another process may have rebuilt them meanwhile.
    const current = await deferred(driver);
    if (!stale(current)) return 0;
    for (const d of current.indexes)
      await driver.exec(d.sql.replace(/^CREATE INDEX /i, 'CREATE INDEX IF NOT EXISTS '));
    await driver.run('DELETE FROM meta WHERE key = ?', [DEFERRED_KEY]);
    return current.indexes.length;
  });
  if (built > 0 && driver.dialect === 'postgres') await driver.exec('ANALYZE devices, captures');
  return built;
}

async function setMeta(driver: SqlDriver, key: string, value: string): Promise<void> {
  await driver.run(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, value],
  );
}

/** Runs `fn` in one transaction: committed when it returns, rolled back when it throws. */
async function inTransaction<T>(driver: SqlDriver, fn: () => Promise<T>): Promise<T> {
  await driver.begin();
  try {
    const out = await fn();
    await driver.commit();
    return out;
  } catch (error) {
    await driver.rollback();
    throw error;
  }
}

async function migrate(driver: SqlDriver): Promise<void> {
  await driver.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const rows = await driver.all("SELECT value FROM meta WHERE key = 'schema_version'");
  const current = rows.length > 0 ? Number(rows[0]?.value) : 0;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await inTransaction(driver, async () => {
      await driver.exec(m.sql(driver.dialect));
      await setMeta(driver, 'schema_version', String(m.version));
    });
  }
}

const CHUNK = 200;

/** Orders rows by device key, as the store's indexes do (code-unit order, like SQLite's BINARY). */
function byKey(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

class SqlFleetStore implements FleetStore {
  readonly engine: FleetStore['engine'];
  /** One connection: calls run one at a time, in the order they were made. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Rows written since the planner's statistics were last refreshed, and the next refresh point. */
  private written = 0;
  private analyzeAt = 10_000;
  /**
   * The bulk ingest under way: captures it stored, after how many its indexes are deferred, and
   * what the store keeps about them once they are.
   */
  private bulkRun: BulkRun | null = null;

  constructor(private readonly db: SqlDriver) {
    this.engine = db.engine;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  ingest(inputs: CaptureInput[], ingestedAt: string): Promise<IngestOutcome[]> {
    return this.exclusive(() => this.ingestNow(inputs, ingestedAt));
  }

  async bulk<T>(run: () => Promise<T>, options: BulkOptions = {}): Promise<T> {
    // A run inside a run: the outer one decides.
    if (this.bulkRun) return run();
    const after =
      options.deferIndexesAfter ?? Math.max(BULK_FLOOR, await this.exclusive(() => this.deviceCount()));
    // Indexes an earlier run left out (killed, or still running elsewhere) are this run's to
    // rebuild at its end.
    const left = await this.exclusive(() => deferred(this.db));
    const state: BulkRun = { after, stored: 0, deferred: left };
    this.bulkRun = state;
    let out: T;
    try {
      out = await run();
    } catch (error) {
      this.bulkRun = null;
      // The run's error is the one to report; indexes left unbuilt are rebuilt by the next ingest,
      // or by a store opening once the run's last batch is ten minutes old.
      if (state.deferred) await this.exclusive(() => restoreIndexes(this.db)).catch(() => {});
      throw error;
    }
    this.bulkRun = null;
    if (state.deferred) await this.exclusive(() => restoreIndexes(this.db));
    return out;
  }

  private async ingestNow(inputs: CaptureInput[], ingestedAt: string): Promise<IngestOutcome[]> {
    if (inputs.length === 0) return [];
    const bulk = this.bulkRun;
    if (bulk && !bulk.deferred && bulk.stored >= bulk.after) bulk.deferred = await deferIndexes(this.db);
    const outcomes: IngestOutcome[] = inputs.map(() => 'duplicate');
    await inTransaction(this.db, async () => {
      const seen = new Set<string>();
      const hashes = [...new Set(inputs.map((i) => i.contentHash))];
      for (const part of chunks(hashes, 500)) {
        const rows = await this.db.all(
          `SELECT content_hash FROM captures WHERE content_hash IN (${marks(part.length)})`,
          part,
        );
        for (const r of rows) seen.add(String(r.content_hash));
      }
      const fresh: CaptureInput[] = [];
      inputs.forEach((input, i) => {
        if (seen.has(input.contentHash)) return;
        seen.add(input.contentHash);
        outcomes[i] = 'stored';
        fresh.push(input);
      });
      if (fresh.length > 0) await this.store(fresh, ingestedAt);
      // The run is alive: a store opening meanwhile leaves its indexes to it. (An update only:
      // indexes another process rebuilt meanwhile are not claimed again.)
      if (bulk?.deferred) {
        bulk.deferred.heartbeat = Date.now();
        await this.db.run('UPDATE meta SET value = ? WHERE key = ?', [
          JSON.stringify(bulk.deferred),
          DEFERRED_KEY,
        ]);
      }
    });
    const stored = outcomes.filter((o) => o === 'stored').length;
    if (bulk) bulk.stored += stored;
    await this.refreshStatistics(stored);
    return outcomes;
  }

  /**
   * `head VALUES (…), (…) tail` for many rows: one statement per row where the driver runs them
   * cheaply (SQLite), else multi-row statements of at most `per` rows.
   */
  private async insertRows(head: string, width: number, rows: SqlValue[][], tail: string, per: number) {
    if (rows.length === 0) return;
    if (this.db.runEach) {
      await this.db.runEach(`${head} VALUES (${marks(width)})${tail}`, rows);
      return;
    }
    for (const part of chunks(rows, per))
      await this.db.run(`${head} VALUES ${rowsOf(part.length, width)}${tail}`, part.flat());
  }

  private async store(fresh: CaptureInput[], ingestedAt: string): Promise<void> {
    const captureRows: SqlValue[][] = [];
    for (const c of fresh) {
      captureRows.push([
        c.contentHash,
        c.deviceKey,
        c.capturedAt,
        c.capturedAtSource,
        ingestedAt,
        c.source,
        c.shape,
        JSON.stringify(c.lossy),
        c.context,
        c.joinState,
        c.health,
        c.failedPhase,
        c.errorCode,
        c.subErrorCode,
        c.summary,
        c.confidence,
        c.confidenceScore,
        JSON.stringify(c.findings.map(compactFinding)),
        c.events ? JSON.stringify({ ...c.events, findings: c.events.findings.map(compactFinding) }) : null,
        c.rawCompressed,
        c.rawSize,
      ]);
    }
    // Rows go in by device key: the indexes that hold it take them at neighbouring places, so a
    // batch touches far fewer pages of a large store than in arrival order. (The sort is stable:
    // a device's captures keep their order.)
    captureRows.sort((a, b) => byKey(a[1], b[1]));
    await this.insertRows(
      `INSERT INTO captures (${COLS_CAPTURE.join(', ')})`,
      COLS_CAPTURE.length,
      captureRows,
      '',
      CHUNK,
    );
    const byDevice = new Map<string, CaptureInput[]>();
    for (const c of fresh) {
      const list = byDevice.get(c.deviceKey);
      if (list) list.push(c);
      else byDevice.set(c.deviceKey, [c]);
    }
    const keys = [...byDevice.keys()];
    const existing = new Map<string, DeviceRecord>();
    for (const part of chunks(keys, 500)) {
      const rows = await this.db.all(
        `SELECT * FROM devices WHERE device_key IN (${marks(part.length)})`,
        part,
      );
      for (const r of rows) existing.set(String(r.device_key), r as DeviceRecord);
    }
    const meta = await this.entraMeta();
    const candidates = meta.objects > 0 ? await this.entraCandidates(fresh) : [];
    const adRows = meta.adComputers > 0 ? await this.adCandidates(fresh) : [];
    const deltas = new Map<string, RollupDelta>();
    const changed: DeviceRecord[] = [];
    const codesChanged = new Set<string>();
    let newDevices = 0;
    let rawBytes = 0;
    let rawZ = 0;
    for (const [key, list] of byDevice) {
      list.sort((a, b) => (a.capturedAt < b.capturedAt ? -1 : a.capturedAt > b.capturedAt ? 1 : 0));
      const before = existing.get(key) ?? null;
      let row: DeviceRecord | null = before ? { ...before } : null;
      if (!before) newDevices += 1;
      for (const c of list) {
        rawBytes += c.rawSize;
        rawZ += c.rawCompressed.length;
        row = mergeCapture(row, c);
      }
      if (!row) continue;
      const joined = joinDevice(
        joinInput(row),
        candidates,
        { now: ingestedAt, entraHasDeviceIds: meta.withDeviceIds > 0 },
        adRows,
      );
      applyJoin(row, joined);
      addDelta(deltas, before ? rollupOf(before) : null, rollupOf(row));
      if (!before || before.codes !== row.codes) codesChanged.add(key);
      changed.push(row);
    }
    changed.sort((a, b) => byKey(a.device_key, b.device_key));
    await this.insertRows(
      `INSERT INTO devices (${COLS_DEVICE.join(', ')})`,
      COLS_DEVICE.length,
      changed.map((r) => COLS_DEVICE.map((c) => r[c] ?? null)),
      ` ON CONFLICT (device_key) DO UPDATE SET ${COLS_DEVICE.slice(1)
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')}`,
      100,
    );
    await this.replaceCodes(changed.filter((r) => codesChanged.has(String(r.device_key))));
    if (meta.objects > 0) {
      const captured = await this.markCaptured(changed);
      if (captured > 0)
        deltas.set('entra\u0000not-captured', { dim: 'entra', key: 'not-captured', delta: -captured });
    }
    const bump = (key: string, delta: number) => {
      if (delta !== 0) deltas.set(`meta\u0000${key}`, { dim: 'meta', key, delta });
    };
    bump('devices', newDevices);
    bump('captures', fresh.length);
    bump('raw-bytes', rawBytes);
    bump('raw-compressed-bytes', rawZ);
    await this.applyDeltas([...deltas.values()]);
  }

  /**
   * PostgreSQL plans from table statistics, which autovacuum refreshes well after a bulk load:
   * until then a filtered page can sort a third of the fleet instead of reading an index in
   * order. Refreshed after the first 10,000 rows and whenever the store has grown by half since.
   */
  private async refreshStatistics(added: number): Promise<void> {
    if (this.db.dialect !== 'postgres') return;
    this.written += added;
    if (this.written < this.analyzeAt) return;
    await this.db.exec('ANALYZE devices, captures, device_codes, rollup, entra');
    this.analyzeAt = Math.max(10_000, Math.floor(this.written * 0.5));
    this.written = 0;
  }

  private async replaceCodes(rows: DeviceRecord[]): Promise<void> {
    if (rows.length === 0) return;
    const keys = rows.map((r) => String(r.device_key));
    for (const part of chunks(keys, 500)) {
      await this.db.run(`DELETE FROM device_codes WHERE device_key IN (${marks(part.length)})`, part);
    }
    const pairs: SqlValue[][] = [];
    for (const r of rows) {
      const codes = new Set(json<string[]>(r.codes, []).map(normaliseCode));
      for (const code of codes) pairs.push([code, String(r.device_key)]);
    }
    await this.insertRows(
      'INSERT INTO device_codes (code, device_key)',
      2,
      pairs,
      ' ON CONFLICT DO NOTHING',
      500,
    );
  }

  private async applyDeltas(deltas: RollupDelta[]): Promise<void> {
    const live = deltas.filter((d) => d.delta !== 0);
    await this.insertRows(
      'INSERT INTO rollup (dim, key, devices)',
      3,
      live.map((d) => [d.dim, d.key, d.delta]),
      ' ON CONFLICT (dim, key) DO UPDATE SET devices = rollup.devices + excluded.devices',
      300,
    );
  }

  /** Sets a counter of the roll-up (a `meta` count unless `dim` says otherwise) to `value`. */
  private async setCounter(key: string, value: number, dim = 'meta'): Promise<void> {
    await this.db.run(
      'INSERT INTO rollup (dim, key, devices) VALUES (?, ?, ?) ON CONFLICT (dim, key) DO UPDATE SET devices = excluded.devices',
      [dim, key, value],
    );
  }

  /** Devices in the store, from the roll-up's counter. */
  private async deviceCount(): Promise<number> {
    const rows = await this.db.all("SELECT devices FROM rollup WHERE dim = 'meta' AND key = 'devices'");
    return Number(rows[0]?.devices ?? 0);
  }

  private async entraMeta(): Promise<{ objects: number; withDeviceIds: number; adComputers: number }> {
    const rows = await this.db.all(
      "SELECT key, devices FROM rollup WHERE dim = 'meta' AND key IN ('entra-objects', 'entra-device-ids', 'ad-computers')",
    );
    const get = (k: string) => Number(rows.find((r) => r.key === k)?.devices ?? 0);
    return {
      objects: get('entra-objects'),
      withDeviceIds: get('entra-device-ids'),
      adComputers: get('ad-computers'),
    };
  }

  /**
   * Marks the Entra objects the given devices match (by device ID or name) as captured and
   * returns how many were not before: a device captured after the Entra import stops counting
   * as "not captured" at once.
   */
  private async markCaptured(rows: DeviceRecord[]): Promise<number> {
    const ids = [...new Set(rows.map((r) => str(r.device_id)).filter((v): v is string => v !== null))];
    const names = [...new Set(rows.map((r) => str(r.computer_lc)).filter((v): v is string => v !== null))];
    let marked = 0;
    for (const [column, values] of [
      ['device_id', ids],
      ['name_lc', names],
    ] as const) {
      for (const part of chunks(values, 500)) {
        const where = `captured = 0 AND ${column} IN (${marks(part.length)})`;
        const n = await this.db.all(`SELECT COUNT(*) AS n FROM entra WHERE ${where}`, part);
        const count = Number(n[0]?.n ?? 0);
        if (count === 0) continue;
        await this.db.run(`UPDATE entra SET captured = 1 WHERE ${where}`, part);
        marked += count;
      }
    }
    return marked;
  }

  /** The AD computers of the certificate report the devices may match (by objectGUID or name). */
  private async adCandidates(
    devices: Array<{ deviceId: string | null; computer: string | null }>,
  ): Promise<AdComputerRecord[]> {
    const ids = [...new Set(devices.map((d) => d.deviceId).filter((v): v is string => v !== null))];
    const names = [
      ...new Set(
        devices
          .filter((d) => d.deviceId === null)
          .map((d) => nameKey(d.computer))
          .filter((v): v is string => v !== null),
      ),
    ];
    const out = new Map<string, AdComputerRecord>();
    for (const [column, values] of [
      ['object_guid', ids],
      ['name_lc', names],
    ] as const) {
      for (const part of chunks(values, 500)) {
        const rows = await this.db.all(
          `SELECT object_guid, record FROM ad_computers WHERE ${column} IN (${marks(part.length)})`,
          part,
        );
        for (const r of rows)
          out.set(String(r.object_guid), json<AdComputerRecord>(r.record, {} as AdComputerRecord));
      }
    }
    return [...out.values()];
  }

  private async entraCandidates(
    devices: Array<{ deviceId: string | null; computer: string | null }>,
  ): Promise<EntraRecord[]> {
    const ids = [...new Set(devices.map((d) => d.deviceId).filter((v): v is string => v !== null))];
    const names = [
      ...new Set(devices.map((d) => nameKey(d.computer)).filter((v): v is string => v !== null)),
    ];
    const out = new Map<string, EntraRecord>();
    for (const part of chunks(ids, 500)) {
      const rows = await this.db.all(
        `SELECT object_key, record FROM entra WHERE device_id IN (${marks(part.length)})`,
        part,
      );
      for (const r of rows) out.set(String(r.object_key), json<EntraRecord>(r.record, {} as EntraRecord));
    }
    for (const part of chunks(names, 500)) {
      const rows = await this.db.all(
        `SELECT object_key, record FROM entra WHERE name_lc IN (${marks(part.length)})`,
        part,
      );
      for (const r of rows) out.set(String(r.object_key), json<EntraRecord>(r.record, {} as EntraRecord));
    }
    return [...out.values()];
  }

  importEntra(records: EntraRecord[], now: string): Promise<EntraImportResult> {
    return this.exclusive(() => this.importEntraNow(records, now));
  }

  private async importEntraNow(records: EntraRecord[], now: string): Promise<EntraImportResult> {
    // The join reads devices by ID and name: indexes a bulk ingest deferred are rebuilt first.
    await restoreIndexes(this.db);
    const result = await inTransaction(this.db, async () => {
      const byKey = new Map<string, EntraRecord>();
      for (const r of records) {
        const key =
          r.objectId ?? (r.deviceId ? `device:${r.deviceId}` : `name:${(r.displayName ?? '').toLowerCase()}`);
        byKey.set(key, r);
      }
      const list = [...byKey.entries()];
      for (const part of chunks(list, 300)) {
        await this.db.run(
          `INSERT INTO entra (object_key, device_id, name_lc, record) VALUES ${rowsOf(part.length, 4)} ON CONFLICT (object_key) DO UPDATE SET device_id = excluded.device_id, name_lc = excluded.name_lc, record = excluded.record`,
          part.flatMap(([k, r]) => [k, r.deviceId, nameKey(r.displayName), JSON.stringify(r)]),
        );
      }
      const counts = await this.db.all('SELECT COUNT(*) AS n, COUNT(device_id) AS ids FROM entra');
      const objects = Number(counts[0]?.n ?? 0);
      const withIds = Number(counts[0]?.ids ?? 0);
      await this.setCounter('entra-objects', objects);
      await this.setCounter('entra-device-ids', withIds);
      const devicesJoined = await this.rejoin(now, withIds > 0);
      await this.db.run(
        `UPDATE entra SET captured = CASE WHEN EXISTS (SELECT 1 FROM devices d WHERE d.device_id = entra.device_id)
           OR EXISTS (SELECT 1 FROM devices d WHERE d.computer_lc = entra.name_lc) THEN 1 ELSE 0 END`,
      );
      const notCaptured = await this.db.all('SELECT COUNT(*) AS n FROM entra WHERE captured = 0');
      await this.setCounter('not-captured', Number(notCaptured[0]?.n ?? 0), 'entra');
      return { stored: list.length, devicesJoined };
    });
    if (this.db.dialect === 'postgres') await this.db.exec('ANALYZE entra, devices');
    return result;
  }

  importAd(records: AdComputerRecord[], now: string): Promise<AdImportResult> {
    return this.exclusive(() => this.importAdNow(records, now));
  }

  private async importAdNow(records: AdComputerRecord[], now: string): Promise<AdImportResult> {
    await restoreIndexes(this.db);
    return inTransaction(this.db, async () => {
      const byGuid = new Map<string, AdComputerRecord>();
      for (const r of records) byGuid.set(r.objectGuid, r);
      const list = [...byGuid.values()];
      for (const part of chunks(list, 300)) {
        await this.db.run(
          `INSERT INTO ad_computers (object_guid, name_lc, record) VALUES ${rowsOf(part.length, 3)} ON CONFLICT (object_guid) DO UPDATE SET name_lc = excluded.name_lc, record = excluded.record`,
          part.flatMap((r) => [r.objectGuid, nameKey(r.name), JSON.stringify(r)]),
        );
      }
      const counts = await this.db.all('SELECT COUNT(*) AS n FROM ad_computers');
      await this.setCounter('ad-computers', Number(counts[0]?.n ?? 0));
      const meta = await this.entraMeta();
      const devicesJoined = await this.rejoin(now, meta.withDeviceIds > 0);
      return { stored: list.length, devicesJoined };
    });
  }

  notCaptured(page: { limit?: number; after?: string }): Promise<NotCapturedPage> {
    return this.exclusive(() => this.notCapturedNow(page));
  }

  private async notCapturedNow(page: { limit?: number; after?: string }): Promise<NotCapturedPage> {
    const asked = Number(page.limit ?? 100);
    const limit = Number.isFinite(asked) ? Math.min(1000, Math.max(1, Math.floor(asked))) : 100;
    const rows = await this.db.all(
      `SELECT object_key, record FROM entra WHERE captured = 0 AND object_key > ? ORDER BY object_key LIMIT ${limit + 1}`,
      [page.after ?? ''],
    );
    const objects: NotCapturedRow[] = rows.slice(0, limit).map((r) => ({
      ...json<EntraRecord>(r.record, {} as EntraRecord),
      objectKey: String(r.object_key),
    }));
    return {
      objects,
      next: rows.length > limit ? (objects[objects.length - 1]?.objectKey ?? null) : null,
    };
  }

  /** Recomputes every device's join with Entra, a page at a time (flat memory). */
  private async rejoin(now: string, entraHasDeviceIds: boolean): Promise<number> {
    let after = '';
    let count = 0;
    for (;;) {
      const rows = (await this.db.all(
        'SELECT * FROM devices WHERE device_key > ? ORDER BY device_key LIMIT 1000',
        [after],
      )) as DeviceRecord[];
      if (rows.length === 0) break;
      after = String(rows[rows.length - 1]?.device_key);
      const keys = rows.map((r) => ({ deviceId: str(r.device_id), computer: str(r.computer) }));
      const candidates = await this.entraCandidates(keys);
      const adRows = await this.adCandidates(keys);
      const deltas = new Map<string, RollupDelta>();
      const changed: DeviceRecord[] = [];
      for (const before of rows) {
        const row = { ...before };
        applyJoin(row, joinDevice(joinInput(row), candidates, { now, entraHasDeviceIds }, adRows));
        if (
          row.entra_issues !== before.entra_issues ||
          row.entra_object_id !== before.entra_object_id ||
          row.entra_trust_type !== before.entra_trust_type ||
          row.entra_last_sign_in !== before.entra_last_sign_in ||
          row.entra_name_lc !== (before.entra_name_lc ?? null) ||
          numOrNull(row.ad_certificate) !== numOrNull(before.ad_certificate)
        ) {
          addDelta(deltas, rollupOf(before), rollupOf(row));
          changed.push(row);
        }
        count += 1;
      }
      for (const r of changed) {
        await this.db.run(
          'UPDATE devices SET entra_object_id = ?, entra_trust_type = ?, entra_last_sign_in = ?, entra_issues = ?, finding_ids = ?, pending = ?, stale = ?, entra_name_lc = ?, ad_certificate = ? WHERE device_key = ?',
          [
            'entra_object_id',
            'entra_trust_type',
            'entra_last_sign_in',
            'entra_issues',
            'finding_ids',
            'pending',
            'stale',
            'entra_name_lc',
            'ad_certificate',
            'device_key',
          ].map((c) => r[c] ?? null),
        );
      }
      await this.applyDeltas([...deltas.values()]);
    }
    return count;
  }

  devices(filter: DeviceFilter): Promise<DevicePage> {
    return this.exclusive(() => this.devicesNow(filter));
  }

  private async devicesNow(filter: DeviceFilter): Promise<DevicePage> {
    const asked = Number(filter.limit ?? 100);
    const limit = Number.isFinite(asked) ? Math.min(1000, Math.max(1, Math.floor(asked))) : 100;
    const where: string[] = [];
    const params: SqlValue[] = [];
    let from = 'devices d';
    if (filter.code) {
      from = 'device_codes c JOIN devices d ON d.device_key = c.device_key';
      where.push('c.code = ?');
      params.push(normaliseCode(filter.code));
    }
    // One value is written `=`: an index on it then gives rows in device-key order.
    if (filter.state && filter.state.length > 0) {
      where.push(
        filter.state.length === 1 ? 'd.join_state = ?' : `d.join_state IN (${marks(filter.state.length)})`,
      );
      params.push(...filter.state);
    }
    if (filter.health && filter.health.length > 0) {
      where.push(
        filter.health.length === 1 ? 'd.health = ?' : `d.health IN (${marks(filter.health.length)})`,
      );
      params.push(...filter.health);
    }
    if (filter.phase) {
      where.push('d.failed_phase = ?');
      params.push(filter.phase);
    }
    // Stale is judged now from the kept activity timestamp; without a "now" nothing is stale.
    let narrow = false;
    if (filter.stale !== undefined || filter.issue === 'stale') {
      const wanted = filter.stale ?? true;
      const count = filter.now ? await this.staleCount(filter.now, filter.staleness) : 0;
      if (wanted && count === 0) return { devices: [], next: null };
      // Few stale devices: read them all by the timestamp index (narrow). Many, or the negation:
      // walk the device keys in order and test each row, the index left aside; a page then reads
      // about limit × devices / stale rows. The two costs meet near √(limit × devices).
      narrow = wanted && count * count <= (limit + 1) * (await this.deviceCount());
      const stale = staleCondition(filter.now as string, filter.staleness, narrow);
      if (stale) {
        where.push(wanted ? stale.sql : `NOT ${stale.sql}`);
        params.push(...stale.params);
      }
    }
    if (filter.pending !== undefined) {
      where.push('d.pending = ?');
      params.push(filter.pending ? 1 : 0);
    }
    const since = filter.since ? Date.parse(filter.since) : Number.NaN;
    if (!Number.isNaN(since)) {
      where.push('d.last_captured_at >= ?');
      params.push(new Date(since).toISOString());
    }
    if (filter.issue && filter.issue !== 'stale') {
      where.push('d.entra_issues LIKE ?');
      params.push(`%"${filter.issue}"%`);
    }
    if (filter.after) {
      where.push(`${filter.code ? 'c' : 'd'}.device_key > ?`);
      params.push(filter.after);
    }
    const order = filter.code ? 'c.device_key' : 'd.device_key';
    const clause = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.all(
      narrow
        ? `SELECT * FROM devices WHERE device_key IN (SELECT ${order} FROM ${from}${clause} ORDER BY ${order} LIMIT ${limit + 1}) ORDER BY device_key`
        : `SELECT d.* FROM ${from}${clause} ORDER BY ${order} LIMIT ${limit + 1}`,
      params,
    );
    const judge = filter.now ? { now: filter.now, staleness: filter.staleness } : null;
    const page = rows.slice(0, limit).map((r) => toDeviceRow(r, judge));
    return { devices: page, next: rows.length > limit ? (page[page.length - 1]?.deviceKey ?? null) : null };
  }

  device(id: string, options: DeviceOptions = {}): Promise<DeviceDetail | null> {
    return this.exclusive(() => this.deviceNow(id, options));
  }

  private async deviceNow(id: string, options: DeviceOptions): Promise<DeviceDetail | null> {
    const text = id.trim();
    const lower = text.toLowerCase().replace(/^\{|\}$/g, '');
    let rows = await this.db.all('SELECT * FROM devices WHERE device_key = ?', [text]);
    if (rows.length === 0)
      rows = await this.db.all('SELECT * FROM devices WHERE device_id = ? ORDER BY device_key LIMIT 1', [
        lower,
      ]);
    if (rows.length === 0) {
      rows = await this.db.all(
        'SELECT * FROM devices WHERE computer_lc = ? ORDER BY last_captured_at DESC LIMIT 1',
        [nameKey(text) ?? ''],
      );
    }
    const row = rows[0];
    if (!row) return null;
    const device = toDeviceRow(row, options.now ? { now: options.now, staleness: options.staleness } : null);
    const captures = await this.db.all(
      'SELECT id, content_hash, captured_at, captured_at_source, ingested_at, source, shape, lossy, context, join_state, health, failed_phase, error_code, sub_error_code, summary, confidence, findings, events FROM captures WHERE device_key = ? ORDER BY captured_at, id',
      [device.deviceKey],
    );
    const history: HistoryEntry[] = captures.map((c) => ({
      captureId: Number(c.id),
      contentHash: String(c.content_hash),
      capturedAt: String(c.captured_at),
      capturedAtSource: String(c.captured_at_source) as HistoryEntry['capturedAtSource'],
      ingestedAt: String(c.ingested_at),
      source: String(c.source),
      shape: String(c.shape) as HistoryEntry['shape'],
      lossy: json<string[]>(c.lossy, []),
      context: String(c.context) as HistoryEntry['context'],
      joinState: String(c.join_state) as HistoryEntry['joinState'],
      health: String(c.health) as HistoryEntry['health'],
      failedPhase: str(c.failed_phase) as HistoryEntry['failedPhase'],
      errorCode: str(c.error_code),
      subErrorCode: str(c.sub_error_code),
      summary: String(c.summary),
      confidence: String(c.confidence) as HistoryEntry['confidence'],
      findings: json(c.findings, []),
      events: json(c.events, null),
    }));
    const entra = await this.entraCandidates([{ deviceId: device.deviceId, computer: device.computer }]);
    entra.sort((a, b) => ((a.objectId ?? '') < (b.objectId ?? '') ? -1 : 1));
    const ad = matchAd(
      device.deviceId,
      nameKey(device.computer),
      await this.adCandidates([{ deviceId: device.deviceId, computer: device.computer }]),
    );
    return { device, history, entra, ad };
  }

  captureText(captureId: number): Promise<string | null> {
    return this.exclusive(() => this.captureTextNow(captureId));
  }

  private async captureTextNow(captureId: number): Promise<string | null> {
    const rows = await this.db.all('SELECT raw FROM captures WHERE id = ?', [captureId]);
    const raw = rows[0]?.raw;
    if (!(raw instanceof Uint8Array)) return null;
    return decompressText(raw);
  }

  summary(options: SummaryOptions): Promise<FleetSummary> {
    return this.exclusive(() => this.summaryNow(options));
  }

  private async summaryNow(options: SummaryOptions): Promise<FleetSummary> {
    const rows = await this.db.all('SELECT dim, key, devices FROM rollup WHERE devices <> 0');
    const summary = assembleSummary(
      rows.map((r) => ({ dim: String(r.dim), key: String(r.key), devices: Number(r.devices) })),
      options,
    );
    // Stale is judged now, with the thresholds asked.
    summary.entra.stale = await this.staleCount(options.now, options.staleness, rows);
    return summary;
  }

  /**
   * Devices stale as of `now`: the per-day counters of activity timestamps older than the
   * general threshold's day, the rows of that one day read by the timestamp index, then for each
   * VDI prefix (by the name index) its devices moved from the general threshold to the VDI one.
   * A few small index reads whatever the fleet's size.
   */
  private async staleCount(
    now: string,
    options: StaleOptions | undefined,
    counters?: SqlRow[],
  ): Promise<number> {
    const at = Date.parse(now);
    if (Number.isNaN(at)) return 0;
    const t = staleThresholds(options);
    const cut = (days: number) => new Date(at - days * DAY).toISOString();
    const general = cut(t.staleDays);
    const day = general.slice(0, 10);
    const rows = counters ?? (await this.db.all("SELECT dim, key, devices FROM rollup WHERE dim = 'signin'"));
    let stale = 0;
    for (const r of rows) if (String(r.dim) === 'signin' && String(r.key) < day) stale += Number(r.devices);
    const edge = await this.db.all(
      'SELECT COUNT(*) AS n FROM devices WHERE entra_last_sign_in >= ? AND entra_last_sign_in < ?',
      [`${day}T00:00:00.000Z`, general],
    );
    stale += Number(edge[0]?.n ?? 0);
    const name = this.db.dialect === 'postgres' ? 'entra_name_lc COLLATE "C"' : 'entra_name_lc';
    for (const prefix of disjointPrefixes(t.vdiPrefixes)) {
      const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
      const count = async (before: string) =>
        Number(
          (
            await this.db.all(
              `SELECT COUNT(*) AS n FROM devices WHERE ${name} >= ? AND ${name} < ? AND entra_last_sign_in < ?`,
              [prefix, upper, before],
            )
          )[0]?.n ?? 0,
        );
      stale += (await count(cut(t.vdiStaleDays))) - (await count(general));
    }
    return stale;
  }

  stats(): Promise<StoreStats> {
    return this.exclusive(() => this.statsNow());
  }

  private async statsNow(): Promise<StoreStats> {
    const rows = await this.db.all("SELECT key, devices FROM rollup WHERE dim = 'meta'");
    const get = (k: string) => Number(rows.find((r) => r.key === k)?.devices ?? 0);
    return {
      devices: get('devices'),
      captures: get('captures'),
      entraObjects: get('entra-objects'),
      rawBytes: get('raw-bytes'),
      rawCompressedBytes: get('raw-compressed-bytes'),
      totalBytes: await this.db.size(),
      deferredIndexes: (await deferred(this.db))?.indexes.length ?? 0,
    };
  }

  close(): Promise<void> {
    return this.exclusive(() => this.closeNow());
  }

  private async closeNow(): Promise<void> {
    await this.db.close();
  }
}

/**
 * Folds one capture into a device's row: history counts always, latest state if newer. The row
 * is built whole, every column in one order (one object shape for every device: the writer folds
 * a million of them), then any column this list does not name is carried over from the stored row.
 */
function mergeCapture(row: DeviceRecord | null, c: CaptureInput): DeviceRecord {
  const newer = !row || later(c.capturedAt, c.contentHash, row.last_captured_at, row.latest_hash);
  if (row && !newer) {
    const kept: DeviceRecord = { ...row, captures: Number(row.captures) + 1 };
    if (c.capturedAt < String(row.first_captured_at)) kept.first_captured_at = c.capturedAt;
    // An older capture arriving late: the one before the latest if it is newer than that one.
    if (later(c.capturedAt, c.contentHash, row.previous_captured_at, row.previous_hash)) {
      kept.previous_captured_at = c.capturedAt;
      kept.previous_hash = c.contentHash;
      kept.previous_health = c.health;
      kept.movement = movementOf(c.health, String(row.health) as CaptureInput['health']);
    }
    return kept;
  }
  const first =
    row && String(row.first_captured_at) <= c.capturedAt ? String(row.first_captured_at) : c.capturedAt;
  // A capture that does not print a name (a pre-1803 layout) keeps the name an earlier one gave.
  const computer = c.computer ?? str(row?.computer);
  const out: DeviceRecord = {
    device_key: row ? String(row.device_key) : c.deviceKey,
    key_kind: row ? String(row.key_kind) : c.keyKind,
    tenant_id: c.tenantId ?? str(row?.tenant_id),
    device_id: c.deviceId ?? str(row?.device_id),
    computer,
    computer_lc: nameKey(computer),
    domain: c.domain ?? str(row?.domain),
    captures: row ? Number(row.captures) + 1 : 1,
    first_captured_at: first,
    last_captured_at: c.capturedAt,
    latest_hash: c.contentHash,
    captured_at_source: c.capturedAtSource,
    context: c.context,
    shape: c.shape,
    join_state: c.joinState,
    workplace_joined: bool(c.workplaceJoined),
    health: c.health,
    failed_phase: c.failedPhase,
    error_code: c.errorCode,
    sub_error_code: c.subErrorCode,
    summary: c.summary,
    confidence: c.confidence,
    prt: bool(c.prt),
    whfb_ready: bool(c.whfbReady),
    tpm_protected: bool(c.tpmProtected),
    domain_joined: bool(c.domainJoined),
    thumbprint: c.thumbprint,
    os_version: c.osVersion,
    codes: JSON.stringify(c.codes),
    finding_ids: JSON.stringify([...new Set(c.findings.map((f) => f.id))]),
    movement: movementOf(row ? (String(row.health) as CaptureInput['health']) : null, c.health),
    entra_object_id: row ? (row.entra_object_id ?? null) : null,
    entra_trust_type: row ? (row.entra_trust_type ?? null) : null,
    entra_last_sign_in: row ? (row.entra_last_sign_in ?? null) : null,
    entra_issues: row ? (row.entra_issues ?? '[]') : '[]',
    pending: row ? (row.pending ?? 0) : 0,
    stale: row ? (row.stale ?? 0) : 0,
    entra_name_lc: row ? (row.entra_name_lc ?? null) : null,
    ad_certificate: row ? (row.ad_certificate ?? null) : null,
    previous_captured_at: row ? String(row.last_captured_at) : null,
    previous_hash: row ? String(row.latest_hash) : null,
    previous_health: row ? String(row.health) : null,
  };
  if (row) for (const k in row) if (!(k in out)) out[k] = row[k] as SqlValue;
  return out;
}

/** Whether a capture (time, hash) comes after another; anything comes after none. */
function later(
  at: string,
  hash: string,
  otherAt: SqlValue | undefined,
  otherHash: SqlValue | undefined,
): boolean {
  if (otherAt === null || otherAt === undefined) return true;
  const other = String(otherAt);
  return at > other || (at === other && hash > String(otherHash ?? ''));
}

function joinInput(row: DeviceRecord) {
  return {
    deviceId: str(row.device_id),
    computer: str(row.computer),
    joinState: String(row.join_state) as CaptureInput['joinState'],
    workplaceJoined: toBool(row.workplace_joined),
    thumbprint: str(row.thumbprint),
  };
}

function applyJoin(row: DeviceRecord, joined: ReturnType<typeof joinDevice>): void {
  row.entra_object_id = joined.primary?.objectId ?? joined.primary?.deviceId ?? null;
  row.entra_trust_type = joined.primary?.trustType ?? null;
  row.entra_last_sign_in = isoOrNull(joined.primary?.lastSignIn ?? null);
  const name = joined.primary
    ? (joined.primary.displayName ?? str(row.computer) ?? '').trim().toLowerCase()
    : '';
  row.entra_name_lc = name === '' ? null : name;
  row.ad_certificate = bool(adHasCertificate(joined.ad));
  // Stale is not kept: it is judged when asked, from the timestamp and the name above.
  const issues = joined.issues.filter((i) => i !== 'stale');
  row.entra_issues = JSON.stringify(issues);
  row.pending = issues.includes('pending') ? 1 : 0;
  row.stale = 0;
  const own = json<string[]>(row.finding_ids, []).filter((id) => !id.startsWith('entra-'));
  row.finding_ids = JSON.stringify([...own, ...issues.map((i) => `entra-${i}`)]);
}

const DAY = 86_400_000;

function isoOrNull(v: string | null): string | null {
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function numOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** The VDI prefixes with those another one already covers removed (`npvdi-` covers `npvdi-a`). */
function disjointPrefixes(prefixes: string[]): string[] {
  const kept: string[] = [];
  for (const p of [...prefixes].sort((a, b) => a.length - b.length))
    if (p !== '' && !kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept;
}

/**
 * The SQL test "stale as of `now`" on a devices row `d`: the activity timestamp older than the
 * VDI threshold for names starting with a VDI prefix, else older than the general one; a blank
 * timestamp is never stale, and the negation is exact. `indexed` writes the timestamp as a plain
 * range (the index on it bounds the rows read); otherwise the index is left aside on purpose, so
 * a page walks the device keys in order.
 */
export function staleCondition(
  now: string,
  options: StaleOptions | undefined,
  indexed = false,
): { sql: string; params: SqlValue[] } | null {
  const at = Date.parse(now);
  if (Number.isNaN(at)) return null;
  const t = staleThresholds(options);
  const cut = (days: number) => new Date(at - days * DAY).toISOString();
  const general = cut(t.staleDays);
  // A blank timestamp reads as the far future: never older than a threshold, never NULL.
  const ts = indexed ? 'd.entra_last_sign_in' : "COALESCE(d.entra_last_sign_in, '9999-12-31')";
  const guard = indexed ? 'd.entra_last_sign_in IS NOT NULL AND ' : '';
  if (t.vdiPrefixes.length === 0) return { sql: `(${guard}${ts} < ?)`, params: [general] };
  const vdiCut = cut(t.vdiStaleDays);
  const vdi = `(${t.vdiPrefixes.map((p) => `substr(COALESCE(d.entra_name_lc, ''), 1, ${[...p].length}) = ?`).join(' OR ')})`;
  const outer = vdiCut > general ? vdiCut : general;
  return {
    sql: `(${guard}${ts} < ? AND ((${vdi} AND ${ts} < ?) OR (NOT ${vdi} AND ${ts} < ?)))`,
    params: [outer, ...t.vdiPrefixes, vdiCut, ...t.vdiPrefixes, general],
  };
}

function rollupOf(row: DeviceRecord): RollupDevice {
  return {
    joinState: String(row.join_state) as RollupDevice['joinState'],
    health: String(row.health) as RollupDevice['health'],
    failedPhase: str(row.failed_phase) as RollupDevice['failedPhase'],
    codes: json<string[]>(row.codes, []),
    prt: toBool(row.prt),
    whfbReady: toBool(row.whfb_ready),
    osVersion: str(row.os_version),
    context: String(row.context) as RollupDevice['context'],
    lastCapturedAt: String(row.last_captured_at),
    movement: String(row.movement) as RollupDevice['movement'],
    domainJoined: toBool(row.domain_joined),
    entraTrustType: str(row.entra_trust_type),
    entraIssues: json(row.entra_issues, []),
    adCertificate: toBool(row.ad_certificate),
    entraLastSignIn: str(row.entra_last_sign_in),
  };
}

/** A stored row as `fleet devices` lists it; staleness judged when a "now" is given. */
function toDeviceRow(
  r: SqlRow,
  judge: { now: string; staleness: StaleOptions | undefined } | null = null,
): DeviceRow {
  const row = storedDeviceRow(r);
  if (!judge || !isStale(row.entraLastSignIn, str(r.entra_name_lc), judge.now, judge.staleness)) return row;
  const issues = new Set([...row.entraIssues, 'stale' as const]);
  row.entraIssues = ISSUE_ORDER.filter((i) => issues.has(i));
  const own = row.findingIds.filter((id) => !id.startsWith('entra-'));
  row.findingIds = [...own, ...row.entraIssues.map((i) => `entra-${i}`)];
  return row;
}

function storedDeviceRow(r: SqlRow): DeviceRow {
  return {
    deviceKey: String(r.device_key),
    keyKind: String(r.key_kind) as DeviceRow['keyKind'],
    tenantId: str(r.tenant_id),
    deviceId: str(r.device_id),
    computer: str(r.computer),
    domain: str(r.domain),
    captures: Number(r.captures),
    firstCapturedAt: String(r.first_captured_at),
    lastCapturedAt: String(r.last_captured_at),
    capturedAtSource: String(r.captured_at_source) as DeviceRow['capturedAtSource'],
    context: String(r.context) as DeviceRow['context'],
    shape: String(r.shape) as DeviceRow['shape'],
    joinState: String(r.join_state) as DeviceRow['joinState'],
    health: String(r.health) as DeviceRow['health'],
    failedPhase: str(r.failed_phase) as DeviceRow['failedPhase'],
    errorCode: str(r.error_code),
    subErrorCode: str(r.sub_error_code),
    summary: String(r.summary),
    confidence: String(r.confidence) as DeviceRow['confidence'],
    prt: toBool(r.prt),
    whfbReady: toBool(r.whfb_ready),
    tpmProtected: toBool(r.tpm_protected),
    osVersion: str(r.os_version),
    codes: json(r.codes, []),
    findingIds: json(r.finding_ids, []),
    entraObjectId: str(r.entra_object_id),
    entraTrustType: str(r.entra_trust_type) as DeviceRow['entraTrustType'],
    entraLastSignIn: str(r.entra_last_sign_in),
    entraIssues: json(r.entra_issues, []),
  };
}

/** `0x801C03F2`, `801c03f2` → `0x801c03f2`; other codes (AADSTS…) as given, upper case. */
export function normaliseCode(code: string): string {
  const t = code.trim();
  const hex = /^(?:0x)?([0-9a-f]{8})$/i.exec(t);
  if (hex?.[1]) return `0x${hex[1].toLowerCase()}`;
  const dec = /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
  if (Number.isSafeInteger(dec) && dec >= -0x80000000 && dec <= 0xffffffff) {
    return `0x${(dec >>> 0).toString(16).padStart(8, '0')}`;
  }
  return t.toUpperCase();
}

function marks(n: number): string {
  return new Array(n).fill('?').join(', ');
}

function rowsOf(rows: number, cols: number): string {
  const one = `(${marks(cols)})`;
  return new Array(rows).fill(one).join(', ');
}

function* chunks<T>(list: T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}
