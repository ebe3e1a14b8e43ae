/**
 * The report envelope every command writes, and redaction of one report inside it.
 * @module
 */
import { type DeviceReport, REPORT_SCHEMA_ID, type Report } from '../../model/report.ts';
import { type Redactor, redactReport } from '../../render/redact.ts';
import { VERSION } from '../version.ts';

export function envelope(reports: DeviceReport[]): Report {
  return { schema: REPORT_SCHEMA_ID, generator: { name: 'dsreg-doctor', version: VERSION }, reports };
}

/** The report with identifiers replaced, or as it is when no redaction was asked for. */
export function redacted(report: DeviceReport, redactor: Redactor | null): DeviceReport {
  return redactor ? redactReport(envelope([report]), redactor).reports[0]! : report;
}
