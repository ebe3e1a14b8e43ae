/**
 * The JSON form of reports: the schema's key order whatever order a report was built in, and
 * only the keys the schema names, as the contract promises.
 * @module
 */
import { REPORT_KEY_ORDER } from '../model/key-order.generated.ts';
import { inKeyOrder, type KeyOrder } from '../model/key-order.ts';
import type { DeviceReport, Report } from '../model/report.ts';

/** The order of one entry of `reports`, taken from the whole report's. */
function entryOrder(order: KeyOrder): KeyOrder {
  const reports =
    order !== null && 'keys' in order ? order.keys.find(([key]) => key === 'reports')?.[1] : null;
  return reports && 'items' in reports ? reports.items : null;
}

const DEVICE_REPORT_KEY_ORDER = entryOrder(REPORT_KEY_ORDER);

export function renderJson(report: Report): string {
  return `${JSON.stringify(inKeyOrder(report, REPORT_KEY_ORDER), null, 2)}\n`;
}

/** One entry of `reports`, for writers that stream a run report by report. */
export function renderDeviceReportJson(report: DeviceReport): string {
  return JSON.stringify(inKeyOrder(report, DEVICE_REPORT_KEY_ORDER), null, 2);
}
