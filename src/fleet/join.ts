/**
 * The join of a device's latest capture with what Entra knows about it: by Entra device ID
 * (= AD objectGUID for hybrid devices), else by computer name; and what the join shows (Pending
 * by the documented tests, wrong join type, registered twice, deleted object, disabled,
 * thumbprint mismatch, stale, duplicate names). Pure.
 * @module
 */
import type { JoinState } from '../model/diagnosis.ts';
import type { AdComputerRecord, EntraIssue, EntraRecord, StaleOptions } from '../store/types.ts';

/** What the join needs from a device. */
export interface JoinDevice {
  deviceId: string | null;
  computer: string | null;
  joinState: JoinState;
  workplaceJoined: boolean | null;
  thumbprint: string | null;
}

export interface JoinOptions {
  /** "Now" of the join (ISO); staleness is measured from it only when `stale` is given. */
  now: string;
  /**
   * Judge staleness here too. The store leaves it out: it keeps the activity timestamp and
   * judges staleness when asked, with the thresholds of the question.
   */
  stale?: StaleOptions;
  /** Whether any imported Entra object carries a device ID (the older portal export does not). */
  entraHasDeviceIds: boolean;
}

export interface JoinResult {
  /** The object the device matched (by device ID, else a single name match); null when none. */
  primary: EntraRecord | null;
  matchedBy: 'device-id' | 'name' | null;
  /** The AD computer of the Entra Connect certificate report (by objectGUID, else by name). */
  ad: AdComputerRecord | null;
  issues: EntraIssue[];
}

/** The thresholds of staleness, defaults filled in. */
export interface StaleThresholds {
  staleDays: number;
  vdiStaleDays: number;
  /** Lower-case display-name prefixes of non-persistent VDI devices. */
  vdiPrefixes: string[];
}

/** Entra refreshes the activity timestamp only every 14 days (±5): nothing younger says anything. */
export const STALE_FLOOR_DAYS = 21;
export const DEFAULT_STALE_DAYS = 90;
/** Microsoft's advice for non-persistent VDI: remove objects older than 15 days, named `NPVDI-`. */
export const DEFAULT_VDI_STALE_DAYS = 15;
export const DEFAULT_VDI_PREFIXES = ['NPVDI-'];

/**
 * The thresholds to apply: the defaults where none is given; the general threshold never below
 * 21 days (callers refuse such a value; this keeps the rule for every other caller). The VDI
 * threshold is Microsoft's own, below the floor on purpose.
 */
export function staleThresholds(options: StaleOptions = {}): StaleThresholds {
  const whole = (v: number | undefined, fallback: number) =>
    v !== undefined && Number.isFinite(v) && v >= 1 ? Math.floor(v) : fallback;
  const prefixes = (options.vdiPrefixes ?? DEFAULT_VDI_PREFIXES)
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '');
  return {
    staleDays: Math.max(STALE_FLOOR_DAYS, whole(options.staleDays, DEFAULT_STALE_DAYS)),
    vdiStaleDays: whole(options.vdiStaleDays, DEFAULT_VDI_STALE_DAYS),
    vdiPrefixes: [...new Set(prefixes)],
  };
}

const DAY = 86_400_000;

/** Lower-case short computer name, the name key both sides are compared by. */
export function nameKey(name: string | null): string | null {
  const short = (name ?? '').trim().split('.')[0]?.toLowerCase() ?? '';
  return short === '' ? null : short;
}

