/**
 * What `collect` gathers on a Windows device and how, as data: each step names the program (by
 * absolute path), its arguments, where its result goes in the bundle, and how to read a failure
 * (exit codes, never localised text). Pure: the collector runs the plan with an injected runner.
 * @module
 */
import type { RunRequest, WindowsHost } from './host.ts';
import { systemProgram } from './host.ts';

/** What an entry of the bundle holds, so a reader can classify it without guessing. */
export type EntryKind = 'capture' | 'events' | 'system' | 'probe';

export interface CollectStep {
  id: string;
  /** What it is, for the manifest and the console. */
  title: string;
  kind: EntryKind;
  /** Path inside the bundle. */
  entry: string;
  request: RunRequest;
  /** The program writes the result to this file instead of standard output. */
  outputFile?: string;
  /** Only an elevated or SYSTEM run can read this; said in the not-elevated line. */
  needsElevation?: boolean;
  /** Exit codes that mean "not there on this device" rather than "failed", with the reason. */
  absentWhen?: Readonly<Record<number, string>>;
}

/** An event channel and why it matters. */
export interface Channel {
  name: string;
  file: string;
  why: string;
  /** Analytic and debug channels are off unless someone enabled them. */
  optional?: boolean;
}

export const CHANNELS: readonly Channel[] = [
  {
    name: 'Microsoft-Windows-User Device Registration/Admin',
    file: 'User Device Registration Admin',
    why: 'join and registration errors (304, 305, 204, ...)',
  },
  {
    name: 'Microsoft-Windows-User Device Registration/Debug',
    file: 'User Device Registration Debug',
    why: 'step-by-step join trace',
    optional: true,
  },
  {
    name: 'Microsoft-Windows-AAD/Operational',
    file: 'AAD Operational',
    why: 'token and PRT errors (1098, 1104, ...)',
  },
  {
    name: 'Microsoft-Windows-AAD/Analytic',
    file: 'AAD Analytic',
    why: 'detailed token trace',
    optional: true,
  },
  {
    name: 'Microsoft-Windows-HelloForBusiness/Operational',
    file: 'HelloForBusiness Operational',
    why: 'Windows Hello for Business provisioning (358, 360, 362)',
  },
  {
    name: 'Microsoft-Workplace Join/Admin',
    file: 'Workplace Join Admin',
    why: 'down-level (Windows 7, 8.1) registration',
    optional: true,
  },
  {
    name: 'Microsoft-Windows-Kerberos/Operational',
    file: 'Kerberos Operational',
    why: 'Kerberos and KDC proxy errors on the client',
    optional: true,
  },
];

/** Exit codes of wevtutil (Win32 errors) that mean the channel is not there or cannot be read now. */
export const ERROR_EVT_CHANNEL_NOT_FOUND = 15007;
export const ERROR_EVT_INVALID_OPERATION_OVER_ENABLED_DIRECT_CHANNEL = 15022;
export const ERROR_ACCESS_DENIED = 5;

const CHANNEL_ABSENT: Readonly<Record<number, string>> = {
  [ERROR_EVT_CHANNEL_NOT_FOUND]: 'the channel does not exist on this Windows',
  [ERROR_EVT_INVALID_OPERATION_OVER_ENABLED_DIRECT_CHANNEL]:
    'the analytic/debug channel is enabled and cannot be exported while it is (disable it in Event Viewer first)',
};

/** cmd.exe exits 9009 when the program it was told to run does not exist. */
const NO_DSREGCMD: Readonly<Record<number, string>> = {
  9009: 'this Windows has no dsregcmd.exe: a down-level client (Windows 7, 8.1, Server 2008 R2 to 2012 R2); its registration events are in the Workplace Join log (see `dsreg-doctor guide down-level-status`)',
};

/** `reg query` exits 1 when the key or value does not exist (its message is localised). */
const REG_ABSENT: Readonly<Record<number, string>> = { 1: 'the key or value is not set on this device' };

export const KEYS = {
  cdjAad: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD',
  cdj: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ',
  workplaceJoinPolicy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WorkplaceJoin',
  winHttp: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections',
  winInetUser: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
  winInetPolicy: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings',
  kerberosPolicy:
    'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\Parameters',
  kerberosLsa: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters',
  osVersion: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
} as const;

export const JOIN_TASK = '\\Microsoft\\Windows\\Workplace Join\\Automatic-Device-Join';

export interface PlanOptions {
  /** A folder for files programs write (event exports); Windows path. */
  tempDir: string;
  /** Redacted bundles hold event XML (text that can be redacted) instead of binary .evtx. */
  redact: boolean;
}

const MINUTE = 60_000;

