/**
 * Learning: the names a capture or an event log states outright (device, user, tenant, domain),
 * so that free text mentioning them anywhere afterwards is redacted too.
 * @module
 */
import type { DsregCapture } from '../model/capture.ts';
import type { EventRecord } from '../model/events.ts';
import {
  ACCOUNT_RE,
  accountParts,
  type NameKind,
  PROFILE_RE,
  profileParts,
  type Redactor,
} from './engine.ts';
import { isBuiltInProfile, isPlaceholderName } from './identifiers.ts';
import { IDENTITY_FIELDS } from './roles.ts';

/**
 * Fields whose value is a name to learn: the identity fields of the role list whose stand-in is a
 * name (not a GUID or a thumbprint), and the spellings other tools and older builds use for them.
 */
const FIELD_NAME_KINDS: Record<string, NameKind> = {
  ...Object.fromEntries(
    Object.entries(IDENTITY_FIELDS)
      .filter(([, role]) => isNameKind(role.kind))
      .map(([name, role]) => [name.toLowerCase(), role.kind as NameKind]),
  ),
  devicename: 'device',
  'computer name': 'device',
  'user name': 'user',
  'workplace join user': 'user',
  useremail: 'user',
};

function isNameKind(kind: string): kind is NameKind {
  return ['user', 'device', 'tenant', 'netbios', 'domain'].includes(kind);
}

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
  for (const success of capture.trace?.successes ?? []) learnMentions(redactor, success.text);
  const answer = capture.trace?.answer;
  for (const text of [answer?.requestId, answer?.message]) if (text) learnMentions(redactor, text);
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