/** Joins one device with the Entra objects that share its device ID or its name. */
export function joinDevice(
  device: JoinDevice,
  candidates: EntraRecord[],
  options: JoinOptions,
  adCandidates: AdComputerRecord[] = [],
): JoinResult {
  const id = device.deviceId?.toLowerCase() ?? null;
  const name = nameKey(device.computer);
  const byId = id ? candidates.filter((r) => r.deviceId === id) : [];
  const byName = name ? candidates.filter((r) => nameKey(r.displayName) === name) : [];
  const issues = new Set<EntraIssue>();
  let primary: EntraRecord | null = byId[0] ?? null;
  let matchedBy: JoinResult['matchedBy'] = primary ? 'device-id' : null;
  if (!primary && byName.length >= 1 && (!id || !options.entraHasDeviceIds)) {
    // A name alone is weak: take it only when the device has no ID to compare, or Entra's file
    // has none, and prefer the object whose join type fits what the device says.
    primary = byName.find((r) => r.trustType === trustTypeOf(device.joinState)) ?? byName[0] ?? null;
    matchedBy = primary ? 'name' : null;
  }
  const reportsRegistration = ['hybrid-joined', 'entra-joined', 'entra-registered'].includes(
    device.joinState,
  );
  if (id && reportsRegistration && options.entraHasDeviceIds && byId.length === 0)
    issues.add('unknown-to-entra');
  if (primary) {
    if (isPending(primary)) issues.add('pending');
    const expected = trustTypeOf(device.joinState);
    if (expected && primary.trustType && primary.trustType !== expected && matchedBy === 'device-id') {
      issues.add('wrong-join-type');
    }
    if (primary.accountEnabled === false) issues.add('disabled');
    if (
      device.thumbprint &&
      primary.thumbprints.length > 0 &&
      !primary.thumbprints.includes(device.thumbprint)
    ) {
      issues.add('thumbprint-mismatch');
    }
    if (
      options.stale &&
      isStale(primary.lastSignIn, primary.displayName ?? device.computer, options.now, options.stale)
    )
      issues.add('stale');
  }
  const hybrid = device.joinState === 'hybrid-joined';
  const hasWorkplaceObject = byName.some((r) => r.trustType === 'Workplace');
  if (hybrid && (device.workplaceJoined === true || hasWorkplaceObject)) issues.add('registered-twice');
  const distinct = new Set(byName.map((r) => r.objectId ?? r.deviceId ?? r.source));
  if (distinct.size > 1) issues.add('duplicate-name');
  const ad = matchAd(id, name, adCandidates);
  for (const issue of adIssues(ad)) issues.add(issue);
  return { primary, matchedBy, ad, issues: ISSUE_ORDER.filter((i) => issues.has(i)) };
}

/**
 * The AD computer of a device: by objectGUID (= the Entra device ID of a hybrid device); by name
 * only when the device reports no device ID (a domain joined device before its first join) and
 * exactly one computer of the report carries the name.
 */
export function matchAd(
  id: string | null,
  name: string | null,
  candidates: AdComputerRecord[],
): AdComputerRecord | null {
  if (id) return candidates.find((c) => c.objectGuid === id) ?? null;
  if (!name) return null;
  const byName = candidates.filter((c) => c.name !== null && nameKey(c.name) === name);
  return byName.length === 1 ? (byName[0] ?? null) : null;
}

/**
 * What the certificate report says about one computer. Entra Connect (1.4 and later) syncs a
 * Windows 10+ computer only when its userCertificate holds an unexpired certificate whose subject
 * is `CN=<objectGUID>`; the report marks the others CloudFiltered.
 */
export function adIssues(ad: AdComputerRecord | null): EntraIssue[] {
  if (!ad) return [];
  const out: EntraIssue[] = [];
  const hybrid = ad.hybridJoinCerts ?? 0;
  if (hybrid === 0) {
    if ((ad.totalEntries ?? 0) === 0 && (ad.certs ?? 0) === 0) out.push('ad-no-certificate');
    else out.push('ad-no-valid-certificate');
  }
  if (ad.cloudFiltered === true || (ad.cloudFiltered === null && hybrid === 0)) out.push('ad-cloud-filtered');
  return out;
}

/** Whether the report shows a valid hybrid join certificate: true, false, or null without a row. */
export function adHasCertificate(ad: AdComputerRecord | null): boolean | null {
  if (!ad) return null;
  return (ad.hybridJoinCerts ?? 0) > 0 && ad.cloudFiltered !== true;
}

/** Every issue in the order the report lists them. */
export const ISSUE_ORDER: EntraIssue[] = [
  'unknown-to-entra',
  'pending',
  'wrong-join-type',
  'registered-twice',
  'disabled',
  'thumbprint-mismatch',
  'stale',
  'duplicate-name',
  'ad-no-certificate',
  'ad-no-valid-certificate',
  'ad-cloud-filtered',
  'not-captured',
];

/** The Graph trust type a device's own join state corresponds to. */
export function trustTypeOf(state: JoinState): EntraRecord['trustType'] {
  if (state === 'hybrid-joined') return 'ServerAd';
  if (state === 'entra-joined') return 'AzureAd';
  if (state === 'entra-registered') return 'Workplace';
  return null;
}

