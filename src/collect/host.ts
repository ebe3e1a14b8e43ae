/**
 * Facts about running programs on Windows, as pure functions: where the system programs are (by
 * absolute path, so a program planted in the current folder never runs instead), and in which
 * security context the process runs, read from the SIDs `whoami` prints (SIDs are the same in
 * every display language, the labels around them are not).
 * @module
 */

/** One program run, as data: what to run and how long it may take. */
export interface RunRequest {
  /** Absolute path of the program. */
  program: string;
  args: string[];
  /** Milliseconds before the program is stopped. */
  timeoutMs: number;
  /** Pass the arguments to the program exactly as written (needed for `cmd.exe /c "..."`). */
  verbatim?: boolean;
}

/** What a run gave, as data. A runner never throws: every way a run can go wrong is a `failure`. */
export interface RunResult {
  /** The program's exit code; null when it did not exit by itself (not found, time-out). */
  exitCode: number | null;
  stdout: Uint8Array;
  stderr: Uint8Array;
  failure: null | 'not-found' | 'timeout' | 'denied' | 'error';
  /** The system's words for the failure, when there was one. */
  message?: string;
}

/** Runs one program. Injected, so the logic around it is proven on any OS with runs as data. */
export type Runner = (request: RunRequest) => Promise<RunResult>;

/** The part of the environment the paths depend on. */
export interface WindowsHost {
  env: Readonly<Record<string, string | undefined>>;
  /** The architecture Node was built for (`x64`, `arm64`); `ia32` is a 32-bit Node. */
  arch: string;
}

/** `%SystemRoot%`, from the environment, falling back to the usual place. */
export function systemRoot(host: WindowsHost): string {
  const root = host.env.SystemRoot ?? host.env.SYSTEMROOT ?? host.env.windir ?? host.env.WINDIR;
  return trimSlash(root && /^[A-Za-z]:\\/.test(root) ? root : 'C:\\Windows');
}

/**
 * The folder of the native system programs. A 32-bit Node on 64-bit Windows is redirected from
 * System32 to SysWOW64, where dsregcmd does not exist: `Sysnative` is the way back to the 64-bit
 * folder for a 32-bit process.
 */
export function systemFolder(host: WindowsHost): string {
  const wow64 = host.arch === 'ia32' && Boolean(host.env.PROCESSOR_ARCHITEW6432);
  return `${systemRoot(host)}\\${wow64 ? 'Sysnative' : 'System32'}`;
}

/** The absolute path of a program in the native system folder (`dsregcmd.exe`, `wevtutil.exe`). */
export function systemProgram(host: WindowsHost, name: string): string {
  return `${systemFolder(host)}\\${name}`;
}

function trimSlash(path: string): string {
  return path.replace(/\\+$/, '');
}

export type ProcessContext = 'system' | 'elevated' | 'user' | 'unknown';

export interface ContextReading {
  context: ProcessContext;
  /** The account is a member of Administrators (elevated or not). */
  administrator: boolean;
  /** One line for the user. */
  note: string;
}

const SID_SYSTEM = 'S-1-5-18';
const SID_ADMINISTRATORS = 'S-1-5-32-544';
const LEVEL_SYSTEM = 'S-1-16-16384';
const LEVEL_HIGH = 'S-1-16-12288';
const LEVEL_MEDIUM = 'S-1-16-8192';

/**
 * The context from `whoami /user /groups /fo csv /nh` (any display language): the user SID
 * S-1-5-18 is SYSTEM; the integrity level S-1-16-12288 (High) is an elevated token;
 * S-1-16-8192 (Medium) an un-elevated one. Unlike `net session`, this needs no Server service.
 */
export function readWhoami(text: string): ContextReading {
  const sids = new Set(text.match(/S-1-\d+(?:-\d+)+/g) ?? []);
  if (sids.has(SID_SYSTEM) || sids.has(LEVEL_SYSTEM))
    return { context: 'system', administrator: true, note: CONTEXT_NOTES.system };
  if (sids.has(LEVEL_HIGH)) return { context: 'elevated', administrator: true, note: CONTEXT_NOTES.elevated };
  if (sids.has(LEVEL_MEDIUM) || sids.size > 0)
    return { context: 'user', administrator: sids.has(SID_ADMINISTRATORS), note: CONTEXT_NOTES.user };
  return { context: 'unknown', administrator: false, note: CONTEXT_NOTES.unknown };
}

export const CONTEXT_NOTES: Readonly<Record<ProcessContext, string>> = {
  system:
    'dsregcmd ran as SYSTEM: the device and pre-join sections show what the join task sees; User State and SSO State describe no signed-in user.',
  elevated:
    'dsregcmd ran elevated (ELEVATED User): the device and pre-join sections are reliable; User State and SSO State describe this elevated token, and WamDefaultSet shows an error by design. Run it again un-elevated for the user view.',
  user: 'dsregcmd ran un-elevated as the signed-in user: User State and SSO State are reliable; some device tests (KeySignTest) need an elevated run, and the pre-join tests are closest to reality when run as SYSTEM.',
  unknown:
    'the security context could not be read (whoami gave no SIDs): read User State and the pre-join tests with care.',
};

/** Bytes to text for the short ASCII outputs read here (whoami, reg, schtasks): UTF-16 or 8-bit. */
export function asciiText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes);
  let zeros = 0;
  for (let i = 1; i < Math.min(bytes.length, 200); i += 2) if (bytes[i] === 0) zeros++;
  if (bytes.length > 4 && zeros * 4 >= Math.min(bytes.length, 200))
    return new TextDecoder('utf-16le').decode(bytes);
  return new TextDecoder('latin1').decode(bytes);
}

/**
 * The security context of this process, read with `whoami /user /groups /fo csv /nh` (no Server
 * service needed, unlike `net session`): SYSTEM, elevated, a user, or unknown when it cannot run.
 */
export async function readProcessContext(deps: {
  runner: Runner;
  host: WindowsHost;
}): Promise<ContextReading> {
  const result = await deps.runner({
    program: systemProgram(deps.host, 'whoami.exe'),
    args: ['/user', '/groups', '/fo', 'csv', '/nh'],
    timeoutMs: 15_000,
  });
  if (result.failure !== null)
    return { context: 'unknown', administrator: false, note: CONTEXT_NOTES.unknown };
  return readWhoami(asciiText(result.stdout));
}
