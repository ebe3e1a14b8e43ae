/**
 * The fleet API's bodies as the page reads them: the store's own row types, plus what the
 * device route adds (its latest report and what changed).
 * @module
 */
import type { ReportComparison } from '../../src/compare/index.ts';
import type { Report } from '../../src/model/report.ts';
import type { DeviceDetail } from '../../src/store/types.ts';

export type {
  CountBy,
  DevicePage,
  DeviceRow,
  FleetSummary,
  HistoryEntry,
} from '../../src/store/types.ts';

export interface DeviceResponse extends DeviceDetail {
  latest: Report | null;
  changes: Array<{ before: number; after: number; comparison: ReportComparison }>;
  changesOmitted: number;
}

export interface ExplainResponse {
  normalized: string | null;
  entry: { code: string; name: string | null; summary: string } | null;
}
