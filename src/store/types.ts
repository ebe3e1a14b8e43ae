/**
 * The fleet store contract: what a store keeps about each device of a fleet (every capture, its
 * verdict and findings, attached events, what Entra knows) and the questions it answers (device
 * pages with filters, one device's history, the roll-up summary). Pure types: the SQLite and
 * PostgreSQL adapters implement {@link FleetStore}; the CLI, the server and the page use it.
 *
 * Rows are plain JSON-safe objects (times are ISO 8601 strings in UTC, codes are `0x` + 8 lower
 * case hex digits), so a server can send them as they are. This file only ever grows.
 * @module
 */
import type { Finding, Health, JoinState, Phase } from '../model/diagnosis.ts';

/** Who ran `dsregcmd /status`: SYSTEM sees no user state (no PRT, no WHfB). */
export type CaptureContext = 'system' | 'elevated' | 'user' | 'unknown';

/** Where the capture time came from, best first. */
export type CaptureTimeSource = 'client-time' | 'file-time' | 'ingest-time';

/**
 * The shape the capture arrived in. Raw text is complete; the script shapes are lossy
 * (values starting with a digit dropped, duplicates dropped, YES/NO turned into booleans).
 */
export type CaptureShape =
  | 'text'
  | 'logon-script'
  | 'json-flat'
  | 'json-sections'
  | 'json-typed'
  | 'hashtable'
  | 'osquery'
  | 'remediation-csv'
  | 'csv';

/** How a device is identified: Entra tenant + device ID when the capture names them, else name. */
export type DeviceKeyKind = 'entra' | 'name';

/** One capture ready to store: produced by the pure ingest readers, written by one writer. */
export interface CaptureInput {
  /** Stable device key: `entra:<tenantId>/<deviceId>` or `name:<computer>.<domain>` (lower case). */
  deviceKey: string;
  keyKind: DeviceKeyKind;
  tenantId: string | null;
  /** Entra device ID (lower-case GUID, = AD objectGUID for hybrid devices). */
  deviceId: string | null;
  /** Computer name as the capture prints it (upper/lower case kept). */
  computer: string | null;
  domain: string | null;
  /** SHA-256 (hex) of the raw text: the idempotency key (the same capture twice is stored once). */
  contentHash: string;
  /** The raw text as a raw deflate stream (`fflate` at level 6 or native zlib: `decompressText` reads both). */
  rawCompressed: Uint8Array;
  /** Length in bytes of the raw text before compression (UTF-8). */
  rawSize: number;
  capturedAt: string;
  capturedAtSource: CaptureTimeSource;
  context: CaptureContext;
  /** Where it came from: file path, `archive.zip!inner/path`, `file.csv#row 12`. */
  source: string;
  shape: CaptureShape;
  /** What a lossy shape could not hold, one sentence each (empty for raw text). */
  lossy: string[];
  joinState: JoinState;
  workplaceJoined: boolean | null;
  health: Health;
  failedPhase: Phase | null;
  errorCode: string | null;
  subErrorCode: string | null;
  summary: string;
  confidence: 'high' | 'medium' | 'low';
  confidenceScore: number;
  /** AzureAdPrt: true/false, null when not shown (SYSTEM context, old builds, lossy shapes). */
  prt: boolean | null;
  /** WHfB readiness: NgcSet true = enrolled; false = not; null = unknown. */
  whfbReady: boolean | null;
  /** TPM protected device key, null when not shown. */
  tpmProtected: boolean | null;
  /** `dsregcmd` device certificate thumbprint (upper-case hex), null when absent. */
  thumbprint: string | null;
  /** OS name/version when the input tells (logon-script `systeminfo` lines, JSON scripts). */
  osVersion: string | null;
  domainJoined: boolean | null;
  findings: Finding[];
  /** Every code in the verdict and the findings (normalised), for `--code` filters. */
  codes: string[];
  /** Event records attached to the capture (JSON-safe), with the file they came from. */
  events: AttachedEvents | null;
}

/** Event records read from an export beside the capture and attached to its device. */
export interface AttachedEvents {
  source: string;
  /** Count of records read; `records` may be capped, the count never is. */
  count: number;
  records: Array<Record<string, unknown>>;
  /** Findings from the events (error severity counted by roll-ups with the capture's). */
  findings: Finding[];
}

/** What happened to one capture on ingest. */
export type IngestOutcome = 'stored' | 'duplicate';

