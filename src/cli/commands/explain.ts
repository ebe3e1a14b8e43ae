/**
 * `dsreg-doctor explain CODE...`: any code in any form, what it is and what to do.
 * @module
 */
import { lookupCode } from '../../knowledge/codes/index.ts';
import { renderExplanations } from '../../render/explain.ts';
import { ExitCode, RunOutcome, UsageError } from '../errors.ts';
import { chooseFormat, widthFor } from '../format.ts';
import type { Io } from './analyze.ts';

export async function explainCommand(
  codes: string[],
  options: { format?: string; width?: string },
  io: Io,
): Promise<void> {
  if (codes.length === 0)
    throw new UsageError('give at least one code, e.g. `dsreg-doctor explain 0x801c03f2`');
  const format = chooseFormat(
    options.format ?? (io.out.isTerminal ? 'text' : undefined),
    ['text', 'json', 'markdown'] as const,
    io.out,
  );
  const lookups = codes.map(lookupCode);
  // What cannot be read as a code is an input that could not be read, like a file that cannot be:
  // named on stderr, left out of the output, and exit 2, while the other codes are still explained.
  const unread = lookups.filter((l) => l.form === 'unrecognized');
  for (const l of unread) {
    io.warn(
      `dsreg-doctor: "${l.input}" is not a code dsreg-doctor can read (hex, signed or unsigned decimal, a symbolic name, AADSTS or MSIS number, HTTP status)`,
    );
  }
  try {
    await io.out.write(
      renderExplanations(
        lookups.filter((l) => l.form !== 'unrecognized'),
        format,
        widthFor(io.out, options.width),
      ),
    );
    await io.out.close();
  } catch (error) {
    await io.out.abort();
    throw error;
  }
  if (unread.length > 0) throw new RunOutcome(ExitCode.usage);
}
