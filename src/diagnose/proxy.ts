/**
 * Proxy sections (checklist B7): which proxy the SYSTEM context that registers the device can
 * use, read beside a registration attempt that failed on the network. Hybrid join runs as
 * SYSTEM: it finds a proxy by WPAD (automatic detection) or uses the WinHTTP proxy, never the
 * signed-in user's settings (`IE Proxy Config for Current User`). Proxy settings beside a join
 * that worked, or a failure that is no network failure, say nothing and are passed over.
 * @module
 */
import { transportError } from '../knowledge/codes/index.ts';
import type { CaptureField } from '../model/capture.ts';
import type { Evidence, Phase } from '../model/diagnosis.ts';
import { REFS } from './finding.ts';
import { joinedToEntra } from './join-state.ts';
import { type CaptureEvidence, defineRule, type Rule } from './rule.ts';
import { evidenceOf } from './view.ts';

/** The IE (WinINet) settings of one account, as one `IE Proxy Config for …` section prints them. */
interface IeSettings {
  autoDetect: boolean | null;
  /** `Auto-Configuration URL` when it names a PAC file. */
  pacUrl: CaptureField | null;
  /** `Proxy Server List` when it names a proxy. */
  servers: CaptureField | null;
  fields: CaptureField[];
}

interface ProxySettings {
  /** The settings of the user who ran the command; null when not printed. */
  user: IeSettings | null;
  /** The settings of SYSTEM (`IE Proxy Config for System Account`, recent builds run elevated). */
  system: IeSettings | null;
  /** `WinHttp Default Proxy Config`; `direct` when it says DIRECT, `servers` the proxy it names. */
  winhttp: { direct: boolean; servers: string | null; fields: CaptureField[] } | null;
  /** `Auto Detect PAC Status`: whether WPAD found a PAC script, and the code when it did not. */
  wpad: { found: boolean; code: string | null; field: CaptureField } | null;
}

/** The pre-join tests that send requests from the SYSTEM context. */
const MACHINE_TESTS: ReadonlySet<string> = new Set([
  'DRS Discovery Test',
  'DRS Connectivity Test',
  'Token acquisition Test',
]);

const DISC_WAIT_TIMEOUT = '0x801c001f';
const DISC_FAILED = '0x801c0021';
/** In the discover phase: the answer was no JSON, typically a proxy's HTML page (seed 001). */
const INVALID_DATA = '0x8007000d';
const TLS_FAILURE = '0x80072f8f';

const ENDPOINTS =
  'enterpriseregistration.windows.net, login.microsoftonline.com and device.login.microsoftonline.com';

