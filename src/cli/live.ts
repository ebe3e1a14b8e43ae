/**
 * Taking a capture on the device itself (Windows only): runs `dsregcmd /status` and says in which
 * context it ran, because the context decides which parts of the output can be trusted.
 * @module
 */
import type { ExecFileOptions } from 'node:child_process';
import { InputError } from './errors.ts';

/** node:child_process loads only when a live capture is taken: every other run starts without it. */
async function run(file: string, args: string[], options: ExecFileOptions): Promise<{ stdout: Buffer }> {
  const [{ execFile }, { promisify }] = await Promise.all([
    import('node:child_process'),
    import('node:util'),
  ]);
  const { stdout } = await promisify(execFile)(file, args, { ...options, encoding: 'buffer' });
  return { stdout: stdout as Buffer };
}

export interface LiveCapture {
  /** The raw bytes dsregcmd wrote, in the console's code page; the reader decodes them. */
  bytes: Uint8Array;
  elevated: boolean;
  /** One line for the user: the context and what it means for the result. */
  contextNote: string;
}

export function liveCaptureAvailable(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32';
}

export async function captureLive(): Promise<LiveCapture> {
  const elevated = await isElevated();
  let stdout: Buffer;
  try {
    // dsregcmd writes redirected output in the console code page (437, 850, 1252...). Switching the
    // code page to UTF-8 first makes names with accents come through whatever the system locale;
    // the decoder still detects a legacy code page if the switch did not take.
    ({ stdout } = await run('cmd.exe', ['/d', '/s', '/c', 'chcp 65001 >nul & dsregcmd.exe /status'], {
      windowsHide: true,
      maxBuffer: 16 << 20,
    }));
  } catch (error) {
    throw new InputError(
      'dsregcmd /status',
      `could not run it (${(error as Error).message}); run it yourself and pass the saved output`,
    );
  }
  const contextNote = elevated
    ? 'note: dsregcmd ran elevated (ELEVATED User): the device and pre-join sections are reliable; User State and SSO State describe this elevated token, and WamDefaultSet shows an error by design. Run it again un-elevated for the user view.'
    : 'note: dsregcmd ran un-elevated as the signed-in user: User State and SSO State are reliable; some device tests (KeySignTest) need an elevated run, and the pre-join tests are closest to reality when run as SYSTEM.';
  return { bytes: new Uint8Array(stdout), elevated, contextNote };
}

/** `net session` succeeds only in an elevated (administrator) process. */
async function isElevated(): Promise<boolean> {
  try {
    await run('net.exe', ['session'], { windowsHide: true });
    return true;
  } catch {
    return false;
  }
}
