/**
 * Internal failures: a bug met while reading or diagnosing. The user-facing stages never crash
 * on input; they report such a failure to a handler (the flow turns it into a report notice), and
 * in strict mode (tests, fuzzing) they throw it so the bug is seen.
 * @module
 */

export interface InternalFailure {
  /** The stage that failed: `read`, `diagnose`, `events`, `correlate`. */
  stage: string;
  /** What failed inside the stage (a rule id, a reader step); null when not known. */
  what: string | null;
  message: string;
}

export type InternalFailureHandler = (failure: InternalFailure) => void;

/** The environment variable that turns strict mode on for a whole process (`1` or `true`). */
export const STRICT_ENV = 'DSREG_DOCTOR_STRICT';

/**
 * Strict mode from the environment, read without importing `node:` (absent in a browser).
 * An explicit option always wins over this.
 */
export function strictFromEnv(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[STRICT_ENV]?.toLowerCase();
  return value === '1' || value === 'true';
}

/** The message of anything thrown, on one line. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
