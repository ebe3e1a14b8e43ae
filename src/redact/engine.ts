/**
 * The redaction engine: identifiers in free text replaced by stable pseudonyms, so a report or a
 * capture can be posted on a ticket or a forum. Codes, phases, timestamps and Microsoft endpoints
 * stay: they are what a helper needs to read the case.
 * @module
 */
import {
  isBuiltInProfile,
  isDirectoryContainer,
  isGenericLabel,
  isIpv6Worth,
  isMicrosoftHost,
  isNameWorthHiding,
  isPlaceholderHost,
  isPlaceholderName,
  isPublicGuid,
  isPublicIpv4,
  isPublicMac,
  isRegistryHive,
  isWellKnownShare,
  looksLikeHostName,
  splitHost,
  WELL_KNOWN_ACCOUNT_DOMAINS,
} from './identifiers.ts';
import { type PseudonymKind, PseudonymTable } from './pseudonyms.ts';

/** The names a capture states outright; they are hidden wherever they appear afterwards. */
export type NameKind = 'user' | 'device' | 'tenant' | 'netbios' | 'domain';

/** How a redactor makes its pseudonyms, and how far it goes. */
export interface RedactorOptions {
  /**
   * The key of the keyed hash (HMAC-SHA-256) the pseudonyms come from: runs with the same key
   * agree. Without one, pseudonyms are numbered in order of first sight.
   */
  key?: Uint8Array;
  /** A passphrase used as the key (its UTF-8 bytes); `key` wins when both are given. */
  salt?: string;
  /**
   * Strict mode: every field value the catalog does not know to be safe is masked whole, not
   * only the identifiers found in it.
   */
  strict?: boolean;
}

export interface Redactor {
  /** Remembers a name (a device, a user, a tenant...) so free text mentioning it is redacted too. */
  learn(kind: NameKind, value: string): void;
  /** Every identifier in `text` replaced; the rest of the text untouched. */
  text(text: string): string;
  /** As `text`, for a value that may be absent: null stays null. */
  optional(text: string | null): string | null;
  /** The stand-in for one value of a known kind. */
  pseudonym(kind: PseudonymKind, value: string): string;
  /** True in strict mode: values not known to be safe are masked whole. */
  readonly strict: boolean;
  /** True for a stand-in this redactor made (`user1`, a pseudonym GUID). */
  isStandIn(value: string): boolean;
  /** The learned names that `text` still holds as whole words. */
  namesIn(text: string): string[];
}

/**
 * A scheme starts where a run of scheme characters starts, and is short: tried from every letter
 * of a long dotted run, the search would take quadratic time.
 */
export const URL_RE = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"'<>`]+/gi;
/**
 * The local part may hold an apostrophe (`o'brien@`) but not start with one, so the quote of
 * `'user@contoso.com'` stays outside the address. `%40` is the `@` of URL-encoded text; the
 * look-behind keeps the hex digits of an escape in front (`%3Duser%40...`) out of the local part.
 * A local part has at most 64 characters; the bound also keeps the search linear on long runs.
 */
export const EMAIL_RE =
  /(?<!%[0-9a-f]?)[a-z0-9_+-][a-z0-9._+'-]{0,63}(?:@|%40)(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}/gi;
export const GUID_RE =
  /(?<![0-9a-z])[0-9a-fx]{8}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{12}(?![0-9a-z])/gi;
/** A domain or machine SID: the three sub-authorities name the domain; the RID after them stays. */
export const SID_RE = /\bS-1-5-21-(\d+-\d+-\d+)(?=\b)/gi;
/** An Entra user or group SID (`S-1-12-1-`): its four sub-authorities are the object ID. */
export const USER_SID_RE = /\bS-1-12-1-(\d{1,10}-\d{1,10}-\d{1,10}-\d{1,10})(?![\d-])/gi;
export const HEX_ID_RE = /(?<![0-9a-z])(?:[0-9a-f]{64}|[0-9a-f]{40})(?![0-9a-z])/gi;
/**
 * Hex identifiers of other lengths: a truncated device ID, a SHA-256 cut short, a key ID. At
 * least 12 digits, not after `0x` (a code), holding both a letter and a digit (a decimal number
 * or a word of hex letters is neither). The bound keeps each match short.
 */
export const OTHER_HEX_RE = /(?<![0-9a-z])[0-9a-f]{12,256}(?![0-9a-z])/gi;
/** A thumbprint written in pairs (`9f 3c 2a ...`, `9F:3C:2A:...`): 16 pairs or more. */
export const PAIRED_HEX_RE =
  /(?<![0-9a-z:])[0-9a-f]{2}([ :])[0-9a-f]{2}(?:\1[0-9a-f]{2}){14,62}(?![0-9a-z:])/gi;
/** A MAC address (`00-15-5D-01-02-03`, `00:15:5d:01:02:03`). */
export const MAC_RE = /(?<![0-9a-z:-])[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}(?![0-9a-z:-])/gi;
/** An IPv4 address; a CIDR suffix or a port after it stays. */
export const IPV4_RE =
  /(?<![0-9a-z.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![0-9a-z]|\.\d)/gi;
/**
 * An IPv6 address: eight groups, or fewer around one `::`, with an optional zone (`%12`).
 * Each alternative has bounded repetition, so the search stays linear.
 */
export const IPV6_RE =
  /(?<![0-9a-z:.])(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){7}|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,6})?)(?:%[0-9a-z]{1,16})?(?![0-9a-z:.])/gi;
