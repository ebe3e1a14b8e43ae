import { asciiText, systemProgram } from '../../collect/host.ts';
import { decodeBytes } from '../../input/decode.ts';
import type { DsregCapture } from '../../model/capture.ts';
import { type CloudId, type EndpointOverrides, parseCloud } from '../../probe/clouds.ts';
import { probeFindings } from '../../probe/diagnose.ts';
import { lookupScp } from '../../probe/ldap.ts';
import { fetchOutcome } from '../../probe/net.ts';
import { evaluatePac } from '../../probe/pac.ts';
import { domainOfUpn, isDomainName, isGuid } from '../../probe/plan.ts';
import { type ProbeDocument, type ProbeFormat, redactProbe, renderProbe } from '../../probe/render.ts';
import {
  DIRECT,
  parsePacResult,
  parseWinHttpSettings,
  type Route,
  routeOfEnv,
  routeOfPac,
  routeOfWinHttp,
  type WinHttpSettings,
  winHttpBytesOfRegQuery,
  withoutCredentials,
} from '../../probe/route.ts';
import { ANONYMOUS_NOTE, scpResult } from '../../probe/scp.ts';
import { runProbes } from '../../probe/suite.ts';
import type { HttpProbe, ProbeResult } from '../../probe/types.ts';
import { readCaptures } from '../../read/index.ts';
import { learnCapture, learnMentions } from '../../redact/index.ts';
import { ExitCode, InputError, RunOutcome, UsageError } from '../errors.ts';
import { chooseFormat } from '../format.ts';
import { nodeRunner } from '../live.ts';
import { VERSION } from '../version.ts';
import type { Io } from './analyze.ts';
import { redactorFor } from './envelope.ts';

export interface ProbeOptions {
  upn?: string;
  domain?: string;
  tenant?: string;
  cloud?: string;
  proxy?: string;
  pac?: string;
  capture?: string;
  ldap?: string;
  ldapUser?: string;
  ldapPassword?: string;
  ldapStarttls?: boolean;
  ca?: string[];
  loginUrl?: string;
  deviceLoginUrl?: string;
  drsUrl?: string;
  onPremDrsUrl?: string;
  timeout?: string;
  format?: string;
  output?: string;
  redact?: boolean;
  redactSalt?: string;
  exitZero?: boolean;
}

export async function probeCommand(options: ProbeOptions, io: Io): Promise<void> {
  const format = chooseFormat(
    options.format,
    ['text', 'json', 'markdown', 'html'] as const,
    io.out,
  ) as ProbeFormat;
  const { readFile } = await import('node:fs/promises');
  const capture = options.capture ? await readCapture(options.capture, readFile) : null;
  const doc = await probeDocument(options, capture);
  try {
    await io.out.write(renderProbe(doc, format));
    await io.out.close();
  } catch (error) {
    await io.out.abort();
    throw error;
  }
  const failed =
    doc.report.results.some((r) => r.status === 'failed') || doc.findings.some((f) => f.severity === 'error');
  if (failed && !options.exitZero) throw new RunOutcome(ExitCode.findings);
}

/**
 * Runs the probes and reads them against the capture: the report and its findings, redacted when
 * asked. Shared by `probe` and by `collect --probe` (which passes the capture it just took).
 */
