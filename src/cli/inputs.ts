/**
 * Where inputs come from: files, folders (recursively) and standard input.
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from './errors.ts';

/** One input to read: a file path, or `-` for standard input. */
export interface InputRef {
  path: string;
  /** Why there is nothing to read here (a folder with no inputs in it); reading it fails with this. */
  problem?: string;
}

/** Said of a folder given on the command line that holds nothing to analyze. */
export const EMPTY_FOLDER = 'no capture or event files found in this folder';

/** Extensions taken from a folder; anything else there (images, archives) is not ours to read. */
const FOLDER_EXTENSIONS = new Set(['', '.txt', '.log', '.out', '.status', '.evtx', '.xml', '.json', '.csv']);

export interface ExpandResult {
  /** Files in folders that were passed over because of their extension. */
  passedOver: number;
}

/**
 * Yields every input named on the command line, walking folders in a stable (sorted) order so
 * that two runs over the same folder report in the same order. A path that does not exist is
 * yielded as is: reading it gives the error, in its turn, so the other inputs still run.
 */
export async function* expandInputs(args: readonly string[], result: ExpandResult): AsyncGenerator<InputRef> {
  for (const arg of args) {
    if (arg === '-') {
      yield { path: '-' };
      continue;
    }
    const info = await stat(arg).catch(() => null);
    if (info?.isDirectory()) {
      // A folder with nothing in it is a failed input like a missing file, not silently nothing:
      // the user named it expecting captures there.
      let found = false;
      for await (const ref of walk(arg, result)) {
        found = true;
        yield ref;
      }
      if (!found) yield { path: arg, problem: EMPTY_FOLDER };
    } else {
      yield { path: arg };
    }
  }
}

async function* walk(dir: string, result: ExpandResult): AsyncGenerator<InputRef> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(dir, `cannot list this folder (${error.code ?? error.message})`);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(path, result);
    } else if (entry.isFile()) {
      if (FOLDER_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        yield { path };
      } else if (extname(entry.name).toLowerCase() !== '.md') {
        // Notes kept beside captures (README.md) are expected there; anything else is worth a word.
        result.passedOver++;
      }
    }
  }
}

/** Reads an input's bytes; failures become an `InputError` that says what to do. */
export async function readInput(
  ref: InputRef,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<Uint8Array> {
  if (ref.problem !== undefined) throw new InputError(ref.path, ref.problem);
  if (ref.path === '-') return readStream(stdin);
  try {
    return new Uint8Array(await readFile(ref.path));
  } catch (error) {
    throw new InputError(ref.path, describeFsError(error as NodeJS.ErrnoException));
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array));
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or folder: check the path';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: copy the file somewhere you can read, or run as a user who can';
    case 'EISDIR':
      return 'is a folder; this command takes files, not folders';
    default:
      return `cannot read it (${error.code ?? error.message})`;
  }
}
