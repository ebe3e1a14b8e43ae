/**
 * The report envelope every command writes, and redaction of one report inside it.
 * @module
 */
import { readFileSync } from 'node:fs';
import { buildReport } from '../../flow/report.ts';
import type { DeviceReport, InputFailure, Report } from '../../model/report.ts';
import { createRedactor, type Redactor, redactPath, redactReport } from '../../redact/index.ts';
import type { SummaryTally } from '../../render/index.ts';
import { UsageError } from '../errors.ts';

/** The run's envelope: the flow's `buildReport`, one home for the generator and the schema id. */
export function envelope(reports: DeviceReport[], failures: InputFailure[] = []): Report {
  return buildReport(reports, failures);
}

/** The report with identifiers replaced, or as it is when no redaction was asked for. */
export function redacted(report: DeviceReport, redactor: Redactor | null): DeviceReport {
  return redactor ? redactReport(envelope([report]), redactor).reports[0]! : report;
}

/** How a command was asked to redact: `--redact[=strict]` and where the key comes from. */
export interface RedactChoice {
  /** `true` (or `'on'`) for `--redact`, `'strict'` for `--redact=strict`. */
  redact?: boolean | string;
  /** `--redact=strict`, as the parser spells it. */
  redactStrict?: boolean;
  redactSalt?: string;
  redactKeyFile?: string;
}

/** The environment variable that holds the pseudonym key, so it shows in no command line. */
export const REDACT_KEY_ENV = 'DSREG_DOCTOR_REDACT_KEY';

/**
 * One redactor for the whole run, so an identifier gets the same pseudonym in every file. The key
 * comes from `--redact-key-file`, else `--redact-salt`, else `DSREG_DOCTOR_REDACT_KEY`; without
 * one, pseudonyms are numbered for this run.
 */
export function newRedactor(choice: RedactChoice | string | undefined, strict = false): Redactor {
  const c: RedactChoice = typeof choice === 'string' ? { redactSalt: choice } : (choice ?? {});
  const key = redactKey(c);
  return createRedactor({
    ...(key ? { key } : {}),
    strict: strict || c.redact === 'strict' || c.redactStrict === true,
  });
}

function redactKey(choice: RedactChoice): Uint8Array | null {
  if (choice.redactKeyFile !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(choice.redactKeyFile));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UsageError(`--redact-key-file ${choice.redactKeyFile}: cannot read the key (${code})`);
    }
    // A key written with `echo` ends with a line break that is not part of the key.
    const text = new TextDecoder().decode(bytes);
    const trimmed = text.replace(/[\r\n]+$/, '');
    if (trimmed === '')
      throw new UsageError(
        `--redact-key-file ${choice.redactKeyFile}: the file is empty; put a secret in it`,
      );
    return trimmed.length === text.length ? bytes : new TextEncoder().encode(trimmed);
  }
  if (choice.redactSalt !== undefined) {
    if (choice.redactSalt === '')
      throw new UsageError('--redact-salt needs a value (or use --redact-key-file)');
    return new TextEncoder().encode(choice.redactSalt);
  }
  const env = process.env[REDACT_KEY_ENV];
  return env ? new TextEncoder().encode(env) : null;
}

/** The run's redactor when `--redact` was given. */
export function redactorFor(options: RedactChoice): Redactor | null {
  if (options.redactStrict) return newRedactor(options, true);
  if (options.redact === undefined || options.redact === false) {
    // A key given without `--redact` still means redaction: the safe reading of a forgotten flag.
    if (options.redactSalt !== undefined || options.redactKeyFile !== undefined) return newRedactor(options);
    return null;
  }
  if (options.redact !== true && options.redact !== 'strict' && options.redact !== 'on')
    throw new UsageError(`--redact=${options.redact}: the only mode is strict (\`--redact=strict\`)`);
  return newRedactor(options);
}

/**
 * The closing summary's inputs under redaction: the example path of each top error and the
 * paths of inputs that failed are redacted like the reports (a file named after a device must
 * not name it in the summary).
 */
export function redactedRun(
  tally: SummaryTally,
  failures: InputFailure[],
  redactor: Redactor | null,
): { tally: SummaryTally; failures: InputFailure[] } {
  if (redactor === null) return { tally, failures };
  const hide = (list: readonly InputFailure[]) =>
    redactReport(envelope([], [...list]), redactor).failures ?? [];
  const view = Object.create(tally) as SummaryTally;
  view.summary = (list: readonly InputFailure[] = []) => {
    const summary = tally.summary(list);
    return {
      ...summary,
      topErrors: summary.topErrors.map((row) => ({ ...row, example: redactPath(row.example, redactor) })),
      failures: hide(summary.failures),
    };
  };
  return { tally: view, failures: hide(failures) };
}
