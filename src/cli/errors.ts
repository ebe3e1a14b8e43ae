/**
 * Typed errors of the command line. Commands throw them; `main.ts` alone turns them into one
 * line on stderr and an exit code.
 * @module
 */
import type { RejectReason } from '../flow/types.ts';

/** Exit codes, documented in `--help` and README. */
export const ExitCode = {
  /** No error findings. */
  ok: 0,
  /** At least one error finding. */
  findings: 1,
  /** Bad usage, or an input that could not be read. */
  usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * What each reason an input is rejected for does to the run: the exit code it forces, or null
 * for an input that is passed over with a note (a report this tool wrote is not evidence, and
 * not a failure). The one table; the server keeps its own for HTTP statuses.
 */
export const REJECT_EXIT: Record<RejectReason, ExitCode | null> = {
  empty: ExitCode.usage,
  binary: ExitCode.usage,
  'not-recognized': ExitCode.usage,
  'too-large': ExitCode.usage,
  unreadable: ExitCode.usage,
  'own-output': null,
};

/** The command line was wrong: an unknown option, a missing argument, a bad value. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An input could not be used. `path` is what the user gave; `reason` says what and what to do. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** Results could not be written (disk full, no permission); nothing partial is left behind. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/**
 * Standard output was closed by its reader (`| head`). The reader has what it wanted, so the run
 * stops without a message; it still exits non-zero because the report was not written whole.
 */
export class OutputClosed extends Error {
  override readonly name = 'OutputClosed';
  constructor() {
    super('standard output was closed');
  }
}

/**
 * The run finished, but with an outcome that is not success: some inputs failed, or error
 * findings were reported. Carries the exit code; the message (if any) was already printed.
 */
export class RunOutcome extends Error {
  override readonly name = 'RunOutcome';
  constructor(readonly exitCode: ExitCode) {
    super(`exit ${exitCode}`);
  }
}
