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

/** Colour only on a terminal; NO_COLOR turns it off and FORCE_COLOR on, whatever the output. */
export function useColor(
  out: Output,
  flag: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return out.isTerminal;
}

export function widthFor(out: Output, given: string | undefined): number {
  if (given !== undefined) {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 40 || n > 400)
      throw new UsageError(`--width ${given}: give a whole number from 40 to 400`);
    return n;
  }
  return Math.max(60, Math.min(out.columns ?? 100, 160));
}

/** `--now` must be a date Date can read; it becomes ISO-8601 UTC. */
export function parseNow(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const t = Date.parse(given);
  if (Number.isNaN(t))
    throw new UsageError(`--now ${given}: give a date and time such as 2024-05-01T10:00:00Z`);
  return new Date(t).toISOString();
}
