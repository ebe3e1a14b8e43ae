/**
 * Probe results as evidence of the diagnosis: rules over a device's capture (when there is one)
 * and its probe results. A failing discovery explains a discover-phase error, a proxy's 407
 * explains a WinHTTP/WinINet sub-error, an SCP naming another tenant explains 0x801c001d or
 * 0x801c0021, a tenant the service knows under another ID contradicts the capture. Pure.
 * @module
 */

import { type CaptureEvidence, defineRule, type ProbeEvidence, type Rule } from '../diagnose/rule.ts';
import { evidenceFor } from '../diagnose/view.ts';
import { transportError } from '../knowledge/codes/index.ts';
import { REFS } from '../knowledge/references.ts';
import type { Evidence } from '../model/diagnosis.ts';
import { schemesOf } from './read.ts';
import type { ProbeResult } from './types.ts';

const NETWORK_REF = REFS.networkRequirements;
const SCP_REF = REFS.scp;

function results(probes: readonly ProbeEvidence[]): ProbeResult[] {
  return probes.filter((p): p is ProbeResult => typeof p.id === 'string' && typeof p.status === 'string');
}

function probeEvidence(r: ProbeResult): Evidence {
  return { field: `probe ${r.id}`, value: r.summary, line: null, scope: r.target };
}

/** The capture's failure codes: the error and its sub-error, normalised. */
function captureCodes(capture: CaptureEvidence | null): { phase: string | null; codes: string[] } {
  if (!capture) return { phase: null, codes: [] };
  const p = capture.phase;
  const codes = [p.errorCode, p.subErrorCode].filter((c): c is string => c !== null && c !== '0x00000000');
  return { phase: p.phase, codes };
}

