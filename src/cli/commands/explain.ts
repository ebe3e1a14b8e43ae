/**
 * `dsreg-doctor explain CODE...`: any code in any form, what it is and what to do.
 * @module
 */
import { lookupCode } from '../../knowledge/codes/index.ts';
import { renderExplanations } from '../../render/explain.ts';
import { UsageError } from '../errors.ts';
import { chooseFormat } from '../format.ts';
import type { Io } from './analyze.ts';

export async function explainCommand(codes: string[], options: { format?: string }, io: Io): Promise<void> {
  if (codes.length === 0)
    throw new UsageError('give at least one code, e.g. `dsreg-doctor explain 0x801c03f2`');
  const format = chooseFormat(
    options.format ?? (io.out.isTerminal ? 'text' : undefined),
    ['text', 'json', 'markdown'] as const,
    io.out,
  );
  await io.out.write(renderExplanations(codes.map(lookupCode), format));
  await io.out.close();
}
