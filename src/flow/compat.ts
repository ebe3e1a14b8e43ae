/**
 * The first library API's names over the flow, for `src/analyze.ts`.
 * @module
 */
import type { EventReadResult } from '../model/events.ts';
import type { DeviceReport } from '../model/report.ts';
import { withLogs } from './report.ts';

export { analyzeInput } from './run.ts';

/** `correlateReport(report, events, eventPaths)`: the capture read together with its logs. */
export function correlateReports(
  report: DeviceReport,
  events: EventReadResult[],
  eventPaths: string[],
): DeviceReport {
  return withLogs(
    report,
    events.map((e, i) => ({ name: eventPaths[i] ?? `events ${i + 1}`, events: e })),
  );
}
