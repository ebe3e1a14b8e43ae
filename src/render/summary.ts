/**
 * The closing table of a run over many captures: how many devices are in which state and
 * health, and which errors come up most.
 * @module
 */
import type { Health, JoinState } from '../model/diagnosis.ts';
import type { DeviceReport, InputFailure } from '../model/report.ts';
import { HEALTHS, JOIN_STATES } from '../model/vocabulary.ts';
import { explainCode, joinStateLabel } from './view.ts';

export interface RunSummary {
  total: number;
  /** Rows: join states present; columns: every health, in `Health` order. */
  byState: { state: string; counts: Record<Health, number>; total: number }[];
  topErrors: { code: string; name: string | null; devices: number; example: string }[];
  failures: InputFailure[];
}

const TOP_ERRORS = 10;

export function summarize(
  reports: readonly DeviceReport[],
  failures: readonly InputFailure[] = [],
): RunSummary {
  const tally = new SummaryTally();
  for (const report of reports) tally.add(report);
  return tally.summary(failures);
}

/**
 * The same summary, counted one report at a time: a run over thousands of captures keeps only
 * counters (bounded by the join states and the distinct codes), never the reports.
 */
export class SummaryTally {
  private total = 0;
  private readonly rows = new Map<JoinState, Record<Health, number>>(
    JOIN_STATES.map((state) => [state, emptyCounts()]),
  );
  private readonly codes = new Map<string, { devices: number; example: string }>();

  add(report: DeviceReport): void {
    this.total++;
    this.rows.get(report.verdict.joinState)![report.verdict.health]++;
    // A device counts once per code, whether the verdict or an error finding names it.
    const seen = new Set<string>();
    if (report.verdict.errorCode) seen.add(report.verdict.errorCode);
    for (const f of report.findings) if (f.severity === 'error') for (const code of f.codes) seen.add(code);
    for (const code of seen) {
      const entry = this.codes.get(code) ?? { devices: 0, example: report.source.path };
      entry.devices++;
      this.codes.set(code, entry);
    }
  }

  summary(failures: readonly InputFailure[] = []): RunSummary {
    const byState = [...this.rows]
      .map(([state, counts]) => ({
        state: joinStateLabel(state),
        counts: { ...counts },
        total: HEALTHS.reduce((n, h) => n + counts[h], 0),
      }))
      .filter((row) => row.total > 0);
    const topErrors = [...this.codes]
      .sort((a, b) => b[1].devices - a[1].devices || a[0].localeCompare(b[0]))
      .slice(0, TOP_ERRORS)
      .map(([code, { devices, example }]) => ({
        code,
        name: explainCode(code, null).name,
        devices,
        example,
      }));
    return { total: this.total, byState, topErrors, failures: [...failures] };
  }
}

function emptyCounts(): Record<Health, number> {
  return { healthy: 0, attention: 0, failing: 0, unknown: 0 };
}
