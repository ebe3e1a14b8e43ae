/**
 * The words for the join states, one home: the short label tables and headlines use, and the
 * name a sentence uses. The CLI, the reports, the server and the page all take them from here.
 * Pure data, no zod.
 * @module
 */
import type { JoinState } from './diagnosis.ts';

/** Short labels: headlines, tables, charts (`Hybrid joined`). */
export const JOIN_STATE_LABELS: Readonly<Record<JoinState, string>> = {
  'entra-joined': 'Entra joined',
  'hybrid-joined': 'Hybrid joined',
  'domain-joined': 'Domain joined',
  'drs-joined': 'DRS joined',
  'entra-registered': 'Entra registered',
  'not-joined': 'Not joined',
  inconsistent: 'Inconsistent state',
  unknown: 'State unknown',
};

/** Names for a sentence, with the product's full name (`Microsoft Entra hybrid joined`). */
export const JOIN_STATE_NAMES: Readonly<Record<JoinState, string>> = {
  'entra-joined': 'Microsoft Entra joined',
  'hybrid-joined': 'Microsoft Entra hybrid joined',
  'domain-joined': 'Domain joined, not hybrid joined',
  'drs-joined': 'Joined to an on-premises DRS',
  'entra-registered': 'Microsoft Entra registered',
  'not-joined': 'Not joined or registered',
  inconsistent: 'Inconsistent join state',
  unknown: 'Join state not shown',
};