/** A WinINet/WinHTTP error in any of its forms: the request got no usable answer. */
function isNetworkCode(code: string): boolean {
  return transportError(code) !== null;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

function tenantOfCapture(capture: CaptureEvidence | null): string | null {
  const id = capture?.view.text('TenantId', 'any') ?? null;
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id.toLowerCase() : null;
}

const CAPTURE_FIELDS = [
  'Error Phase',
  'Client ErrorCode',
  'Server ErrorCode',
  'DRS Discovery Test',
  'AD Configuration Test',
] as const;

export const proxyAuthRule = defineRule({
  id: 'probe-proxy-auth',
  checks: ['B7'],
  evidence: ['probes'],
  findings: {
    'probe-proxy-auth-required': {
      title: 'The proxy demands authentication',
      severity: 'error',
      references: [REFS.hybridJoin, NETWORK_REF],
    },
  },
  run({ probes, capture, report }) {
    const refused = results(probes).filter((r) => r.httpStatus === 407);
    if (refused.length === 0) return;
    const schemes = schemesOf(refused.flatMap((r) => r.proxyAuthenticate));
    const integratedOnly = schemes.length > 0 && schemes.every((s) => /^(Negotiate|NTLM|Kerberos)$/i.test(s));
    const { codes } = captureCodes(capture);
    const network = codes.filter(isNetworkCode);
    report('probe-proxy-auth-required', {
      title: `The proxy ${refused[0]?.via ?? ''} demands authentication (${schemes.join(', ') || 'no scheme offered'})`,
      explanation: [
        `${refused.length} request(s) got 407 Proxy Authentication Required.`,
        integratedOnly
          ? 'The proxy offers only integrated schemes (Negotiate/NTLM): the join task runs as SYSTEM and can only answer as the computer account, so registration fails unless the proxy accepts computer accounts or lets these hosts through without authentication.'
          : 'Registration runs as SYSTEM, which has no user credentials to answer the challenge: the machine context fails even where users browse without trouble.',
        network.length > 0
          ? `This explains the capture's network error ${network.join(' / ')}: the device's requests stop at the proxy.`
          : '',
      ]
        .filter(Boolean)
        .join(' '),
      codes: ['HTTP 407', ...network],
      evidence: [
        ...refused.map(probeEvidence),
        ...(capture ? evidenceFor(capture.view, CAPTURE_FIELDS, 'any') : []),
      ],
      causes: [
        'An authenticating proxy without an exception for login.*, device.login.* and enterpriseregistration.*.',
        'A proxy that accepts users but not computer accounts.',
      ],
      steps: [
        'Exempt the Entra registration endpoints from proxy authentication, or let the proxy accept the computer account.',
        'Check the proxy the machine context uses: `netsh winhttp show proxy` (or the WPAD/PAC file), not the browser settings.',
      ],
    });
  },
});

export const tlsRule = defineRule({
  id: 'probe-tls-inspection',
  checks: ['B7'],
  evidence: ['probes'],
  findings: {
    'probe-tls-inspected': {
      title: 'TLS inspection on the registration endpoints',
      severity: 'error',
      references: [NETWORK_REF],
    },
  },
  run({ probes, capture, report }) {
    const seen = results(probes).filter((r) => typeof r.data.tlsInterceptedBy === 'string');
    if (seen.length === 0) return;
    const issuers = [...new Set(seen.map((r) => String(r.data.tlsInterceptedBy)))];
    const tlsCodes = captureCodes(capture).codes.filter((c) => c === '0x80072f8f' || c === '0x80072f0d');
    report('probe-tls-inspected', {
      title: `TLS inspection: the certificate chain is issued by "${issuers.join('", "')}"`,
      explanation: `The chain presented for ${seen.map((r) => new URL(r.target).host).join(', ')} is not issued by the certificate authorities Microsoft's services use, so something between this computer and the service decrypts and re-signs the traffic. The device STS authenticates the device with its certificate, which inspection breaks.${tlsCodes.length ? ` This explains the capture's ${tlsCodes.join(' / ')} (certificate errors).` : ''}`,
      codes: tlsCodes,
      evidence: seen.map(probeEvidence),
      causes: ['A proxy or firewall that inspects TLS without an exception for the registration endpoints.'],
      steps: [
        'Exempt device.login.*, enterpriseregistration.* and certauth.enterpriseregistration.* from TLS inspection.',
      ],
    });
  },
});

export const clockRule = defineRule({
  id: 'probe-clock',
  checks: [],
  evidence: ['probes'],
  findings: {
    'probe-clock-skew': { title: "The computer's clock is off", severity: 'warning', references: [] },
  },
  run({ probes, report }) {
    const clock = results(probes).find((r) => r.id === 'clock');
    if (!clock || clock.clockSkewSeconds === null || clock.status === 'ok' || clock.status === 'skipped')
      return;
    report('probe-clock-skew', {
      severity: clock.status === 'failed' ? 'error' : 'warning',
      explanation: `${clock.summary}. Tokens carry validity times and Kerberos allows five minutes: beyond that, sign-in and registration fail with time errors.`,
      evidence: [probeEvidence(clock)],
      causes: ['The time service is not synchronising (w32tm /query /status).'],
      steps: ['Resynchronise the clock (`w32tm /resync`) and check the time source of the domain hierarchy.'],
    });
  },
});

export const reachRule = defineRule({
  id: 'probe-reachability',
  checks: ['B7'],
  evidence: ['probes'],
  findings: {
    'probe-endpoint-unreachable': {
      title: 'A registration endpoint cannot be reached',
      severity: 'error',
      references: [NETWORK_REF],
    },
  },
  run({ probes, capture, report }) {
    const down = results(probes).filter(
      (r) =>
        r.probe === 'endpoint' && r.status === 'failed' && r.httpStatus !== 407 && !r.data.tlsInterceptedBy,
    );
    if (down.length === 0) return;
    const network = captureCodes(capture).codes.filter(isNetworkCode);
    report('probe-endpoint-unreachable', {
      title: `Cannot reach ${down.map((r) => new URL(r.target).host).join(', ')}`,
      explanation: `${down.map((r) => `${new URL(r.target).host}: ${r.summary}`).join('; ')}.${network.length ? ` This explains the capture's network error ${network.join(' / ')}.` : ''}`,
      codes: network,
      evidence: down.map(probeEvidence),
      causes: ['A firewall or proxy blocks the host.', 'Name resolution fails for it.'],
      steps: ['Allow the Entra registration endpoints through the firewall and the machine-context proxy.'],
    });
  },
});

export const discoveryRule = defineRule({
  id: 'probe-discovery',
  checks: ['G5', 'B7'],
  evidence: ['probes'],
  findings: {
    'probe-discovery-failed': {
      title: 'Device registration discovery fails',
      severity: 'error',
      references: [REFS.hybridJoin],
    },
  },
  run({ probes, capture, report }) {
    const failed = results(probes).find((r) => r.probe === 'drs-discovery' && r.status === 'failed');
    if (!failed) return;
    const { phase, codes } = captureCodes(capture);
    const explains = phase === 'discover';
    report('probe-discovery-failed', {
      explanation: `Discovery answered: ${failed.summary}.${explains ? ` This is the explanation of the capture's discover-phase error ${codes.join(' / ')}: the device cannot learn where to register.` : ''}`,
      codes: explains ? codes : [],
      evidence: [probeEvidence(failed), ...(capture ? evidenceFor(capture.view, CAPTURE_FIELDS, 'any') : [])],
      causes: [
        'The domain is not a verified domain of the tenant, or the tenant is in another cloud.',
        'The request does not reach the service (proxy, firewall, TLS inspection).',
      ],
      steps: [
        'Check the domain in the Entra admin center (Custom domain names) and the cloud of the tenant.',
        'Repeat the probe with the proxy the machine context uses (--proxy or --pac).',
      ],
    });
  },
});

export const tenantRule = defineRule({
  id: 'probe-tenant',
  checks: ['J4'],
  evidence: ['probes'],
  findings: {
    'probe-tenant-mismatch': {
      title: 'The service names another tenant than the capture',
      severity: 'error',
      references: [REFS.dsregcmd],
    },
    'probe-join-endpoint-mismatch': {
      title: 'The capture joins at another registration service than discovery names',
      severity: 'warning',
      references: [REFS.dsregcmd],
    },
  },
  run({ probes, capture, report }) {
    const joinSrv = capture?.view.text('JoinSrvUrl', 'any') ?? null;
    const discovered = results(probes).find(
      (r) => r.probe === 'drs-discovery' && typeof r.data.joinEndpoint === 'string',
    );
    const discoveredHost = discovered ? hostOf(String(discovered.data.joinEndpoint)) : null;
    if (
      capture &&
      joinSrv &&
      discovered &&
      discoveredHost &&
      hostOf(joinSrv) &&
      hostOf(joinSrv) !== discoveredHost
    ) {
      report('probe-join-endpoint-mismatch', {
        explanation: `The capture's JoinSrvUrl is ${joinSrv}, but discovery names ${discovered.data.joinEndpoint}: the device holds the endpoints of another service (another cloud, or an on-premises DRS).`,
        evidence: [probeEvidence(discovered), ...evidenceFor(capture.view, ['JoinSrvUrl'], 'any')],
        causes: ['The device discovered another cloud or an on-premises DRS than the one probed.'],
        steps: [
          'Probe with the cloud the device uses (--cloud), and check the SCP or CDJ\\AAD values the device reads.',
        ],
      });
    }
    const expected = tenantOfCapture(capture);
    if (!expected) return;
    const other = results(probes).filter(
      (r) =>
        (r.probe === 'drs-discovery' || r.probe === 'openid') &&
        typeof r.data.tenantId === 'string' &&
        r.data.tenantId !== expected,
    );
    if (other.length === 0) return;
    report('probe-tenant-mismatch', {
      explanation: `The capture's TenantId is ${expected}, but ${other.map((r) => `${r.id} says ${r.data.tenantId}`).join(' and ')}: the domain or tenant probed belongs to another tenant than the one the device knows.`,
      evidence: [
        ...other.map(probeEvidence),
        ...(capture ? evidenceFor(capture.view, ['TenantId', 'TenantName'], 'any') : []),
      ],
      causes: [
        'The device registered with, or its SCP points to, another tenant.',
        'The probe was given another domain than the device uses.',
      ],
      steps: ["Compare the SCP (or CDJ\\AAD registry) tenant with the tenant of the users' domain."],
    });
  },
});

export const scpRule = defineRule({
  id: 'probe-scp',
  checks: ['G4'],
  evidence: ['probes'],
  findings: {
    'probe-scp-wrong-tenant': {
      title: 'The SCP names another tenant',
      severity: 'error',
      references: [SCP_REF],
    },
    'probe-scp-missing': { title: 'No SCP in Active Directory', severity: 'error', references: [SCP_REF] },
  },
  run({ probes, capture, report }) {
    const all = results(probes);
    const scp = all.find((r) => r.probe === 'scp-ldap');
    if (!scp) return;
    const { phase, codes } = captureCodes(capture);
    const scpCodes = codes.filter((c) => c === '0x801c001d' || c === '0x801c0021');
    const explains =
      scpCodes.length > 0
        ? ` This explains the capture's ${scpCodes.join(' / ')}${phase ? ` in the ${phase} phase` : ''}.`
        : '';
    const id = typeof scp.data.azureADId === 'string' ? scp.data.azureADId : null;
    const tenant =
      tenantOfCapture(capture) ??
      (all.find((r) => r.probe === 'openid' && typeof r.data.tenantId === 'string')?.data.tenantId as
        | string
        | undefined) ??
      (typeof scp.data.expectedTenantId === 'string' ? scp.data.expectedTenantId : null);
    if (id && tenant && id !== tenant) {
      report('probe-scp-wrong-tenant', {
        explanation: `The SCP's azureADId is ${id} (azureADName ${scp.data.azureADName ?? 'not set'}), but the tenant is ${tenant}: domain-joined computers that read this SCP try to join the wrong tenant.${explains}`,
        codes: scpCodes,
        evidence: [
          probeEvidence(scp),
          ...(capture ? evidenceFor(capture.view, ['TenantId', ...CAPTURE_FIELDS], 'any') : []),
        ],
        causes: ['The SCP was configured for another (test or former) tenant.'],
        steps: [
          'Correct the SCP with Entra Connect (Device options) or set it per device with the CDJ\\AAD registry values for a targeted rollout.',
        ],
      });
    } else if (scp.data.scpFound === false) {
      report('probe-scp-missing', {
        explanation: `${scp.summary}.${explains}`,
        codes: scpCodes,
        evidence: [probeEvidence(scp)],
        causes: [
          'Hybrid join was never configured for this forest.',
          'The SCP is in another forest than the computers.',
        ],
        steps: [
          'Configure the SCP with Entra Connect (Device options), or use the CDJ\\AAD registry values on the devices.',
        ],
      });
    }
  },
});

export const realmRule = defineRule({
  id: 'probe-realm',
  checks: [],
  evidence: ['probes'],
  findings: {
    'probe-federation-mismatch': {
      title: 'Discovery and user realm disagree about federation',
      severity: 'warning',
      references: [REFS.hybridJoin],
    },
  },
  run({ probes, capture, report }) {
    const all = results(probes);
    const discovery = all.find((r) => r.probe === 'drs-discovery' && typeof r.data.federated === 'boolean');
    const realm = all.find(
      (r) =>
        r.probe === 'user-realm' && (r.data.accountType === 'Managed' || r.data.accountType === 'Federated'),
    );
    const regType = capture?.phase.registrationType ?? null;
    const realmFederated = realm ? realm.data.accountType === 'Federated' : null;
    const problems: string[] = [];
    if (discovery && realmFederated !== null && discovery.data.federated !== realmFederated)
      problems.push(
        `discovery says ${discovery.data.federated ? 'federated' : 'managed'}, the user realm says ${realm?.data.accountType}`,
      );
    if (regType && realmFederated !== null && (regType === 'federated') !== realmFederated)
      problems.push(
        `the capture's Registration Type is ${regType}, the user realm says ${realm?.data.accountType}`,
      );
    if (problems.length === 0) return;
    report('probe-federation-mismatch', {
      explanation: `${problems.join('; ')}. A device that expects federation asks the federation service for a token it will not get, and the other way round.`,
      evidence: [discovery, realm].filter((r): r is ProbeResult => r !== undefined).map(probeEvidence),
      causes: ['The domain was converted between managed and federated after the devices read its state.'],
      steps: [
        'Re-run the join (dsregcmd /leave then the Automatic-Device-Join task) after the domain change.',
      ],
    });
  },
});

export const cloudRule = defineRule({
  id: 'probe-cloud',
  checks: [],
  evidence: ['probes'],
  findings: {
    'probe-cloud-mismatch': {
      title: 'The tenant lives in another cloud than probed',
      severity: 'warning',
      references: [],
    },
  },
  run({ probes, report }) {
    const openid = results(probes).find(
      (r) => r.probe === 'openid' && r.status === 'warning' && r.data.cloudOfTenant,
    );
    if (!openid) return;
    report('probe-cloud-mismatch', {
      explanation: `${openid.summary}. Devices of this tenant register with that cloud's endpoints; the endpoints probed here are not the ones they use.`,
      evidence: [probeEvidence(openid)],
      steps: ["Probe again with --cloud set to the tenant's cloud, or without --cloud."],
    });
  },
});

/** The probe rules, in report order. */
export const PROBE_RULES: readonly Rule[] = [
  proxyAuthRule,
  tlsRule,
  reachRule,
  discoveryRule,
  scpRule,
  tenantRule,
  realmRule,
  cloudRule,
  clockRule,
];
