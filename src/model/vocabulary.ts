/**
 * The closed sets of values and the identifiers of the JSON contracts, as plain constants. The
 * zod schemas are built from them; code that only needs the values (renderers, the CLI) imports
 * them from here and so never loads zod on its way to a report.
 * @module
 */

export const REPORT_SCHEMA_ID = 'dsreg-doctor.report/1' as const;
/** `dsreg-doctor parse --format json`: the reader's model of every capture found. */
export const CAPTURES_SCHEMA_ID = 'dsreg-doctor.captures/1';

export const JOIN_STATES = [
  'entra-joined',
  'hybrid-joined',
  'domain-joined',
  'drs-joined',
  'entra-registered',
  'not-joined',
  'inconsistent',
  'unknown',
] as const;

/** In the order the summary tables show them, best first. */
export const HEALTHS = ['healthy', 'attention', 'failing', 'unknown'] as const;

export const PHASES = ['pre-check', 'discover', 'auth', 'join'] as const;

export const SEVERITIES = ['error', 'warning', 'info'] as const;
