/**
 * Choices every command shares: output format, colour, width.
 * @module
 */
import { UsageError } from './errors.ts';
import type { Output } from './output.ts';

export type ReportFormat = 'text' | 'json' | 'markdown' | 'html';

/** Text on a terminal, JSON when piped or redirected: scripts get the contract by default. */
export function chooseFormat<F extends string>(
  given: string | undefined,
  allowed: readonly F[],
  out: Output,
): F {
  if (given === undefined) return (out.isTerminal ? 'text' : 'json') as F;
  const lower = given.toLowerCase();
  const match = allowed.find((f) => f === lower || (f === 'markdown' && lower === 'md'));
  if (!match) throw new UsageError(`--format ${given}: choose one of ${allowed.join(', ')}`);
  return match;
}

/**
 * Colour only on a terminal. NO_COLOR turns it off; FORCE_COLOR turns it on whatever the output,
 * except `0` and `false`, which turn it off even on a terminal (as Node and supports-color read it).
 */
export function useColor(
  out: Output,
  flag: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return out.isTerminal;
}

/** Below this a report's tables and wrapped evidence stop being readable. */
const MIN_AUTO_WIDTH = 60;
/** Above this lines get too long to read, however wide the window. */
const MAX_AUTO_WIDTH = 160;
const DEFAULT_WIDTH = 100;

/**
 * `--width` wins; then COLUMNS, which is how a user or a pager sets the width of piped output;
 * then the terminal's width. Values that did not come from `--width` are kept within sane bounds.
 */
export function widthFor(
  out: Output,
  given: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): number {
  if (given !== undefined) {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 40 || n > 400)
      throw new UsageError(`--width ${given}: give a whole number from 40 to 400`);
    return n;
  }
  const fromEnv = /^\s*\d+\s*$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : 0;
  const columns = fromEnv > 0 ? fromEnv : out.columns || DEFAULT_WIDTH;
  return Math.max(MIN_AUTO_WIDTH, Math.min(columns, MAX_AUTO_WIDTH));
}

/** `--now` must be a date Date can read; it becomes ISO-8601 UTC. */
export function parseNow(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const t = Date.parse(given);
  if (Number.isNaN(t))
    throw new UsageError(`--now ${given}: give a date and time such as 2024-05-01T10:00:00Z`);
  return new Date(t).toISOString();
}
