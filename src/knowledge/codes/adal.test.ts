import { describe, expect, it } from 'vitest';
import { codeFromMessage, getEntry, lookupCode, readingFor } from './index.ts';

describe('ADAL and token broker codes seen in AAD/Operational and AAD/Analytic events', () => {
  it('0xCAA5001C: token broker operation failed, with the KB3196528 registry fix', () => {
    const found = lookupCode('0xCAA5001C');
    expect(found.entry).toMatchObject({ code: '0xcaa5001c', name: null, family: 'adal' });
    expect(found.structure?.severity).toBe('error');
    expect(codeFromMessage('Token broker operation failed')?.code).toBe('0xcaa5001c');
    const r = readingFor(found.entry!, null, 'AAD event 1098');
    expect(r.causes[0]).toContain('Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy');
    expect(r.causes[0]).toContain('0xC000005F');
    expect(found.entry?.sources.map((s) => s.url)).toContain(
      'https://learn.microsoft.com/troubleshoot/windows-client/user-profiles-and-logon/event-1098-error-0xcaa5001c',
    );
  });

  it('0xCAA10009: ERROR_ADAL_CLIENTID_EMPTY, by value, signed decimal and message', () => {
    expect(lookupCode('-895418359').entry?.name).toBe('ERROR_ADAL_CLIENTID_EMPTY');
    expect(codeFromMessage("The value specified for 'clientId' must be non-empty.")?.code).toBe('0xcaa10009');
  });

  it.each([
    ['0x4AA90010', 'INFO_ADAL_REQUEST_SENDING', 'Sending web request'],
    ['0x4AA90011', 'INFO_ADAL_HEADERS', 'UI flow started'],
  ])('%s (%s) is informational, not a failure', (code, name, message) => {
    const found = lookupCode(code);
    expect(found.entry?.name).toBe(name);
    expect(found.structure?.severity).toBe('informational');
    expect(found.entry?.summary.startsWith('Informational, not an error')).toBe(true);
    expect(found.entry?.readings[0]?.causes).toEqual([]);
    expect(codeFromMessage(message)?.code).toBe(code.toLowerCase());
  });

  it('TPM_E_NOTFIPS is found from the message event 202 renders instead of the number', () => {
    expect(
      codeFromMessage('The TPM is attempting to execute a command only available when in FIPS mode.')?.code,
    ).toBe('0x80280036');
    expect(getEntry('0x80280036')?.sources.some((s) => s.title.includes('event 202'))).toBe(true);
  });
});
