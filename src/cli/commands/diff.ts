/**
 * `dsreg-doctor diff BEFORE AFTER`: what changed on one device between two captures.
 * @module
 */
import { compareReports, renderComparison } from '../../compare/index.ts';
import { analyzeInput } from '../../flow/index.ts';
import { computerNamesAgree } from '../../model/device.ts';
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
    const input = analyzeInput({ name: path, bytes: await readInput({ path }) }, now ? { now } : {});
    if (input.kind === 'rejected') throw new InputError(path, input.message);
    if (input.kind !== 'capture')
      throw new InputError(path, 'diff compares two dsregcmd captures; this is an event log');
    if (input.reports.length > 1)
      io.warn(`dsreg-doctor: ${path}: holds ${input.reports.length} captures; comparing the last one`);
    return input.reports.at(-1)!;
  };
  const [first, second] = [await load(before), await load(after)];
  const [a, b] = [deviceOf(first), deviceOf(second)];
  if (a !== null && b !== null && !sameDevice(a, b)) {
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

/**
 * The device a capture names (its device key): the computer name when it prints one (a device
 * that left and joined again has a new DeviceId but is the same machine), else its DeviceId.
 */
function deviceOf(report: DeviceReport): string | null {
  const key = report.device;
  if (!key) return null;
  if (key.computer) return key.domain?.includes('.') ? `${key.computer}.${key.domain}` : key.computer;
  return key.deviceId;
}

function sameDevice(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || computerNamesAgree(a, b);
}
