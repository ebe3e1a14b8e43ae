import { describe, expect, it } from 'vitest';
import type { RunRequest, RunResult } from '../collect/host.ts';
import { captureLive, DOWN_LEVEL_HINT, type LiveDeps, nodeRunner, stdinHoldsInput } from './live.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const ok = (out: string, exitCode = 0): RunResult => ({
  exitCode,
  stdout: enc(out),
  stderr: enc(''),
  failure: null,
});

const WHOAMI_USER =
  '"contoso\\alex","S-1-5-21-1111111111-2222222222-3333333333-1104"\r\n"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"\r\n"BUILTIN\\Administrators","Alias","S-1-5-32-544","Group used for deny only"\r\n"Mandatory Label\\Medium Mandatory Level","Label","S-1-16-8192",""\r\n';
const WHOAMI_ELEVATED_GERMAN =
  '"contoso\\alex","S-1-5-21-1111111111-2222222222-3333333333-1104"\r\n"VORDEFINIERT\\Administratoren","Alias","S-1-5-32-544","Verbindliche Gruppe, Standardmäßig aktiviert, Aktivierte Gruppe, Gruppenbesitzer"\r\n"Verbindliche Beschriftung\\Hohe Verbindlichkeitsstufe","Bezeichnung","S-1-16-12288",""\r\n';
const WHOAMI_SYSTEM =
  '"nt-autorität\\system","S-1-5-18"\r\n"VORDEFINIERT\\Administratoren","Alias","S-1-5-32-544","Gruppenbesitzer"\r\n"Verbindliche Beschriftung\\Systemverbindlichkeitsstufe","Bezeichnung","S-1-16-16384",""\r\n';
const STATUS = '+----+\n| Device State |\n+----+\n             AzureAdJoined : YES\n';

function fake(
  answers: Record<string, RunResult>,
  options: { env?: Record<string, string>; arch?: string; missing?: string[] } = {},
) {
  const calls: RunRequest[] = [];
  const progress: string[] = [];
  const deps: LiveDeps = {
    host: { env: options.env ?? { SystemRoot: 'C:\\Windows' }, arch: options.arch ?? 'x64' },
    exists: async (path) => !(options.missing ?? []).includes(path),
    progress: (line) => progress.push(line),
    timeoutMs: 5000,
    runner: async (request) => {
      calls.push(request);
      const name = request.program.split('\\').pop() ?? '';
      return answers[name] ?? { exitCode: null, stdout: enc(''), stderr: enc(''), failure: 'not-found' };
    },
  };
  return { deps, calls, progress };
}