/**
 * A UNC path's server and share (`\\FS01\home$`), the backslashes doubled in JSON text. `\\?\`
 * and `\\.\` (device paths) do not start with a letter or digit and stay.
 */
export const UNC_RE =
  /(?<![\\\w])(\\{2}|\\{4})([a-z0-9][a-z0-9.-]{0,252}|\[[0-9a-f:.%]{2,64}\])(\\{1,2})([^\\/\s"'<>|:*?]{1,80})/gi;
/**
 * The common name or organisational unit of a distinguished name (`CN=PC-0142,OU=Finance,…`),
 * up to the comma that ends it: it can name a computer, a person or a department.
 */
export const DN_NAME_RE = /(?<![\w])(CN|OU)=([^,+;"\\<>=\r\n\u0001\u0002]{1,64})(?=\s?,)/gi;
/** LDAP domain components: `DC=contoso,DC=com` names the forest. */
export const DC_RE = /(?<![\w])DC=[^,+;"\\<>=\s]{1,63}(?:\s?,\s?DC=[^,+;"\\<>=\s]{1,63}){0,126}/gi;
/**
 * `CONTOSO\msmith`, `corp.contoso.com\msmith`, `AzureAD\AdeleVance` (the backslash doubled in
 * JSON text): an account names its user even when no field stated it. A NetBIOS domain is
 * written in capitals; Windows' own principals (`NT AUTHORITY\SYSTEM`) are matched first so
 * they stay. A path component (`C:\WINDOWS\system32`) is not an account: nothing may stand
 * before the domain but a separator, and no backslash may follow the user.
 */
export const ACCOUNT_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_\\\\.%:~-])(?:(${WELL_KNOWN_ACCOUNT_DOMAINS.join('|')})|([A-Z][A-Z0-9-]{1,14}|AzureAD|(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,24}))(\\\\{1,2})([\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_'.-]*[\\p{L}\\p{N}_])?\\$?)(?![\\p{L}\\p{N}_$\\\\]|[.'-][\\p{L}\\p{N}_])`,
  'gu',
);
/**
 * A profile folder, `C:\Users\jdoe.smith` or `/Users/jdoe`. A folder name with spaces
 * (`John Smith`) is taken whole where a separator or a prompt's `>` closes it, and so are the
 * built-in `All Users` and `Default User`; otherwise the name ends at the first space.
 */
export const PROFILE_RE =
  /(?<=[\\/])(Users|Documents and Settings)(\\{1,2}|\/)((?:All Users|Default User)(?![\p{L}\p{N}_])|[^\\/:*?"<>|\s\u0001\u0002]+(?: [^\\/:*?"<>|\s\u0001\u0002]+)*(?=[\\/>])|[^\\/:*?"<>|\s\u0001\u0002]+)/giu;
export const HOST_RE = /(?<![\w.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])/gi;
/** Query parameters whose values are protocol words, never names. */
const PROTOCOL_QUERY_KEYS = new Set(
  'api-version wa response_type response_mode prompt mode format lang mkt version x-client-sku x-client-ver x-client-os'.split(
    ' ',
  ),
);
const WORD_RE = /[\p{L}\p{N}_]+/gu;
/** The longest a DNS name can be. */
const MAX_HOST_LENGTH = 253;
const HELD_RE = /\u0001(\d+)\u0002/g;

export function createRedactor(options: RedactorOptions = {}): Redactor {
  const key =
    options.key && options.key.length > 0
      ? options.key
      : options.salt
        ? new TextEncoder().encode(options.salt)
        : null;
  return new PseudonymRedactor(key, options.strict === true);
}

class PseudonymRedactor implements Redactor {
  readonly #table: PseudonymTable;
  /** Lower-cased name → its kind. */
  readonly #names = new Map<string, NameKind>();
  /** A word of each name → the names containing it. */
  readonly #byWord = new Map<string, string[]>();

  readonly strict: boolean;

  constructor(key: Uint8Array | null, strict: boolean) {
    this.#table = new PseudonymTable(key);
    this.strict = strict;
  }

  learn(kind: NameKind, value: string): void {
    const v = value.trim().replace(/\.$/, '');
    if (!isNameWorthHiding(v)) return;
    if (kind === 'domain' || (kind === 'device' && v.includes('.'))) {
      if (isMicrosoftHost(v)) return;
      if (kind === 'device') {
        const [first, ...rest] = v.split('.');
        this.learn('device', first ?? '');
        this.learn('domain', rest.join('.'));
        return;
      }
    }
    const key = v.toLowerCase();
    if (this.#names.has(key)) return;
    this.#names.set(key, kind);
    // Indexed by its longest word: `DESKTOP-7F3K2` under `7f3k2`, not under the common `desktop`.
    const word = (key.match(WORD_RE) ?? []).reduce((a, b) => (b.length > a.length ? b : a), '');
    if (word === '') return;
    const list = this.#byWord.get(word);
    if (list) list.push(key);
    else this.#byWord.set(word, [key]);
  }

  pseudonym(kind: PseudonymKind, value: string): string {
    return this.#table.get(kind, value);
  }

  optional(text: string | null): string | null {
    return text === null ? null : this.text(text);
  }

  isStandIn(value: string): boolean {
    return this.#table.made(value);
  }

  namesIn(text: string): string[] {
    const names = this.#namesPattern(text);
    if (names === null) return [];
    return [...text.matchAll(names)].map((m) => m[0]).filter((m) => !this.#table.made(m));
  }

  text(input: string): string {
    if (input === '') return input;
    const held: string[] = [];
    const hold = (replacement: string) => `\u0001${held.push(replacement) - 1}\u0002`;
    // Replacements are held aside behind markers so a later pattern cannot rewrite a pseudonym.
    // The marker characters themselves, when the input holds them, are held too: kept, not lost.
    let s = input
      .replace(/[\u0001\u0002]/g, (c) => hold(c))
      .replace(URL_RE, (m) => {
        const [url, tail] = splitTrailingPunctuation(m);
        return hold(this.#url(url)) + tail;
      });
    s = s.replace(EMAIL_RE, (m) => hold(this.#email(m)));
    s = s.replace(GUID_RE, (m) => hold(this.#guid(m)));
    s = s.replace(SID_RE, (_, domain: string) => hold(`S-1-5-21-${this.#table.get('sid', domain)}`));
    s = s.replace(USER_SID_RE, (_, id: string) => hold(`S-1-12-1-${this.#table.get('user-sid', id)}`));
    s = s.replace(UNC_RE, (_, lead: string, server: string, separator: string, share: string) =>
      hold(`${lead}${this.#uncServer(server)}${separator}${this.#share(share)}`),
    );
    s = s.replace(PAIRED_HEX_RE, (m, separator: string) =>
      /[1-9a-f]/i.test(m) ? hold(this.#paired(m, separator)) : m,
    );
    s = s.replace(HEX_ID_RE, (m) => hold(keepCase(m, this.#table.get('thumbprint', m))));
    s = s.replace(OTHER_HEX_RE, (m) =>
      /[a-f]/i.test(m) && /\d/.test(m) ? hold(keepCase(m, this.#table.get('hex', m))) : m,
    );
    s = s.replace(MAC_RE, (m) =>
      isPublicMac(m) ? m : hold(this.#table.get('mac', m.replace(/[:-]/g, '').toLowerCase())),
    );
    s = s.replace(IPV6_RE, (m) => (isIpv6Worth(m) ? hold(this.#ipv6(m)) : m));
    s = s.replace(IPV4_RE, (m) => (isPublicIpv4(m) ? m : hold(this.#table.get('ip', m))));
    s = s.replace(DN_NAME_RE, (m, type: string, value: string) =>
      isDirectoryContainer(value) || isPlaceholderName(value)
        ? m
        : `${type}=${hold(this.#directoryName(value))}`,
    );
    s = s.replace(DC_RE, (m) => hold(this.#domainComponents(m)));
    s = s.replace(ACCOUNT_RE, (m, ...groups: (string | undefined)[]) => {
      const account = this.#account(groups);
      return account === null ? m : hold(account);
    });
    s = s.replace(PROFILE_RE, (m, folder: string, separator: string, name: string) => {
      const profile = this.#profile(name);
      return profile === null ? m : `${folder}${separator}${hold(profile.name)}${profile.tail}`;
    });
    // Hosts before bare names: `contoso.com` is a domain even when `Contoso` is also the tenant name.
    s = s.replace(HOST_RE, (m) => (this.#isPrivateHost(m) ? hold(this.#host(m)) : m));
    const names = this.#namesPattern(s);
    if (names) s = s.replace(names, (m) => hold(this.#name(m)));
    return s.replace(HELD_RE, (_, i: string) => held[Number(i)] ?? '');
  }

  /**
   * A pattern for the learned names that can occur in `text`. Names are indexed by a word, so a
   * run that learned thousands of device names still builds a small pattern per text.
   */
  #namesPattern(text: string): RegExp | null {
    if (this.#names.size === 0) return null;
    const candidates = new Set<string>();
    for (const word of text.toLowerCase().match(WORD_RE) ?? []) {
      for (const name of this.#byWord.get(word) ?? []) candidates.add(name);
    }
    if (candidates.size === 0) return null;
    const alternatives = [...candidates].sort((a, b) => b.length - a.length).map(escapeRegExp);
    return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  }

  /** The stand-in for a name found by its context: learned, so its bare mentions go too. */
  #found(kind: NameKind, value: string): string {
    this.learn(kind, value);
    if (this.#names.has(value.toLowerCase())) return this.#name(value);
    return sameCapitals(value, this.#table.get(kind, value));
  }

  /** `DOMAIN1\user1` for `CONTOSO\msmith`, or null when the match is not an account to hide. */
  #account(groups: (string | undefined)[]): string | null {
    const parts = accountParts(groups);
    if (parts === null) return null;
    const { domain, separator, user, machine } = parts;
    const domainStand = domain.includes('.')
      ? this.#host(domain)
      : isNameWorthHiding(domain)
        ? this.#found('netbios', domain)
        : domain;
    const userStand = isPlaceholderName(user) ? user : this.#found(machine ? 'device' : 'user', user);
    return `${domainStand}${separator}${userStand}${machine ? '$' : ''}`;
  }

  /** The profile folder's name replaced, unless it is one Windows made for itself. */
  #profile(folder: string): { name: string; tail: string } | null {
    const parts = profileParts(folder);
    if (parts === null) return null;
    const { user, domain, tail } = parts;
    const userStand = isBuiltInProfile(user) ? user : this.#found('user', user);
    const domainStand = domain === null ? '' : `.${this.#found('netbios', domain)}`;
    return { name: `${userStand}${domainStand}`, tail };
  }

  #name(value: string): string {
    const kind = this.#names.get(value.toLowerCase()) ?? 'user';
    if (kind === 'domain') return this.#host(value);
    const stand = this.#table.get(kind, value);
    // `CONTOSO` and `Contoso` are one name; the upper-case spelling stays upper-case.
    return /[A-Z]/.test(value) && !/[a-z]/.test(value) ? stand.toUpperCase() : stand;
  }

  #guid(guid: string): string {
    if (isPublicGuid(guid) || !/[0-9a-f]/i.test(guid.replace(/x/gi, ''))) return guid;
    const masked = /x/i.test(guid);
    const stand = keepCase(guid, this.#table.get('guid', guid));
    // A GUID someone partly masked stays masked in the same places.
    return masked ? [...stand].map((c, i) => (/x/i.test(guid[i] ?? '') ? guid[i] : c)).join('') : stand;
  }

  #email(address: string): string {
    const separator = address.includes('@') ? '@' : '%40';
    const at = address.lastIndexOf(separator);
    const domain = address.slice(at + separator.length);
    return `${this.#table.get('user', address.slice(0, at))}${separator}${this.#host(domain)}`;
  }

  #isPrivateHost(host: string): boolean {
    if (isMicrosoftHost(host) || isPlaceholderHost(host)) return false;
    // `0x00000001.Setup.co`: an error code that ends a sentence, not the first label of a host.
    if (/^0x[0-9a-f]+\./i.test(host)) return false;
    const lower = host.toLowerCase();
    if (looksLikeHostName(host)) return true;
    const labels = lower.split('.');
    return this.#learnedDomainStart(labels, 0, labels.length - 1) !== -1;
  }

  /**
   * Where the longest learned domain that ends `labels` starts, trying starts from `first` to
   * `last`; -1 when none. Suffixes longer than a DNS name can be are not tried, which keeps a
   * long dotted run from costing quadratic time.
   */
  #learnedDomainStart(labels: readonly string[], first: number, last: number): number {
    let found = -1;
    let suffix = labels.slice(last + 1).join('.');
    for (let i = last; i >= first; i--) {
      suffix = suffix === '' ? (labels[i] ?? '') : `${labels[i]}.${suffix}`;
      if (suffix.length > MAX_HOST_LENGTH) break;
      if (this.#names.get(suffix.toLowerCase()) === 'domain') found = i;
    }
    return found;
  }

  /** `\\FS01` → `\\device1`: the server of a UNC path, by name, address or DNS name. */
  #uncServer(server: string): string {
    if (server.startsWith('[')) return `[${this.#ipv6(server.slice(1, -1))}]`;
    if (/^[\d.]+$/.test(server)) return isPublicIpv4(server) ? server : this.#table.get('ip', server);
    if (server.includes('.')) return isPlaceholderHost(server) ? server : this.#host(server);
    if (server.toLowerCase() === 'localhost') return server;
    return this.#found('device', server);
  }

  /** A share name, unless Windows made it (`SYSVOL`, `C$`, `IPC$`). */
  #share(share: string): string {
    return isWellKnownShare(share) ? share : sameCapitals(share, this.#table.get('share', share));
  }

  /** `9f 3c 2a …` → a stand-in of the same length, in pairs with the same separator and case. */
  #paired(text: string, separator: string): string {
    const digits = text.split(separator).join('');
    const stand = keepCase(digits, this.#table.get('hex', digits));
    return (stand.match(/../g) ?? []).join(separator);
  }

  #ipv6(address: string): string {
    const [ip = address, zone] = address.split('%');
    const stand = this.#table.get('ipv6', ip.toLowerCase());
    return zone === undefined ? stand : `${stand}%${zone}`;
  }

  /** A learned name keeps its stand-in (`CN=DEVICE1`); any other gets an opaque one (`CN=id1`). */
  #directoryName(value: string): string {
    if (this.#names.has(value.toLowerCase())) return this.#name(value);
    return sameCapitals(value, this.#table.get('opaque', value));
  }

  /** `DC=contoso,DC=com` → `DC=domain1,DC=example`, the spelling of `DC=` and of the commas kept. */
  #domainComponents(run: string): string {
    const parts = run.split(/(\s?,\s?)/);
    const labels = parts.filter((_, i) => i % 2 === 0).map((p) => p.slice(3));
    const domain = labels.join('.');
    if (isMicrosoftHost(domain) || isPlaceholderHost(domain)) return run;
    if (labels.length > 1) this.learn('domain', domain);
    const stand = labels.length > 1 ? this.#host(domain) : this.#found('netbios', domain);
    const prefix = parts[0]?.slice(0, 3) ?? 'DC=';
    const comma = parts[1] ?? ',';
    return stand
      .split('.')
      .map((label) => `${prefix}${label}`)
      .join(comma);
  }

  /** `sts.contoso.com` → `sts.domain1.example`: the registrable part always, other labels unless generic. */
  #host(host: string): string {
    if (isMicrosoftHost(host) || isPlaceholderHost(host)) return host;
    if (/^[\d.]+$/.test(host)) return isPublicIpv4(host) ? host : this.#table.get('ip', host);
    const { labels, registrable, suffix } = splitHost(host.replace(/\.$/, ''));
    const domain = suffix
      ? `${this.#table.get('domain', registrable)}.${suffix}`
      : `${this.#table.get('domain', registrable)}.example`;
    const front = labels.map((label) => {
      const kind = this.#names.get(label.toLowerCase());
      if (kind === 'device' || kind === 'tenant' || kind === 'netbios') return this.#name(label);
      return isGenericLabel(label) ? label : this.#table.get('host', label);
    });
    return [...front, domain].join('.');
  }

  #url(url: string): string {
    const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i.exec(url);
    if (!m) return url;
    const [, scheme = '', authority = '', path = '', query = '', fragment = ''] = m;
    const at = authority.lastIndexOf('@');
    const userInfo = at >= 0 ? `${this.#table.get('user', authority.slice(0, at))}@` : '';
    const hostPort = authority.slice(at + 1);
    const colon = hostPort.lastIndexOf(':');
    const host = colon > 0 && !hostPort.includes(']') ? hostPort.slice(0, colon) : hostPort;
    const port = hostPort.slice(host.length);
    // A packaged app's URL (`ms-appx-web://Microsoft.AAD.BrokerPlugin`) names the app, not a server.
    // A placeholder someone typed instead of the server (`[ADFS-Server]`, `<sts>`) is already masked.
    const kept = /^ms-appx(?:-web)?:/i.test(scheme) || /^[[<]/.test(host);
    const ipv6 = /^\[([0-9a-f:.%]+)\](:\d+)?$/i.exec(hostPort);
    const redactedHost = ipv6
      ? `[${isIpv6Worth(ipv6[1] ?? '') ? this.#ipv6(ipv6[1] ?? '') : ipv6[1]}]${ipv6[2] ?? ''}`
      : kept
        ? host
        : this.#host(host);
    const text = (s: string) => this.text(s);
    const segments = path.split('/');
    const redactedPath = segments
      .map((segment, i) =>
        // OneDrive names a personal site after its owner's UPN: `/personal/jane_doe_contoso_com`.
        segments[i - 1]?.toLowerCase() === 'personal' && segment !== ''
          ? inComponent(segment, (s) => this.#personalSite(s))
          : inComponent(segment, text),
      )
      .join('/');
    // Microsoft's own endpoints take protocol values; only identifiers inside them are replaced.
    const microsoft = isMicrosoftHost(host);
    const redactedQuery = query
      ? `?${query
          .slice(1)
          .split('&')
          .map((pair) => (microsoft ? this.#protocolPair(pair) : this.#queryPair(pair)))
          .join('&')}`
      : '';
    const redactedFragment = fragment ? `#${inComponent(fragment.slice(1), text)}` : '';
    return `${scheme}${userInfo}${redactedHost}${port}${redactedPath}${redactedQuery}${redactedFragment}`;
  }

  #protocolPair(pair: string): string {
    const text = (s: string) => this.text(s);
    const eq = pair.indexOf('=');
    if (eq < 0) return inComponent(pair, text);
    return `${inComponent(pair.slice(0, eq), text)}=${inComponent(pair.slice(eq + 1), text)}`;
  }

  /** Query values are identifiers unless a number or the value of a protocol parameter (`wa=wsignin1.0`). */
  #queryPair(pair: string): string {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    const value = pair.slice(eq + 1);
    if (value === '' || /^[\d.]+$/.test(value) || PROTOCOL_QUERY_KEYS.has(pair.slice(0, eq).toLowerCase()))
      return pair;
    const redacted = inComponent(value, (plain) => {
      const swept = this.text(plain);
      return swept !== plain ? swept : this.#table.get('opaque', plain);
    });
    return `${pair.slice(0, eq + 1)}${redacted}`;
  }

  /**
   * `jane_doe_woodgrovebank_com` → `user1_domain1_example`, with the pseudonyms its UPN
   * `jane.doe@woodgrovebank.com` gets. Dots and the `@` became underscores, so where the domain
   * starts is taken from a learned domain, or else from the shape of a registrable domain.
   */
  #personalSite(site: string): string {
    const words = site.split('_');
    const domainAt = (() => {
      const learned = this.#learnedDomainStart(words, 1, words.length - 2);
      if (learned !== -1) return learned;
      const dotted = words.join('.');
      if (words.length < 3 || words.some((w) => w === '') || !looksLikeHostName(dotted)) return -1;
      const { labels } = splitHost(dotted);
      return labels.length > 0 ? labels.length : -1;
    })();
    if (domainAt < 0) return this.#found('user', site);
    const local = words.slice(0, domainAt);
    const underscored = local.join('_');
    const user = this.#names.has(underscored.toLowerCase()) ? underscored : local.join('.');
    const domain = this.#host(words.slice(domainAt).join('.'));
    return `${this.#found('user', user)}_${domain.replaceAll('.', '_')}`;
  }
}

/** The parts of an `ACCOUNT_RE` match, or null for Windows' own principals and registry paths. */
export function accountParts(
  groups: readonly (string | undefined)[],
): { domain: string; separator: string; user: string; machine: boolean } | null {
  const [builtIn, domain, separator, account] = groups;
  if (builtIn !== undefined || domain === undefined || separator === undefined || account === undefined)
    return null;
  if (isRegistryHive(domain) || (domain.includes('.') && !looksLikeHostName(domain))) return null;
  // `ERROR\n...` and `\u0041` in JSON text are escapes, not accounts.
  if (domain.toLowerCase() !== 'azuread' && isPlaceholderName(domain)) return null;
  if (separator === '\\' && /^u[0-9a-f]{4}/i.test(account)) return null;
  if (domain.includes('.') && isMicrosoftHost(domain)) return null;
  const machine = account.endsWith('$');
  return { domain, separator, user: machine ? account.slice(0, -1) : account, machine };
}

/**
 * A profile folder name split into the user, the NetBIOS domain Windows appends when two accounts
 * share a name (`jdoe.CONTOSO`), and the punctuation that closes the sentence around it.
 */
export function profileParts(folder: string): { user: string; domain: string | null; tail: string } | null {
  const tail = /[.,;)\]}']+$/.exec(folder)?.[0] ?? '';
  const name = folder.slice(0, folder.length - tail.length);
  if (name === '') return null;
  const suffixed = /^(.+)\.([A-Z][A-Z0-9-]{1,14})$/u.exec(name);
  if (suffixed && /[a-z]/.test(suffixed[1] ?? '')) {
    return { user: suffixed[1] ?? name, domain: suffixed[2] ?? null, tail };
  }
  return { user: name, domain: null, tail };
}

/** Stands for `%` signs that are not escapes, while the escapes around them are decoded. */
const LITERAL_PERCENT = '\uE000';
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Redacts one URL component (a path segment, a query key or value, a fragment) as the text it
 * encodes: `user%40contoso.com` is an address, and gets the pseudonyms of `user@contoso.com`.
 * The characters that were escaped are escaped again, so the URL stays valid; escapes that do
 * not decode (`%zz`, a lone `%C3`) stay as written.
 */
function inComponent(component: string, redact: (plain: string) => string): string {
  if (!component.includes('%') || component.includes(LITERAL_PERCENT)) return redact(component);
  const escaped = new Set<string>();
  const decoded = component
    .replace(/%(?![0-9a-f]{2})/gi, LITERAL_PERCENT)
    .replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
      try {
        const plain = strictUtf8.decode(
          Uint8Array.from(run.slice(1).split('%'), (h) => Number.parseInt(h, 16)),
        );
        for (const ch of plain) escaped.add(ch);
        return plain;
      } catch {
        return run.replaceAll('%', LITERAL_PERCENT);
      }
    });
  if (escaped.size === 0) return redact(component);
  const redacted = redact(decoded);
  if (redacted === decoded) return component;
  let out = '';
  for (const ch of redacted) {
    if (ch === LITERAL_PERCENT) out += '%';
    else if (escaped.has(ch)) out += percentEncode(ch);
    else out += ch;
  }
  return out;
}

function percentEncode(ch: string): string {
  return [...new TextEncoder().encode(ch)]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

function splitTrailingPunctuation(url: string): [string, string] {
  const m = /[).,;:\]}]+$/.exec(url);
  return m ? [url.slice(0, m.index), m[0]] : [url, ''];
}

/** `CONTOSO` and `Contoso` are one name; the upper-case spelling gets an upper-case stand-in. */
function sameCapitals(value: string, stand: string): string {
  return /\p{Lu}/u.test(value) && !/\p{Ll}/u.test(value) ? stand.toUpperCase() : stand;
}

function keepCase(original: string, stand: string): string {
  return /[A-F]/.test(original) && !/[a-f]/.test(original) ? stand.toUpperCase() : stand;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