export const proxyRule = defineRule({
  id: 'proxy-system-context',
  checks: ['B7'],
  evidence: ['capture'],
  findings: {
    'proxy-user-only': {
      title: 'The proxy is set for the user only: the SYSTEM context that registers the device has none',
      severity: 'warning',
      references: [REFS.hybridJoin, REFS.networkRequirements],
    },
    'proxy-system-requests-failed': {
      title: 'Registration requests failed through the proxy of the SYSTEM context',
      severity: 'warning',
      references: [REFS.hybridJoin, REFS.networkRequirements],
    },
  },
  run({ capture, report }) {
    const settings = readProxySettings(capture);
    if (!settings.user && !settings.system && !settings.winhttp && !settings.wpad) return;
    const failure = networkFailure(capture);
    const systemProxy = systemProxyOf(settings);
    const user = settings.user;
    const userSet = user !== null && (user.servers !== null || user.pacUrl !== null);
    // The settings that say something (a blank PAC URL or bypass list is told in the explanation).
    const proxyEvidence = [
      ...(user?.fields ?? []),
      ...(settings.system?.fields ?? []),
      ...(settings.winhttp?.fields ?? []),
      ...(settings.wpad ? [settings.wpad.field] : []),
    ]
      .filter((f) => f.raw.trim() !== '')
      .map(evidenceOf);

    if (failure && systemProxy) {
      const tls = failure.codes.includes(TLS_FAILURE);
      const auth = failure.codes.includes('HTTP 407');
      const causes = [
        'The proxy asks for authentication the computer account cannot give (it accepts users only).',
        'The proxy, or a firewall behind it, blocks the registration endpoints.',
        'The proxy inspects TLS and replaces the certificate of the endpoints.',
        'The proxy address is wrong, or the device cannot reach the proxy.',
      ];
      const first = tls ? 2 : 0;
      report('proxy-system-requests-failed', {
        codes: failure.codes,
        evidence: [...failure.evidence, ...proxyEvidence],
        explanation: `The SYSTEM context, which registers the device, goes through ${systemProxy}. ${attemptText(failure)}: ${
          auth ? 'the proxy asked for authentication' : 'the request got no usable answer through that proxy'
        }, so the proxy is the first place to look.`,
        causes: [causes[first] as string, ...causes.filter((_, i) => i !== first)],
        steps: [
          'In the proxy log, look for this computer account’s requests to the registration endpoints at the attempt’s time.',
          `Let the computer account authenticate to the proxy, or exempt ${ENDPOINTS} from proxy authentication and from TLS inspection.`,
          'Test the endpoints as SYSTEM (for example from `psexec -s`) through the same proxy; `netsh winhttp show proxy` shows the WinHTTP proxy.',
        ],
      });
      return;
    }

    // The user has a proxy, SYSTEM shows none: WinHTTP says DIRECT and WPAD is off or failed.
    const wpadOff = user?.autoDetect === false || settings.wpad?.found === false;
    if (!user || !userSet || systemProxy || !settings.winhttp?.direct) return;
    const userProxy = user.servers
      ? user.servers.raw.trim()
      : `the PAC file ${(user.pacUrl as CaptureField).raw.trim()}`;
    const wpadText =
      settings.wpad?.found === false
        ? `, and automatic detection (WPAD) found no PAC script${settings.wpad.code ? ` (${settings.wpad.code})` : ''}`
        : user.autoDetect === false
          ? ', and automatic proxy detection is off'
          : ', and the capture does not show whether automatic detection (WPAD) finds a proxy for SYSTEM';
    const opening = `The signed-in user’s settings send web traffic through ${userProxy}, but the WinHTTP proxy is DIRECT${wpadText}. Hybrid join runs as SYSTEM and does not use the user’s proxy settings: it finds a proxy by WPAD or uses the WinHTTP proxy.`;
    const steps = [
      'Give the computer context a proxy: publish WPAD (DNS or DHCP), or set the WinHTTP proxy by Group Policy (Windows 10 1709 and later) or with `netsh winhttp set proxy`.',
      `If the proxy authenticates, let the computer account through, or exempt ${ENDPOINTS} from proxy authentication.`,
      'Test the endpoints as SYSTEM (for example from `psexec -s`), not from the user’s browser.',
    ];
    const causes = [
      'The proxy is configured for users (Group Policy or browser settings) and not for the computer.',
      'WPAD is not published in DNS or DHCP, so SYSTEM cannot discover the proxy.',
    ];
    if (failure) {
      report('proxy-user-only', {
        codes: failure.codes,
        evidence: [...failure.evidence, ...proxyEvidence],
        explanation: `${opening} ${attemptText(failure)}, a request that got no usable answer: the SYSTEM context most likely cannot reach the registration endpoints${wpadOff ? '' : ' unless WPAD serves it'}.`,
        causes,
        steps,
      });
      return;
    }
    // No attempt yet on a device waiting to hybrid join: say what the join will meet.
    if (!awaitingFirstAttempt(capture)) return;
    report('proxy-user-only', {
      severity: 'info',
      title: 'The proxy is set for the user only: the SYSTEM context that will register the device has none',
      evidence: proxyEvidence,
      explanation: `${opening} No registration attempt has failed yet; if the network lets traffic out only through this proxy, the join will fail on the network when it runs.`,
      causes,
      steps,
    });
  },
});

/** The proxy sections of the capture. */
function readProxySettings(ctx: CaptureEvidence): ProxySettings {
  const out: ProxySettings = { user: null, system: null, winhttp: null, wpad: null };
  const isSystem = (title: string | null) => /system/i.test(title ?? '');
  // Beside a section of SYSTEM's own, the current user's is the user's. Without one, a run as
  // SYSTEM prints SYSTEM's settings as the current user's.
  const systemPrinted = ctx.capture.sections.some((s) => s.id === 'ie-proxy-config' && isSystem(s.title));
  const currentIsSystem = !systemPrinted && !ctx.context.userFieldsTrusted;
  for (const section of ctx.capture.sections) {
    const field = (name: string) => section.fields.find((f) => f.name === name) ?? null;
    if (section.id === 'ie-proxy-config') {
      const auto = field('Auto Detect Settings');
      const settings: IeSettings = {
        autoDetect: auto?.value.kind === 'bool' && !auto.truncated ? auto.value.value : null,
        pacUrl: stated(field('Auto-Configuration URL')),
        servers: stated(field('Proxy Server List')),
        fields: section.fields,
      };
      if (isSystem(section.title) || currentIsSystem) out.system ??= settings;
      else out.user ??= settings;
    } else if (section.id === 'winhttp-proxy-config' && !out.winhttp) {
      const access = stated(field('Access Type'));
      if (!access || access.value.kind === 'masked') continue;
      const direct = /^direct\b/i.test(access.raw.trim());
      const servers = stated(field('Proxy Server List'));
      out.winhttp = {
        direct,
        servers: servers?.raw.trim() ?? (direct ? null : access.raw.trim()),
        fields: section.fields,
      };
    } else if (section.id === 'url-proxy-config' && !out.wpad) {
      const status = stated(field('Auto Detect PAC Status'));
      if (!status || status.value.kind === 'masked') continue;
      const raw = status.raw.trim();
      const found = /^success/i.test(raw);
      if (!found && !/fail/i.test(raw)) continue;
      const code = /0x[0-9a-f]{1,8}\b/i.exec(raw)?.[0].toLowerCase() ?? null;
      out.wpad = { found, code, field: status };
    }
  }
  return out;
}

