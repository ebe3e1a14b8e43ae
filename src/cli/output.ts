/**
 * Where results go. A file is written whole or not at all: text goes to a temporary file beside
 * the target, which replaces the target only when everything was written. A pipe or device named
 * as the target is written in place, and a symbolic link keeps pointing where it did.
 * @module
 */
import { type FileHandle, lstat, open, readlink, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
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

/**
 * Where `-o FILE` really writes. A regular file (or a new one) is replaced whole through a
 * temporary file beside it. A symbolic link is followed, so the file it points to is replaced and
 * the link stays. Anything else that already exists (a FIFO, `/dev/null`, `/dev/stdout`) is
 * written in place: renaming over it would swap the device or pipe for a plain file.
 */
export type WritePlan = { direct: true; path: string } | { direct: false; path: string; temp: string };

export async function planWrite(path: string): Promise<WritePlan> {
  const target = await followLinks(path);
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (info && !info.isFile() && !info.isDirectory()) return { direct: true, path: target };
  return {
    direct: false,
    path: target,
    temp: join(dirname(target), `.${basename(target)}.${process.pid}.tmp`),
  };
}

/** The path a chain of symbolic links ends at, whether or not that file exists yet. */
async function followLinks(path: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(current).catch(() => null);
    if (!info?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  // A loop of links: let opening it report ELOOP.
  return path;
}

export function fileOutput(path: string): Output {
  let plan: WritePlan | null = null;
  let handle: Promise<FileHandle> | null = null;
  const opened = () => {
    handle ??= planWrite(path).then((p) => {
      plan = p;
      return open(p.direct ? p.path : p.temp, p.direct ? 'w' : 'wx');
    });
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
        fail(path, e, plan);
      }
    },
    close: async () => {
      try {
        await (await opened()).close();
        if (plan && !plan.direct) await rename(plan.temp, plan.path);
      } catch (e) {
        await removeTemp();
        fail(path, e, plan);
      }
    },
    abort: discard,
  };

  async function removeTemp(): Promise<void> {
    if (plan && !plan.direct) await rm(plan.temp, { force: true });
  }

  async function discard(): Promise<void> {
    if (handle) await (await handle.catch(() => null))?.close().catch(() => {});
    await removeTemp();
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

function fail(path: string, error: unknown, plan: WritePlan | null): never {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  // Written in place, part of the results may already have gone out.
  const after = plan?.direct ? 'the results may be incomplete' : 'nothing was written there';
  throw new OutputError(`${path}: cannot write the results (${code}); ${after}`);
}
