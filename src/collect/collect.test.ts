import { describe, expect, it } from 'vitest';
import { readZip } from '../input/zip.ts';
import { createRedactor } from '../redact/index.ts';
import { type CollectDeps, collect, type Manifest, readManifest } from './collect.ts';
import type { RunRequest, RunResult } from './host.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const ok = (out: string, exitCode = 0): RunResult => ({
  exitCode,
  stdout: enc(out),
  stderr: enc(''),
  failure: null,
});
const exit = (exitCode: number, stderr = ''): RunResult => ({
  exitCode,
  stdout: enc(''),
  stderr: enc(stderr),
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
].join('\r\n');
const ELEVATED =
  '"contoso\\admin.alex","S-1-5-21-1111111111-2222222222-3333333333-1500"\r\n"BUILTIN\\Administrators","Alias","S-1-5-32-544","Mandatory group, Enabled by default, Enabled group, Group owner"\r\n"Mandatory Label\\High Mandatory Level","Label","S-1-16-12288",""\r\n';
const USER =
  '"contoso\\alex","S-1-5-21-1111111111-2222222222-3333333333-1104"\r\n"Mandatory Label\\Medium Mandatory Level","Label","S-1-16-8192",""\r\n';
/** An export with one chunk: the file header ("ElfFile\0", 4 KiB), then a chunk ("ElfChnk\0"). */
const EVTX = new Uint8Array(4096 + 65536);
EVTX.set(new TextEncoder().encode('ElfFile\0'), 0);
EVTX.set(new TextEncoder().encode('ElfChnk\0'), 4096);
/** A channel with no events exports as the file header alone. */
const EMPTY_EVTX = EVTX.slice(0, 4096);

/** A Windows device as data: each program's answer by a key of program name and first argument. */
function device(answers: Record<string, RunResult>, files: Record<string, Uint8Array> = {}) {
  const calls: RunRequest[] = [];
  const deps: CollectDeps = {
    host: { env: { SystemRoot: 'C:\\Windows', COMPUTERNAME: 'PC042' }, arch: 'x64' },
    tempDir: 'C:\\Temp\\dsreg-doctor-1',
    now: () => new Date('2026-03-02T10:00:00Z'),
    generator: { name: 'dsreg-doctor', version: '9.9.9' },
    readFile: async (path) => files[path] ?? null,
    runner: async (request) => {
      calls.push(request);
      const name = request.program.split('\\').pop() ?? '';
      const key =
        name === 'cmd.exe'
          ? (request.args[3] ?? '').includes('/debug')
            ? 'dsregcmd-debug'
            : (request.args[3] ?? '').includes('netsh')
              ? 'netsh'
              : 'dsregcmd'
          : name === 'wevtutil.exe'
            ? `wevtutil ${request.args[1]}`
            : name === 'reg.exe'
              ? `reg ${request.args[1]}`
              : `${name} ${request.args[0] ?? ''}`.trim();
      return answers[key] ?? answers[name] ?? exit(1);
    },
  };
  return { deps, calls };
}

const EVERYTHING: Record<string, RunResult> = {
  'whoami.exe /user': ok(ELEVATED),
  dsregcmd: ok(STATUS),
  'dsregcmd-debug': ok(STATUS),
  'wevtutil.exe': ok(''),
  'wevtutil Microsoft-Windows-AAD/Analytic': exit(15007),
  'wevtutil Microsoft-Workplace Join/Admin': exit(15007),
  'wevtutil Microsoft-Windows-User Device Registration/Debug': exit(15022),
  'reg.exe': ok('\r\nHKEY_LOCAL_MACHINE\\...\r\n    Value    REG_SZ    x\r\n'),
  'reg HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD': exit(
    1,
    'ERROR: The system was unable to find the specified registry key or value.',
  ),
  netsh: ok('\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Direct access (no proxy server).\r\n'),
  'schtasks.exe /query': ok(
    '"HostName","TaskName"\r\n"PC042","\\Microsoft\\Windows\\Workplace Join\\Automatic-Device-Join"\r\n',
  ),
  'w32tm.exe /query': ok('Leap Indicator: 0(no warning)\r\n'),
};

function manifestOf(zip: Uint8Array): Manifest {
  const entry = readZip(zip).entries.find((e) => e.name === 'manifest.md');
  const manifest = readManifest(new TextDecoder().decode(entry?.bytes));
  if (!manifest) throw new Error('no manifest in the bundle');
  return manifest;
}

describe('collect (runs as data)', () => {
  it('runs every program by absolute path and bundles captures, event exports and settings with a manifest', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const f of ['user-device-registration-admin', 'aad-operational', 'helloforbusiness-operational'])
      files[`C:\\Temp\\dsreg-doctor-1\\${f}.evtx`] = EVTX;
    files['C:\\Temp\\dsreg-doctor-1\\kerberos-operational.evtx'] = EMPTY_EVTX;
    const { deps, calls } = device(EVERYTHING, files);
    const result = await collect(deps);
    expect(calls.every((c) => /^C:\\Windows\\System32\\[a-z0-9]+\.(exe|com)$/.test(c.program))).toBe(true);
    expect(calls[0]?.program).toBe('C:\\Windows\\System32\\whoami.exe');
    expect(calls[1]?.args[3]).toBe(
      '""C:\\Windows\\System32\\chcp.com" 65001 >nul & "C:\\Windows\\System32\\dsregcmd.exe" /status"',
    );
    expect(calls.find((c) => c.args[1] === 'Microsoft-Windows-User Device Registration/Admin')?.args).toEqual(
      [
        'epl',
        'Microsoft-Windows-User Device Registration/Admin',
        'C:\\Temp\\dsreg-doctor-1\\user-device-registration-admin.evtx',
        '/ow:true',
      ],
    );

    const names = readZip(result.zip).entries.map((e) => e.name);
    expect(names).toEqual([
      'dsregcmd-status.txt',
      'dsregcmd-status-debug.txt',
      'events/User Device Registration Admin.evtx',
      'events/AAD Operational.evtx',
      'events/HelloForBusiness Operational.evtx',
      'system/registry-cdj.md',
      'system/registry-workplacejoin-policy.md',
      'system/registry-winhttp.md',
      'system/netsh-winhttp.md',
      'system/registry-wininet-user.md',
      'system/registry-wininet-policy.md',
      'system/registry-kerberos-policy.md',
      'system/registry-kerberos-lsa.md',
      'system/task-automatic-device-join-state.md',
      'system/task-automatic-device-join-definition.md',
      'system/os-version.md',
      'system/w32tm-status.md',
      'system/w32tm-configuration.md',
      'manifest.md',
    ]);
    const netsh = readZip(result.zip).entries.find((e) => e.name === 'system/netsh-winhttp.md');
    expect(new TextDecoder().decode(netsh?.bytes)).toBe(
      '# WinHTTP proxy (netsh winhttp show proxy)\n\n- command: `C:\\Windows\\System32\\cmd.exe /d /s /c ""C:\\Windows\\System32\\chcp.com" 65001 >nul & "C:\\Windows\\System32\\netsh.exe" winhttp show proxy"`\n- exit code: 0\n\n~~~~text\n\nCurrent WinHTTP proxy settings:\n\n    Direct access (no proxy server).\n~~~~\n',
    );
    const manifest = manifestOf(result.zip);
    expect(manifest.schema).toBe('dsreg-doctor.collect/1');
    expect(manifest.context).toEqual({
      kind: 'elevated',
      administrator: true,
      note: expect.stringMatching(/^dsregcmd ran elevated/),
    });
    expect(manifest.computerName).toBe('PC042');
    expect(manifest.missing).toEqual([
      'event log Microsoft-Windows-User Device Registration/Debug: absent (the analytic/debug channel is enabled and cannot be exported while it is (disable it in Event Viewer first))',
      'event log Microsoft-Windows-AAD/Analytic: absent (the channel does not exist on this Windows)',
      'event log Microsoft-Workplace Join/Admin: absent (the channel does not exist on this Windows)',
      'event log Microsoft-Windows-Kerberos/Operational: absent (the channel holds no events)',
      'client-side SCP (CDJ\\AAD TenantId, TenantName): absent (the key or value is not set on this device)',
    ]);
    expect(result.lines).toEqual([]);
    const status = manifest.items.find((i) => i.id === 'dsregcmd-status');
    expect(status).toMatchObject({
      status: 'collected',
      exitCode: 0,
      entry: 'dsregcmd-status.txt',
      bytes: STATUS.length,
    });
  });

  it('says what is missing when not elevated, and records refusals by exit code', async () => {
    const { deps } = device({
      ...EVERYTHING,
      'whoami.exe /user': ok(USER),
      'wevtutil.exe': exit(5, 'Failed to read configuration for log. Access is denied.'),
      'w32tm.exe /query': exit(5, 'The following error occurred: Access is denied. (0x80070005)'),
    });
    const result = await collect(deps);
    expect(result.lines[0]).toBe(
      "collect runs un-elevated: 9 items may be refused (Microsoft-Windows-User Device Registration/Admin, Microsoft-Windows-User Device Registration/Debug, Microsoft-Windows-AAD/Operational, Microsoft-Windows-AAD/Analytic, Microsoft-Windows-HelloForBusiness/Operational, Microsoft-Workplace Join/Admin, Microsoft-Windows-Kerberos/Operational, time service status (w32tm /query /status), time service configuration (w32tm /query /configuration)) and dsregcmd's device tests are limited; run it from an elevated prompt for a complete bundle",
    );
    expect(result.lines).toContain(
      'not collected: event log Microsoft-Windows-AAD/Operational: exit code 5: Failed to read configuration for log. Access is denied. (run elevated)',
    );
    const manifest = manifestOf(result.zip);
    expect(manifest.context.kind).toBe('user');
    expect(manifest.items.filter((i) => i.status === 'failed').map((i) => i.id)).toEqual([
      'events-user-device-registration-admin',
      'events-aad-operational',
      'events-helloforbusiness-operational',
      'events-kerberos-operational',
      'w32tm-status',
      'w32tm-configuration',
    ]);
  });

  it('keeps a capture whose program exited with an error, and records a time-out without stopping', async () => {
    const { deps } = device({
      ...EVERYTHING,
      dsregcmd: ok(STATUS, 1),
      'dsregcmd-debug': { exitCode: null, stdout: enc(''), stderr: enc(''), failure: 'timeout' },
    });
    const result = await collect(deps);
    const manifest = manifestOf(result.zip);
    expect(manifest.items[0]).toMatchObject({
      status: 'collected',
      exitCode: 1,
      reason: 'exit code 1; the output is kept as written',
    });
    expect(manifest.items[1]).toMatchObject({ status: 'failed', reason: 'did not finish within 180 s' });
    expect(manifest.items.length).toBe(23);
  });

  it('on down-level Windows (no dsregcmd.exe) the capture is absent with the reason, and the rest is collected', async () => {
    const { deps } = device({ ...EVERYTHING, dsregcmd: exit(9009), 'dsregcmd-debug': exit(9009) });
    const result = await collect(deps);
    expect(result.lines[0]).toMatch(
      /^not collected: dsregcmd \/status: this Windows has no dsregcmd\.exe: a down-level client/,
    );
    const manifest = manifestOf(result.zip);
    expect(manifest.missing[0]).toBe(
      'dsregcmd /status: absent (this Windows has no dsregcmd.exe: a down-level client (Windows 7, 8.1, Server 2008 R2 to 2012 R2); its registration events are in the Workplace Join log (see `dsreg-doctor guide down-level-status`))',
    );
    expect(manifest.items.filter((i) => i.status === 'collected').length).toBe(13);
  });

  it('redacts at collection: the capture keeps its layout, events come as XML text, names are replaced', async () => {
    const xml =
      '<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>304</EventID><Computer>PC042.contoso.com</Computer></System></Event></Events>';
    const { deps, calls } = device({ ...EVERYTHING, 'wevtutil.exe': ok(xml) });
    const result = await collect({ ...deps, redactor: createRedactor() });
    expect(calls.find((c) => c.args[1] === 'Microsoft-Windows-AAD/Operational')?.args).toEqual([
      'qe',
      'Microsoft-Windows-AAD/Operational',
      '/f:xml',
      '/e:Events',
    ]);
    const entries = readZip(result.zip).entries;
    const text = (name: string) => new TextDecoder().decode(entries.find((e) => e.name === name)?.bytes);
    const status = text('dsregcmd-status.txt');
    expect(status).toContain('              DomainJoined : YES');
    expect(status).not.toContain('PC042');
    expect(status).not.toContain('contoso');
    expect(text('events/AAD Operational.xml')).not.toContain('PC042');
    expect(text('events/AAD Operational.xml')).toContain('<EventID>304</EventID>');
    const manifest = manifestOf(result.zip);
    expect(manifest.redacted).toBe(true);
    expect(manifest.computerName).not.toBe('PC042');
  });
});
