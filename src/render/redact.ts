/**
 * Redaction: identifiers in captures, findings and events replaced by stable pseudonyms, so a
 * report or a capture can be posted on a ticket or a forum. Codes, phases, timestamps and
 * Microsoft endpoints stay: they are what a helper needs to read the case.
 * @module
 */
import type { CaptureField, DsregCapture, FieldValue } from '../model/capture.ts';
import type { Finding, Verdict } from '../model/diagnosis.ts';
import type { EventRecord, TimelineEntry } from '../model/events.ts';
import type { DeviceReport, Report } from '../model/report.ts';
import {
  isBuiltInProfile,
  isGenericLabel,
  isMicrosoftHost,
  isNameWorthHiding,
  isPlaceholderName,
  isPublicGuid,
  isRegistryHive,
  looksLikeHostName,
  splitHost,
  WELL_KNOWN_ACCOUNT_DOMAINS,
} from './identifiers.ts';
import { type PseudonymKind, PseudonymTable } from './pseudonyms.ts';

/** The names a capture states outright; they are hidden wherever they appear afterwards. */
export type NameKind = 'user' | 'device' | 'tenant' | 'netbios' | 'domain';

export interface Redactor {
  /** Remembers a name (a device, a user, a tenant...) so free text mentioning it is redacted too. */
  learn(kind: NameKind, value: string): void;
  /** Every identifier in `text` replaced; the rest of the text untouched. */
  text(text: string): string;
  /** The stand-in for one value of a known kind. */
  pseudonym(kind: PseudonymKind, value: string): string;
}

/**
 * A scheme starts where a run of scheme characters starts, and is short: tried from every letter
 * of a long dotted run, the search would take quadratic time.
 */
const URL_RE = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"'<>`]+/gi;
/**
 * The local part may hold an apostrophe (`o'brien@`) but not start with one, so the quote of
 * `'user@contoso.com'` stays outside the address. `%40` is the `@` of URL-encoded text; the
 * look-behind keeps the hex digits of an escape in front (`%3Duser%40...`) out of the local part.
 * A local part has at most 64 characters; the bound also keeps the search linear on long runs.
 */