/** What Entra knows about one device object (portal CSV, Graph, MSOnline/AzureAD exports). */
export interface EntraRecord {
  /** Directory object ID (Graph `id`, CSV `objectId`), lower case. */
  objectId: string | null;
  /** Entra device ID (Graph `deviceId`), lower case; absent in the older portal export. */
  deviceId: string | null;
  displayName: string | null;
  accountEnabled: boolean | null;
  /** Graph `trustType`: AzureAd (joined), ServerAd (hybrid), Workplace (registered). */
  trustType: 'AzureAd' | 'ServerAd' | 'Workplace' | null;
  profileType: string | null;
  registrationTime: string | null;
  /** `approximateLastSignInDateTime` (updated with a 14-day ±5 granularity); null when blank. */
  lastSignIn: string | null;
  operatingSystem: string | null;
  operatingSystemVersion: string | null;
  /** Thumbprints decoded from `alternativeSecurityIds` (upper-case hex). */
  thumbprints: string[];
  /**
   * Whether the object has an `X509:` alternative security ID: true/false when the source
   * carries the field (Graph, MSOnline), null when it does not (portal CSV).
   */
  hasCertificateKey: boolean | null;
  /** The portal CSV's Registered column literally says Pending. */
  pendingLabel: boolean;
  onPremisesSyncEnabled: boolean | null;
  isCompliant: boolean | null;
  isManaged: boolean | null;
  mdmAppId: string | null;
  /** `[ZTDID]` present in `physicalIds` (Autopilot object: do not delete). */
  autopilot: boolean;
  /** File and dialect it was read from (`devices.csv (portal, current)`). */
  source: string;
}

/**
 * One computer of Entra Connect's certificate report
 * (`Export-ADSyncToolsHybridAzureADjoinCertificateReport.ps1`, `;`-separated): the AD side of the
 * hybrid join. Counts are null when the cell is blank or not a number.
 */
export interface AdComputerRecord {
  /** AD objectGUID, lower case (= the Entra device ID of a hybrid device). */
  objectGuid: string;
  /** Distinguished name as the report gives it. */
  objectDn: string | null;
  /** The computer name: the first `CN=` of the DN. */
  name: string | null;
  /** Values in userCertificate. */
  totalEntries: number | null;
  /** Of those, values that are certificates. */
  certs: number | null;
  /** Of those, certificates not expired. */
  validCerts: number | null;
  /** Of those, certificates whose subject is `CN=<objectGUID>` (written by the hybrid join task). */
  hybridJoinCerts: number | null;
  /** TRUE: Entra Connect filters the computer out (no valid hybrid join certificate). */
  cloudFiltered: boolean | null;
  /** File it was read from. */
  source: string;
}

/** One finding of the join between captures and Entra (also counted by the roll-up). */
export type EntraIssue =
  | 'pending'
  | 'wrong-join-type'
  | 'registered-twice'
  | 'unknown-to-entra'
  | 'disabled'
  | 'thumbprint-mismatch'
  | 'stale'
  | 'duplicate-name'
  | 'not-captured'
  | 'ad-no-certificate'
  | 'ad-no-valid-certificate'
  | 'ad-cloud-filtered';

/**
 * How staleness is judged, when asked (the store keeps the activity timestamp, not a verdict):
 * the general threshold (default 90 days, never below 21: Entra refreshes the timestamp only
 * every 14 days ±5), the one for non-persistent VDI (default 15) and the display-name prefixes
 * that mark VDI devices (default `NPVDI-`, compared without case).
 */
export interface StaleOptions {
  staleDays?: number;
  vdiStaleDays?: number;
  vdiPrefixes?: string[];
}

/** The latest state of one device, as `fleet devices` lists it. */
export interface DeviceRow {
  deviceKey: string;
  keyKind: DeviceKeyKind;
  tenantId: string | null;
  deviceId: string | null;
  computer: string | null;
  domain: string | null;
  /** Number of distinct captures stored for the device. */
  captures: number;
  firstCapturedAt: string;
  lastCapturedAt: string;
  capturedAtSource: CaptureTimeSource;
  context: CaptureContext;
  shape: CaptureShape;
  joinState: JoinState;
  health: Health;
  failedPhase: Phase | null;
  errorCode: string | null;
  subErrorCode: string | null;
  summary: string;
  confidence: 'high' | 'medium' | 'low';
  prt: boolean | null;
  whfbReady: boolean | null;
  tpmProtected: boolean | null;
  osVersion: string | null;
  codes: string[];
  /** Finding IDs of the latest capture (and the join with Entra, prefixed `entra-`). */
  findingIds: string[];
  /** Entra object matched by device ID, else by name; null when none. */
  entraObjectId: string | null;
  entraTrustType: 'AzureAd' | 'ServerAd' | 'Workplace' | null;
  entraLastSignIn: string | null;
  entraIssues: EntraIssue[];
}

