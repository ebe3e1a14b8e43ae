/**
 * The device key: what names one device across captures, event logs, fleet rows and probe
 * results. A capture that states its tenant and device IDs is keyed by them (`entra`); else by
 * its computer name and domain (`name`). Field names come from the field catalog.
 * @module
 */
import { lookupField } from '../knowledge/fields.ts';
import type { CaptureField, DsregCapture } from './capture.ts';

export interface DeviceKey {
  /** `entra`: tenant ID + device ID; `name`: computer name + domain. */
  kind: 'entra' | 'name';
  /** `entra`: `tenantId/deviceId` lower case; `name`: `COMPUTER.domain` (see `deviceKeyOf`). */
  value: string;
  /** Lower-case GUID without braces, or null. */
  tenantId: string | null;
  /** Lower-case GUID without braces, or null. */
  deviceId: string | null;
  /** Short computer name, upper case, or null. */
  computer: string | null;
  /** Domain, lower case (a DNS suffix, or a NetBIOS domain name), or null. */
  domain: string | null;
}

/** Canonical names as the catalog prints them; a rename in the catalog fails loudly here. */
function catalogName(label: string): string {
  const def = lookupField(label);
  if (!def) throw new Error(`field catalog has no entry for ${label}`);
  return def.name;
}

const TENANT_ID = catalogName('TenantId');
const DEVICE_ID = catalogName('DeviceId');
const DEVICE_NAME = catalogName('Device Name');
const DOMAIN_NAME = catalogName('DomainName');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NIL_GUID = '00000000-0000-0000-0000-000000000000';
/** A computer name or DNS label: letters, digits, hyphen, underscore (NetBIOS allows a few more). */
const HOST_PART = /^[a-z0-9_][a-z0-9_$-]*$/i;

/**
 * The key of the device a capture was taken on; null when the capture names neither its tenant
 * and device IDs nor its computer name. Masked, truncated and all-zero values do not count.
 *
 * - `entra`: `TenantId` and `DeviceId` (the tenant of a `/debug` trace stands in for a missing
 *   `TenantId`); value `tenantid/deviceid` in lower case.
 * - `name`: `Device Name` (Windows 11 prints it, often as an FQDN) with the DNS suffix it carries,
 *   else `DomainName`; value `COMPUTER.domain` (short name upper case, domain lower case), or just
 *   `COMPUTER` when no domain is known.
 */
export function deviceKeyOf(capture: DsregCapture): DeviceKey | null {
  const ids = deviceIdsOf(capture);
  const { tenantId, deviceId, computer, domain } = ids;
  if (tenantId !== null && deviceId !== null) {
    return { kind: 'entra', value: `${tenantId}/${deviceId}`, ...ids };
  }
  if (computer !== null) {
    return { kind: 'name', value: domain ? `${computer}.${domain}` : computer, ...ids };
  }
  return null;
}

/**
 * What a capture states about its device, each part read as `deviceKeyOf` reads it, also when
 * they do not make a key (a `/join /debug` trace names its tenant, not its computer).
 */
export function deviceIdsOf(capture: DsregCapture): Omit<DeviceKey, 'kind' | 'value'> {
  const fields = deviceFields(capture);
  const name = nameOf(fields.get(DEVICE_NAME));
  const netbios = textOf(fields.get(DOMAIN_NAME));
  return {
    tenantId: guidOf(fields.get(TENANT_ID)) ?? traceTenant(capture),
    deviceId: guidOf(fields.get(DEVICE_ID)),
    computer: name ? name.computer : null,
    domain: name?.suffix ?? (netbios && HOST_PART.test(netbios) ? netbios.toLowerCase() : null),
  };
}

/** First section-level occurrence of each field, outside Work Account sections. */
function deviceFields(capture: DsregCapture): Map<string, CaptureField> {
  const wanted = new Set([TENANT_ID, DEVICE_ID, DEVICE_NAME, DOMAIN_NAME]);
  const out = new Map<string, CaptureField>();
  for (const section of capture.sections) {
    // A Work Account section describes one registration of a user, not the device.
    if (section.id === 'work-account') continue;
    for (const field of section.fields) {
      if (field.scope === null && wanted.has(field.name) && !out.has(field.name)) out.set(field.name, field);
    }
  }
  return out;
}

function guidOf(field: CaptureField | undefined): string | null {
  if (!field || field.truncated || field.value.kind !== 'guid') return null;
  const guid = field.value.guid.toLowerCase().replace(/^\{|\}$/g, '');
  return GUID.test(guid) && guid !== NIL_GUID ? guid : null;
}

function traceTenant(capture: DsregCapture): string | null {
  const raw =
    capture.trace?.tenantId
      ?.trim()
      .toLowerCase()
      .replace(/^\{|\}$/g, '') ?? '';
  return GUID.test(raw) && raw !== NIL_GUID ? raw : null;
}

function textOf(field: CaptureField | undefined): string | null {
  if (!field || field.truncated || field.value.kind !== 'text') return null;
  const text = field.value.text.trim();
  return text === '' ? null : text;
}

/** `PC01.contoso.com` → PC01 + contoso.com; `pc01` → PC01; anything that is not a host name → null. */
function nameOf(field: CaptureField | undefined): { computer: string; suffix: string | null } | null {
  const text = textOf(field)?.replace(/\.$/, '');
  if (!text) return null;
  const parts = text.split('.');
  if (!parts.every((p) => HOST_PART.test(p))) return null;
  const [first, ...rest] = parts;
  if (!first) return null;
  return { computer: first.toUpperCase(), suffix: rest.length > 0 ? rest.join('.').toLowerCase() : null };
}

/**
 * Do two computer names (as a capture or an event log prints them) name the same machine?
 * Case-insensitive; a short name matches its FQDN; two different FQDNs do not match.
 */
export function computerNamesAgree(a: string, b: string): boolean {
  const x = a.trim().toLowerCase().replace(/\.$/, '');
  const y = b.trim().toLowerCase().replace(/\.$/, '');
  if (x === '' || y === '') return false;
  if (x === y) return true;
  if (x.includes('.') && y.includes('.')) return false;
  return x.split('.')[0] === y.split('.')[0];
}
