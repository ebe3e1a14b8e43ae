/**
 * Time arithmetic on the ISO strings the reader produces. No clock here: "now" is always given
 * (Client Time of the capture, or the caller's `now`), so the pure core stays deterministic.
 * @module
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Milliseconds since the epoch, or null for a value that is not a readable time. */
export function timeOf(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

/** Hours from `from` to `to` (negative when `to` is earlier); null when either is unreadable. */
export function hoursBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  const a = timeOf(from);
  const b = timeOf(to);
  return a === null || b === null ? null : (b - a) / HOUR;
}

/** Whole days from `from` to `to`, rounded down; null when either is unreadable. */
export function daysBetween(from: string | null | undefined, to: string | null | undefined): number | null {
  const a = timeOf(from);
  const b = timeOf(to);
  return a === null || b === null ? null : Math.floor((b - a) / DAY);
}

/** A duration in the largest unit that keeps it readable: `45 minutes`, `5 hours`, `12 days`. */
export function describeDuration(hours: number): string {
  const h = Math.abs(hours);
  if (h * 60 < 1) return 'less than a minute';
  if (h < 1) {
    const minutes = Math.round(h * 60);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  if (h < 48) {
    const whole = Math.floor(h);
    return `${whole} hour${whole === 1 ? '' : 's'}`;
  }
  const days = Math.floor(h / 24);
  return `${days} days`;
}

/** `2019-01-31 09:16:43 UTC`: the form dsregcmd prints, for explanations. */
export function formatUtc(iso: string): string {
  const ms = timeOf(iso);
  if (ms === null) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
