/**
 * What counts as an identifier in a capture, and what is public and stays: Microsoft endpoint
 * hosts (but not a customer's own resources under Microsoft domains), well-known Microsoft
 * GUIDs, well-known addresses and shares, placeholder hosts, generic host labels.
 * @module
 */

/**
 * Suffixes under Microsoft domains where the label in front is a customer's own resource
 * (`contoso.blob.core.windows.net`, `kv-contoso.vault.azure.net`): that label is redacted and
 * the suffix stays.
 */
const CUSTOMER_SUFFIXES = [
  'blob.core.windows.net',
  'file.core.windows.net',
  'queue.core.windows.net',
  'table.core.windows.net',
  'dfs.core.windows.net',
  'web.core.windows.net',
  'blob.core.usgovcloudapi.net',
  'blob.core.chinacloudapi.cn',
  'vault.azure.net',
  'vault.usgovcloudapi.net',
  'managedhsm.azure.net',
  'database.windows.net',
  'servicebus.windows.net',
  'redis.cache.windows.net',
  'search.windows.net',
  'documents.azure.com',
  'azurewebsites.net',
  'scm.azurewebsites.net',
  'azurestaticapps.net',
  'cloudapp.azure.com',
  'cloudapp.net',
  'trafficmanager.net',
  'azurefd.net',
  'azureedge.net',
  'azure-api.net',
  'azure-devices.net',
  'azurecr.io',
  'azurehdinsight.net',
  'b2clogin.com',
  'msappproxy.net',
  'mail.protection.outlook.com',
  'crm.dynamics.com',
  'service-now.com',
  'visualstudio.com',
  'workspace.azure.net',
  'region.azure.net',
];

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
    'ca au nz jp cn in br za ie lu local lan corp internal intra ad home example test cloud online ' +
    // Other country codes (not those that are also file extensions: cs, js, md, ps, py, rs, sh, so, ts).
    'ae ar bg by cl cr cy ee eg gr hk hr hu id il ir is kr kz lt lv ma mx my ng ph pk qa ro ru sa sg ' +
    'si sk th tr tw ua uy ve vn eu asia ' +
    // Generic and brand top-level domains seen on company networks.
    'xyz app dev tech site website online store shop club global group company solutions services ' +
    'systems network digital agency email life live world today space host one top pro name tv me ' +
    'ai cc ws mobi coop aero jobs travel museum bank insurance health law legal consulting ' +
    'management partners ventures capital finance financial energy engineering industries ' +
    'international media news studio design works zone biz lab labs center city school academy ' +
    'university college edu arpa lab priv private intranet domain workgroup'
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
  // Event providers: User Device Registration, AAD, Workplace Join.
  '23b8d46b-67dd-40a3-b636-d43e50552c6d',
  '4de9bc9c-b27a-43c9-8994-0915f1a5e24f',
  '76ab12d5-c986-4e60-9d7c-2a092b284cdd',
  // The name of the service connection point object (CN=62a0ff2e-…,CN=Device Registration Configuration).
  '62a0ff2e-97b9-4513-943f-0d221bd30080',
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
  if (customerSuffix(h) !== null) return false;
  return MICROSOFT_SUFFIXES.some((s) => h === s || h.endsWith(`.${s}`));
}

/** The Microsoft suffix a customer's resource sits under, or null. */
export function customerSuffix(host: string): string | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  let best: string | null = null;
  for (const s of CUSTOMER_SUFFIXES) {
    if (h.endsWith(`.${s}`) && (best === null || s.length > best.length)) best = s;
  }
  return best;
}

/**
 * Names reserved for documentation and tests (RFC 2606, RFC 6761): they name nobody. A label
 * someone put in front of `example.com` (`contoso.example.com`) may be a real name and is not kept.
 */
export function isPlaceholderHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (/(?:^|\.)(?:example|test|invalid|localhost)$/.test(h)) return true;
  return /^(?:www\.)?example\.(?:com|net|org)$/.test(h);
}

/**
 * IPv4 addresses that name no one's network: unspecified, loopback, broadcast, link-local
 * metadata, Azure's platform address, multicast, and the documentation ranges.
 */
export function isPublicIpv4(ip: string): boolean {
  const [a = 0, b = 0, c = 0] = ip.split('.').map(Number);
  if (ip === '0.0.0.0' || ip === '255.255.255.255' || a === 127) return true;
  if (ip === '169.254.169.254' || ip === '168.63.129.16') return true;
  if (a >= 224 && a <= 239) return true;
  if (
    (a === 192 && b === 0 && c === 2) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  )
    return true;
  // A network or mask (`255.255.255.0`, `10.0.0.0`): not a host.
  return /^(?:255\.){1,3}\d+$/.test(ip) || /\.0\.0$/.test(ip);
}

