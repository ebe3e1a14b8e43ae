/**
 * `dsreg-doctor checklist`: every checklist ID with what implements it.
 * @module
 */
import { checklistCoverage } from '../../diagnose/checklist.ts';
import { renderChecklist } from '../../render/guide.ts';
import { chooseFormat, widthFor } from '../format.ts';
import type { Io } from './analyze.ts';

export async function checklistCommand(options: { format?: string }, io: Io): Promise<void> {
  const format = chooseFormat(options.format, ['text', 'json'] as const, io.out);
  const rows = checklistCoverage();
  const text =
    format === 'json'
      ? `${JSON.stringify(rows, null, 2)}\n`
      : renderChecklist(rows, widthFor(io.out, undefined));
  await io.out.write(text);
  await io.out.close();
}
