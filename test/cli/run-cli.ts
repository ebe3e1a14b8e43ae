/** Runs the CLI in process, as a user would from a shell, and collects what it printed. */
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/program.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string[];
}

export async function cli(...argv: string[]): Promise<CliResult> {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  let stdout = '';
  stream.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const stderr: string[] = [];
  const code = await runCli(argv, { stdout: stream, warn: (line) => stderr.push(line) });
  return { code, stdout, stderr };
}
