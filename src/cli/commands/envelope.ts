/**
 * The report envelope every command writes, and redaction of one report inside it.
 * @module
 */
import type { DeviceReport, InputFailure, Report } from '../../model/report.ts';
import { REPORT_SCHEMA_ID } from '../../model/vocabulary.ts';
import { createRedactor, type Redactor, redactReport } from '../../render/redact.ts';
import { VERSION } from '../version.ts';

export function envelope(reports: DeviceReport[], failures: InputFailure[] = []): Report {
  return {
    schema: REPORT_SCHEMA_ID,
    generator: { name: 'dsreg-doctor', version: VERSION },
    reports,
    ...(failures.length > 0 ? { failures } : {}),
  };
}

/** The report with identifiers replaced, or as it is when no redaction was asked for. */
export function redacted(report: DeviceReport, redactor: Redactor | null): DeviceReport {
  return redactor ? redactReport(envelope([report]), redactor).reports[0]! : report;
}

/** One redactor for the whole run, so an identifier gets the same pseudonym in every file. */
export function newRedactor(salt: string | undefined): Redactor {
  return createRedactor(salt ? { salt } : {});
}

/** The run's redactor when `--redact` was given. */
export function redactorFor(options: { redact?: boolean; redactSalt?: string }): Redactor | null {
  return options.redact ? newRedactor(options.redactSalt) : null;
}
