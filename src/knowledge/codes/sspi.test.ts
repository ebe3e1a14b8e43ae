import { describe, expect, it } from 'vitest';
import type { CodeEntry } from './index.ts';
import { allEntries, codeFromMessage, findCodes, getEntry, lookupCode, readingFor } from './index.ts';

/** Every SSPI code of the family, as winerror.h defines it: [name, hex, signed decimal]. */
const WINERROR: [name: string, hex: string, signed: number][] = [
  ['SEC_E_INVALID_TOKEN', '0x80090308', -2146893048],
  ['SEC_E_LOGON_DENIED', '0x8009030c', -2146893044],
  ['SEC_E_UNKNOWN_CREDENTIALS', '0x8009030d', -2146893043],
  ['SEC_E_NO_CREDENTIALS', '0x8009030e', -2146893042],
  ['SEC_E_NO_AUTHENTICATING_AUTHORITY', '0x80090311', -2146893039],
  ['SEC_E_CONTEXT_EXPIRED', '0x80090317', -2146893033],
  ['SEC_E_WRONG_PRINCIPAL', '0x80090322', -2146893022],
  ['SEC_E_TIME_SKEW', '0x80090324', -2146893020],
  ['SEC_E_UNTRUSTED_ROOT', '0x80090325', -2146893019],
  ['SEC_E_ILLEGAL_MESSAGE', '0x80090326', -2146893018],
  ['SEC_E_CERT_UNKNOWN', '0x80090327', -2146893017],
  ['SEC_E_CERT_EXPIRED', '0x80090328', -2146893016],
  ['SEC_E_ENCRYPT_FAILURE', '0x80090329', -2146893015],
  ['SEC_E_DECRYPT_FAILURE', '0x80090330', -2146893008],
  ['SEC_E_ALGORITHM_MISMATCH', '0x80090331', -2146893007],
  ['SEC_E_KDC_INVALID_REQUEST', '0x80090340', -2146892992],
  ['SEC_E_KDC_UNABLE_TO_REFER', '0x80090341', -2146892991],
  ['SEC_E_KDC_UNKNOWN_ETYPE', '0x80090342', -2146892990],
  ['SEC_E_NO_KERB_KEY', '0x80090348', -2146892984],
  ['SEC_E_PKINIT_NAME_MISMATCH', '0x8009033d', -2146892995],
  ['SEC_E_SMARTCARD_LOGON_REQUIRED', '0x8009033e', -2146892994],
  ['SEC_E_DOWNGRADE_DETECTED', '0x80090350', -2146892976],
  ['SEC_E_ISSUING_CA_UNTRUSTED', '0x80090352', -2146892974],
  ['SEC_E_REVOCATION_OFFLINE_C', '0x80090353', -2146892973],
  ['SEC_E_PKINIT_CLIENT_FAILURE', '0x80090354', -2146892972],
  ['SEC_E_NO_S4U_PROT_SUPPORT', '0x80090356', -2146892970],
  ['SEC_E_CROSSREALM_DELEGATION_FAILURE', '0x80090357', -2146892969],
  ['SEC_E_REVOCATION_OFFLINE_KDC', '0x80090358', -2146892968],
  ['SEC_E_ISSUING_CA_UNTRUSTED_KDC', '0x80090359', -2146892967],
  ['SEC_E_KDC_CERT_EXPIRED', '0x8009035a', -2146892966],
  ['SEC_E_KDC_CERT_REVOKED', '0x8009035b', -2146892965],
  ['SEC_E_DELEGATION_POLICY', '0x8009035e', -2146892962],
  ['SEC_E_POLICY_NLTM_ONLY', '0x8009035f', -2146892961],
  ['SEC_E_MUTUAL_AUTH_FAILED', '0x80090363', -2146892957],
];

