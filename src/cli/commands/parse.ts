/**
 * `dsreg-doctor parse`: the reader's work, the typed model of every capture found.
 * @module
 */
import { analyzeBytes } from '../../analyze.ts';
import type { InputFailure } from '../../model/report.ts';
import { CAPTURES_SCHEMA_ID } from '../../model/vocabulary.ts';
import { type ParsedDocument, renderCaptureOutline } from '../../render/capture-outline.ts';
import { redactCapture } from '../../render/redact.ts';
import { ExitCode, InputError, RunOutcome } from '../errors.ts';
import { chooseFormat, widthFor } from '../format.ts';
import { expandInputs, readInput } from '../inputs.ts';
import type { Io } from './analyze.ts';
import { redactorFor } from './envelope.ts';

export interface ParseOptions {
  format?: string;
  redact?: boolean;
  redactSalt?: string;
}

export async function parseCommand(args: string[], options: ParseOptions, io: Io): Promise<void> {
  const format = chooseFormat(options.format, ['json', 'text'] as const, io.out);
  const redactor = redactorFor(options);
  const documents: ParsedDocument[] = [];
  const failures: InputFailure[] = [];
  for await (const ref of expandInputs(args.length ? args : ['-'], { passedOver: 0 })) {
    try {
      const input = analyzeBytes(await readInput(ref), { path: ref.path });
      if (input.kind !== 'capture')
        throw new InputError(
          ref.path,
          input.problem ?? 'an event log, not dsregcmd output: use `dsreg-doctor analyze` for event logs',
        );
      for (const capture of input.captures) {
        documents.push({
          path: ref.path,
          capture: redactor ? redactCapture(capture, redactor) : capture,
          documentsInFile: input.captures.length,
        });
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      failures.push({ path: error.path, reason: error.reason });
      io.warn(`dsreg-doctor: ${error.message}`);
    }
  }
  const text =
    format === 'json'
      ? `${JSON.stringify(
          {
            schema: CAPTURES_SCHEMA_ID,
            documents: documents.map((d) => ({
              source: { path: d.path, document: d.capture.index },
              capture: d.capture,
            })),
            // As in analyze's report: inputs that could not be read, only when there were some.
            ...(failures.length > 0 ? { failures } : {}),
          },
          null,
          2,
        )}\n`
      : renderCaptureOutline(documents, widthFor(io.out, undefined));
  try {
    await io.out.write(text);
    await io.out.close();
  } catch (error) {
    await io.out.abort();
    throw error;
  }
  if (failures.length > 0) throw new RunOutcome(ExitCode.usage);
}