/** The filters of `fleet devices` (all optional; given ones combine with AND). */
export interface DeviceFilter {
  /** Any of these join states. */
  state?: JoinState[];
  /** Any of these healths. */
  health?: Health[];
  /** A code in the latest capture's verdict or findings (`0x801c03f2`, `AADSTS50126`). */
  code?: string;
  phase?: Phase;
  /** Only devices Entra calls stale (true) or not stale (false). */
  stale?: boolean;
  /** Only devices Pending in Entra (true) or not (false). */
  pending?: boolean;
  /** Only devices whose latest capture is at or after this time (ISO). */
  since?: string;
  /** Only devices with this Entra issue. */
  issue?: EntraIssue;
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  /** Keyset paging: the `next` of the previous page (devices are ordered by device key). */
  after?: string;
  /**
   * "Now" for staleness (ISO): the `stale` filter, the `stale` issue and each row's `stale`
   * finding are judged from it; without it no device counts as stale.
   */
  now?: string;
  /** Thresholds of staleness (defaults: 90 days, 15 for VDI names starting `NPVDI-`). */
  staleness?: StaleOptions;
}

/** Options of one device's view: staleness judged as in {@link DeviceFilter}. */
export interface DeviceOptions {
  now?: string;
  staleness?: StaleOptions;
}

/** An Entra object no capture's device matches (by device ID or name), as the store holds now. */
export interface NotCapturedRow extends EntraRecord {
  /** The store's key of the object (its object ID, else `device:<id>`, else `name:<name>`). */
  objectKey: string;
}

/** One page of Entra objects without a capture, ordered by object key. */
export interface NotCapturedPage {
  objects: NotCapturedRow[];
  next: string | null;
}