describe('the SSPI family', () => {
  const family = allEntries().filter((e) => e.family === 'sspi');

  it('holds exactly the winerror.h codes listed, each once', () => {
    expect(family.length).toBe(34);
    expect(family.map((e) => [e.name, e.code]).sort()).toEqual(WINERROR.map(([n, h]) => [n, h]).sort());
  });

  it('has the signed decimal of each value right', () => {
    for (const [, hex, signed] of WINERROR) expect(Number.parseInt(hex.slice(2), 16) | 0).toBe(signed);
  });

  it.each(WINERROR)('%s (%s / %d) looks up by name, hex and signed decimal', (name, hex, signed) => {
    expect(lookupCode(name)).toMatchObject({ form: 'name', normalized: hex });
    expect(lookupCode(name).entry?.name).toBe(name);
    expect(lookupCode(hex.toUpperCase().replace('0X', '0x')).entry?.name).toBe(name);
    expect(lookupCode(String(signed))).toMatchObject({ form: 'signed-decimal', normalized: hex });
    expect(lookupCode(String(signed)).entry?.name).toBe(name);
  });

  it('gives every entry the winerror.h source, a reading with causes and steps', () => {
    for (const e of family) {
      expect(e.sources[0]?.title, e.code).toContain('winerror.h');
      const r = readingFor(e, null);
      expect(r.causes.length, e.code).toBeGreaterThan(0);
      expect(r.steps.length, e.code).toBeGreaterThan(0);
    }
  });

  it('is decoded as FACILITY_SECURITY (9)', () => {
    expect(lookupCode('0x80090322').structure).toMatchObject({
      facility: 9,
      facilityName: 'SECURITY',
      severity: 'error',
      isNtStatus: false,
      win32: null,
    });
  });
});

describe('0x80090322 SEC_E_WRONG_PRINCIPAL', () => {
  const entry = getEntry('0x80090322') as CodeEntry;

  it('explains the Kerberos Ticket Test failure', () => {
    expect(findCodes('Kerberos Ticket Test : FAIL [0x80090322]')).toEqual(['0x80090322']);
    expect(lookupCode('Kerberos Ticket Test : FAIL [0x80090322]').entry?.name).toBe('SEC_E_WRONG_PRINCIPAL');
    expect(entry).toMatchObject({
      code: '0x80090322',
      name: 'SEC_E_WRONG_PRINCIPAL',
      family: 'sspi',
      summary:
        'The server contacted is not the one the name asked for (Kerberos SPN or TLS certificate name).',
      messages: ['The target principal name is incorrect.'],
    });
    const r = readingFor(entry, null);
    expect(r.meaning).toBe(
      'The server that answered could not prove it is the principal the device asked for: with Kerberos the ticket was issued for a service name (SPN) whose key the server does not hold; with TLS the certificate does not match the host name contacted.',
    );
    expect(r.causes).toHaveLength(4);
    expect(r.causes[0]).toContain('DNS alias (CNAME)');
    expect(r.causes[3]).toContain('proxy intercepting TLS');
    expect(r.steps[2]).toContain('setspn -X');
    expect(r.steps.at(-1)).toBe(
      'Purge the cached tickets and retry: `klist purge` for the user, `klist -li 0x3e7 purge` for the computer (SYSTEM) context.',
    );
  });

  it('is found from its Windows message text', () => {
    expect(codeFromMessage('The target principal name is incorrect.')?.code).toBe('0x80090322');
    expect(lookupCode('The target principal name is incorrect')).toMatchObject({
      form: 'message',
      normalized: '0x80090322',
    });
  });
});

describe('other SSPI readings', () => {
  it('time skew points at the device clock and w32time against a domain controller', () => {
    const r = readingFor(getEntry('0x80090324') as CodeEntry, null);
    expect(r.meaning).toContain('5 minutes by default');
    expect(r.steps[0]).toBe(
      'Compare the device clock with a domain controller: `w32tm /stripchart /computer:<dc> /samples:5 /dataonly`.',
    );
  });
  it('untrusted root names TLS inspection and a missing root CA', () => {
    const r = readingFor(getEntry('0x80090325') as CodeEntry, null);
    expect(r.causes[0]).toContain('TLS inspection proxy');
    expect(r.causes[1]).toContain('AD FS');
  });
  it('no authenticating authority is about finding a domain controller', () => {
    const r = readingFor(lookupCode('SEC_E_NO_AUTHENTICATING_AUTHORITY').entry as CodeEntry, null);
    expect(r.steps[0]).toContain('nltest /dsgetdc:');
  });
  it('keeps the header spelling NLTM and says so', () => {
    expect(lookupCode('SEC_E_POLICY_NLTM_ONLY').entry?.notes?.[0]).toContain('NLTM');
    expect(lookupCode('SEC_E_POLICY_NTLM_ONLY').entry).toBeNull();
  });
});
