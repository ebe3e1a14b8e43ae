/**
 * `dsreg-doctor redact FILE...`: a copy of each capture with identifiers replaced, same layout.
 * @module
 */
import { basename, dirname, extname, join } from 'node:path';
import { analyzeBytes } from '../../analyze.ts';
import { redactCaptureText } from '../../render/redact.ts';
import { ExitCode, InputError, RunOutcome, UsageError } from '../errors.ts';
import { readInput } from '../inputs.ts';
import { fileOutput, type Output } from '../output.ts';
import type { Io } from './analyze.ts';
import { newRedactor } from './envelope.ts';

export interface RedactOptions {
  redactSalt?: string;
  outDir?: string;
  stdout?: boolean;
}

/** `status.txt` → `status.redacted.txt`, beside it or in the folder given. */
export function redactedPath(path: string, outDir?: string): string {
  const ext = extname(path);
  return join(outDir ?? dirname(path), `${basename(path, ext)}.redacted${ext || '.txt'}`);
}

export async function redactCommand(files: string[], options: RedactOptions, io: Io): Promise<void> {
  if (files.length === 0)
    throw new UsageError('give the capture file(s) to redact, e.g. `dsreg-doctor redact status.txt`');
  if (options.stdout && files.length > 1) throw new UsageError('--stdout takes one file');
  // One redactor for the whole run: the same identifier gets the same pseudonym in every file.
  const redactor = newRedactor(options.redactSalt);
  let failed = 0;
  for (const path of files) {
    try {
      const input = analyzeBytes(await readInput({ path }), { path });
      if (input.kind !== 'capture' || input.text === null) {
        throw new InputError(
          path,
          input.problem ??
            'only dsregcmd captures can be redacted as text; use `analyze --redact` for event logs',
        );
      }
      const text = redactCaptureText(input.text, input.captures, redactor);
      const out: Output =
        options.stdout || path === '-' ? io.out : fileOutput(redactedPath(path, options.outDir));
      await out.write(text);
      await out.close();
      if (out !== io.out) io.warn(`wrote ${redactedPath(path, options.outDir)}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      failed++;
      io.warn(`dsreg-doctor: ${error.message}`);
    }
  }
  if (failed > 0) throw new RunOutcome(ExitCode.usage);
}
