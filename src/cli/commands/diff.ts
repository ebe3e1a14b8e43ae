/**
 * `dsreg-doctor diff BEFORE AFTER`: what changed on one device between two captures.
 * @module
 */
import { analyzeBytes } from '../../analyze.ts';
import { compareReports, renderComparison } from '../../compare/index.ts';
import type { DeviceReport } from '../../model/report.ts';
import { InputError } from '../errors.ts';
import { chooseFormat, parseNow } from '../format.ts';
import { readInput } from '../inputs.ts';
import type { Io } from './analyze.ts';
import { redacted, redactorFor } from './envelope.ts';

export interface DiffOptions {
  format?: string;
  redact?: boolean;
  redactSalt?: string;
  now?: string;
}

export async function diffCommand(
  before: string,
  after: string,
  options: DiffOptions,
  io: Io,
): Promise<void> {
  const format = chooseFormat(options.format, ['text', 'json', 'markdown'] as const, io.out);
  const now = parseNow(options.now);
  const redactor = redactorFor(options);
  const load = async (path: string): Promise<DeviceReport> => {
    const input = analyzeBytes(await readInput({ path }), now ? { path, now } : { path });
    if (input.kind !== 'capture')
      throw new InputError(
        path,
        input.problem ?? 'diff compares two dsregcmd captures; this is an event log',
      );
    if (input.reports.length > 1)
      io.warn(`dsreg-doctor: ${path}: holds ${input.reports.length} captures; comparing the last one`);
    return input.reports.at(-1)!;
  };
  const [first, second] = [await load(before), await load(after)];
  const [a, b] = [deviceOf(first), deviceOf(second)];
  if (a !== null && b !== null && a.toLowerCase() !== b.toLowerCase()) {
    // Names are left out under --redact: the warning must not undo it.
    const names = redactor ? '' : ` (${a}, ${b})`;
    io.warn(
      `dsreg-doctor: ${before} and ${after} are captures of two different devices${names}: what differs is the device, not a change over time`,
    );
  }
  const comparison = compareReports(redacted(first, redactor), redacted(second, redactor));
  await io.out.write(renderComparison(comparison, format));
  await io.out.close();
}

/** The device a capture names: its Device Name, else its DeviceId. */
function deviceOf(report: DeviceReport): string | null {
  const fields = report.capture?.sections.flatMap((section) => section.fields) ?? [];
  const named = (name: string) =>
    fields.find((f) => f.name === name && f.value.kind !== 'masked')?.raw.trim();
  return named('Device Name') || named('DeviceId') || null;
}
