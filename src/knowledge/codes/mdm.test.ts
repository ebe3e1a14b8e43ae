import { describe, expect, it } from 'vitest';
import { codePhases, explain } from './explain.ts';
import { codesInMessage, findCodes, lookupCode } from './lookup.ts';

describe('MDM enrollment codes (0x8018xxxx)', () => {
  it.each([
    ['0x80180001', 'MENROLL_E_DEVICE_MESSAGE_FORMAT_ERROR'],
    ['0x80180002', 'MENROLL_E_DEVICE_AUTHENTICATION_ERROR'],
    ['0x80180003', 'MENROLL_E_DEVICE_AUTHORIZATION_ERROR'],
    ['0x80180005', 'MENROLL_E_DEVICE_CONFIGMGRSERVER_ERROR'],
    ['0x8018000A', 'MENROLL_E_DEVICE_ALREADY_ENROLLED'],
    ['0x80180014', 'MENROLL_E_DEVICENOTSUPPORTED'],
    ['0x80180018', 'MENROLL_E_USERLICENSE'],
    ['0x80180022', 'MENROLL_E_PROV_CSP_MISC'],
    ['0x80180026', 'MENROLL_E_DEVICE_MANAGEMENT_BLOCKED'],
    ['0x80180031', 'MENROLL_E_MDM_NOT_CONFIGURED'],
  ])('%s is %s, read in the MDM enrollment context', (code, name) => {
    const e = explain(code);
    expect(e.catalogued).toBe(true);
    expect(e.name).toBe(name);
    expect(e.family).toBe('mdm');
    expect(codePhases(code)).toEqual([]);
    expect(lookupCode(code).entry?.readings.map((r) => r.context)).toEqual(['MDM enrollment']);
  });

  it('reads the forms the out-of-box page and event XML write (8018xxxx, signed decimal)', () => {
    expect(explain('80180026').code).toBe('0x80180026');
    expect(explain('-2145910746').name).toBe('MENROLL_E_DEVICE_MANAGEMENT_BLOCKED');
    expect(explain('2149056532').name).toBe('MENROLL_E_DEVICENOTSUPPORTED');
  });

  it('finds the code under each spelling the SDK headers use', () => {
    expect(lookupCode('MENROLL_E_USER_LICENSE').normalized).toBe('0x80180018');
    expect(lookupCode('MENROLL_E_DEVICE_CERTIFICATEREQUEST_ERROR').normalized).toBe('0x80180004');
    expect(lookupCode('MREGISTER_E_NOTELIGIBLETORENEW').normalized).toBe('0x80180016');
    // Two cancel codes: mdmregistration.h and winerror.h give the two spellings two values.
    expect(lookupCode('MENROLL_E_USER_CANCELED').normalized).toBe('0x8018002a');
    expect(lookupCode('MENROLL_E_USER_CANCELLED').normalized).toBe('0x80180030');
  });

  it('gives the reasons and the fixes the Intune troubleshooting articles give', () => {
    const blocked = explain('0x80180014');
    expect(blocked.meaning).toBe('The MDM service does not accept this platform or Windows version.');
    expect(blocked.steps[0]).toBe(
      'In the Intune admin center, Devices, Enrollment restrictions: allow Windows (MDM) in the platform restriction that applies to the user.',
    );
    const auto = explain('0x8018002b');
    expect(auto.name).toBeNull();
    expect(auto.catalogued).toBe(true);
    expect(auto.causes).toHaveLength(3);
    expect(auto.causes[0]).toContain('non-routable suffix');
    expect(auto.causes[1]).toContain('MDM user scope is None');
  });

  it('reads the nine-digit misprint of 0x8018002b and says so', () => {
    const e = explain('0x80180002b');
    expect(e.code).toBe('0x8018002b');
    expect(e.note).toBe(
      'Written "0x80180002b" (nine digits) in the Intune troubleshooting articles; the value is 0x8018002b.',
    );
  });

  it('finds MDM codes and names inside messages', () => {
    expect(findCodes('Auto MDM Enroll: Failed (Unknown Win32 Error code: 0x8018002b)')).toEqual([
      '0x8018002b',
    ]);
    expect(codesInMessage('enrollment failed with MENROLL_E_DEVICECAPREACHED')).toEqual(['0x80180013']);
  });
});