/** The whole plan, in the order it runs: dsregcmd first (the capture matters most). */
export function buildPlan(host: WindowsHost, options: PlanOptions): CollectStep[] {
  const cmd = systemProgram(host, 'cmd.exe');
  const chcp = systemProgram(host, 'chcp.com');
  const dsregcmd = systemProgram(host, 'dsregcmd.exe');
  const wevtutil = systemProgram(host, 'wevtutil.exe');
  const reg = systemProgram(host, 'reg.exe');
  const viaCmd = (line: string): Pick<RunRequest, 'program' | 'args' | 'verbatim'> => ({
    program: cmd,
    args: ['/d', '/s', '/c', `""${chcp}" 65001 >nul & ${line}"`],
    verbatim: true,
  });
  const steps: CollectStep[] = [
    {
      id: 'dsregcmd-status',
      title: 'dsregcmd /status',
      kind: 'capture',
      entry: 'dsregcmd-status.txt',
      request: { ...viaCmd(`"${dsregcmd}" /status`), timeoutMs: 2 * MINUTE },
      absentWhen: NO_DSREGCMD,
    },
    {
      id: 'dsregcmd-status-debug',
      title: 'dsregcmd /status /debug',
      kind: 'capture',
      entry: 'dsregcmd-status-debug.txt',
      request: { ...viaCmd(`"${dsregcmd}" /status /debug`), timeoutMs: 3 * MINUTE },
      absentWhen: NO_DSREGCMD,
    },
  ];
  for (const channel of CHANNELS) {
    const id = `events-${slug(channel.file)}`;
    if (options.redact) {
      steps.push({
        id,
        title: `event log ${channel.name}`,
        kind: 'events',
        entry: `events/${channel.file}.xml`,
        request: {
          program: wevtutil,
          args: ['qe', channel.name, '/f:xml', '/e:Events'],
          timeoutMs: 5 * MINUTE,
        },
        needsElevation: true,
        absentWhen: CHANNEL_ABSENT,
      });
    } else {
      const file = `${options.tempDir}\\${slug(channel.file)}.evtx`;
      steps.push({
        id,
        title: `event log ${channel.name}`,
        kind: 'events',
        entry: `events/${channel.file}.evtx`,
        request: { program: wevtutil, args: ['epl', channel.name, file, '/ow:true'], timeoutMs: 5 * MINUTE },
        outputFile: file,
        needsElevation: true,
        absentWhen: CHANNEL_ABSENT,
      });
    }
  }
  const regStep = (id: string, title: string, key: string, extra: string[] = []): CollectStep => ({
    id,
    title,
    kind: 'system',
    entry: `system/${id}.md`,
    request: { program: reg, args: ['query', key, ...extra], timeoutMs: MINUTE },
    absentWhen: REG_ABSENT,
  });
  steps.push(
    regStep('registry-cdj-aad', 'client-side SCP (CDJ\\AAD TenantId, TenantName)', KEYS.cdjAad),
    regStep('registry-cdj', 'CDJ settings', KEYS.cdj),
    regStep('registry-workplacejoin-policy', 'Workplace Join policy', KEYS.workplaceJoinPolicy),
    regStep('registry-winhttp', 'WinHTTP proxy settings (WinHttpSettings)', KEYS.winHttp, [
      '/v',
      'WinHttpSettings',
    ]),
    {
      id: 'netsh-winhttp',
      title: 'WinHTTP proxy (netsh winhttp show proxy)',
      kind: 'system',
      entry: 'system/netsh-winhttp.md',
      request: { ...viaCmd(`"${systemProgram(host, 'netsh.exe')}" winhttp show proxy`), timeoutMs: MINUTE },
    },
    regStep('registry-wininet-user', 'WinINet proxy settings of this account', KEYS.winInetUser),
    regStep('registry-wininet-policy', 'WinINet proxy policy', KEYS.winInetPolicy),
    regStep('registry-kerberos-policy', 'Kerberos and KDC proxy policy', KEYS.kerberosPolicy, ['/s']),
    regStep('registry-kerberos-lsa', 'Kerberos parameters', KEYS.kerberosLsa),
    {
      id: 'task-automatic-device-join',
      title: 'Automatic-Device-Join task (state and last result)',
      kind: 'system',
      entry: 'system/task-automatic-device-join-state.md',
      request: {
        program: systemProgram(host, 'schtasks.exe'),
        args: ['/query', '/tn', JOIN_TASK, '/fo', 'csv', '/v'],
        timeoutMs: MINUTE,
      },
      absentWhen: { 1: 'the Automatic-Device-Join task does not exist on this Windows' },
    },
    {
      id: 'task-automatic-device-join-xml',
      title: 'Automatic-Device-Join task definition (enabled, triggers)',
      kind: 'system',
      entry: 'system/task-automatic-device-join-definition.md',
      request: {
        program: systemProgram(host, 'schtasks.exe'),
        args: ['/query', '/tn', JOIN_TASK, '/xml'],
        timeoutMs: MINUTE,
      },
      absentWhen: { 1: 'the Automatic-Device-Join task does not exist on this Windows' },
    },
    regStep('os-version', 'OS version (build, UBR, edition)', KEYS.osVersion),
    {
      id: 'w32tm-status',
      title: 'time service status (w32tm /query /status)',
      kind: 'system',
      entry: 'system/w32tm-status.md',
      request: { program: systemProgram(host, 'w32tm.exe'), args: ['/query', '/status'], timeoutMs: MINUTE },
      needsElevation: true,
    },
    {
      id: 'w32tm-configuration',
      title: 'time service configuration (w32tm /query /configuration)',
      kind: 'system',
      entry: 'system/w32tm-configuration.md',
      request: {
        program: systemProgram(host, 'w32tm.exe'),
        args: ['/query', '/configuration'],
        timeoutMs: MINUTE,
      },
      needsElevation: true,
    },
  );
  return steps;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