/** How the SYSTEM context reaches the internet through a proxy, in words; null when it shows none. */
function systemProxyOf(settings: ProxySettings): string | null {
  if (settings.winhttp && !settings.winhttp.direct)
    return `the WinHTTP proxy ${settings.winhttp.servers ?? ''}`.trim();
  const system = settings.system;
  if (system?.servers) return `${system.servers.raw.trim()}, the proxy of its own settings`;
  if (system?.pacUrl) return `the PAC file ${system.pacUrl.raw.trim()} of its own settings`;
  if (settings.wpad?.found) return 'the PAC script automatic detection (WPAD) found';
  return null;
}

/** A field that states a value: not absent, not blank. */
function stated(field: CaptureField | null): CaptureField | null {
  if (!field || field.value.kind === 'empty' || field.raw.trim() === '') return null;
  return field;
}

interface NetworkFailure {
  phase: Phase | null;
  codes: string[];
  evidence: Evidence[];
}

/**
 * A registration attempt of a device not joined yet that failed in a phase the SYSTEM context
 * sends requests in, with a code saying the request got no usable answer: a WinHTTP error (in any
 * form), the discovery timeout, a proxy's page where JSON was expected, a 407, or the generic
 * discovery failure with no answer at all. Null otherwise.
 */
function networkFailure(ctx: CaptureEvidence): NetworkFailure | null {
  const { phase, join } = ctx;
  if (joinedToEntra(join)) return null;
  const tests = phase.failingTests.filter((t) => MACHINE_TESTS.has(t.name));
  const machinePhase = phase.phase === 'discover' || phase.phase === 'auth' || phase.phase === 'join';
  if (!machinePhase && tests.length === 0) return null;
  const codes: string[] = [];
  const add = (c: string | null) => {
    if (c && c !== '0x00000000' && !codes.includes(c)) codes.push(c);
  };
  add(phase.errorCode);
  add(phase.subErrorCode);
  for (const t of tests) {
    if (t.value.kind !== 'test') continue;
    add(t.value.code);
    add(t.value.subCode);
  }
  const status = phase.registration.httpsStatus?.raw.trim() ?? '';
  const network = codes.some(
    (c) =>
      transportError(c) !== null ||
      c === DISC_WAIT_TIMEOUT ||
      (c === INVALID_DATA && phase.phase === 'discover'),
  );
  // The generic discovery failure alone, with no answer from the service, is the network's too.
  const discoveryUnanswered =
    codes.length === 1 && codes[0] === DISC_FAILED && (status === '' || status === '0');
  if (status === '407') codes.push('HTTP 407');
  if (!network && !discoveryUnanswered && status !== '407') return null;
  const reg = phase.registration;
  const fields = [reg.errorPhase, reg.clientErrorCode, status === '407' ? reg.httpsStatus : null, ...tests];
  return {
    phase: phase.phase,
    codes,
    evidence: fields.filter((f): f is CaptureField => f !== null && f !== undefined).map(evidenceOf),
  };
}

/** `The attempt failed in the discover phase with 0x801c0021 / 0x80072ee2`. */
function attemptText(failure: NetworkFailure): string {
  const where = failure.phase ? ` in the ${failure.phase} phase` : '';
  return `The registration attempt failed${where} with ${failure.codes.join(' / ')}`;
}

/**
 * A domain-joined device not joined to Entra ID whose capture shows no registration attempt and
 * no failing test: the join has not run (or not failed) yet.
 */
function awaitingFirstAttempt(ctx: CaptureEvidence): boolean {
  const { join, phase } = ctx;
  const reg = phase.registration;
  if (join.joinState !== 'domain-joined') return false;
  return (
    phase.phase === null &&
    phase.errorCode === null &&
    phase.failingTests.length === 0 &&
    !reg.time &&
    !reg.errorPhase &&
    !reg.clientErrorCode
  );
}

export const PROXY_RULES: readonly Rule[] = [proxyRule];
