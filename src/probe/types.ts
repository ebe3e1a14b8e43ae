/**
 * The shapes of the probe room: what one HTTP probe asks, what the network runner saw (as
 * data, so readers and rules are pure and tested without a network), and one probe result, which
 * is evidence for the diagnosis beside the capture and the events.
 * @module
 */

export type ProbeKind =
  | 'endpoint'
  | 'drs-discovery'
  | 'drs-contract'
  | 'user-realm'
  | 'openid'
  | 'scp-ldap'
  | 'proxy'
  | 'clock';

/** One HTTP request to make. */
export interface HttpProbe {
  id: string;
  kind: ProbeKind;
  title: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  /** The dialect of a user-realm request, which decides how the answer is read. */
  realm?: '1.0' | '2.1' | 'srf';
  /** A failure here is expected in some set-ups (an on-premises DRS contract in a cloud-only tenant). */
  optional?: boolean;
}

/** The certificate chain the server presented, as read on the wire (without trusting it). */
export interface TlsReading {
  /** Subject CN (or O) of each certificate, leaf first. */
  chain: string[];
  /** Issuer of the last certificate the server sent: the root it claims to chain to. */
  topIssuer: string | null;
  /** The leaf's issuer. */
  leafIssuer: string | null;
  /** The chain verified against the trusted roots of this run. */
  trusted: boolean;
  /** The TLS library's reason when not trusted (`SELF_SIGNED_CERT_IN_CHAIN`). */
  reason: string | null;
  protocol: string | null;
}

/** What the network runner saw for one request; never an exception. */
export interface HttpOutcome {
  url: string;
  /** `DIRECT`, or the proxy URL (without credentials) the request went through. */
  via: string;
  /** Why that route: `--proxy`, `PAC`, `environment`, `WinHTTP`, `direct`. */
  routeSource: string;
  status: number | null;
  /** Lower-case header names; repeated headers joined by `, ` except proxy-authenticate. */
  headers: Readonly<Record<string, string>>;
  /** Each `Proxy-Authenticate` challenge of a 407 (`Negotiate`, `NTLM`, `Basic realm="corp"`). */
  proxyAuthenticate: string[];
  /** The body as text, capped. */
  body: string;
  tls: TlsReading | null;
  /** Network-level failure: `ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_CONNECT_TIMEOUT`, `CERT_...`. */
  error: { code: string; message: string } | null;
  /** The local clock when the response headers arrived (ISO). */
  receivedAt: string;
}

export type ProbeStatus = 'ok' | 'warning' | 'failed' | 'skipped';

/** One probe result; JSON as it is, and evidence for the rules (`probe` is its kind). */
export interface ProbeResult {
  probe: ProbeKind;
  id: string;
  title: string;
  /** The URL or LDAP DN asked. */
  target: string;
  status: ProbeStatus;
  /** One line: what was seen. */
  summary: string;
  via: string | null;
  httpStatus: number | null;
  proxyAuthenticate: string[];
  tls: TlsReading | null;
  /** Server clock minus local clock, seconds; null when the server sent no Date. */
  clockSkewSeconds: number | null;
  /** What the answer says, read: tenant ID, federation, endpoints, SCP keywords. */
  data: Readonly<Record<string, string | boolean | null>>;
  error: string | null;
  /** Index signature of the rule engine's probe evidence. */
  readonly [detail: string]: unknown;
}

/** The run as a whole. */
export interface ProbeReport {
  schema: 'dsreg-doctor.probe/1';
  generator: { name: string; version: string };
  startedAt: string;
  /** What was asked for: UPN, domain, tenant, cloud, proxy route. */
  inputs: Readonly<Record<string, string | null>>;
  cloud: string;
  results: ProbeResult[];
  /** What could not be checked and why, one line each. */
  notChecked: string[];
}