const EMAIL_RE =
  /(?<!%[0-9a-f]?)[a-z0-9_+-][a-z0-9._+'-]{0,63}(?:@|%40)(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}/gi;
const GUID_RE =
  /(?<![0-9a-z])[0-9a-fx]{8}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{4}-[0-9a-fx]{12}(?![0-9a-z])/gi;
/** A domain or machine SID: the three sub-authorities name the domain; the RID after them stays. */
const SID_RE = /\bS-1-5-21-(\d+-\d+-\d+)(?=\b)/gi;
const HEX_ID_RE = /(?<![0-9a-z])(?:[0-9a-f]{64}|[0-9a-f]{40})(?![0-9a-z])/gi;
/**
 * `CONTOSO\msmith`, `corp.contoso.com\msmith`, `AzureAD\AdeleVance` (the backslash doubled in
 * JSON text): an account names its user even when no field stated it. A NetBIOS domain is
 * written in capitals; Windows' own principals (`NT AUTHORITY\SYSTEM`) are matched first so
 * they stay. A path component (`C:\WINDOWS\system32`) is not an account: nothing may stand
 * before the domain but a separator, and no backslash may follow the user.
 */
const ACCOUNT_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_\\\\.%:~-])(?:(${WELL_KNOWN_ACCOUNT_DOMAINS.join('|')})|([A-Z][A-Z0-9-]{1,14}|AzureAD|(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,24}))(\\\\{1,2})([\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_'.-]*[\\p{L}\\p{N}_])?\\$?)(?![\\p{L}\\p{N}_$\\\\]|[.'-][\\p{L}\\p{N}_])`,
  'gu',
);
/**
 * A profile folder, `C:\Users\jdoe.smith` or `/Users/jdoe`. A folder name with spaces
 * (`John Smith`) is taken whole where a separator or a prompt's `>` closes it, and so are the
 * built-in `All Users` and `Default User`; otherwise the name ends at the first space.
 */
const PROFILE_RE =
  /(?<=[\\/])(Users|Documents and Settings)(\\{1,2}|\/)((?:All Users|Default User)(?![\p{L}\p{N}_])|[^\\/:*?"<>|\s\u0001\u0002]+(?: [^\\/:*?"<>|\s\u0001\u0002]+)*(?=[\\/>])|[^\\/:*?"<>|\s\u0001\u0002]+)/giu;
const HOST_RE = /(?<![\w.@-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])/gi;
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

export function createRedactor(options: { salt?: string } = {}): Redactor {
  return new PseudonymRedactor(options.salt ?? null);
}

class PseudonymRedactor implements Redactor {
  readonly #table: PseudonymTable;
  /** Lower-cased name → its kind. */
  readonly #names = new Map<string, NameKind>();
  /** A word of each name → the names containing it. */
  readonly #byWord = new Map<string, string[]>();

  constructor(salt: string | null) {
    this.#table = new PseudonymTable(salt);
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

  text(input: string): string {
    if (input === '') return input;
    const held: string[] = [];
    const hold = (replacement: string) => `\u0001${held.push(replacement) - 1}\u0002`;
    // Replacements are held aside behind markers so a later pattern cannot rewrite a pseudonym.
    let s = input.replace(/[\u0001\u0002]/g, '').replace(URL_RE, (m) => {
      const [url, tail] = splitTrailingPunctuation(m);
      return hold(this.#url(url)) + tail;
    });
    s = s.replace(EMAIL_RE, (m) => hold(this.#email(m)));
    s = s.replace(GUID_RE, (m) => hold(this.#guid(m)));
    s = s.replace(SID_RE, (_, domain: string) => hold(`S-1-5-21-${this.#table.get('sid', domain)}`));
    s = s.replace(HEX_ID_RE, (m) => hold(keepCase(m, this.#table.get('thumbprint', m))));
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
    if (isMicrosoftHost(host)) return false;
    const lower = host.toLowerCase();
    if (looksLikeHostName(lower)) return true;
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

  /** `sts.contoso.com` → `sts.domain1.example`: the registrable part always, other labels unless generic. */
  #host(host: string): string {
    if (isMicrosoftHost(host) || /^[\d.]+$/.test(host)) return host;
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
    const redactedHost = kept ? host : this.#host(host);
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
function accountParts(
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
function profileParts(folder: string): { user: string; domain: string | null; tail: string } | null {
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

// ---------------------------------------------------------------------------------------------
// Learning: the names a capture or an event log states outright.

const FIELD_NAME_KINDS: Record<string, NameKind> = {
  tenantname: 'tenant',
  workplacetenantname: 'tenant',
  'device name': 'device',
  devicename: 'device',
  'computer name': 'device',
  domainname: 'netbios',
  kerbtoplevelnames: 'domain',
  'user identity': 'user',
  'user name': 'user',
  'executing account name': 'user',
  'workplace join user': 'user',
  useremail: 'user',
};

const EVENT_DATA_KINDS: [RegExp, NameKind][] = [
  [/^(?:user(?:name)?|upn|accountname|samname|targetusername|subjectusername|useridentity)$/i, 'user'],
  [/^(?:tenantname|tenantdomain)$/i, 'tenant'],
  [/^(?:devicename|computername|computer|hostname|workstation(?:name)?)$/i, 'device'],
  [
    /^(?:domain|domainname|targetdomainname|subjectdomainname|domain_?netbios_?name|netbios_?domain(?:_?name)?)$/i,
    'netbios',
  ],
  [/^(?:domain_?dns_?name|dns_?domain(?:_?name)?|forest_?name)$/i, 'domain'],
];

/** Learns one stated name, splitting the compound forms (`CONTOSO\user, user@contoso.com`). */
function learnValue(redactor: Redactor, kind: NameKind, value: string): void {
  for (const part of value.split(/[,;]/)) {
    const item = part.trim().replace(/^\./, '').replace(/:\d+$/, '');
    if (item === '') continue;
    const slash = item.indexOf('\\');
    if (slash > 0) {
      redactor.learn(
        item.includes('.') && item.indexOf('.') < slash ? 'domain' : 'netbios',
        item.slice(0, slash),
      );
      redactor.learn('user', item.slice(slash + 1));
    } else if (item.includes('@')) {
      redactor.learn('user', item.slice(0, item.lastIndexOf('@')));
      redactor.learn('domain', item.slice(item.lastIndexOf('@') + 1));
    } else if (kind === 'netbios' && item.includes('.')) {
      redactor.learn('domain', item);
    } else {
      redactor.learn(kind, item);
    }
  }
}

/**
 * Learns the accounts (`CONTOSO\msmith`) and profile folders (`C:\Users\msmith`) a free text
 * mentions, so that the same names standing alone, before or after, are hidden too.
 */
export function learnMentions(redactor: Redactor, text: string): void {
  for (const m of text.matchAll(ACCOUNT_RE)) {
    const parts = accountParts(m.slice(1));
    if (parts === null) continue;
    redactor.learn(parts.domain.includes('.') ? 'domain' : 'netbios', parts.domain);
    if (!isPlaceholderName(parts.user)) redactor.learn(parts.machine ? 'device' : 'user', parts.user);
  }
  for (const m of text.matchAll(PROFILE_RE)) {
    const parts = profileParts(m[3] ?? '');
    if (parts === null) continue;
    if (!isBuiltInProfile(parts.user)) redactor.learn('user', parts.user);
    if (parts.domain !== null) redactor.learn('netbios', parts.domain);
  }
}

export function learnCapture(redactor: Redactor, capture: DsregCapture): void {
  for (const section of capture.sections) {
    for (const field of section.fields) {
      const kind = FIELD_NAME_KINDS[field.name.toLowerCase()];
      if (kind && field.value.kind !== 'masked') learnValue(redactor, kind, field.raw);
      if (field.value.kind !== 'masked') learnMentions(redactor, field.raw);
    }
  }
  for (const account of capture.accounts) learnMentions(redactor, account.text);
  for (const failure of capture.trace?.failures ?? []) learnMentions(redactor, failure.text);
  if (capture.trace?.tenantName) learnValue(redactor, 'tenant', capture.trace.tenantName);
}

export function learnEvents(redactor: Redactor, records: readonly EventRecord[]): void {
  for (const record of records) {
    if (record.computer) learnValue(redactor, 'device', record.computer);
    for (const [key, value] of Object.entries(record.data)) {
      learnEventValue(redactor, key, value);
      learnMentions(redactor, value);
      learnLabelledLines(redactor, value);
    }
    if (record.message) {
      learnMentions(redactor, record.message);
      learnLabelledLines(redactor, record.message);
    }
  }
}

function learnEventValue(redactor: Redactor, key: string, value: string): void {
  const kind = EVENT_DATA_KINDS.find(([re]) => re.test(key.trim()))?.[1];
  if (kind && value.trim() !== '' && value.trim() !== '-') learnValue(redactor, kind, value);
}

/** `domain_netbios_name : CONTOSO` lines that WAM and AAD events pack into one data value. */
function learnLabelledLines(redactor: Redactor, text: string): void {
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    // Short labels only: a URL or a sentence is not a `name : value` line.
    if (colon < 1 || colon > 40) continue;
    learnEventValue(redactor, line.slice(0, colon), line.slice(colon + 1));
  }
}

// ---------------------------------------------------------------------------------------------
// Rewriting.

export function redactCapture(capture: DsregCapture, redactor: Redactor): DsregCapture {
  learnCapture(redactor, capture);
  const t = (s: string) => redactor.text(s);
  const tn = (s: string | null) => (s === null ? null : t(s));
  return {
    ...capture,
    sections: capture.sections.map((section) => ({
      ...section,
      fields: section.fields.map((field) => redactField(field, redactor)),
    })),
    accounts: capture.accounts.map((a) => ({ ...a, text: t(a.text) })),
    trace: capture.trace
      ? {
          ...capture.trace,
          tenantName: tn(capture.trace.tenantName),
          tenantId: tn(capture.trace.tenantId),
          codes: capture.trace.codes.map((c) => ({ ...c, context: t(c.context) })),
          failures: capture.trace.failures.map((f) => ({ ...f, text: t(f.text) })),
        }
      : null,
    read: { ...capture.read, warnings: capture.read.warnings.map((w) => ({ ...w, message: t(w.message) })) },
  };
}

function redactField(field: CaptureField, redactor: Redactor): CaptureField {
  const t = (s: string) => redactor.text(s);
  return {
    ...field,
    raw: redactRaw(field, redactor),
    value: redactValue(field.value, redactor),
    annotation: field.annotation === null ? null : t(field.annotation),
  };
}

/** The value text of a field, redacted; base64 JSON (`SettingsUrl`) is redacted inside and re-encoded. */
function redactRaw(field: CaptureField, redactor: Redactor): string {
  if (field.value.kind !== 'decoded') return redactor.text(field.raw);
  try {
    const json = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(field.raw.trim()), (ch) => ch.charCodeAt(0)),
    );
    const redacted = redactor.text(json);
    if (redacted === json) return field.raw;
    const bytes = new TextEncoder().encode(redacted);
    return field.raw.replace(field.raw.trim(), btoa(String.fromCharCode(...bytes)));
  } catch {
    return redactor.text(field.raw);
  }
}

function redactValue(value: FieldValue, redactor: Redactor): FieldValue {
  const t = (s: string) => redactor.text(s);
  switch (value.kind) {
    case 'text':
      return { ...value, text: t(value.text) };
    case 'error':
    case 'test':
    case 'masked':
      return { ...value, text: t(value.text) };
    case 'status':
      return { ...value, message: value.message === null ? null : t(value.message) };
    case 'guid':
      return { ...value, guid: t(value.guid) };
    case 'list':
      return { ...value, items: value.items.map(t) };
    case 'decoded':
      return { ...value, json: redactJson(value.json, redactor) };
    default:
      return value;
  }
}

function redactJson(json: unknown, redactor: Redactor): unknown {
  if (typeof json === 'string') return redactor.text(json);
  if (Array.isArray(json)) return json.map((item) => redactJson(item, redactor));
  if (json !== null && typeof json === 'object') {
    return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, redactJson(v, redactor)]));
  }
  return json;
}

