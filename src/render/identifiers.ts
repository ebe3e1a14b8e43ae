/**
 * What counts as an identifier in a capture, and what is public and stays: Microsoft endpoint
 * hosts, well-known Microsoft GUIDs, generic host labels.
 * @module
 */

/** Hosts (and their subdomains) that belong to Microsoft clouds: naming them reveals nothing. */
const MICROSOFT_SUFFIXES = [
  'microsoftonline.com',
  'microsoftonline.us',
  'microsoftonline.de',
  'microsoftonline.cn',
  'microsoftonline-p.com',
  'microsoft.com',
  'microsoft.us',
  'windows.net',
  'windows.com',
  'windowsazure.com',
  'windowsupdate.com',
  'azure.com',
  'azure.net',
  'azure.us',
  'chinacloudapi.cn',
  'partner.microsoftonline.cn',
  'live.com',
  'live.net',
  'office.com',
  'office.net',
  'office365.com',
  'msauth.net',
  'msftauth.net',
  'msidentity.com',
  'microsoftazuread-sso.com',
  'msftidentity.com',
  'manage.microsoft.com',
  'windows.net.cn',
  'w3.org',
];

/** Registrable suffixes with two labels: the tenant's label sits in front of them. */
const TWO_LABEL_SUFFIXES = [
  'onmicrosoft.com',
  'onmicrosoft.us',
  'onmschina.cn',
  // SharePoint and OneDrive sites: `contoso-my.sharepoint.com` is the tenant's own label.
  'sharepoint.com',
  'sharepoint.us',
  'co.uk',
  'org.uk',
  'ac.uk',
  'com.au',
  'net.au',
  'co.nz',
  'co.jp',
  'co.za',
  'com.br',
  'com.cn',
  'co.in',
];

/** Top-level domains a bare name must end with to be taken for a host (`dsregcmd.exe` is not). */
const HOST_TLDS = new Set(
  (
    'com net org edu gov mil int info biz io co us uk de fr nl be fi se no dk es it pt pl cz ch at ' +
    'ca au nz jp cn in br za ie lu local lan corp internal intra ad home example test cloud online'
  ).split(' '),
);

/** Host labels that say what a server is, not whose it is. */
const GENERIC_LABELS = new Set(
  (
    'www sts adfs fs login auth sso enterpriseregistration enrollment enterpriseenrollment ' +
    'autodiscover mail smtp proxy wpad gateway api portal device devices registration dc ldap'
  ).split(' '),
);

/** GUIDs Microsoft publishes (WAM AzureAd provider, null GUID, first-party app and tenant IDs). */
const PUBLIC_GUIDS = new Set([
  '00000000-0000-0000-0000-000000000000',
  'b16898c6-a148-4967-9171-64d755da8520',
  '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9',
  'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
  '38aa3b87-a06d-4817-b275-7a316988d93b',
  '29d9ed98-a469-4536-ade2-f981bc1d605e',
]);

/** Words that a field can hold where a name is expected but that name nothing. */
const NOT_NAMES = new Set(
  (
    'yes|no|none|null|na|n/a|not set|unknown|workgroup|local|system|nt authority|builtin|azuread|' +
    'window manager|font driver host|nt service|iis apppool|error|failed|success|defaultuser0|' +
    // Generic words: hiding them would garble every sentence and header that uses them.
    'user|users|admin|administrator|guest|test|device|computer|owner|default|public|tenant|domain'
  ).split('|'),
);

/**
 * Profile folders Windows creates for itself, not for a person: `C:\Users\Public` says nothing
 * about whose device it is.
 */
const BUILT_IN_PROFILES = new Set(
  (
    'public|default|default user|all users|administrator|guest|localservice|networkservice|' +
    'systemprofile|wdagutilityaccount|defaultapppool|classic .net apppool|desktop.ini'
  ).split('|'),
);

/**
 * Account domains Windows names its own principals under (`NT AUTHORITY\SYSTEM`): they and the
 * accounts in them stay. `AzureAD` is not here: the account after it is a person.
 */
export const WELL_KNOWN_ACCOUNT_DOMAINS = [
  'NT AUTHORITY',
  'NT SERVICE',
  'NT VIRTUAL MACHINE',
  'IIS APPPOOL',
  'Window Manager',
  'Font Driver Host',
  'BUILTIN',
];

/** Registry hives: `HKLM\SOFTWARE` has the shape of `DOMAIN\user` but is a key path. */
const REGISTRY_HIVES = new Set('hklm hkcu hkcr hku hkcc'.split(' '));

export function isBuiltInProfile(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return BUILT_IN_PROFILES.has(lower) || /^defaultuser\d+$/.test(lower) || NOT_NAMES.has(lower);
}

export function isRegistryHive(name: string): boolean {
  return REGISTRY_HIVES.has(name.toLowerCase());
}

/** A placeholder word (`admin`, `SYSTEM`) that stays even where a name is expected. */
export function isPlaceholderName(name: string): boolean {
  return NOT_NAMES.has(name.trim().toLowerCase());
}

export function isMicrosoftHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return MICROSOFT_SUFFIXES.some((s) => h === s || h.endsWith(`.${s}`));
}

export function isPublicGuid(guid: string): boolean {
  return PUBLIC_GUIDS.has(guid.toLowerCase().replace(/[{}]/g, ''));
}

export function isGenericLabel(label: string): boolean {
  return GENERIC_LABELS.has(label.toLowerCase());
}

export function looksLikeHostName(name: string): boolean {
  const tld = name.toLowerCase().split('.').at(-1) ?? '';
  return HOST_TLDS.has(tld);
}

/** Splits `sts.contoso.co.uk` into the labels in front and the registrable domain. */
export function splitHost(host: string): { labels: string[]; registrable: string; suffix: string | null } {
  const parts = host.split('.');
  const lower = host.toLowerCase();
  const two = TWO_LABEL_SUFFIXES.find((s) => lower.endsWith(`.${s}`));
  const keep = two && parts.length >= 3 ? 3 : Math.min(2, parts.length);
  return {
    labels: parts.slice(0, parts.length - keep),
    registrable: parts.slice(parts.length - keep).join('.'),
    suffix: two && parts.length >= 3 ? two : null,
  };
}

/** A value worth learning as a name: long enough, and not a placeholder word. */
export function isNameWorthHiding(value: string): boolean {
  const v = value.trim();
  return (
    v.length >= 3 && !NOT_NAMES.has(v.toLowerCase()) && !/^[\d\s.:-]+$/.test(v) && !/^[x*.\s-]+$/i.test(v)
  );
}
