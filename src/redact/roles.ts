/**
 * Redaction by field role: which catalogued fields identify a device, a user or a tenant (their
 * value is replaced whatever it looks like), and which hold values the catalog knows to be safe
 * (the only ones strict mode leaves as they are). One list, keyed by the catalog's names.
 * @module
 */
import type { FieldType } from '../knowledge/fields.ts';
import { fieldsWithRole, lookupField } from '../knowledge/fields.ts';
import { isPlaceholderName, isPublicGuid, WELL_KNOWN_ACCOUNT_DOMAINS } from './identifiers.ts';
import type { PseudonymKind } from './pseudonyms.ts';

export type IdentityRole = 'device' | 'user' | 'tenant';

export interface FieldRole {
  readonly role: IdentityRole;
  /** The kind of stand-in a value of this field gets when no pattern replaced it. */
  readonly kind: PseudonymKind;
}

/**
 * The stand-in a field of an identity role gets when no pattern replaced its value: the catalog
 * says which fields identify a device, a user or a tenant; this says only what a stand-in looks
 * like. GUID fields get a GUID; a field the catalog gains a role for later gets the kind of its role.
 */
const STAND_IN: Readonly<Record<string, PseudonymKind>> = {
  'Device Name': 'device',
  Thumbprint: 'hex',
  WorkplaceThumbprint: 'hex',
  'User Identity': 'user',
  'Executing Account Name': 'user',
  TenantName: 'tenant',
  WorkplaceTenantName: 'tenant',
  DomainName: 'netbios',
  KerbTopLevelNames: 'domain',
};

const ROLE_KIND: Readonly<Record<IdentityRole, PseudonymKind>> = {
  device: 'device',
  user: 'user',
  tenant: 'tenant',
};

/** Catalogued fields whose value names a device, a user or a tenant (their roles are the catalog's). */
export const IDENTITY_FIELDS: Readonly<Record<string, FieldRole>> = Object.fromEntries(
  (['device', 'user', 'tenant'] as const).flatMap((role) =>
    fieldsWithRole(role).map((name): [string, FieldRole] => [
      name,
      { role, kind: STAND_IN[name] ?? (lookupField(name)?.type === 'guid' ? 'guid' : ROLE_KIND[role]) },
    ]),
  ),
);

/** Value types that never hold a name: states, times, codes, counts. */
const SAFE_TYPES: ReadonlySet<FieldType> = new Set([
  'bool',
  'time',
  'range',
  'code',
  'test',
  'status',
  'number',
]);

/**
 * Text fields whose values are protocol words, product names or codes (`SUCCESS`, `Microsoft
 * Platform Crypto Provider`, `DirectoryError`), safe to show in strict mode. GUID fields are safe
 * once redacted: what is left is a pseudonym or a GUID Microsoft publishes.
 */
const SAFE_TEXT_FIELDS: ReadonlySet<string> = new Set([
  'Virtual Desktop',
  'Provider',
  'Type',
  'User mode',
  'KeyProvider',
  'JoinSrvId',
  'KeySrvId',
  'WebAuthNSrvId',
  'DeviceManagementSrvId',
  'WamDefaultAuthority',
  'Credential Type',
  'HTTP Method',
  'Server Error Code',
  'User Context',
  'Fallback to Sync-Join',
  'Registration Type',
  'Error Phase',
  'Server ErrorCode',
  'Server ErrorSubCode',
  'Server Operation',
  'PreReqResult',
  'Access Type',
  'Auto Detect PAC Status',
]);

/** The identity role of a field, by its canonical name; null for any other field. */
export function identityRole(name: string): FieldRole | null {
  return IDENTITY_FIELDS[name] ?? null;
}

/** The catalogued fields with a given identity role. */
export function fieldsWithIdentityRole(role: IdentityRole): string[] {
  return Object.entries(IDENTITY_FIELDS)
    .filter(([, r]) => r.role === role)
    .map(([name]) => name);
}

/**
 * True when the catalog knows every value of this field to be safe once pattern-redacted:
 * states, times, codes, counts, GUIDs, and the text fields listed above. URLs are safe when they
 * point at Microsoft (checked by the caller on the redacted value).
 */
export function isSafeField(name: string): boolean | 'url' {
  const def = lookupField(name);
  if (def === undefined || IDENTITY_FIELDS[name] !== undefined) return false;
  if (SAFE_TYPES.has(def.type) || def.type === 'guid') return true;
  if (def.type === 'url') return 'url';
  return SAFE_TEXT_FIELDS.has(def.name);
}

/**
 * A value of an identity field that names nobody: empty, a dash, a placeholder word, a value
 * someone already masked, a GUID Microsoft publishes, or one of Windows' own accounts.
 */
export function namesNobody(value: string): boolean {
  const v = value.trim();
  if (v === '' || /^[-–—*x.\s]+$/i.test(v) || /^[[<][\w .-]*[\]>]$/.test(v)) return true;
  if (/^(?:n\/a|none|null|not set|unknown|-+)$/i.test(v) || isPlaceholderName(v)) return true;
  if (isPublicGuid(v)) return true;
  const upper = v.toUpperCase();
  return WELL_KNOWN_ACCOUNT_DOMAINS.some((d) => upper.startsWith(`${d.toUpperCase()}\\`));
}