export function redactReport(report: Report, redactor: Redactor): Report {
  // Learn every stated name first, so text seen early is redacted with names stated later.
  for (const r of report.reports) {
    if (r.capture) learnCapture(redactor, r.capture);
    if (r.events) learnEvents(redactor, r.events);
  }
  return { ...report, reports: report.reports.map((r) => redactDeviceReport(r, redactor)) };
}

function redactDeviceReport(report: DeviceReport, redactor: Redactor): DeviceReport {
  const t = (s: string) => redactor.text(s);
  const out: DeviceReport = {
    source: {
      ...report.source,
      path: t(report.source.path),
      ...(report.source.skipped
        ? { skipped: report.source.skipped.map((s) => ({ ...s, why: t(s.why) })) }
        : {}),
    },
    capture: report.capture ? redactCapture(report.capture, redactor) : null,
    verdict: redactVerdict(report.verdict, redactor),
    findings: report.findings.map((f) => redactFinding(f, redactor)),
  };
  if (report.events) out.events = report.events.map((e) => redactEvent(e, redactor));
  if (report.timeline) out.timeline = report.timeline.map((e) => redactTimeline(e, redactor));
  return out;
}

function redactVerdict(verdict: Verdict, redactor: Redactor): Verdict {
  const t = (s: string) => redactor.text(s);
  return {
    ...verdict,
    summary: t(verdict.summary),
    confidence: { ...verdict.confidence, reasons: verdict.confidence.reasons.map(t) },
  };
}

