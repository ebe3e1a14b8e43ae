/**
 * The join of a device's latest capture with what Entra knows about it: by Entra device ID
 * (= AD objectGUID for hybrid devices), else by computer name; and what the join shows (Pending
 * by the documented tests, wrong join type, registered twice, deleted object, disabled,
 * thumbprint mismatch, stale, duplicate names). Pure.
 * @module
 */
import type { JoinState } from '../model/diagnosis.ts';
import type { EntraIssue, EntraRecord } from '../store/types.ts';

/** What the join needs from a device. */
export interface JoinDevice {
  deviceId: string | null;
  computer: string | null;
  joinState: JoinState;
  workplaceJoined: boolean | null;
  thumbprint: string | null;
}

export interface JoinOptions {
  /** "Now" for staleness (ISO). */
  now: string;
  /** Days without activity before an object counts as stale (default 90; never below 21). */
  staleDays?: number;
  /** Days for non-persistent VDI (default 15), used for names starting with `NPVDI-`. */
  vdiStaleDays?: number;
  /** Whether any imported Entra object carries a device ID (the older portal export does not). */
  entraHasDeviceIds: boolean;
}

export interface JoinResult {
  /** The object the device matched (by device ID, else a single name match); null when none. */
  primary: EntraRecord | null;
  matchedBy: 'device-id' | 'name' | null;
  issues: EntraIssue[];
}

const DAY = 86_400_000;

/** Lower-case short computer name, the name key both sides are compared by. */
export function nameKey(name: string | null): string | null {
  const short = (name ?? '').trim().split('.')[0]?.toLowerCase() ?? '';
  return short === '' ? null : short;
}

/** Joins one device with the Entra objects that share its device ID or its name. */
export function joinDevice(device: JoinDevice, candidates: EntraRecord[], options: JoinOptions): JoinResult {
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
    if (isStale(primary, device.computer, options)) issues.add('stale');
  }
  const hybrid = device.joinState === 'hybrid-joined';
  const hasWorkplaceObject = byName.some((r) => r.trustType === 'Workplace');
  if (hybrid && (device.workplaceJoined === true || hasWorkplaceObject)) issues.add('registered-twice');
  const distinct = new Set(byName.map((r) => r.objectId ?? r.deviceId ?? r.source));
  if (distinct.size > 1) issues.add('duplicate-name');
  return { primary, matchedBy, issues: ISSUE_ORDER.filter((i) => issues.has(i)) };
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
 * Stale: the activity timestamp is older than the threshold. Entra refreshes it only every 14
 * days (±5), so nothing younger than 21 days ever counts; a blank timestamp is not evidence.
 */
export function isStale(record: EntraRecord, computer: string | null, options: JoinOptions): boolean {
  if (!record.lastSignIn) return false;
  const last = Date.parse(record.lastSignIn);
  const now = Date.parse(options.now);
  if (Number.isNaN(last) || Number.isNaN(now)) return false;
  const vdi = /^npvdi-/i.test(record.displayName ?? computer ?? '');
  const days = vdi ? (options.vdiStaleDays ?? 15) : Math.max(21, options.staleDays ?? 90);
  return now - last > days * DAY;
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
  'not-captured': {
    title: 'In Entra but no capture from the device',
    step: 'Collect `dsregcmd /status` from these devices or check whether they still exist.',
  },
};
