/**
 * Taking a capture on the device itself (Windows only): runs `dsregcmd /status` by its absolute
 * path and says in which context it ran, because the context decides which parts of the output
 * can be trusted. Every program run goes through an injected runner, so the logic is proven on
 * any OS with the runs as data; `nodeRunner` is the real one.
 * @module
 */
import {
  asciiText,
  type ContextReading,
  type ProcessContext,
  type Runner,
  type RunRequest,
  type RunResult,
  readProcessContext,
  systemProgram,
  type WindowsHost,
} from '../collect/host.ts';
import { InputError } from './errors.ts';

export interface LiveCapture {
  /** The raw bytes dsregcmd wrote, in the console's code page; the reader decodes them. */
  bytes: Uint8Array;
  elevated: boolean;
  context: ProcessContext;
  /** One line for the user: the context and what it means for the result. */
  contextNote: string;
  /** Further lines for the user (a non-zero exit whose output was kept). */
  warnings: string[];
}

export interface LiveDeps {
  runner: Runner;
  host: WindowsHost;
  exists(path: string): Promise<boolean>;
  /** Told before a run that may take a while; only wired to a terminal. */
  progress?(line: string): void;
  timeoutMs?: number;
}

/** dsregcmd /status usually takes a few seconds; its network tests can take much longer. */
export const DSREGCMD_TIMEOUT_MS = 120_000;

export const DOWN_LEVEL_HINT =
  'this Windows has no dsregcmd.exe: it is a down-level client (Windows 7, 8.1, Server 2008 R2 to 2012 R2) that registers through the Workplace Join package. Run `"%ProgramFiles%\\Microsoft Workplace Join\\autoworkplace.exe" /i` elevated for its status, export the Microsoft-Workplace Join event log, and see `dsreg-doctor guide down-level-status`';

export function liveCaptureAvailable(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32';
}

/**
 * Standard input holds a capture when it is a pipe or a file (`type status.txt | dsreg-doctor
 * analyze`, `... < status.txt`); a terminal, a socket or the null device do not count.
 */
export function stdinHoldsInput(kind: 'fifo' | 'file' | 'tty' | 'other'): boolean {
  return kind === 'fifo' || kind === 'file';
}

