/**
 * One record → the facts a diagnosis needs: phase, exit code, server error, ADAL code, HTTP
 * status, endpoint, UPN, correlation and activity IDs, whatever fields or rendered text it has.
 * @module
 */

import { codesInMessage, findCodes, withRelatedForms } from '../knowledge/codes/index.ts';
import { parsePhase } from '../knowledge/codes/vocabulary.ts';
import type { Phase } from '../model/diagnosis.ts';
import type { EventRecord } from '../model/events.ts';
import {
  aadstsCodes,
  codeFromValue,
  hexCodesIn,
  hexFromText,
  hresultFromWin32,
  networkCodeFromValue,
} from './codes.ts';
import { definitionFor, type EventDefinition, type ProviderKey } from './knowledge.ts';
import { fieldsFromMessage, withoutCutCode } from './message.ts';

export interface EventFacts {
  definition: EventDefinition | null;
  phase: Phase | null;
  /** The event's own result code (ExitCode, Status, Result, Error), normalised. */
  exitCode: string | null;
  /** The ADAL code behind it (`adalResponseCode`, `AdalErrorCode`, 1097/1098 `Error`). */
  adalCode: string | null;
  /** `invalid_grant`, `DirectoryError`, `AuthenticationError`: the server's error name. */
  serverErrorCode: string | null;
  serverMessage: string | null;
  /** AADSTS codes found in the server text. */
  aadsts: string[];
  httpStatus: number | null;
  endpoint: string | null;
  upn: string | null;
  correlationId: string | null;
  activityId: string | null;
  tenantType: string | null;
  tenantName: string | null;
  registrationType: string | null;
  /** `key: value` pairs of 304/331 `DebugOutput` and 305 `ServerErrorMessage`, keys lower-case. */
  debug: Record<string, string>;
  /** Every code above, normalised, in order of importance. */
  codes: string[];
}

/** The record's fields by name: its own data, completed from its rendered message. */
export function fieldsOf(record: EventRecord, def = definitionFor(record)): Record<string, string> {
  const named = Object.keys(record.data).some((k) => !k.startsWith('#'));
  if (def && !named && Object.keys(record.data).length > 0) {
    // Unnamed `<Data>` elements are positional, in template order.
    const positional = Object.values(record.data);
    const data: Record<string, string> = {};
    positional.forEach((v, i) => {
      data[def.fields[i] ?? `#${i + 1}`] = v;
    });
    return data;
  }
  if (def && record.message && Object.keys(record.data).length === 0)
    return fieldsFromMessage(def, withoutCutCode(record.message));
  return record.data;
}

/** `key: value` lines (`errorPhase: auth`, `AdalErrorCode: 0x2ee6`); keys lower-cased. */
export function keyValueLines(text: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const line of text.split(/\r?\n|;\s*(?=\w+\s*:)/)) {
    const m = /^\s*([A-Za-z][\w ()]{0,40}?)\s*:\s*(.*?)\s*$/.exec(line);
    if (m?.[1] && m[2] !== undefined) {
      const key = m[1].toLowerCase().replace(/\s+/g, '');
      if (!(key in out)) out[key] = m[2];
    }
  }
  return out;
}