/** One page of devices. */
export interface DevicePage {
  devices: DeviceRow[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

/** One stored capture in a device's history, oldest first. */
export interface HistoryEntry {
  captureId: number;
  contentHash: string;
  capturedAt: string;
  capturedAtSource: CaptureTimeSource;
  ingestedAt: string;
  source: string;
  shape: CaptureShape;
  lossy: string[];
  context: CaptureContext;
  joinState: JoinState;
  health: Health;
  failedPhase: Phase | null;
  errorCode: string | null;
  subErrorCode: string | null;
  summary: string;
  confidence: 'high' | 'medium' | 'low';
  /**
   * Findings as stored: ID, severity, checks, codes, title and evidence. Explanation, causes,
   * steps and references are empty (the catalog holds them per finding ID; re-reading the
   * capture text gives them in full).
   */
  findings: Finding[];
  events: AttachedEvents | null;
}

/** One device with its history and the Entra objects that match it. */
export interface DeviceDetail {
  device: DeviceRow;
  history: HistoryEntry[];
  entra: EntraRecord[];
  /** The device's computer in Entra Connect's certificate report; null when none. */
  ad: AdComputerRecord | null;
}

/** Options of the roll-up. */
export interface SummaryOptions {
  /** "Now" for freshness and staleness (ISO); the adapter never reads the clock itself. */
  now: string;
  /** Count devices whose latest capture changed since this time (ISO). */
  since?: string;
  /** How many codes/phases/OS versions to list (default 10). */
  top?: number;
  /** Thresholds of staleness (defaults: 90 days, 15 for VDI names starting `NPVDI-`). */
  staleness?: StaleOptions;
}

export interface CountBy<K extends string = string> {
  key: K;
  devices: number;
}

/** What `fleet report` rolls up over the latest state of every device. */
export interface FleetSummary {
  now: string;
  devices: number;
  captures: number;
  entraObjects: number;
  /** AD computers imported from Entra Connect's certificate report. */
  adComputers: number;
  /** The staleness thresholds the `stale` count was judged with. */
  staleness: { staleDays: number; vdiStaleDays: number; vdiPrefixes: string[] };
  /** Devices by join state × health. */
  stateHealth: Array<{ joinState: JoinState; health: Health; devices: number }>;
  /**
   * Hybrid join funnel as far as the data shows: null where no source tells.
   * inScope = devices whose capture says domain joined; synced = with an Entra ServerAd object;
   * registered = hybrid joined by the capture and not Pending; prt = and holding a PRT.
   * certificate = of those in scope, the ones whose AD computer holds a valid hybrid join
   * certificate per Entra Connect's certificate report (null when no report was imported).
   */
  hybridFunnel: {
    inScope: number;
    certificate: number | null;
    synced: number | null;
    registered: number;
    prt: number;
  };
  topPhases: CountBy<Phase>[];
  topCodes: CountBy[];
  /** Joined devices (any kind) whose latest capture shows no PRT; SYSTEM captures are unknown. */
  prt: { yes: number; no: number; unknown: number };
  whfb: { ready: number; notReady: number; unknown: number };
  osVersions: CountBy[];
  contexts: CountBy<CaptureContext>[];
  /** Age of each device's latest capture. */
  freshness: { day: number; week: number; month: number; quarter: number; older: number };
  entra: Record<EntraIssue, number>;
  /** Devices whose latest capture is at/after `since`, and how their health moved. */
  changes: {
    since: string;
    devices: number;
    improved: number;
    worsened: number;
    new: number;
  } | null;
}

/** Figures about the store itself. */
export interface StoreStats {
  devices: number;
  captures: number;
  entraObjects: number;
  /** Sum of compressed raw text bytes. */
  rawCompressedBytes: number;
  /** Sum of raw text bytes before compression. */
  rawBytes: number;
  /** Bytes of the whole database when the engine tells (file size, pg_database_size). */
  totalBytes: number | null;
  /**
   * Query indexes a bulk ingest has dropped and not yet rebuilt (0 outside such a run): queries
   * still answer, by scanning. The run rebuilds them at its end; if it died, the next ingest does,
   * or a store opening once the run's last batch is ten minutes old.
   */
  deferredIndexes: number;
}

/** How {@link FleetStore.bulk} treats the indexes only queries use. */
export interface BulkOptions {
  /**
   * Captures stored in the run after which those indexes are dropped, to be rebuilt once when it
   * ends. Default: as many as the store held when the run began, and at least 50,000 (a run that at
   * least doubles the store). 0: from the first batch; `Infinity`: never.
   */
  deferIndexesAfter?: number;
}

/** The result of an Entra import. */
export interface EntraImportResult {
  /** Objects stored (new or replaced by object/device ID). */
  stored: number;
  /** Devices whose join findings were recomputed. */
  devicesJoined: number;
}

/** The result of importing Entra Connect's certificate report. */
export interface AdImportResult {
  /** Computers stored (new or replacing the same objectGUID). */
  stored: number;
  /** Devices whose join findings were recomputed. */
  devicesJoined: number;
}

/**
 * A fleet store. Every method is async (PostgreSQL is), never throws on data it stored itself,
 * and never reads the clock: callers pass times.
 */
export interface FleetStore {
  /** `sqlite`, `postgres` or `pglite`. */
  readonly engine: 'sqlite' | 'postgres' | 'pglite';
  /**
   * Stores a batch of captures in one transaction: each either `stored` or `duplicate` (by
   * content hash). Idempotent and crash-safe: a batch is stored whole or not at all.
   */
  ingest(captures: CaptureInput[], ingestedAt: string): Promise<IngestOutcome[]>;
  /**
   * Runs a large ingest (`run` calls {@link ingest} batch after batch). Once the run has stored
   * enough captures, the indexes only queries use are dropped, and they are rebuilt once when `run`
   * ends or throws: a dozen indexes take every new device at a random place, and building them
   * whole is cheaper than keeping them. Meanwhile queries still answer, by scanning. Crash-safe:
   * the dropped definitions are kept in the store with the time of the run's latest batch; the next
   * bulk run rebuilds them at its end, and a store opening once that time is ten minutes old
   * rebuilds them at once.
   */
  bulk<T>(run: () => Promise<T>, options?: BulkOptions): Promise<T>;
  /** Stores Entra objects (replacing earlier ones with the same object or device ID), then re-joins. */
  importEntra(records: EntraRecord[], now: string): Promise<EntraImportResult>;
  /** One page of devices, latest state, ordered by device key. */
  devices(filter: DeviceFilter): Promise<DevicePage>;
  /** Stores the computers of Entra Connect's certificate report (by objectGUID), then re-joins. */
  importAd(records: AdComputerRecord[], now: string): Promise<AdImportResult>;
  /** One page of Entra objects that no stored device matches, as the store holds now. */
  notCaptured(page: { limit?: number; after?: string }): Promise<NotCapturedPage>;
  /** One device by device key, Entra device ID or computer name (case-insensitive); null if none. */
  device(id: string, options?: DeviceOptions): Promise<DeviceDetail | null>;
  /** The raw text of one stored capture, decompressed; null if no such capture. */
  captureText(captureId: number): Promise<string | null>;
  /** The roll-up of `fleet report`. */
  summary(options: SummaryOptions): Promise<FleetSummary>;
  stats(): Promise<StoreStats>;
  close(): Promise<void>;
}