/**
 * An IPv6 match worth hiding: not `::`, `::1` or a documentation address, and really an address
 * (eight groups, or holding a digit around its `::`), not a `Class::Member` in a stack trace.
 */
export function isIpv6Worth(ip: string): boolean {
  const a = ip.toLowerCase().split('%')[0] ?? '';
  if (a === '::' || a === '::1' || a.startsWith('2001:db8:') || a.startsWith('ff0')) return false;
  const groups = a.split(':').filter((g) => g !== '');
  if (!a.includes('::')) return groups.length === 8;
  return groups.length >= 2 && /\d/.test(a);
}

/** MAC addresses that name no device: all zeros, broadcast, the documentation block. */
export function isPublicMac(mac: string): boolean {
  const m = mac.toLowerCase().replace(/[:-]/g, '');
  return /^0+$/.test(m) || /^f+$/.test(m) || m.startsWith('00005e0053');
}

/** Shares Windows makes itself: `SYSVOL`, `NETLOGON`, `IPC$`, the administrative `C$`. */
export function isWellKnownShare(share: string): boolean {
  const s = share.toLowerCase();
  return (
    /^[a-z]\$$/.test(s) || ['sysvol', 'netlogon', 'ipc$', 'admin$', 'print$', 'pipe', 'mailslot'].includes(s)
  );
}

export function isPublicGuid(guid: string): boolean {
  return PUBLIC_GUIDS.has(guid.toLowerCase().replace(/[{}]/g, ''));
}

export function isGenericLabel(label: string): boolean {
  return GENERIC_LABELS.has(label.toLowerCase());
}

/**
 * A dotted name ending in a top-level domain, written as host names are: the top-level label
 * all lower-case or all upper-case (`Contoso.com`, `CONTOSO.COM`), so `Form.Co` or a .NET type
 * name is not taken for a host.
 */
export function looksLikeHostName(name: string): boolean {
  const labels = name.split('.');
  const last = labels.at(-1) ?? '';
  if (last !== last.toLowerCase() && last !== last.toUpperCase()) return false;
  const tld = last.toLowerCase();
  if (!HOST_TLDS.has(tld)) return false;
  // Under a less common top-level domain, a label in camel case (`DISABLEDSetup.co`,
  // `GetTokenForADRS.io`) is words glued by a lost space, not a host someone wrote.
  return CORE_TLDS.has(tld) || labels.every((label) => !/[a-z][A-Z]|[A-Z]{2}[a-z]/.test(label));
}

/** Top-level domains common enough on company networks that any spelling is taken for a host. */
const CORE_TLDS = new Set('com net org edu gov mil int local lan corp internal intra home ad'.split(' '));

/** Splits `sts.contoso.co.uk` into the labels in front and the registrable domain. */
export function splitHost(host: string): { labels: string[]; registrable: string; suffix: string | null } {
  const parts = host.split('.');
  const lower = host.toLowerCase();
  const suffix = customerSuffix(lower) ?? TWO_LABEL_SUFFIXES.find((s) => lower.endsWith(`.${s}`)) ?? null;
  const suffixLabels = suffix === null ? 0 : suffix.split('.').length;
  const keep = suffix !== null && parts.length > suffixLabels ? suffixLabels + 1 : Math.min(2, parts.length);
  return {
    labels: parts.slice(0, parts.length - keep),
    registrable: parts.slice(parts.length - keep).join('.'),
    suffix:
      suffix !== null && parts.length > suffixLabels
        ? parts.slice(parts.length - suffixLabels).join('.')
        : null,
  };
}

/** A value worth learning as a name: long enough, and not a placeholder word. */
export function isNameWorthHiding(value: string): boolean {
  const v = value.trim();
  return (
    v.length >= 3 && !NOT_NAMES.has(v.toLowerCase()) && !/^[\d\s.:-]+$/.test(v) && !/^[x*.\s-]+$/i.test(v)
  );
}

/** Containers Active Directory makes itself: naming them in a DN reveals nothing. */
const DIRECTORY_CONTAINERS = new Set(
  (
    'services|configuration|device registration configuration|device registration service|' +
    'registereddevices|users|computers|system|builtin|domain controllers|microsoft|program data|' +
    'public key services|enrollment services|certification authorities|aia|cdp|ntauthcertificates|' +
    'certificate templates|schema|partitions|sites|subnets|managed service accounts|foreignsecurityprincipals|' +
    'policies|machine|user|keys|windowsnt|deleted objects|lostandfound|infrastructure'
  ).split('|'),
);

export function isDirectoryContainer(name: string): boolean {
  return DIRECTORY_CONTAINERS.has(name.trim().toLowerCase());
}
