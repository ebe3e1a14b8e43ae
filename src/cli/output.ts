/**
 * Where results go. A file is written whole or not at all: text goes to a temporary file beside
 * the target, which replaces the target only when everything was written.
 * @module
 */
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputClosed, OutputError } from './errors.ts';

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
  guardStdout(stream);
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

/** Streams whose reader went away: every later write stops the run instead of retrying. */
const closedStreams = new WeakSet<NodeJS.WritableStream>();
const guardedStreams = new WeakSet<NodeJS.WritableStream>();

/**
 * A reader that exits early (`| head -1`) makes the next write fail with EPIPE, and Node emits
 * that as an 'error' event: with no listener it kills the process with a stack trace. The
 * listener stays for the life of the stream because the event can come after a write's callback,
 * and from writes (commander's help) that have no callback at all.
 */
export function guardStdout(stream: NodeJS.WritableStream): void {
  if (guardedStreams.has(stream)) return;
  guardedStreams.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (isClosedError(error)) closedStreams.add(stream);
  });
}

function isClosedError(error: NodeJS.ErrnoException): boolean {
  return error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED' || error.code === 'ECONNRESET';
}

/** Resolves once the stream has taken the text, which also keeps a slow reader from flooding memory. */
function writeTo(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (closedStreams.has(stream)) return Promise.reject(new OutputClosed());
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (!error) return resolve();
      if (isClosedError(error)) {
        closedStreams.add(stream);
        reject(new OutputClosed());
      } else {
        reject(
          new OutputError(
            `standard output: cannot write the results (${(error as NodeJS.ErrnoException).code ?? error.message})`,
          ),
        );
      }
    });
  });
}

function fail(path: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  throw new OutputError(`${path}: cannot write the results (${code}); nothing was written there`);
}
