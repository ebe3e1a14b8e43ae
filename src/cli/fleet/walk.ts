/**
 * The units of an ingest: every file under the paths given, folders walked recursively and
 * streamed (a folder of a million captures is never listed whole), `.zip` archives opened with
 * the safe reader. A folder holding event exports (`.evtx`, `.xml`) becomes one unit with its
 * captures, so the events attach to their device; any other file is a unit of its own.
 * @module
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { UnitFile } from '../../fleet/ingest.ts';
import { isZip, iterateZip } from '../../input/zip.ts';

export interface Unit {
  files: UnitFile[];
}

/** A path that gave nothing, and why. */
export interface WalkProblem {
  path: string;
  reason: string;
}

/** A folder with more files than this is not grouped with its event exports. */
const GROUP_LIMIT = 200;
const EVENT_EXT = new Set(['.evtx', '.xml']);
const SKIP_NAMES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);

/**
 * One file's bytes and time, read synchronously through one descriptor: for a folder of a million
 * small captures the promise round trips of asynchronous reads cost the thread that also writes
 * the store several times what the reads themselves do.
 */
async function fileOf(path: string): Promise<UnitFile> {
  const fd = openSync(path, 'r');
  try {
    const info = fstatSync(fd);
    const bytes = new Uint8Array(info.size);
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return { path, bytes: got < bytes.length ? bytes.slice(0, got) : bytes, mtime: info.mtime.toISOString() };
  } finally {
    closeSync(fd);
  }
}

/** Yields units in a stable order; problems go to `onProblem`. Never throws on a bad path. */
export async function* walkUnits(paths: string[], onProblem: (p: WalkProblem) => void): AsyncGenerator<Unit> {
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      onProblem({
        path,
        reason:
          code === 'ENOENT'
            ? 'no such file or folder: check the path'
            : `cannot be read (${code ?? 'error'})`,
      });
      continue;
    }
    if (info.isDirectory()) yield* walkDir(path, onProblem);
    else yield* fileUnits(path, onProblem);
  }
}

async function* fileUnits(path: string, onProblem: (p: WalkProblem) => void): AsyncGenerator<Unit> {
  let file: UnitFile;
  try {
    file = await fileOf(path);
  } catch (error) {
    onProblem({ path, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return;
  }
  if (extname(path).toLowerCase() === '.zip' || isZip(file.bytes)) {
    yield* zipUnits(file, onProblem);
    return;
  }
  yield { files: [file] };
}

async function* walkDir(dir: string, onProblem: (p: WalkProblem) => void): AsyncGenerator<Unit> {
  // First pass: does this folder hold event exports, and is it small enough to group?
  let count = 0;
  let events = 0;
  try {
    for await (const entry of await opendir(dir)) {
      if (!entry.isFile()) continue;
      count++;
      if (EVENT_EXT.has(extname(entry.name).toLowerCase())) events++;
    }
  } catch (error) {
    onProblem({
      path: dir,
      reason: `folder cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    });
    return;
  }
  const group = events > 0 && count <= GROUP_LIMIT;
  const grouped: UnitFile[] = [];
  const subdirs: string[] = [];
  const names: string[] = [];
  for await (const entry of await opendir(dir)) {
    if (entry.isDirectory()) subdirs.push(entry.name);
    else if (entry.isFile() && !SKIP_NAMES.has(entry.name.toLowerCase()) && !entry.name.startsWith('.')) {
      names.push(entry.name);
      // Stream in batches so a huge folder is never held whole.
      if (!group && names.length >= 1000) {
        names.sort();
        for (const name of names.splice(0)) yield* fileUnits(join(dir, name), onProblem);
      }
    }
  }
  names.sort();
  for (const name of names) {
    const path = join(dir, name);
    if (group && extname(name).toLowerCase() !== '.zip') {
      try {
        grouped.push(await fileOf(path));
      } catch (error) {
        onProblem({ path, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      }
    } else yield* fileUnits(path, onProblem);
  }
  if (grouped.length > 0) yield { files: grouped };
  if (count === 0 && subdirs.length === 0) onProblem({ path: dir, reason: 'the folder is empty' });
  subdirs.sort();
  for (const sub of subdirs) yield* walkDir(join(dir, sub), onProblem);
}

function* zipUnits(zip: UnitFile, onProblem: (p: WalkProblem) => void): Generator<Unit> {
  const byDir = new Map<string, UnitFile[]>();
  let entries = 0;
  for (const item of iterateZip(zip.bytes)) {
    if (item.kind === 'skipped') {
      onProblem({ path: item.name ? `${zip.path}!${item.name}` : zip.path, reason: item.reason });
      continue;
    }
    if (item.name.endsWith('/')) continue;
    const base = basename(item.name).toLowerCase();
    if (SKIP_NAMES.has(base) || base.startsWith('.') || item.name.startsWith('__MACOSX/')) continue;
    entries++;
    const file: UnitFile = { path: `${zip.path}!${item.name}`, bytes: item.bytes, mtime: zip.mtime };
    const dir = dirname(item.name);
    const list = byDir.get(dir);
    if (list) list.push(file);
    else byDir.set(dir, [file]);
  }
  if (entries === 0) onProblem({ path: zip.path, reason: 'the archive holds no files' });
  for (const files of byDir.values()) {
    const events = files.some((f) => EVENT_EXT.has(extname(f.path).toLowerCase()));
    if (events && files.length <= GROUP_LIMIT) yield { files };
    else for (const f of files) yield { files: [f] };
  }
}
