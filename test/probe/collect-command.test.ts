/**
 * `collect` end to end with a Windows device as data (programs and their outputs), then the
 * bundle it wrote read back by `analyze`, as an admin would on another computer.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/commands/analyze.ts';
import { type CollectHost, collectCommand, NOT_WINDOWS } from '../../src/cli/commands/collect-run.ts';
import type { RunResult } from '../../src/collect/host.ts';
import { readZip } from '../../src/input/zip.ts';
import { cli } from '../cli/run-cli.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const ok = (out: string, exitCode = 0): RunResult => ({
  exitCode,
  stdout: enc(out),
  stderr: enc(''),
  failure: null,
});

const STATUS = [
  '+----------------------------------------------------------------------+',
  '| Device State                                                         |',
  '+----------------------------------------------------------------------+',
  '',
  '             AzureAdJoined : NO',
  '          EnterpriseJoined : NO',
  '              DomainJoined : YES',
  '                DomainName : CONTOSO',
  '               Device Name : PC042.contoso.com',
  '',
  '+----------------------------------------------------------------------+',
  '| Diagnostic Data                                                      |',
  '+----------------------------------------------------------------------+',
  '',
  '              User Context : SYSTEM',
  '               Client Time : 2026-03-02 09:25:31.000 UTC',
  '      AD Connectivity Test : PASS',
  '     AD Configuration Test : FAIL [0x801c001d]',
  '               Error Phase : discover',
  '          Client ErrorCode : 0x801c001d',
  '',
].join('\r\n');
const XML_EVENTS =
  '<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration" Guid="{23b8d46b-67dd-40a3-b636-d43e50552c6d}"/><EventID>304</EventID><Level>2</Level><TimeCreated SystemTime="2026-03-02T09:23:30.0000000Z"/><Channel>Microsoft-Windows-User Device Registration/Admin</Channel><Computer>PC042.contoso.com</Computer></System><EventData><Data Name="ErrorCode">0x801c001d</Data></EventData></Event></Events>';

const dir = mkdtempSync(join(tmpdir(), 'dsreg-collect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function host(platform: NodeJS.Platform): CollectHost & { removed: string[]; probed: string[] } {
  const removed: string[] = [];
  const probed: string[] = [];
  return {
    platform,
    removed,
    probed,
    probe: async (options, capture) => {
      const name = capture?.sections
        .flatMap((sec) => sec.fields)
        .find((f) => f.name === 'Device Name')
        ?.raw.trim();
      probed.push(`${options.upn ?? 'no upn'} for ${name}`);
      return `## dsreg-doctor probe\n\n- device ${name}: 11 checks, 0 failed\n`;
    },
    makeTempDir: async () => 'C:\\Users\\alex\\AppData\\Local\\Temp\\dsreg-doctor-x1',
    removeTempDir: async (path) => {
      removed.push(path);
    },
    writeFile: async (path, bytes) => writeFileSync(path, bytes),
    deps: () => ({
      host: { env: { SystemRoot: 'C:\\Windows', COMPUTERNAME: 'PC042' }, arch: 'x64' },
      now: () => new Date('2026-03-02T10:00:00Z'),
      generator: { name: 'dsreg-doctor', version: 'test' },
      readFile: async () => null,
      runner: async (request) => {
        const name = request.program.split('\\').pop();
        if (name === 'whoami.exe')
          return ok(
            '"contoso\\admin.alex","S-1-5-21-1-2-3-500"\r\n"Mandatory Label\\High Mandatory Level","Label","S-1-16-12288",""\r\n',
          );
        if (name === 'cmd.exe')
          return ok(request.args[3]?.includes('netsh') ? 'Direct access (no proxy server).\r\n' : STATUS);
        if (name === 'wevtutil.exe')
          return request.args[1] === 'Microsoft-Windows-User Device Registration/Admin'
            ? ok(XML_EVENTS)
            : ok('<Events></Events>');
        return ok('\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Example\r\n    Value    REG_SZ    x\r\n');
      },
    }),
  };
}

function io() {
  let stdout = '';
  const warnings: string[] = [];
  const value: Io = {
    out: {
      write: async (t) => {
        stdout += t;
      },
      close: async () => {},
      abort: async () => {},
      isTerminal: false,
      columns: undefined,
    },
    warn: (line) => warnings.push(line),
  };
  return { value, warnings, stdout: () => stdout };
}

describe('collect command', () => {
  it('refuses to run off Windows, saying what to do instead', async () => {
    await expect(collectCommand({}, io().value, host('linux'))).rejects.toThrow(NOT_WINDOWS);
  });

  it('writes a redacted bundle that analyze reads as one device with its events, and cleans up', async () => {
    const out = join(dir, 'pc042.zip');
    const h = host('win32');
    const console = io();
    await collectCommand({ out, redact: true }, console.value, h);
    expect(h.removed).toEqual(['C:\\Users\\alex\\AppData\\Local\\Temp\\dsreg-doctor-x1']);
    expect(console.stdout()).toBe(
      `${out}: 17 items collected, 6 absent, 0 failed (manifest.md says which and why)\n`,
    );
    expect(console.warnings).toEqual([]);
    const names = readZip(new Uint8Array(readFileSync(out))).entries.map((e) => e.name);
    expect(names.filter((n) => !n.startsWith('system/'))).toEqual([
      'dsregcmd-status.txt',
      'dsregcmd-status-debug.txt',
      'events/User Device Registration Admin.xml',
      'manifest.md',
    ]);

    const r = await cli('analyze', out, '--format', 'json', '--exit-zero');
    const doc = JSON.parse(r.stdout);
    expect(doc.failures).toBeUndefined();
    const captures = doc.reports.filter((rep: { capture?: unknown }) => rep.capture);
    expect(captures.length).toBe(2);
    expect(captures[0].verdict.errorCode).toBe('0x801c001d');
    expect(captures[0].verdict.failedPhase).toBe('discover');
    expect(r.stdout).not.toContain('PC042');
    expect(h.probed).toEqual([]);
  });

  it('--probe adds the probe report, given the capture just taken, redacted with the bundle', async () => {
    const out = join(dir, 'pc042-probe.zip');
    const h = host('win32');
    const console = io();
    await collectCommand({ out, redact: true, probe: true, upn: 'alex@contoso.com' }, console.value, h);
    expect(h.probed).toEqual(['alex@contoso.com for PC042.contoso.com']);
    const entries = readZip(new Uint8Array(readFileSync(out))).entries;
    expect(entries.map((e) => e.name).slice(0, 3)).toEqual([
      'dsregcmd-status.txt',
      'probe.md',
      'dsregcmd-status-debug.txt',
    ]);
    const probe = new TextDecoder().decode(entries.find((e) => e.name === 'probe.md')?.bytes);
    expect(probe).toMatch(/^## dsreg-doctor probe\n\n- device \S+: 11 checks, 0 failed\n$/);
    expect(probe).not.toContain('PC042');
    expect(console.stdout()).toBe(
      `${out}: 18 items collected, 6 absent, 0 failed (manifest.md says which and why)\n`,
    );
  });
});
