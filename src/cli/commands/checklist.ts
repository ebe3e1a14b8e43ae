/**
 * `dsreg-doctor checklist`: every checklist ID with what implements it.
 * @module
 */
import { checklistCoverage } from '../../diagnose/checklist.ts';
import { chooseFormat } from '../format.ts';
import type { Io } from './analyze.ts';

export async function checklistCommand(options: { format?: string }, io: Io): Promise<void> {
  const format = chooseFormat(options.format, ['text', 'json'] as const, io.out);
  const rows = checklistCoverage();
  const text =
    format === 'json'
      ? `${JSON.stringify(rows, null, 2)}\n`
      : `${rows.map((r) => `${r.id.padEnd(4)} ${r.title}\n     ${r.implementedBy.length > 0 ? r.implementedBy.join(', ') : 'NOT IMPLEMENTED'}`).join('\n')}\n`;
  await io.out.write(text);
  await io.out.close();
}
