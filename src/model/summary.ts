/**
 * The run summary as counts over the closed sets of values (join state, health, code), never
 * over display labels: the flow counts, the renderers put words on it. Pure and flat: a run over
 * thousands of reports keeps only counters (bounded by the join states and the distinct codes).
 * @module
 */
import type { Health, JoinState } from './diagnosis.ts';
import type { DeviceReport, InputFailure } from './report.ts';
import { HEALTHS, JOIN_STATES } from './vocabulary.ts';

export interface RunCounts {
  total: number;
  /** Rows: join states present, in `JOIN_STATES` order; columns: every health. */
  byState: { joinState: JoinState; counts: Record<Health, number>; total: number }[];
  /** Most frequent codes first (then by code), at most `TOP_ERRORS`. */
  topErrors: { code: string; name: string | null; devices: number; example: string }[];
  failures: InputFailure[];
}

export const TOP_ERRORS = 10;

/** The catalog's name of a code, or null; given by the flow (the model knows no catalog). */
export type CodeNamer = (code: string) => string | null;

/**
 * Counts one report at a time. A code's name comes from the namer when one is given, else from
 * the error chain of the first report that names the code.
 */
export class RunTally {
  private count = 0;
  private namer: CodeNamer | null;
  private readonly rows = new Map<JoinState, Record<Health, number>>(
    JOIN_STATES.map((state) => [state, emptyCounts()]),
  );
  private readonly codes = new Map<string, { devices: number; example: string; name: string | null }>();

  constructor(namer: CodeNamer | null = null) {
    this.namer = namer;
  }

  /** Sets the namer unless one was given: the flow names codes with the catalog. */
  nameCodesWith(namer: CodeNamer): void {
    this.namer ??= namer;
  }

  add(report: DeviceReport): void {
    this.count++;
    const row = this.rows.get(report.verdict.joinState);
    if (row) row[report.verdict.health]++;
    // A device counts once per code, whether the verdict or an error finding names it.
    const seen = new Set<string>();
    if (report.verdict.errorCode) seen.add(report.verdict.errorCode);
    for (const f of report.findings) if (f.severity === 'error') for (const code of f.codes) seen.add(code);
    for (const code of seen) {
      const entry = this.codes.get(code) ?? {
        devices: 0,
        example: report.source.path,
        name: this.nameOf(code, report),
      };
      entry.devices++;
      this.codes.set(code, entry);
    }
  }

  private nameOf(code: string, report: DeviceReport): string | null {
    if (this.namer) return this.namer(code);
    const link = report.errorChain?.links.find((l) => l.code && l.value.toLowerCase() === code.toLowerCase());
    return link?.name ?? null;
  }

  counts(failures: readonly InputFailure[] = []): RunCounts {
    const byState = [...this.rows]
      .map(([joinState, counts]) => ({
        joinState,
        counts: { ...counts },
        total: HEALTHS.reduce((n, h) => n + counts[h], 0),
      }))
      .filter((row) => row.total > 0);
    const topErrors = [...this.codes]
      .sort((a, b) => b[1].devices - a[1].devices || a[0].localeCompare(b[0]))
      .slice(0, TOP_ERRORS)
      .map(([code, { devices, example, name }]) => ({ code, name, devices, example }));
    return { total: this.count, byState, topErrors, failures: [...failures] };
  }
}

function emptyCounts(): Record<Health, number> {
  return { healthy: 0, attention: 0, failing: 0, unknown: 0 };
}
