/**
 * Microsoft-Windows-Kerberos-KdcProxy (Operational log of the KDC proxy server, the KPSSVC
 * service): the server that relays Kerberos over HTTPS for devices with no line of sight to a
 * domain controller (Windows Hello for Business and other Kerberos sign-ins from outside the
 * network, Always On VPN, RD Gateway, DirectAccess). Admins paste its messages beside the
 * client's Kerberos errors.
 * Levels, fields and wordings are those of the provider's message table (Windows Server 2012 R2
 * to 2022). A plain-number error code is read as a Win32 error, as the HTTP Server API and the
 * domain controller locator the service calls return, and shown as its HRESULT. Openings are the
 * templates' first words; summaries and findings are ours (F4).
 * @module
 */

import { REFS } from '../references.ts';
import type { EventSpec, FactsSpec, Label, ProviderSpec } from './types.ts';

/** `…: error code 1355`: the service's own Win32 result; nothing else in the message is a code. */
const ERROR_CODE: FactsSpec = { code: 'ErrorCode', win32: true, ownCodeOnly: true };
const ERROR_LABEL: Label = ['~error code', 'ErrorCode'];

const LOOK_UP = 'Look up the error code in the event.';
const SERVICE_LOG =
  'Read the KDC proxy events logged just before this one (Microsoft-Windows-Kerberos-KdcProxy/Operational) and the System log entries for the service KPSSVC.';

