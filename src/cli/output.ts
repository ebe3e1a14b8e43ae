/**
 * Where results go. A file is written whole or not at all: text goes to a temporary file beside
 * the target, every write is checked (a short write or a full disk fails the run), the data is
 * flushed, and only then does the temporary file replace the target, with the target's mode.
 * Ctrl-C, SIGTERM and SIGHUP remove the temporary file. A pipe or device named as the target is
 * written in place. A symbolic link is opened by the kernel, as any program's open would (so the
 * kernel's own protections apply), and is never followed into another user's file from a shared
 * sticky folder such as /tmp.
 * @module
 */
import { constants, rmSync } from 'node:fs';
import { type FileHandle, lstat, open, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { OutputClosed, OutputError, UsageError } from './errors.ts';

export interface Output {
  write(text: string): Promise<void>;
  /** Commits the output (renames the temporary file into place). */
  close(): Promise<void>;
  /** Drops what was written (removes the temporary file); an existing target is left as it was. */
  abort(): Promise<void>;
  /** True when writing to an interactive terminal. */
  readonly isTerminal: boolean;
  readonly columns: number | undefined;
  /** The file named with `-o`, when there is one: its extension chooses the format. */
  readonly path?: string;
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

/** Formats named by the extension of `-o`. */
const FORMAT_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.html': 'html',
  '.htm': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.json': 'json',
  '.txt': 'text',
  '.text': 'text',
  '.csv': 'csv',
};

/**
 * The format to write: `--format` when given; else the one the extension of `-o` names (when the
 * command writes it); else undefined, and the command's default applies. An `-o` extension the
 * command cannot write (a `.html` for `parse`) is a usage error rather than a surprise.
 */
export function formatFromOutput<F extends string>(
  given: string | undefined,
  allowed: readonly F[],
  out: Output,
): string | undefined {
  if (given !== undefined || out.path === undefined) return given;
  const ext = extname(out.path).toLowerCase();
  const named = FORMAT_BY_EXTENSION[ext];
  if (named === undefined) return undefined;
  if ((allowed as readonly string[]).includes(named)) return named;
  throw new UsageError(
    `-o ${out.path}: a ${ext} name asks for ${named}, which this command does not write (it writes ${allowed.join(', ')}); give --format or another name`,
  );
}

/** What the file system calls cost; tests replace `write` to play a full or failing disk. */
export interface OutputFs {
  /** Writes from `data[offset..]`, returns how many bytes were taken (0 means none could be). */
  write(handle: FileHandle, data: Uint8Array, offset: number): Promise<number>;
}

const realFs: OutputFs = {
  write: async (handle, data, offset) =>
    (await handle.write(data, offset, data.length - offset)).bytesWritten,
};

/**
 * Where `-o FILE` really writes. `replace`: a temporary file beside `path` replaces it at the end.
 * `direct`: written in place (a FIFO, a device, `/dev/stdout`), through `handle` when already open.
 */
export type WritePlan = { direct: true; path: string; handle?: FileHandle; append?: boolean } | ReplacePlan;

interface ReplacePlan {
  direct: false;
  path: string;
  temp: string;
  /** The replaced file's permission bits, kept; null for a new file (the umask decides). */
  mode: number | null;
  owner: { uid: number; gid: number } | null;
}

/** The sticky bit of a folder's mode (S_ISVTX): only owners may remove or rename its entries. */
const STICKY = 0o1000;

/** A target that must not be written, or whose folder is missing, said in words. */
function refuse(path: string, reason: string): never {
  throw new OutputError(`${path}: ${reason}`);
}

/**
 * Plans a write to `path` without following links in user space: a link is opened by the kernel,
 * which resolves it (and applies the system's link protections); the file the kernel opened is
 * then the one replaced, beside itself, and the link stays a link.
 */
export async function planWrite(path: string): Promise<WritePlan> {
  const plan = await planTarget(path);
  // Callers of the plan open the target themselves: the kernel's handle is not kept for them.
  if (plan.direct && plan.handle) {
    await plan.handle.close();
    return { direct: true, path: plan.path };
  }
  return plan;
}

async function planTarget(path: string): Promise<WritePlan> {
  const folder = dirname(resolve(path));
  const folderInfo = await stat(folder).catch((error: NodeJS.ErrnoException) => error);
  if (folderInfo instanceof Error) {
    if (folderInfo.code === 'ENOENT')
      refuse(path, `the folder ${folder} does not exist: create it first, or write elsewhere`);
    if (folderInfo.code === 'ENOTDIR') refuse(path, `${folder} is not a folder: a file is in the way`);
    if (folderInfo.code === 'EACCES')
      refuse(path, `the folder ${folder} cannot be entered (permission denied)`);
    throw folderInfo;
  }
  if (!folderInfo.isDirectory()) refuse(path, `${folder} is not a folder: a file is in the way`);
  const own = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  const uid = typeof process.geteuid === 'function' ? process.geteuid() : -1;
  const sticky = (folderInfo.mode & STICKY) !== 0;
  // `/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`: a descriptor the caller already holds, written in
  // place after what it holds (`>>` keeps its lines); replacing the file behind it would leave
  // the caller's descriptor on the old one.
  if (/^\/(dev|proc)\//.test(resolve(path))) return { direct: true, path, append: true };
  if (own?.isSymbolicLink()) {
    // In a shared sticky folder, a link someone else planted must not steer our write.
    if (sticky && uid >= 0 && own.uid !== uid && own.uid !== folderInfo.uid) {
      refuse(
        path,
        `a link owned by another user in the shared folder ${folder}: not followed; write elsewhere`,
      );
    }
    return planThroughLink(path, folder, sticky, uid);
  }
  if (own && !own.isFile()) {
    if (own.isDirectory()) refuse(path, 'is a folder: give a file name for the report');
    return { direct: true, path };
  }
  if (own && sticky && uid >= 0 && own.uid !== uid) {
    refuse(path, `belongs to another user in the shared folder ${folder}: not replaced; write elsewhere`);
  }
  return replacePlan(path, own ? { mode: own.mode, uid: own.uid, gid: own.gid } : null);
}

function replacePlan(path: string, existing: { mode: number; uid: number; gid: number } | null): ReplacePlan {
  return {
    direct: false,
    path,
    temp: join(dirname(path), `.${basename(path)}.${process.pid}.tmp`),
    mode: existing ? existing.mode & 0o7777 : null,
    owner: existing ? { uid: existing.uid, gid: existing.gid } : null,
  };
}

async function planThroughLink(
  path: string,
  folder: string,
  sticky: boolean,
  uid: number,
): Promise<WritePlan> {
  let handle: FileHandle;
  let created = false;
  try {
    // No O_CREAT first: a link to a file that exists is opened as it is, nothing is truncated.
    handle = await open(path, constants.O_WRONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // A dangling link: create the file it names, as `>` in a shell would.
    handle = await open(path, constants.O_WRONLY | constants.O_CREAT, 0o666);
    created = true;
  }
  const info = await handle.stat();
  if (!info.isFile()) return { direct: true, path, handle };
  if (sticky && uid >= 0 && info.uid !== uid) {
    await handle.close();
    refuse(
      path,
      `links to a file of another user from the shared folder ${folder}: not written; write elsewhere`,
    );
  }
  const real = await openedPath(handle, path);
  await handle.close();
  const plan = replacePlan(real, created ? null : { mode: info.mode, uid: info.uid, gid: info.gid });
  // The empty file made for a dangling link is replaced at the end, or removed with the temporary file.
  if (created) createdTargets.set(plan.temp, real);
  return plan;
}

/** The path of the file the kernel opened: /proc knows it on Linux; elsewhere, realpath. */
async function openedPath(handle: FileHandle, path: string): Promise<string> {
  const viaProc = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => null);
  if (viaProc?.startsWith('/') && !viaProc.endsWith(' (deleted)')) return viaProc;
  return realpath(path);
}

/** Files made for dangling links, by temporary file: removed if the write is abandoned. */
const createdTargets = new Map<string, string>();

/** Temporary files alive in this process: removed on Ctrl-C, SIGTERM and SIGHUP. */
const liveTemps = new Set<string>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let signalsHooked = false;

function removeLiveTemps(): void {
  for (const temp of liveTemps) {
    try {
      rmSync(temp, { force: true });
      const made = createdTargets.get(temp);
      if (made) rmSync(made, { force: true });
    } catch {
      // Nothing more can be done while the process is going down.
    }
  }
  liveTemps.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveTemps();
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  // Die of the same signal, so the shell sees what happened (130 for Ctrl-C).
  process.kill(process.pid, signal);
}

function track(temp: string): void {
  liveTemps.add(temp);
  if (signalsHooked) return;
  signalsHooked = true;
  for (const s of SIGNALS) process.on(s, onSignal);
}

function untrack(temp: string): void {
  liveTemps.delete(temp);
  createdTargets.delete(temp);
  if (liveTemps.size > 0 || !signalsHooked) return;
  signalsHooked = false;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/** A file target taking bytes: what `fileOutput` and `writeFileWhole` share. */
interface FileTarget {
  put(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

function fileTarget(path: string, fs: OutputFs): FileTarget {
  let plan: WritePlan | null = null;
  let handle: Promise<FileHandle> | null = null;
  const opened = () => {
    handle ??= planTarget(path).then(async (p) => {
      plan = p;
      if (p.direct) return p.handle ?? open(p.path, p.append ? 'a' : 'w');
      track(p.temp);
      const h = await open(p.temp, 'wx', p.mode ?? 0o666);
      // The mode given to open is cut by the umask; the old file's mode is put back exactly.
      if (p.mode !== null) await h.chmod(p.mode);
      if (p.owner) await h.chown(p.owner.uid, p.owner.gid).catch(() => {});
      return h;
    });
    return handle;
  };
  // Once abandoned (abort), a later close keeps its hands off the target.
  let abandoned = false;
  const discard = async (): Promise<void> => {
    abandoned = true;
    if (handle) await (await handle.catch(() => null))?.close().catch(() => {});
    const p = plan as WritePlan | null;
    if (p && !p.direct) {
      await rm(p.temp, { force: true }).catch(() => {});
      const made = createdTargets.get(p.temp);
      if (made) await rm(made, { force: true }).catch(() => {});
      untrack(p.temp);
    }
  };
  return {
    put: async (data) => {
      try {
        await writeAll(await opened(), data, fs);
      } catch (e) {
        await discard();
        fail(path, e, plan);
      }
    },
    close: async () => {
      if (abandoned) return;
      try {
        const h = await opened();
        const p = plan as WritePlan | null;
        if (p && !p.direct) await h.sync();
        await h.close();
        if (p && !p.direct) {
          await rename(p.temp, p.path);
          untrack(p.temp);
        }
      } catch (e) {
        await discard();
        fail(path, e, plan);
      }
    },
    abort: discard,
  };
}

/** A report file written whole or not at all (see the module comment). */
export function fileOutput(path: string, fs: OutputFs = realFs): Output {
  const target = fileTarget(path, fs);
  const encoder = new TextEncoder();
  return {
    isTerminal: false,
    columns: undefined,
    path,
    write: (text) => target.put(encoder.encode(text)),
    close: target.close,
    abort: target.abort,
  };
}

/** Writes every byte or throws: a write that takes nothing is a full disk. */
async function writeAll(handle: FileHandle, data: Uint8Array, fs: OutputFs): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const n = await fs.write(handle, data, offset);
    if (!(n > 0)) throw Object.assign(new Error('no space left on the device'), { code: 'ENOSPC' });
    offset += n;
  }
}

/** Writes bytes to a file whole or not at all, with the same rules as `-o`. */
export async function writeFileWhole(path: string, bytes: Uint8Array, fs: OutputFs = realFs): Promise<void> {
  const target = fileTarget(path, fs);
  await target.put(bytes);
  await target.close();
}

/**
 * Ends a run's output. When nothing was produced because every input failed, a file that `-o`
 * named and that already exists is left as it was (yesterday's report is worth more than an empty
 * one), and `warn` says so; otherwise the output is committed.
 */
export async function finishOutput(
  out: Output,
  produced: number,
  failures: number,
  warn: (line: string) => void,
): Promise<void> {
  if (produced === 0 && failures > 0 && out.path !== undefined) {
    const existing = await lstat(out.path).catch(() => null);
    if (existing !== null) {
      await out.abort();
      warn(`note: ${out.path} was left as it was: no input could be read, so there was nothing to put in it`);
      return;
    }
  }
  await out.close();
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
        const code = (error as NodeJS.ErrnoException).code;
        reject(
          new OutputError(
            `standard output: cannot write the results (${code ? describeWriteError(code) : error.message})`,
          ),
        );
      }
    });
  });
}

function describeWriteError(code: string): string {
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EISDIR':
      return 'it is a folder';
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'EIO':
      return 'an input/output error on the device';
    case 'ENOENT':
      return 'the folder it goes into does not exist';
    case 'EEXIST':
      return 'a temporary file of the same name is in the way';
    case 'ENXIO':
      return 'nothing is reading from that pipe or device';
    default:
      return code;
  }
}

function fail(path: string, error: unknown, plan: WritePlan | null): never {
  if (error instanceof OutputError) throw error;
  const code = (error as NodeJS.ErrnoException).code;
  const what = code
    ? `${describeWriteError(code)}${describeWriteError(code) === code ? '' : ` (${code})`}`
    : String(error);
  // Written in place, part of the results may already have gone out.
  const after = plan?.direct
    ? 'the results may be incomplete'
    : 'nothing was written there, and a file already there was left as it was';
  throw new OutputError(`${path}: cannot write the results: ${what}; ${after}`);
}
