/**
 * How the page names the report vocabulary (join states, healths, phases, Entra issues).
 * @module
 */

/** The join states' labels are the reports' own (one home for the words). */
export { JOIN_STATE_LABELS } from '../../src/model/labels.ts';

export const HEALTH_LABELS: Record<string, string> = {
  healthy: 'Healthy',
  attention: 'Needs attention',
  failing: 'Failing',
  unknown: 'Unknown',
};

/** Colours with at least 4.5:1 contrast on white, so bars and their labels read in any mode. */
export const HEALTH_COLORS: Record<string, string> = {
  healthy: '#1b6e2e',
  attention: '#9a4d00',
  failing: '#b3261e',
  unknown: '#5f6368',
};

export const PHASE_LABELS: Record<string, string> = {
  'pre-check': 'Pre-check',
  discover: 'Discover',
  auth: 'Authentication',
  join: 'Join',
};

export const ISSUE_LABELS: Record<string, string> = {
  pending: 'Pending in Entra',
  stale: 'Stale in Entra',
  'wrong-join-type': 'Wrong join type',
  'registered-twice': 'Registered twice',
  'unknown-to-entra': 'Unknown to Entra',
  disabled: 'Disabled in Entra',
  'thumbprint-mismatch': 'Certificate mismatch',
  'duplicate-name': 'Duplicate name',
  'not-captured': 'In Entra, never captured',
  'ad-no-certificate': 'No certificate in AD',
  'ad-no-valid-certificate': 'No valid certificate in AD',
  'ad-cloud-filtered': 'Not synced (CloudFiltered)',
};

export const FRESHNESS_LABELS: Record<string, string> = {
  day: 'Last 24 hours',
  week: '1-7 days',
  month: '8-30 days',
  quarter: '31-90 days',
  older: 'Older',
};

/** The hybrid join funnel's steps, in order (the store gives null for a step its data cannot show). */
export const FUNNEL_LABELS: Record<string, string> = {
  inScope: 'In AD scope (domain joined)',
  certificate: 'Valid certificate in AD',
  synced: 'Synced to Entra',
  registered: 'Registered (not Pending)',
  prt: 'Holding a PRT',
};

export const label = (map: Record<string, string>, key: string | null | undefined): string =>
  key === null || key === undefined ? '—' : (map[key] ?? key);

/** `2026-01-31 12:00 UTC` from an ISO time. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
