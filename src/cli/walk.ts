/**
 * Walking a folder the way an admin's disk really looks: sorted, so two runs report in the same
 * order; symbolic links to files and folders followed, each folder and file visited once however
 * many links lead to it (so a link loop ends); a folder that cannot be listed (`System Volume
 * Information`, another user's home) reported and passed, the rest still walked. The file system
 * is injectable so tests can play denied folders and loops as any user.
 * @module
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What the walk needs from a file system. */
export interface WalkFs {
  /** The entries of a folder (names and types, links not followed). */
  readdir(path: string): Promise<Dirent[]>;
  /** What a path is, links followed. */
  stat(
    path: string,
  ): Promise<{ isFile(): boolean; isDirectory(): boolean; dev: number; ino: number; size: number }>;
}

export const nodeWalkFs: WalkFs = {
  readdir: (path) => readdir(path, { withFileTypes: true }),
  stat: (path) => stat(path),
};

/** One thing found under a folder. */
export type WalkItem =
  /** A file to consider (its extension and content decide what is done with it). */
  | { kind: 'file'; path: string; size: number }
  /** A folder or file that could not be read; `reason` says why, in words. */
  | { kind: 'unreadable'; path: string; reason: string }
  /** Something deliberately not read, and why (a dangling link, a device, a second link to a file). */
  | { kind: 'passed-over'; path: string; reason: string };

/** Folders never walked: tools' own stores, not evidence. Hidden entries (`.x`) are passed too. */
const SKIPPED_FOLDERS = new Set(['node_modules']);

/**
 * Yields every file under `root` (depth first, names sorted by code unit). `seen` holds the
 * `dev:ino` of folders and files already visited; pass one set for a whole run so that two
 * arguments naming the same folder, or links into it, read it once.
 */
export async function* walkFolder(
  root: string,
  fs: WalkFs = nodeWalkFs,
  seen: Set<string> = new Set(),
): AsyncGenerator<WalkItem> {
  const top = await fs.stat(root).catch(() => null);
  if (top) {
    const key = `${top.dev}:${top.ino}`;
    if (seen.has(key)) {
      yield {
        kind: 'passed-over',
        path: root,
        reason: 'this folder was already read (named twice, or reached through a link)',
      };
      return;
    }
    seen.add(key);
  }
  yield* walkInside(root, fs, seen);
}

async function* walkInside(dir: string, fs: WalkFs, seen: Set<string>): AsyncGenerator<WalkItem> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir);
  } catch (error) {
    yield { kind: 'unreadable', path: dir, reason: folderProblem(error as NodeJS.ErrnoException) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || SKIPPED_FOLDERS.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (!entry.isSymbolicLink() && !entry.isDirectory() && !entry.isFile()) {
      yield { kind: 'passed-over', path, reason: 'not a regular file (a device, pipe or socket)' };
      continue;
    }
    let info: Awaited<ReturnType<WalkFs['stat']>>;
    try {
      info = await fs.stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (entry.isSymbolicLink() && (code === 'ENOENT' || code === 'ELOOP')) {
        yield { kind: 'passed-over', path, reason: 'a symbolic link to nothing (its target is missing)' };
      } else {
        yield { kind: 'unreadable', path, reason: fileProblem(error as NodeJS.ErrnoException) };
      }
      continue;
    }
    const key = `${info.dev}:${info.ino}`;
    if (info.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      // A folder reached again (a link to a parent, two links to one folder) was or is being read.
      if (seen.has(key)) continue;
      seen.add(key);
      yield* walkInside(path, fs, seen);
    } else if (info.isFile()) {
      if (seen.has(key)) {
        yield {
          kind: 'passed-over',
          path,
          reason: 'the same file as one already read (reached again through a link)',
        };
        continue;
      }
      seen.add(key);
      yield { kind: 'file', path, size: info.size };
    } else {
      yield { kind: 'passed-over', path, reason: 'not a regular file (a device, pipe or socket)' };
    }
  }
}

function folderProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
      return 'this folder could not be listed (permission denied), so nothing in it was read; run as a user who can read it, or copy its files elsewhere';
    case 'ENOENT':
      return 'this folder disappeared while it was being read';
    case 'ENOTDIR':
      return 'this is not a folder any more';
    default:
      return `this folder could not be listed (${error.code ?? error.message}), so nothing in it was read`;
  }
}

function fileProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: copy the file somewhere you can read, or run as a user who can';
    case 'ENOENT':
      return 'this file disappeared while the folder was being read';
    default:
      return `cannot read it (${error.code ?? error.message})`;
  }
}