function pick(data: Record<string, string>, ...names: string[]): string | null {
  for (const n of names) {
    const v = data[n];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return null;
}

/** A DRS error body: `{"ErrorType":"DirectoryError","Message":"…","TraceId":"…"}`. */
function drsError(text: string | null): { type: string | null; message: string | null } {
  if (!text) return { type: null, message: null };
  const start = text.indexOf('{');
  if (start >= 0) {
    try {
      const body = JSON.parse(text.slice(start, text.lastIndexOf('}') + 1)) as Record<string, unknown>;
      const type = body.ErrorType ?? body.error ?? body.code;
      const message = body.Message ?? body.error_description ?? body.message;
      return {
        type: typeof type === 'string' ? type : null,
        message: typeof message === 'string' ? message : null,
      };
    } catch {
      // not JSON after all: fall through to the raw text
    }
  }
  return { type: null, message: text.trim() === '' || text.trim() === '.' ? null : text.trim() };
}

function httpStatusOf(text: string | null): number | null {
  if (!text) return null;
  const m = /\b([1-5]\d\d)\b/.exec(text);
  return m?.[1] ? Number(m[1]) : null;
}

function guid(text: string | null | undefined): string | null {
  const m = text ? /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(text) : null;
  return m ? m[0].toLowerCase() : null;
}

function nonZero(code: string | null): string | null {
  return code === '0x00000000' ? null : code;
}

function emptyFacts(def: EventDefinition | null): EventFacts {
  return {
    definition: def,
    phase: def?.phase ?? null,
    exitCode: null,
    adalCode: null,
    serverErrorCode: null,
    serverMessage: null,
    aadsts: [],
    httpStatus: null,
    endpoint: null,
    upn: null,
    correlationId: null,
    activityId: null,
    tenantType: null,
    tenantName: null,
    registrationType: null,
    debug: {},
    codes: [],
  };
}

function udrFacts(f: EventFacts, d: Record<string, string>): void {
  f.exitCode = nonZero(codeFromValue(pick(d, 'ExitCode')));
  f.tenantType = pick(d, 'TenantType');
  f.tenantName = pick(d, 'TenantName');
  f.registrationType = pick(d, 'JoinType');
  f.upn = pick(d, 'UPN');
  f.activityId = guid(pick(d, 'ActivityId'));
  const status = pick(d, 'HttpStatus');
  f.httpStatus = status ? httpStatusOf(status) : null;
  const server = pick(d, 'ServerResponse', 'ServerMessage', 'ServerErrorMessage');
  f.debug = { ...keyValueLines(pick(d, 'DebugOutput')), ...keyValueLines(pick(d, 'ServerErrorMessage')) };
  const body = drsError(server);
  f.serverErrorCode = pick(d, 'ErrorCode') ?? body.type;
  f.serverMessage = body.message;
  const phase = parsePhase(f.debug.errorphase);
  if (phase && f.definition?.outcome === 'failure') f.phase = phase;
  f.adalCode = nonZero(networkCodeFromValue(f.debug.adalresponsecode ?? f.debug.adalerrorcode ?? null));
  if (f.definition?.facts.adalMessage && f.debug.adalmessage) f.serverMessage = f.debug.adalmessage;
  f.correlationId = guid(f.debug.adalcorrelationid ?? f.debug.correlationid ?? null);
  f.tenantType ??= f.debug.tenanttype ?? null;
  f.registrationType ??= f.debug.registrationtype ?? null;
  // 220, 221 and the WinHTTP events carry a Win32 error number, not an HRESULT.
  const win32 = hresultFromWin32(pick(d, 'ErrorCode'));
  if (!f.exitCode && win32) {
    f.exitCode = win32;
    f.serverErrorCode = null;
  }
  if (f.serverMessage === 'undefined') f.serverMessage = null;
}

/** The first value of a template, when the field is unnamed (positional data). */
function named(d: Record<string, string>, field: string, def: EventDefinition): string | null {
  return pick(d, field) ?? (def.fields[0] === field ? (Object.values(d)[0]?.trim() ?? null) : null);
}

/** Facts from the fields the event's knowledge names (`facts` of its record). */
function specFacts(f: EventFacts, d: Record<string, string>, def: EventDefinition): void {
  const spec = def.facts;
  if (spec.tokenBroker) {
    f.adalCode = codeFromValue(pick(d, 'Error'));
    f.exitCode = f.adalCode;
    const info = keyValueLines(pick(d, 'AdditionalInformation'));
    // Some builds write the additional information on one line.
    const inline = /\bCode:\s*(\w+)/.exec(pick(d, 'AdditionalInformation') ?? '')?.[1];
    f.serverErrorCode = info.code ?? inline ?? null;
    f.serverMessage = info.description ?? pick(d, 'ErrorMessage');
    f.endpoint = info.tokenendpoint ?? null;
    f.correlationId = guid(info['correlationid(request)'] ?? info.correlationid ?? null);
  }
  if (spec.code) {
    const value = named(d, spec.code, def);
    f.exitCode = spec.win32
      ? (hresultFromWin32(value) ?? codeFromValue(value))
      : spec.network
        ? networkCodeFromValue(value)
        : codeFromValue(value);
  }
  if (spec.http) f.httpStatus = httpStatusOf(named(d, spec.http, def));
  if (spec.endpoint) f.endpoint = named(d, spec.endpoint, def);
  if (spec.serverCode) f.serverErrorCode = pick(d, spec.serverCode);
  if (spec.serverMessage) f.serverMessage = pick(d, spec.serverMessage);
  // Read by position too: builds name these fields differently.
  if (spec.upn) f.upn = (d[spec.upn[0]] ?? Object.values(d)[spec.upn[1]])?.trim() || null;
  f.correlationId ??= guid(pick(d, 'CorrelationID'));
  if ((spec.code || spec.tokenBroker) && f.exitCode === '0x00000000') f.exitCode = null;
}

/** The result code a message states (`The error code was 1355`), for events without data fields. */
function codeInText(f: EventFacts, text: string, def: EventDefinition): void {
  const spec = def.facts;
  const m = spec.codeInText ? spec.codeInText.exec(text) : null;
  if (!m?.[1]) return;
  f.exitCode = nonZero(spec.win32 ? (hresultFromWin32(m[1]) ?? codeFromValue(m[1])) : codeFromValue(m[1]));
}

function wpjFacts(f: EventFacts, d: Record<string, string>): void {
  f.exitCode = codeFromValue(pick(d, 'ExitCode'));
  f.httpStatus = httpStatusOf(pick(d, 'HttpStatus'));
  f.endpoint = pick(d, 'ServiceUri', 'RegistrationServiceUri', 'Uri');
  f.activityId = guid(pick(d, 'ActivityId'));
  f.correlationId = guid(pick(d, 'TraceId'));
  f.serverErrorCode = pick(d, 'ErrorCodeText');
  f.serverMessage = pick(d, 'ErrorMessage', 'SoapResponse');
}

/** The facts one record states. Never throws; unknown records give the codes written in them. */
export function factsOf(record: EventRecord): EventFacts {
  const def = definitionFor(record);
  const f = emptyFacts(def);
  const data = fieldsOf(record, def);
  if (def?.source === 'udr') udrFacts(f, data);
  else if (def?.source === 'wpj') wpjFacts(f, data);
  if (def) specFacts(f, data, def);
  // A message a table cut short keeps no half of a code.
  const message = record.message === null ? null : withoutCutCode(record.message);
  if (def && message) codeInText(f, message, def);
  f.activityId ??= guid(record.activityId);
  f.aadsts = aadstsCodes([f.serverMessage, pick(data, 'AdditionalInformation')].join('\n'));
  f.codes = [
    ...new Set(
      [
        f.exitCode,
        f.adalCode,
        ...f.aadsts,
        f.serverErrorCode && /^[A-Za-z_]+$/.test(f.serverErrorCode) ? f.serverErrorCode : null,
      ].filter((c): c is string => !!c),
    ),
  ];
  // A broker error often wraps the one that caused it (`Error: -895418359 (0xcaa10009)` in the
  // text of a 0xCAA5001C event): the inner codes follow the event's own.
  if (def?.facts.tokenBroker) {
    for (const code of hexCodesIn(pick(data, 'AdditionalInformation') ?? '')) {
      if (code !== '0x00000000' && !f.codes.includes(code)) f.codes.push(code);
    }
  }
  // The server's own text (a 305 `AdalLog:` line, a 1088 `Error description:`, a 262
  // `ErrorSubcode`) names codes of the failure too: MSIS, AADSTS, hex, the server's sub-error.
  if (def && isRegistrationProvider(def.source)) {
    const server = [
      f.serverMessage,
      ...[
        'ServerErrorMessage',
        'ServerMessage',
        'ErrorDescription',
        'ErrorSubcode',
        'AdditionalInformation',
      ].map((n) => pick(data, n)),
    ].join('\n');
    for (const code of codesInMessage(server)) {
      // `AdalErrorCode: 0x2ee6` is a bare WinHTTP number, already reported as its HRESULT.
      if (!f.codes.includes(code) && !code.startsWith('0x0000')) f.codes.push(code);
    }
  }
  // A failure whose message names its code under a label we do not know (`Error code:
  // -2145648607.` where the template says `exit code:`): the codes written in it are its own.
  if (
    def?.outcome === 'failure' &&
    f.codes.length === 0 &&
    !def.facts.kerberos &&
    !def.facts.freeText &&
    message
  ) {
    for (const code of findCodes(message)) if (!f.codes.includes(code)) f.codes.push(code);
    f.exitCode ??= f.codes.find((c) => /^0x[0-9a-f]{8}$/.test(c)) ?? null;
  }
  // A hex code inside a free-text message event is still worth reporting.
  if (def?.facts.freeText && f.codes.length === 0) {
    const hex = hexFromText(pick(data, def.facts.freeText) ?? '');
    if (hex) f.codes.push(hex);
  }
  // Events whose knowledge names no code field (other providers, events we do not know): every
  // code written in the message or the data is theirs, read by the error catalog.
  if (!def || (!isRegistrationProvider(def.source) && !def.facts.kerberos && !def.facts.ownCodeOnly)) {
    const text = [message ?? '', ...Object.values(record.data)].join('\n');
    // Sub-errors the catalog knows (`error_missing_device`) are kept beside the numbers.
    for (const code of codesInMessage(text)) if (!f.codes.includes(code)) f.codes.push(code);
    f.exitCode ??= f.codes.find((c) => /^0x[0-9a-f]{8}$/.test(c)) ?? null;
  }
  // An `HRESULT_FROM_NT` value (`0xd000006d`) is reported with its NTSTATUS (`0xc000006d`).
  f.codes = [...new Set(f.codes.flatMap(withRelatedForms))];
  return f;
}

function isRegistrationProvider(source: ProviderKey): boolean {
  return source === 'udr' || source === 'aad' || source === 'wpj';
}