/** What kind of thing standard input is, without reading it. */
export async function stdinKind(): Promise<'fifo' | 'file' | 'tty' | 'other'> {
  if (process.stdin.isTTY) return 'tty';
  const { fstatSync } = await import('node:fs');
  try {
    const info = fstatSync(0);
    return info.isFIFO() ? 'fifo' : info.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
}

/** Reads the security context with `whoami` (no Server service needed). */
export function readContext(deps: LiveDeps): Promise<ContextReading> {
  return readProcessContext(deps);
}

/** The cmd.exe run: switch the console to UTF-8, then dsregcmd, both by absolute path. */
export function dsregcmdRequest(host: WindowsHost, args: string[], timeoutMs: number): RunRequest {
  const chcp = systemProgram(host, 'chcp.com');
  const dsregcmd = systemProgram(host, 'dsregcmd.exe');
  return {
    program: systemProgram(host, 'cmd.exe'),
    // /d: no AutoRun commands; /s with the outer quotes: the line between them runs as written.
    args: ['/d', '/s', '/c', `""${chcp}" 65001 >nul & "${dsregcmd}" ${args.join(' ')}"`],
    timeoutMs,
    verbatim: true,
  };
}

export async function captureLive(deps: LiveDeps = nodeLiveDeps()): Promise<LiveCapture> {
  const dsregcmd = systemProgram(deps.host, 'dsregcmd.exe');
  if (!(await deps.exists(dsregcmd))) throw new InputError(dsregcmd, DOWN_LEVEL_HINT);
  const context = await readContext(deps);
  const timeoutMs = deps.timeoutMs ?? DSREGCMD_TIMEOUT_MS;
  deps.progress?.('running dsregcmd /status…');
  // dsregcmd writes redirected output in the console code page (437, 850, 1252...). Switching the
  // code page to UTF-8 first makes names with accents come through whatever the system locale;
  // the decoder still detects a legacy code page if the switch did not take.
  const result = await deps.runner(dsregcmdRequest(deps.host, ['/status'], timeoutMs));
  const warnings: string[] = [];
  const bytes = keptOutput(result, timeoutMs, warnings);
  return {
    bytes,
    elevated: context.context === 'elevated' || context.context === 'system',
    context: context.context,
    contextNote: `note: ${context.note}`,
    warnings,
  };
}

/** The output worth reading, or a one-line error saying why there is none. */
function keptOutput(result: RunResult, timeoutMs: number, warnings: string[]): Uint8Array {
  const where = 'dsregcmd /status';
  if (result.failure === 'timeout') {
    if (result.stdout.length > 0) {
      warnings.push(
        `warning: dsregcmd /status did not finish within ${timeoutMs / 1000} s; the output it wrote so far is analysed`,
      );
      return result.stdout;
    }
    throw new InputError(
      where,
      `did not finish within ${timeoutMs / 1000} s; run it yourself (dsregcmd /status > status.txt) and pass the file`,
    );
  }
  if (result.failure !== null && result.stdout.length === 0) {
    throw new InputError(
      where,
      `could not run it (${result.message ?? result.failure}); run it yourself and pass the saved output`,
    );
  }
  if (result.exitCode !== 0 && result.stdout.length > 0) {
    warnings.push(
      `warning: dsregcmd /status exited with code ${result.exitCode}; its output is analysed as written`,
    );
  } else if (result.stdout.length === 0) {
    const said = asciiText(result.stderr).trim().split(/\r?\n/)[0];
    throw new InputError(
      where,
      `wrote nothing${result.exitCode !== 0 ? ` and exited with code ${result.exitCode}` : ''}${said ? ` (${said})` : ''}; run it yourself and pass the saved output`,
    );
  }
  return result.stdout;
}

/** The real dependencies: node:child_process and node:fs, loaded only when a live capture is taken. */
export function nodeLiveDeps(): LiveDeps {
  return {
    runner: nodeRunner,
    host: { env: process.env, arch: process.arch },
    exists: async (path) => {
      const { access } = await import('node:fs/promises');
      return access(path).then(
        () => true,
        () => false,
      );
    },
    progress: process.stderr.isTTY ? (line) => process.stderr.write(`${line}\n`) : undefined,
  };
}

/** Runs a program with a time-out; never throws. */
export const nodeRunner: Runner = async (request) => {
  const { execFile } = await import('node:child_process');
  return new Promise<RunResult>((resolve) => {
    execFile(
      request.program,
      request.args,
      {
        encoding: 'buffer',
        windowsHide: true,
        windowsVerbatimArguments: request.verbatim ?? false,
        timeout: request.timeoutMs,
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) => {
        const out = new Uint8Array(stdout ?? new Uint8Array());
        const err = new Uint8Array(stderr ?? new Uint8Array());
        if (!error) return resolve({ exitCode: 0, stdout: out, stderr: err, failure: null });
        const e = error as NodeJS.ErrnoException & {
          killed?: boolean;
          code?: unknown;
          signal?: string | null;
        };
        if (e.code === 'ENOENT')
          return resolve({
            exitCode: null,
            stdout: out,
            stderr: err,
            failure: 'not-found',
            message: e.message,
          });
        if (e.code === 'EACCES' || e.code === 'EPERM')
          return resolve({ exitCode: null, stdout: out, stderr: err, failure: 'denied', message: e.message });
        if (e.killed || e.signal)
          return resolve({
            exitCode: null,
            stdout: out,
            stderr: err,
            failure: 'timeout',
            message: e.message,
          });
        if (typeof e.code === 'number')
          return resolve({ exitCode: e.code, stdout: out, stderr: err, failure: null });
        resolve({ exitCode: null, stdout: out, stderr: err, failure: 'error', message: e.message });
      },
    );
  });
};
