/**
 * The JSON form of reports: the schema's key order whatever order a report was built in, and
 * only the keys the schema names, as the contract promises.
 * @module
 */
import { REPORT_KEY_ORDER } from '../model/key-order.generated.ts';
import { inKeyOrder, type KeyOrder } from '../model/key-order.ts';
import type { DeviceReport, InputFailure, Report } from '../model/report.ts';

/** The order of the value under one top-level key of the report. */
function orderUnder(key: string): KeyOrder {
  if (REPORT_KEY_ORDER === null || !('keys' in REPORT_KEY_ORDER)) return null;
  return REPORT_KEY_ORDER.keys.find(([name]) => name === key)?.[1] ?? null;
}

/** The order of one entry of `reports`. */
const DEVICE_REPORT_KEY_ORDER: KeyOrder = (() => {
  const reports = orderUnder('reports');
  return reports && 'items' in reports ? reports.items : null;
})();

const FAILURES_KEY_ORDER = orderUnder('failures');

export function renderJson(report: Report): string {
  return `${JSON.stringify(inKeyOrder(report, REPORT_KEY_ORDER), null, 2)}\n`;
}

/** One entry of `reports`, for writers that stream a run report by report. */
export function renderDeviceReportJson(report: DeviceReport): string {
  return JSON.stringify(inKeyOrder(report, DEVICE_REPORT_KEY_ORDER), null, 2);
}

/** The run's `failures`, for writers that stream a run and add them at its end. */
export function renderFailuresJson(failures: InputFailure[]): string {
  return JSON.stringify(inKeyOrder(failures, FAILURES_KEY_ORDER), null, 2);
}