/**
 * Pending exists only for hybrid (ServerAd) objects. Any documented test counts: the portal's
 * Registered column says Pending; the object has no `X509:` alternative security ID; Graph's
 * profile type is not RegisteredDevice.
 */
export function isPending(record: EntraRecord): boolean {
  if (record.trustType !== 'ServerAd') return false;
  if (record.pendingLabel) return true;
  if (record.hasCertificateKey === false) return true;
  return record.profileType !== null && record.profileType.toLowerCase() !== 'registereddevice';
}

/**
 * Stale: the activity timestamp is older than the threshold (the VDI threshold when the name
 * starts with a VDI prefix). Entra refreshes it only every 14 days (±5), so nothing younger than
 * 21 days ever counts outside VDI; a blank timestamp is not evidence.
 */
export function isStale(
  lastSignIn: string | null,
  name: string | null,
  now: string,
  options: StaleOptions = {},
): boolean {
  if (!lastSignIn) return false;
  const last = Date.parse(lastSignIn);
  const at = Date.parse(now);
  if (Number.isNaN(last) || Number.isNaN(at)) return false;
  const t = staleThresholds(options);
  const days = isVdiName(name, t.vdiPrefixes) ? t.vdiStaleDays : t.staleDays;
  return at - last > days * DAY;
}

/** Whether a name starts with one of the (lower-case) VDI prefixes. */
export function isVdiName(name: string | null, prefixes: string[]): boolean {
  const n = (name ?? '').trim().toLowerCase();
  return n !== '' && prefixes.some((p) => n.startsWith(p));
}

/** Title and the first step of each join issue, for findings and reports. */
export const ISSUE_TEXT: Record<EntraIssue, { title: string; step: string }> = {
  'unknown-to-entra': {
    title: 'The device ID it reports does not exist in Entra',
    step: 'The object was deleted in Entra: run `dsregcmd /leave` as admin, restart, and let the device register again.',
  },
  pending: {
    title: 'Pending in Entra: synced but not registered',
    step: 'Check the device can reach DRS and wait one Connect sync cycle; a device that believes it is joined must leave and rejoin.',
  },
  'wrong-join-type': {
    title: 'Entra holds a different join type than the device reports',
    step: 'Compare the object’s trust type with `dsregcmd /status`; remove the wrong object and register again.',
  },
  'registered-twice': {
    title: 'Hybrid joined and also registered (dual state)',
    step: 'Remove the Entra registered account from the device and block registration on hybrid devices (BlockAADWorkplaceJoin).',
  },
  disabled: {
    title: 'The Entra object is disabled',
    step: 'Enable the object (for hybrid devices in AD, then sync) or retire the device.',
  },
  'thumbprint-mismatch': {
    title: 'The device certificate does not match the Entra object',
    step: 'The device and the cloud object disagree: leave and rejoin so both hold the same certificate.',
  },
  stale: {
    title: 'Stale in Entra (no activity past the threshold)',
    step: 'Confirm the device is retired, then disable it (in AD for hybrid devices) before deleting; keep Autopilot objects.',
  },
  'duplicate-name': {
    title: 'Several Entra objects carry this name',
    step: 'Keep the object whose device ID the device reports and clean up the others after checking they are stale.',
  },
  'ad-no-certificate': {
    title: 'No hybrid join certificate in AD (NotStarted, SCP not read)',
    step: 'Check the service connection point and that the device can reach it; run the Automatic-Device-Join task and look at the User Device Registration log.',
  },
  'ad-no-valid-certificate': {
    title: 'Certificates in AD, but no valid hybrid join certificate',
    step: 'The userCertificate values are expired or not the device’s own (subject CN=<objectGUID>): let the device run its join task again so it writes a new one.',
  },
  'ad-cloud-filtered': {
    title: 'CloudFiltered: Entra Connect does not sync this computer',
    step: 'Without a valid hybrid join certificate (or outside the sync scope) the computer is not synced, and an object synced before is deleted from Entra: fix the certificate and check the Connect scope.',
  },
  'not-captured': {
    title: 'In Entra but no capture from the device',
    step: 'Collect `dsregcmd /status` from these devices or check whether they still exist.',
  },
};