describe('live capture on Windows (runs as data)', () => {
  it('runs whoami and dsregcmd by absolute path, never by bare name, and says it is running', async () => {
    const { deps, calls, progress } = fake({ 'whoami.exe': ok(WHOAMI_USER), 'cmd.exe': ok(STATUS) });
    const live = await captureLive(deps);
    expect(calls.map((c) => c.program)).toEqual([
      'C:\\Windows\\System32\\whoami.exe',
      'C:\\Windows\\System32\\cmd.exe',
    ]);
    expect(calls[0]?.args).toEqual(['/user', '/groups', '/fo', 'csv', '/nh']);
    expect(calls[1]?.args).toEqual([
      '/d',
      '/s',
      '/c',
      '""C:\\Windows\\System32\\chcp.com" 65001 >nul & "C:\\Windows\\System32\\dsregcmd.exe" /status"',
    ]);
    expect(calls[1]?.verbatim).toBe(true);
    expect(calls[1]?.timeoutMs).toBe(5000);
    expect(progress).toEqual(['running dsregcmd /status…']);
    expect(new TextDecoder().decode(live.bytes)).toBe(STATUS);
    expect(live.context).toBe('user');
    expect(live.elevated).toBe(false);
    expect(live.contextNote).toMatch(/^note: dsregcmd ran un-elevated as the signed-in user/);
    expect(live.warnings).toEqual([]);
  });

  it('uses Sysnative from a 32-bit Node on 64-bit Windows, and SystemRoot wherever Windows lives', async () => {
    const { deps, calls } = fake(
      { 'whoami.exe': ok(WHOAMI_USER), 'cmd.exe': ok(STATUS) },
      { env: { SystemRoot: 'D:\\WINNT\\', PROCESSOR_ARCHITEW6432: 'AMD64' }, arch: 'ia32' },
    );
    await captureLive(deps);
    expect(calls[0]?.program).toBe('D:\\WINNT\\Sysnative\\whoami.exe');
    expect(calls[1]?.args[3]).toContain('"D:\\WINNT\\Sysnative\\dsregcmd.exe" /status');
  });

  it('reads elevation and SYSTEM from SIDs, whatever the display language', async () => {
    const elevated = await captureLive(
      fake({ 'whoami.exe': ok(WHOAMI_ELEVATED_GERMAN), 'cmd.exe': ok(STATUS) }).deps,
    );
    expect([elevated.context, elevated.elevated]).toEqual(['elevated', true]);
    expect(elevated.contextNote).toMatch(/^note: dsregcmd ran elevated/);
    const system = await captureLive(fake({ 'whoami.exe': ok(WHOAMI_SYSTEM), 'cmd.exe': ok(STATUS) }).deps);
    expect([system.context, system.elevated]).toEqual(['system', true]);
    const unknown = await captureLive(fake({ 'cmd.exe': ok(STATUS) }).deps);
    expect(unknown.context).toBe('unknown');
    expect(unknown.contextNote).toMatch(/could not be read/);
  });

  it('points to the down-level guide when dsregcmd.exe is missing, without running anything', async () => {
    const { deps, calls } = fake({}, { missing: ['C:\\Windows\\System32\\dsregcmd.exe'] });
    await expect(captureLive(deps)).rejects.toThrow(DOWN_LEVEL_HINT);
    expect(calls).toEqual([]);
  });

  it('keeps the output of a non-zero exit and says so', async () => {
    const live = await captureLive(fake({ 'whoami.exe': ok(WHOAMI_USER), 'cmd.exe': ok(STATUS, 1) }).deps);
    expect(new TextDecoder().decode(live.bytes)).toBe(STATUS);
    expect(live.warnings).toEqual([
      'warning: dsregcmd /status exited with code 1; its output is analysed as written',
    ]);
  });

  it('stops at the time-out: partial output is kept, none is a clear error', async () => {
    const partial = await captureLive(
      fake({
        'whoami.exe': ok(WHOAMI_USER),
        'cmd.exe': { exitCode: null, stdout: enc(STATUS), stderr: enc(''), failure: 'timeout' },
      }).deps,
    );
    expect(partial.warnings).toEqual([
      'warning: dsregcmd /status did not finish within 5 s; the output it wrote so far is analysed',
    ]);
    await expect(
      captureLive(
        fake({
          'whoami.exe': ok(WHOAMI_USER),
          'cmd.exe': { exitCode: null, stdout: enc(''), stderr: enc(''), failure: 'timeout' },
        }).deps,
      ),
    ).rejects.toThrow(
      'did not finish within 5 s; run it yourself (dsregcmd /status > status.txt) and pass the file',
    );
  });

  it('an empty output with an error exit is an error that quotes what the program said', async () => {
    await expect(
      captureLive(
        fake({
          'whoami.exe': ok(WHOAMI_USER),
          'cmd.exe': { exitCode: 5, stdout: enc(''), stderr: enc('Access is denied.\r\n'), failure: null },
        }).deps,
      ),
    ).rejects.toThrow('wrote nothing and exited with code 5 (Access is denied.)');
  });

  it('reads a pipe or a redirected file instead of running dsregcmd, never a terminal', () => {
    expect(stdinHoldsInput('fifo')).toBe(true);
    expect(stdinHoldsInput('file')).toBe(true);
    expect(stdinHoldsInput('tty')).toBe(false);
    expect(stdinHoldsInput('other')).toBe(false);
  });
});

describe('the real runner (node:child_process), with Node itself as the program', () => {
  const node = process.execPath;
  it('keeps the output and the exit code of a program that fails', async () => {
    const r = await nodeRunner({
      program: node,
      args: ['-e', 'process.stdout.write("partial"); process.exit(3)'],
      timeoutMs: 10_000,
    });
    expect([r.exitCode, new TextDecoder().decode(r.stdout), r.failure]).toEqual([3, 'partial', null]);
  });

  it('stops a program at its time limit and says so', async () => {
    const r = await nodeRunner({
      program: node,
      args: ['-e', 'setTimeout(() => {}, 60000)'],
      timeoutMs: 300,
    });
    expect([r.exitCode, r.failure]).toEqual([null, 'timeout']);
  });

  it('a program that does not exist is not-found, not an exception', async () => {
    const r = await nodeRunner({ program: '/nonexistent/dsregcmd.exe', args: ['/status'], timeoutMs: 1000 });
    expect([r.exitCode, r.failure]).toEqual([null, 'not-found']);
  });
});