export const KDCPROXY_EVENTS = {
  1: {
    level: 'critical',
    fields: ['ErrorCode'],
    labels: [ERROR_LABEL],
    summary:
      'The KDC proxy service stopped on an error: devices relying on it get no Kerberos tickets until it runs again.',
    phase: null,
    outcome: 'failure',
    openings: ['Service stopped with a failure: error code'],
    facts: ERROR_CODE,
    finding: {
      id: 'event-kdcproxy-stopped',
      checks: ['F4'],
      title: 'The KDC proxy service stopped on an error (KDC proxy event 1)',
      causes: [
        'A start step failed: Group Policy could not be read, the HTTPS listener could not start, its URL is not reserved, or the server is not domain joined (KDC proxy events 2 to 6 logged before it name the step).',
      ],
      steps: [LOOK_UP, SERVICE_LOG, 'Fix the cause, then start the service again (Start-Service KPSSVC).'],
    },
  },
  2: {
    level: 'critical',
    fields: ['ErrorCode'],
    labels: [ERROR_LABEL],
    summary: 'The KDC proxy service could not initialise the Group Policy it takes its settings from.',
    phase: null,
    outcome: 'failure',
    openings: ['Failed to initialize Group Policy: error code'],
    facts: ERROR_CODE,
    finding: {
      id: 'event-kdcproxy-policy-failed',
      checks: ['F4'],
      title: 'The KDC proxy could not read its Group Policy (KDC proxy event 2)',
      causes: [
        'Group Policy processing fails on the proxy server: no domain controller reachable, or the policy files cannot be read.',
      ],
      steps: [
        LOOK_UP,
        'On the proxy server, run gpupdate /force and read the Group Policy errors in the System log.',
      ],
    },
  },
  3: {
    level: 'critical',
    fields: ['ErrorCode'],
    labels: [ERROR_LABEL],
    summary: 'The KDC proxy service could not read the Group Policy it takes its settings from.',
    phase: null,
    outcome: 'failure',
    openings: ['Failed to read Group Policy: error code'],
    facts: ERROR_CODE,
    finding: { sameAs: 2 },
  },
  4: {
    level: 'critical',
    fields: ['ErrorCode'],
    labels: [ERROR_LABEL],
    summary: 'The KDC proxy service could not start its HTTPS listener (HTTP Server API).',
    phase: null,
    outcome: 'failure',
    openings: ['Failed to start the HTTP service: error code'],
    facts: ERROR_CODE,
    finding: {
      id: 'event-kdcproxy-http-failed',
      checks: ['F4'],
      title: 'The KDC proxy could not start its HTTPS listener (KDC proxy event 4)',
      causes: [
        'The HTTP service of Windows (http.sys) is stopped or refused the request; the error code says why.',
      ],
      steps: [
        LOOK_UP,
        'Check that the HTTP service runs (sc query http), then restart KPSSVC.',
        'Once the listener runs, clients also need a valid server certificate bound to the proxy port: netsh http show sslcert ipport=0.0.0.0:443.',
      ],
    },
  },
  5: {
    level: 'critical',
    fields: ['UrlPrefix', 'ErrorCode'],
    labels: [['~register UrlPrefix', 'UrlPrefix'], ERROR_LABEL],
    summary:
      'The KDC proxy service could not register the URL it listens on (usually https://+:443/KdcProxy): the URL is not reserved for it.',
    phase: null,
    outcome: 'failure',
    openings: ['Service failed to register UrlPrefix'],
    facts: { ...ERROR_CODE, endpoint: 'UrlPrefix' },
    finding: {
      id: 'event-kdcproxy-url-not-reserved',
      checks: ['F4'],
      title: 'The KDC proxy URL is not reserved (KDC proxy event 5)',
      causes: [
        'The URL reservation (URL ACL) for the proxy URL is missing, was deleted, or grants another account than the one the service runs as.',
        'Another program already registered the same URL prefix.',
      ],
      steps: [
        LOOK_UP,
        'List the reservations with netsh http show urlacl and compare with the URL prefix in the event.',
        'Add the missing reservation (netsh http add urlacl url=<prefix> user=<service account>), then restart KPSSVC.',
      ],
    },
  },
  6: {
    level: 'critical',
    fields: ['ErrorCode'],
    labels: [ERROR_LABEL],
    summary: 'The KDC proxy service did not start because the server is not joined to a domain.',
    phase: null,
    outcome: 'failure',
    openings: ['Service failed to start because system is not domain-joined'],
    facts: ERROR_CODE,
    finding: {
      id: 'event-kdcproxy-not-domain-joined',
      checks: ['F4'],
      title: 'The KDC proxy server is not domain joined (KDC proxy event 6)',
      causes: [
        'The KDC proxy runs only on a domain-joined server; this one is in a workgroup or lost its domain membership.',
      ],
      steps: [
        'Check the membership with Test-ComputerSecureChannel on the server; join it to the domain (or repair the secure channel) and start KPSSVC.',
      ],
    },
  },
  100: {
    level: 'error',
    fields: ['ErrorCode'],
    labels: [ERROR_LABEL],
    summary:
      'The KDC proxy could not receive an HTTP request; it may receive no more requests until the service restarts.',
    phase: null,
    outcome: 'failure',
    openings: ['HttpReceiveHttpRequest API failed to receive an HTTP request'],
    facts: ERROR_CODE,
    finding: {
      id: 'event-kdcproxy-requests-stopped',
      checks: ['F4'],
      title: 'The KDC proxy stopped receiving requests (KDC proxy event 100)',
      causes: [
        'The HTTP service of Windows (http.sys) returned an error to the listener; the error code says which.',
      ],
      steps: [LOOK_UP, 'Restart KPSSVC, then confirm requests are served again.', SERVICE_LOG],
    },
  },
  101: {
    level: 'error',
    fields: ['ErrorCode'],
    labels: [ERROR_LABEL],
    summary:
      'The KDC proxy could not prepare to serve an HTTP request; it may receive no more requests until the service restarts.',
    phase: null,
    outcome: 'failure',
    openings: ['Service failed to create a new IO object to service an HTTP request'],
    facts: ERROR_CODE,
    finding: { sameAs: 100 },
  },
  102: {
    level: 'error',
    fields: ['PduType', 'ErrorCode'],
    labels: [['~Failed to unpack', 'PduType'], ERROR_LABEL],
    summary: 'The KDC proxy received a request it could not decode.',
    phase: null,
    outcome: 'failure',
    openings: ['Failed to unpack'],
    facts: ERROR_CODE,
    finding: {
      id: 'event-kdcproxy-bad-request',
      checks: ['F4'],
      title: 'The KDC proxy could not decode a request (KDC proxy event 102)',
      causes: [
        'A client or scanner sent something other than a KDC proxy (MS-KKDCP) message to the proxy URL.',
        'A reverse proxy or load balancer in front of the server changed the request body.',
      ],
      steps: [
        'If it repeats for real clients, publish the proxy URL without content inspection or rewriting.',
      ],
      atMost: 'warning',
    },
  },
  103: {
    level: 'error',
    fields: ['TargetDomain', 'Flags', 'ErrorCode'],
    labels: [['~in domain', 'TargetDomain'], ['~with locator flags', 'Flags'], ERROR_LABEL],
    summary:
      'The KDC proxy could not find a domain controller for the domain a client asked for, so that request got no ticket.',
    phase: null,
    outcome: 'failure',
    openings: ['Failed to locate a domain controller in domain'],
    facts: ERROR_CODE,
    finding: {
      id: 'event-kdcproxy-no-dc',
      checks: ['F4'],
      title: 'The KDC proxy could not reach a domain controller (KDC proxy event 103)',
      causes: [
        'The proxy server cannot resolve the domain controllers of that domain in DNS (the _kerberos and _ldap SRV records).',
        'A firewall blocks the proxy server from the domain controllers (Kerberos, TCP 88).',
        'The client asked for a realm the proxy cannot reach: a domain of another forest, or a misspelt realm in its KDC proxy settings.',
      ],
      steps: [
        LOOK_UP,
        'On the proxy server, run nltest /dsgetdc:<domain> /kdc and nslookup -type=SRV _kerberos._tcp.<domain>.',
        'Check that TCP 88 is open from the proxy server to the domain controllers.',
      ],
    },
  },
  200: {
    level: 'warning',
    fields: ['RetryNumber', 'TargetDomain'],
    labels: [['~connection to KDC in', 'TargetDomain']],
    summary: 'The KDC proxy is retrying its connection to a domain controller of the domain.',
    phase: null,
    outcome: 'failure',
    openings: [/^Retry \(\d+\) connection to KDC in /i],
    facts: { ownCodeOnly: true },
    finding: { sameAs: 103 },
  },
  300: {
    level: 'information',
    fields: [],
    summary: 'The KDC proxy service started.',
    phase: null,
    outcome: 'info',
  },
  301: {
    level: 'information',
    fields: [],
    summary: 'The KDC proxy service stopped.',
    phase: null,
    outcome: 'info',
  },
  304: {
    level: 'information',
    fields: [],
    summary: 'The KDC proxy service started its HTTPS listener.',
    phase: null,
    outcome: 'success',
  },
  306: {
    level: 'information',
    fields: ['TargetDomain'],
    labels: [['~Rediscover KDC for domain', 'TargetDomain']],
    summary: 'The KDC proxy is looking for a domain controller of the domain again.',
    phase: null,
    outcome: 'info',
    openings: ['Rediscover KDC for domain'],
    facts: { ownCodeOnly: true },
  },
  309: {
    level: 'information',
    fields: ['TargetDomain', 'KDCName', 'KDCAddress'],
    labels: [['~for domain', 'TargetDomain']],
    summary: 'The KDC proxy found a domain controller of the domain again.',
    phase: null,
    outcome: 'info',
    openings: ['Rediscovered KDC'],
    facts: { ownCodeOnly: true },
  },
  402: {
    level: 'verbose',
    fields: ['TrustStatus'],
    labels: [['~trust status', 'TrustStatus']],
    summary: 'The KDC proxy refused a client whose certificate it does not trust.',
    phase: null,
    outcome: 'failure',
    openings: ['Client certificate is not valid to establish an HTTP connection'],
    facts: { ownCodeOnly: true },
    finding: {
      id: 'event-kdcproxy-client-cert-refused',
      checks: ['F4'],
      title: 'The KDC proxy refused a client certificate (KDC proxy event 402)',
      causes: [
        "The proxy requires client certificate authentication and the device's certificate is expired, revoked, or issued by a CA the proxy server does not trust.",
      ],
      steps: [
        'Verify the client certificate and its chain on the proxy server (certutil -verify), including revocation.',
        'If client certificates are not meant to be required, review the client authentication setting of the KDC proxy.',
      ],
      atMost: 'warning',
    },
  },
  403: {
    level: 'verbose',
    fields: ['DomainName', 'UserName', 'NumerOfFailures', 'LockedOutPeriod'],
    summary: 'The KDC proxy locked an account out for a while after repeated password failures.',
    phase: null,
    outcome: 'failure',
    openings: [/^The account \(Domain: .{0,300}?\) has \d+ password failures/i],
    facts: { ownCodeOnly: true },
    finding: {
      id: 'event-kdcproxy-account-locked',
      checks: ['F4'],
      title: 'The KDC proxy locked an account out (KDC proxy event 403)',
      causes: [
        'Repeated wrong passwords through the proxy: a user typing it, a device or app holding an old password, or password guessing from the internet.',
      ],
      steps: [
        'Find where the failures come from (the device or app still using an old password) before the lockout ends.',
        'If the proxy is published to the internet, treat a burst of failures for many accounts as an attack.',
      ],
      atMost: 'warning',
    },
  },
  404: {
    level: 'verbose',
    fields: ['DomainName', 'UserName'],
    summary:
      'The KDC proxy refused a Kerberos request of the account that was not protected by armoring (FAST).',
    phase: null,
    outcome: 'failure',
    openings: [
      /^The account \(Domain: .{0,300}?\) is rejected due to the usage of an unarmored Kerberos message/i,
    ],
    facts: { ownCodeOnly: true },
    finding: {
      id: 'event-kdcproxy-unarmored-refused',
      checks: ['F4'],
      title: 'The KDC proxy refused an unarmored Kerberos request (KDC proxy event 404)',
      causes: [
        'The proxy refuses Kerberos requests that are not protected by armoring (FAST), and this client sent one without it.',
      ],
      steps: [
        'Enable Kerberos armoring: the Group Policy settings "KDC support for claims, compound authentication and Kerberos armoring" on the domain controllers and "Kerberos client support for claims, compound authentication and Kerberos armoring" on the devices.',
        'If these devices cannot use armoring, review whether the proxy must require it.',
      ],
      atMost: 'warning',
    },
  },
} satisfies Record<number, EventSpec>;

export const KDCPROXY: ProviderSpec = {
  key: 'kdcproxy',
  name: 'Microsoft-Windows-Kerberos-KdcProxy',
  label: 'KDC proxy',
  names: [/^(?:microsoft-windows-)?kerberos-kdcproxy(?:\/|$)/],
  registration: false,
  channel: { name: 'Microsoft-Windows-Kerberos-KdcProxy/Operational', below: 1000 },
  reference: REFS.kdcProxy,
  events: KDCPROXY_EVENTS,
};
