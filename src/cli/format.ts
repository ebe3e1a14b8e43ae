/**
 * Choices every command shares: output format, colour, width.
 * @module
 */
import { UsageError } from './errors.ts';
import { formatFromOutput, type Output } from './output.ts';

/** The one list of formats is the renderer registry's. */
export type { ReportFormat } from '../render/index.ts';

/** Text on a terminal, JSON when piped or redirected: scripts get the contract by default. */
export function chooseFormat<F extends string>(
  given: string | undefined,
  allowed: readonly F[],
  out: Output,
): F {
  // `-o report.html` asks for HTML: the extension of the output file decides, unless --format does.
  const chosen = given ?? formatFromOutput(undefined, allowed, out);
  if (chosen === undefined) return (out.isTerminal ? 'text' : 'json') as F;
  const lower = chosen.toLowerCase();
  const match = allowed.find((f) => f === lower || (f === 'markdown' && lower === 'md'));
  if (!match) throw new UsageError(`--format ${chosen}: choose one of ${allowed.join(', ')}`);
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
    // Decimal digits only: Number() would also take `0x50`, `1e2`, ` 80 ` and `80.0`.
    const n = /^\d+$/.test(given) ? Number(given) : Number.NaN;
    if (!Number.isInteger(n) || n < 40 || n > 400)
      throw new UsageError(`--width ${given}: give a whole number from 40 to 400`);
    return n;
  }
  const fromEnv = /^\s*\d+\s*$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : 0;
  const columns = fromEnv > 0 ? fromEnv : out.columns || DEFAULT_WIDTH;
  return Math.max(MIN_AUTO_WIDTH, Math.min(columns, MAX_AUTO_WIDTH));
}

/**
 * `--now` must be a date Date can read, on a day that exists; it becomes ISO-8601 UTC. Date rolls
 * an impossible day over (2024-02-30 becomes March 1), so the day is checked against its month.
 */
export function parseNow(given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  const t = Date.parse(given);
  if (Number.isNaN(t))
    throw new UsageError(`--now ${given}: give a date and time such as 2024-05-01T10:00:00Z`);
  const day = calendarDay(given);
  if (day && !dayExists(day))
    throw new UsageError(
      `--now ${given}: there is no such day; give a date and time such as 2024-05-01T10:00:00Z`,
    );
  return new Date(t).toISOString();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Year, month (1-12) and day as written, in the forms Date reads: ISO, `Feb 30 2024`, `30 Feb 2024`, `02/30/2024`. */
function calendarDay(text: string): { year: number; month: number; day: number } | null {
  const s = text.trim().toLowerCase();
  const iso = /^([+-]\d{6}|\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/.exec(s);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/.exec(s);
  if (slashed) return { year: Number(slashed[3]), month: Number(slashed[1]), day: Number(slashed[2]) };
  const name = `(${MONTHS.join('|')})[a-z]*\\.?`;
  const year = /(?<![\d:])(\d{4})(?![\d:])/.exec(s);
  const monthDay = new RegExp(`\\b${name}\\s+(\\d{1,2})(?!\\d)`).exec(s);
  const dayMonth = new RegExp(`(?<![\\d:])(\\d{1,2})\\s+${name}`).exec(s);
  if (!year) return null;
  if (monthDay)
    return { year: Number(year[1]), month: MONTHS.indexOf(monthDay[1]!) + 1, day: Number(monthDay[2]) };
  if (dayMonth)
    return { year: Number(year[1]), month: MONTHS.indexOf(dayMonth[2]!) + 1, day: Number(dayMonth[1]) };
  return null;
}

function dayExists({ year, month, day }: { year: number; month: number; day: number }): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one (setUTCFullYear keeps years 0-99 as given).
  const last = new Date(0);
  last.setUTCFullYear(year, month, 0);
  return day <= last.getUTCDate();
}
