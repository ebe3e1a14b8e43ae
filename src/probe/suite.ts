/**
 * The probe run: picks the cloud (given, read from the capture, or told by the tenant's OpenID
 * metadata), asks every HTTP probe through an injected fetcher, adds the directory results, and
 * says what it could not check and why. Pure: the fetcher and the LDAP reader are shells.
 * @module
 */
import {
  type CloudId,
  cloudOfHost,
  cloudOfMetadata,
  type EndpointOverrides,
  endpointsFor,
} from './clouds.ts';
import {
  discoveryProbes,
  endpointProbes,
  openIdProbe,
  type ProbeTargets,
  realmProbes,
  tenantKey,
} from './plan.ts';
import { type ReadOptions, readOutcome, SKEW_ERROR_SECONDS, SKEW_WARNING_SECONDS } from './read.ts';
import type { HttpOutcome, HttpProbe, ProbeReport, ProbeResult } from './types.ts';

export interface ProbeRunInput {
  targets: ProbeTargets;
  /** `--cloud`; null to find it. */
  cloud: CloudId | null;
  overrides?: EndpointOverrides;
  /** Authority URLs read from a capture (AuthCodeUrl...), to find the cloud when not given. */
  captureHosts?: readonly string[];
  /** How requests were routed, one line, for the report (`proxy http://p:8080 from PAC`). */
  routeNote?: string;
  /** Lines about what this run cannot check (set up by the shell: context, LDAP not asked). */
  notChecked?: readonly string[];
}

export interface ProbeDeps {
  fetch(probe: HttpProbe): Promise<HttpOutcome>;
  /** The SCP read over LDAP, given the results so far (the tenant); absent when no directory was given. */
  directory?: (results: readonly ProbeResult[]) => Promise<ProbeResult[]>;
  now(): Date;
  generator: { name: string; version: string };
  read?: ReadOptions;
}

export async function runProbes(input: ProbeRunInput, deps: ProbeDeps): Promise<ProbeReport> {
  const startedAt = deps.now().toISOString();
  const notChecked = [...(input.notChecked ?? [])];
  const results: ProbeResult[] = [];
  const ask = async (probe: HttpProbe) => readOutcome(probe, await deps.fetch(probe), deps.read);
  const key = tenantKey(input.targets);

  let cloud: CloudId = input.cloud ?? cloudFromHosts(input.captureHosts ?? []) ?? 'commercial';
  let cloudNote = input.cloud ? 'as given' : input.captureHosts?.length ? 'from the capture' : 'the default';
  let endpoints = endpointsFor(cloud, input.overrides);

  // The tenant's metadata says where it lives; a tenant of another cloud is probed there.
  if (key) {
    let openid = await ask(openIdProbe(endpoints, key));
    const said = cloudOfMetadata(
      (openid.data.tenantRegionScope as string | null) ?? null,
      (openid.data.cloudInstanceName as string | null) ?? null,
    );
    if (said && said !== cloud && !input.cloud) {
      cloud = said;
      cloudNote = "from the tenant's OpenID metadata";
      endpoints = endpointsFor(cloud, input.overrides);
      openid = await ask(openIdProbe(endpoints, key));
    } else if (said && said !== cloud) {
      openid = {
        ...openid,
        status: 'warning',
        summary: `${openid.summary}; this tenant belongs to the ${said} cloud, not ${cloud}`,
        data: { ...openid.data, cloudOfTenant: said },
      };
    }
    if (said) openid = { ...openid, data: { ...openid.data, cloudOfTenant: said } };
    results.push(openid);
  } else {
    notChecked.push(
      'tenant metadata, discovery and the contract: no tenant, domain or UPN was given (use --upn, --domain or --tenant)',
    );
  }

  for (const probe of endpointProbes(endpoints)) results.push(await ask(probe));
  for (const probe of discoveryProbes(endpoints, input.targets)) results.push(await ask(probe));
  const realm = realmProbes(endpoints, input.targets);
  if (realm.length === 0) notChecked.push('user realm: no UPN or domain was given');
  for (const probe of realm) results.push(await ask(probe));

  results.push(clockResult(results));
  if (deps.directory) results.push(...(await deps.directory(results)));

  return {
    schema: 'dsreg-doctor.probe/1',
    generator: deps.generator,
    startedAt,
    inputs: {
      upn: input.targets.upn,
      domain: input.targets.domain,
      tenant: input.targets.tenant,
      route: input.routeNote ?? null,
    },
    cloud: `${endpoints.label} (${cloudNote})`,
    results,
    notChecked,
  };
}

function cloudFromHosts(urls: readonly string[]): CloudId | null {
  for (const url of urls) {
    try {
      const cloud = cloudOfHost(new URL(url).hostname);
      if (cloud) return cloud;
    } catch {
      // not a URL: nothing to learn from it
    }
  }
  return null;
}

/** The clock offset, from every answer that carried a `Date`. */
function clockResult(results: readonly ProbeResult[]): ProbeResult {
  const skews = results.map((r) => r.clockSkewSeconds).filter((s): s is number => s !== null);
  const worst = skews.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
  const base = {
    probe: 'clock' as const,
    id: 'clock',
    title: "this computer's clock against the service's",
    target: 'Date headers',
    via: null,
    httpStatus: null,
    proxyAuthenticate: [],
    tls: null,
    error: null,
  };
  if (skews.length === 0)
    return {
      ...base,
      status: 'skipped',
      summary: 'no answer carried a Date header',
      clockSkewSeconds: null,
      data: {},
    };
  const abs = Math.abs(worst);
  const direction = worst > 0 ? 'behind' : 'ahead of';
  return {
    ...base,
    status: abs > SKEW_ERROR_SECONDS ? 'failed' : abs > SKEW_WARNING_SECONDS ? 'warning' : 'ok',
    summary:
      abs <= 2
        ? 'in step with the service (within 2 s)'
        : `this computer's clock is ${abs} s ${direction} the service's`,
    clockSkewSeconds: worst,
    data: { answers: String(skews.length) },
  };
}
