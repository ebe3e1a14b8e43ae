/**
 * The closing table of a run over many captures, in words: the counts come from the flow
 * (`RunCounts`, over enum values); here each join state gets its label and each code its name.
 * @module
 */

import { codeName } from '../knowledge/codes/index.ts';
import type { Health, JoinState } from '../model/diagnosis.ts';
import type { DeviceReport, InputFailure } from '../model/report.ts';
import { type RunCounts, RunTally } from '../model/summary.ts';
import { type EventRecordCounts, eventRecordCounts, joinStateLabel } from './view.ts';

export interface RunSummary {
  total: number;
  /** Rows: join states present; columns: every health, in `Health` order. */
  byState: { joinState: JoinState; state: string; counts: Record<Health, number>; total: number }[];
  topErrors: { code: string; name: string | null; devices: number; example: string }[];
  failures: InputFailure[];
  /** Event records read across the run, and parts skipped; only when the run read event logs. */
  events?: EventRecordCounts;
}

/** The counts of a run with the words a reader needs: state labels and code names. */
export function labelSummary(counts: RunCounts): RunSummary {
  return {
    total: counts.total,
    byState: counts.byState.map((row) => ({ ...row, state: joinStateLabel(row.joinState) })),
    topErrors: counts.topErrors.map((row) => ({ ...row })),
    failures: counts.failures,
  };
}

export function summarize(
  reports: readonly DeviceReport[],
  failures: readonly InputFailure[] = [],
): RunSummary {
  const tally = new SummaryTally();
  for (const report of reports) tally.add(report);
  return tally.summary(failures);
}

/**
 * The run's counts, one report at a time, with `summary()` in words: a run over thousands of
 * captures keeps only counters, never the reports.
 */
export class SummaryTally extends RunTally {
  constructor() {
    // A code's name is a label, like a join state's: the catalog gives it.
    super(codeName);
  }

  /** Event records over the run's reports; null until a report with event evidence is added. */
  private events: EventRecordCounts | null = null;

  override add(report: DeviceReport): void {
    super.add(report);
    const counts = eventRecordCounts(report);
    if (counts === null) return;
    this.events ??= { read: 0, skipped: 0 };
    this.events.read += counts.read;
    this.events.skipped += counts.skipped;
  }

  summary(failures: readonly InputFailure[] = []): RunSummary {
    const summary = labelSummary(this.counts(failures));
    return this.events ? { ...summary, events: { ...this.events } } : summary;
  }
}