function redactFinding(finding: Finding, redactor: Redactor): Finding {
  const t = (s: string) => redactor.text(s);
  return {
    ...finding,
    title: t(finding.title),
    evidence: finding.evidence.map((e) => ({ ...e, value: t(e.value) })),
    explanation: t(finding.explanation),
    causes: finding.causes.map(t),
    steps: finding.steps.map(t),
  };
}

function redactEvent(record: EventRecord, redactor: Redactor): EventRecord {
  const t = (s: string) => redactor.text(s);
  return {
    ...record,
    computer: record.computer === null ? null : t(record.computer),
    data: Object.fromEntries(Object.entries(record.data).map(([k, v]) => [k, t(v)])),
    message: record.message === null ? null : t(record.message),
    activityId: record.activityId === null ? null : t(record.activityId),
  };
}

function redactTimeline(entry: TimelineEntry, redactor: Redactor): TimelineEntry {
  return { ...entry, summary: redactor.text(entry.summary) };
}

/**
 * A copy of the capture text with identifiers replaced in place. Line breaks and everything up
 * to each field's value stay as they were, so the copy reads back to the same model and verdict.
 */
export function redactCaptureText(
  text: string,
  captures: readonly DsregCapture[],
  redactor: Redactor,
): string {
  for (const capture of captures) learnCapture(redactor, capture);
  // Lines outside the fields (a prompt, pasted notes) may name the user too.
  learnMentions(redactor, text);
  const fieldsByLine = new Map<number, CaptureField[]>();
  const headerLines = new Set<number>();
  for (const capture of captures) {
    for (const section of capture.sections) {
      if (section.line !== null) headerLines.add(section.line);
      for (const f of section.fields) fieldsByLine.set(f.line, [...(fieldsByLine.get(f.line) ?? []), f]);
    }
  }
  const pieces = text.split(/(\r\n|\n|\r)/);
  let line = 1;
  for (let i = 0; i < pieces.length; i += 2) {
    const content = pieces[i] ?? '';
    const fields = fieldsByLine.get(line) ?? [];
    // One field per line (the usual layout): name and alignment stay verbatim. A line holding
    // several (a capture whose line breaks were lost) is swept whole.
    const field = fields.length === 1 ? fields[0] : undefined;
    const raw = field?.raw ?? '';
    const at = field && raw !== '' ? content.lastIndexOf(raw) : -1;
    // Section headers are the layout the reader relies on: they stay verbatim.
    if (headerLines.has(line) && fields.length === 0) pieces[i] = content;
    else if (field && at >= 0) {
      pieces[i] =
        content.slice(0, at) + redactRaw(field, redactor) + redactor.text(content.slice(at + raw.length));
    } else pieces[i] = redactor.text(content);
    line++;
  }
  return pieces.join('');
}
