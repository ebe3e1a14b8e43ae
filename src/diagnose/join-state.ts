/**
 * The join state (checklist B1, B2, B3, B5) from AzureAdJoined, EnterpriseJoined, DomainJoined and
 * WorkplaceJoined. Missing values are not guessed as NO: a capture that does not say is `unknown`.
 * @module
 */
import type { JoinState } from '../model/diagnosis.ts';
import type { CaptureView } from './view.ts';

/** Fields shown only for a domain-joined device that is not hybrid joined (seed 004, pre-join). */
const PRE_JOIN_TESTS = [
  'AD Connectivity Test',
  'AD Configuration Test',
  'DRS Discovery Test',
  'DRS Connectivity Test',
  'Token acquisition Test',
] as const;

export interface JoinReading {
  joinState: JoinState;
  workplaceJoined: boolean | null;
  azureAdJoined: boolean | null;
  enterpriseJoined: boolean | null;
  domainJoined: boolean | null;
  /** The state was inferred from the presence of pre-join diagnostics, not read from Device State. */
  inferred: boolean;
}

export function readJoinState(view: CaptureView): JoinReading {
  const azureAdJoined = view.bool('AzureAdJoined');
  const enterpriseJoined = view.bool('EnterpriseJoined');
  const domainJoined = view.bool('DomainJoined');
  const workplaceJoined = view.bool('WorkplaceJoined');
  const base = { workplaceJoined, azureAdJoined, enterpriseJoined, domainJoined, inferred: false };
  const state = stateOf(azureAdJoined, enterpriseJoined, domainJoined, workplaceJoined);
  if (state === 'unknown' && azureAdJoined === null && domainJoined === null && hasPreJoinDiagnostics(view)) {
    return { ...base, joinState: 'domain-joined', inferred: true };
  }
  return { ...base, joinState: state };
}

function stateOf(
  aad: boolean | null,
  enterprise: boolean | null,
  domain: boolean | null,
  workplace: boolean | null,
): JoinState {
  if (aad === true && enterprise === true) return 'inconsistent';
  if (aad === true) {
    if (domain === true) return 'hybrid-joined';
    if (domain === false) return 'entra-joined';
    return 'unknown';
  }
  if (enterprise === true) return 'drs-joined';
  if (aad === false) {
    if (domain === true) return 'domain-joined';
    if (domain === false) return workplace === true ? 'entra-registered' : 'not-joined';
    return 'unknown';
  }
  // AzureAdJoined absent: the capture does not say enough to tell.
  return 'unknown';
}

/** Diagnostic Data prints these only for a domain-joined device that could not hybrid join. */
const PRE_JOIN_ONLY = [...PRE_JOIN_TESTS, 'Previous Registration', 'Error Phase'] as const;

export function hasPreJoinDiagnostics(view: CaptureView): boolean {
  return PRE_JOIN_ONLY.some((name) => view.has(name));
}

export { PRE_JOIN_TESTS };

/**
 * Joined to Entra ID, as far as the capture proves: Entra or hybrid joined, and also
 * `AzureAdJoined : YES` without a DomainJoined line (which of the two is not known) and the
 * inconsistent AzureAdJoined + EnterpriseJoined state. The checks that need a joined device (a
 * signed-in user without a PRT, MDM, the device key) run for all of them.
 */
export function joinedToEntra(join: JoinReading): boolean {
  return isCloudJoined(join.joinState) || join.azureAdJoined === true;
}

/** Joined to Entra ID in one of its forms: the states where device and SSO checks apply. */
export function isCloudJoined(state: JoinState): boolean {
  return state === 'entra-joined' || state === 'hybrid-joined';
}
