/**
 * Where results go. A file is written whole or not at all: text goes to a temporary file beside
 * the target, which replaces the target only when everything was written.
 * @module
 */
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
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
  let handle: Promise<FileHandle> | null = null;
  const opened = () => {
    handle ??= open(temp, 'wx');
    return handle;
  };
  return {
    isTerminal: false,
    columns: undefined,
    write: async (text) => {
      try {
        await (await opened()).write(text);
      } catch (e) {
        await discard();
        fail(path, e);
      }
    },
    close: async () => {
      try {
        await (await opened()).close();
        await rename(temp, path);
      } catch (e) {
        await rm(temp, { force: true });
        fail(path, e);
      }
    },
    abort: discard,
  };

  async function discard(): Promise<void> {
    if (handle) await (await handle.catch(() => null))?.close().catch(() => {});
    await rm(temp, { force: true });
  }
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
