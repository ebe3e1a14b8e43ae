/**
 * Where results go. A file is written whole or not at all: text goes to a temporary file beside
 * the target, which replaces the target only when everything was written.
 * @module
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError } from './errors.ts';

export interface Output {
  write(text: string): Promise<void>;
  /** Commits the output (renames the temporary file into place). */
  close(): Promise<void>;
  /** Drops what was written (removes the temporary file). */
  abort(): Promise<void>;
  /** True when writing to an interactive terminal. */
  readonly isTerminal: boolean;
  readonly columns: number | undefined;
}

export function stdoutOutput(stream: NodeJS.WriteStream = process.stdout): Output {
  return {
    isTerminal: Boolean(stream.isTTY),
    columns: stream.isTTY ? stream.columns : undefined,
    write: (text) => writeTo(stream, text),
    close: async () => {},
    abort: async () => {},
  };
}

export function fileOutput(path: string): Output {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let stream: WriteStream | null = null;
  const open = () => {
    stream ??= createWriteStream(temp, { flags: 'wx' });
    return stream;
  };
  const finish = () =>
    new Promise<void>((resolve, reject) => {
      const s = open();
      s.once('error', reject);
      s.end(resolve);
    });
  return {
    isTerminal: false,
    columns: undefined,
    write: (text) => writeTo(open(), text).catch((e) => fail(path, e)),
    close: async () => {
      try {
        await finish();
        await rename(temp, path);
      } catch (e) {
        await rm(temp, { force: true });
        fail(path, e);
      }
    },
    abort: async () => {
      if (stream) await new Promise<void>((resolve) => stream?.end(resolve));
      await rm(temp, { force: true });
    },
  };
}

function writeTo(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    stream.once('error', onError);
    const flushed = stream.write(text, () => {
      stream.off('error', onError);
      if (flushed) resolve();
    });
    if (!flushed) stream.once('drain', resolve);
  });
}

function fail(path: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  throw new OutputError(`${path}: cannot write the results (${code}); nothing was written there`);
}