export async function probeDocument(
  options: ProbeOptions,
  capture: DsregCapture | null,
): Promise<ProbeDocument> {
  const cloud = cloudOption(options.cloud);
  const timeoutMs = Number(options.timeout ?? '15000');
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new UsageError(`--timeout ${options.timeout}: give milliseconds, e.g. 15000`);
  if (options.proxy && options.pac) throw new UsageError('give --proxy or --pac, not both');
  if (options.upn && !domainOfUpn(options.upn))
    throw new UsageError(`--upn ${options.upn}: give a user as user@domain`);
  if (options.domain && !isDomainName(options.domain))
    throw new UsageError(`--domain ${options.domain}: not a domain name`);
  if (options.tenant && !isGuid(options.tenant) && !isDomainName(options.tenant))
    throw new UsageError(`--tenant ${options.tenant}: give the tenant ID (a GUID) or a verified domain`);

  const { readFile } = await import('node:fs/promises');
  const captureTenant = capture ? fieldText(capture, 'TenantId') : null;
  const ca = await Promise.all(
    (options.ca ?? []).map((f) =>
      readFile(f, 'utf8').catch(() => {
        throw new InputError(f, 'could not read the certificate file');
      }),
    ),
  );
  const pacScript = options.pac
    ? await readFile(options.pac, 'utf8').catch(() => {
        throw new InputError(options.pac as string, 'could not read the PAC file');
      })
    : null;

  const targets = {
    upn: options.upn ?? null,
    domain: options.domain?.toLowerCase() ?? (options.upn ? domainOfUpn(options.upn) : null),
    tenant: options.tenant ?? (captureTenant && isGuid(captureTenant) ? captureTenant : null),
    onPremDrs: options.onPremDrsUrl ?? null,
  };
  const overrides: EndpointOverrides = {
    ...(options.loginUrl ? { login: options.loginUrl } : {}),
    ...(options.deviceLoginUrl ? { deviceLogin: options.deviceLoginUrl } : {}),
    ...(options.drsUrl ? { drs: options.drsUrl } : {}),
  };

  const winHttp = !options.proxy && !pacScript && process.platform === 'win32' ? await readWinHttp() : null;
  const routes = new Set<string>();
  const routeFor = async (url: string): Promise<Route | { unusable: string }> => {
    if (options.proxy) {
      return /^(direct|none)$/i.test(options.proxy)
        ? { ...DIRECT, source: '--proxy' }
        : { via: options.proxy, source: '--proxy' };
    }
    if (pacScript) {
      const host = new URL(url).hostname;
      const answer = evaluatePac(pacScript, url, host, await pacInputs(host));
      if (!answer.ok) return { unusable: answer.error };
      return routeOfPac(parsePacResult(answer.result));
    }
    if (winHttp) return routeOfWinHttp(winHttp, url);
    return routeOfEnv(process.env, url) ?? DIRECT;
  };
  const fetch = async (probe: HttpProbe) => {
    const route = await routeFor(probe.url);
    if ('unusable' in route) {
      return {
        url: probe.url,
        via: 'PAC',
        routeSource: 'PAC',
        status: null,
        headers: {},
        proxyAuthenticate: [],
        body: '',
        tls: null,
        error: { code: 'PAC', message: route.unusable },
        receivedAt: new Date().toISOString(),
      };
    }
    routes.add(`${route.via === 'DIRECT' ? 'direct' : withoutCredentials(route.via)} (${route.source})`);
    return fetchOutcome(probe, route, { ca, timeoutMs });
  };

  const notChecked: string[] = [
    `these requests ran as ${process.platform === 'win32' ? 'this account' : 'this user on this computer'}, not as SYSTEM on the device: the device's own machine-context proxy is only followed when given with --proxy/--pac${process.platform === 'win32' ? ' or read from WinHTTP' : ''}`,
    'the federation service itself (MEX, WS-Trust as the computer) is not probed',
  ];
  if (pacScript)
    notChecked.push('PAC date and time conditions (weekdayRange, dateRange, timeRange) are taken as true');
  if (!options.ldap)
    notChecked.push('the SCP in Active Directory: no directory given (--ldap ldap://dc1.contoso.com)');
  else if (!options.ldapUser) notChecked.push(`the SCP with an authenticated bind: ${ANONYMOUS_NOTE}`);

  const directory = options.ldap
    ? async (results: readonly ProbeResult[]): Promise<ProbeResult[]> => {
        const tenant =
          (targets.tenant && isGuid(targets.tenant) ? targets.tenant : null) ??
          (results.find((r) => r.probe === 'openid' && typeof r.data.tenantId === 'string')?.data.tenantId as
            | string
            | undefined) ??
          null;
        const lookup = await lookupScp({
          url: options.ldap as string,
          startTls: options.ldapStarttls ?? false,
          user: options.ldapUser ?? null,
          password: options.ldapPassword ?? null,
          ca,
          timeoutMs,
        });
        return [scpResult(lookup, tenant)];
      }
    : undefined;

  const report = await runProbes(
    {
      targets,
      cloud,
      overrides,
      captureHosts: capture
        ? ['AuthCodeUrl', 'AccessTokenUrl', 'JoinSrvUrl'].map((n) => fieldText(capture, n) ?? '')
        : [],
      notChecked,
    },
    {
      fetch,
      now: () => new Date(),
      generator: { name: 'dsreg-doctor', version: VERSION },
      ...(directory ? { directory } : {}),
    },
  );
  report.inputs = {
    ...report.inputs,
    route: [...routes].join(', ') || null,
    capture: options.capture ?? null,
  };
  const findings = probeFindings(capture, report.results);
  let doc: ProbeDocument = { report, findings };
  const redactor = redactorFor(options);
  if (redactor) {
    if (capture) learnCapture(redactor, capture);
    for (const v of [targets.upn, targets.domain]) if (v) learnMentions(redactor, v);
    doc = redactProbe(doc, redactor);
  }
  return doc;
}

function cloudOption(value: string | undefined): CloudId | null {
  if (!value) return null;
  const cloud = parseCloud(value);
  if (!cloud) throw new UsageError(`--cloud ${value}: give commercial, usgov or china`);
  return cloud;
}

async function readCapture(
  path: string,
  readFile: (p: string) => Promise<Uint8Array>,
): Promise<DsregCapture> {
  const bytes = await readFile(path).catch(() => {
    throw new InputError(path, 'could not read the capture; check the path');
  });
  const [capture] = readCaptures(decodeBytes(new Uint8Array(bytes)).text);
  if (!capture) throw new InputError(path, 'no dsregcmd /status output found in it');
  return capture;
}

function fieldText(capture: DsregCapture, name: string): string | null {
  for (const section of capture.sections)
    for (const f of section.fields) if (f.name === name && f.raw.trim() !== '') return f.raw.trim();
  return null;
}

/** The WinHTTP proxy of the machine context, from the registry (the same in every language). */
async function readWinHttp(): Promise<WinHttpSettings | null> {
  const result = await nodeRunner({
    program: systemProgram({ env: process.env, arch: process.arch }, 'reg.exe'),
    args: [
      'query',
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections',
      '/v',
      'WinHttpSettings',
    ],
    timeoutMs: 15_000,
  });
  if (result.failure !== null || result.exitCode !== 0) return null;
  const bytes = winHttpBytesOfRegQuery(asciiText(result.stdout));
  return bytes ? parseWinHttpSettings(bytes) : null;
}

/** What the PAC sandbox may know: the target's address and this computer's, resolved here. */
async function pacInputs(host: string): Promise<{ resolved: Record<string, string>; myIp: string }> {
  const [{ lookup }, { networkInterfaces }] = await Promise.all([
    import('node:dns/promises'),
    import('node:os'),
  ]);
  const resolved: Record<string, string> = {};
  const address = await lookup(host, { family: 4 }).catch(() => null);
  if (address) resolved[host.toLowerCase()] = address.address;
  const mine = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  return { resolved, myIp: mine?.address ?? '127.0.0.1' };
}
