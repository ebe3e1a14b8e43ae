import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseFixture, diagnoseText, findingOf, ids } from '../../test/fixtures/diagnose/load.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'diagnose');
/** A domain-joined device whose user has a manual proxy, WinHTTP DIRECT, discovery timed out. */
const USER_ONLY = readFileSync(join(fixtures, 'proxy-user-only-discover-timeout.txt'), 'utf8');

const URL_SPECIFIC_WPAD_FAILED = `+----------------------------------------------------------------------+
| URL Specific Proxy Config                                            |
+----------------------------------------------------------------------+

    Auto Detect PAC Status : Failed to auto detect the Proxy Auto-Configuration (PAC) script using WPAD. code: 0x80072f94

+----------------------------------------------------------------------+
| IE Proxy Config for Current User                                     |`;

function proxyIds(text: string): string[] {
  return ids(diagnoseText(text)).filter((id) => id.startsWith('proxy-'));
}

describe('proxy rule (B7)', () => {
  it('reads a proxy set for the user only, beside a discovery timeout, as SYSTEM having no way out', () => {
    const d = diagnoseFixture('diagnose/proxy-user-only-discover-timeout.txt');
    expect(d.verdict).toMatchObject({
      failedPhase: 'discover',
      errorCode: '0x801c0021',
      subErrorCode: '0x80072ee2',
    });
    const f = findingOf(d, 'proxy-user-only');
    expect(f).toMatchObject({
      severity: 'warning',
      checks: ['B7'],
      codes: ['0x801c0021', '0x80072ee2'],
      title: 'The proxy is set for the user only: the SYSTEM context that registers the device has none',
    });
    expect(f.evidence).toEqual([
      { field: 'Error Phase', value: 'discover', line: 42, scope: 'Previous Registration' },
      { field: 'Client ErrorCode', value: '0x801c0021', line: 43, scope: 'Previous Registration' },
      { field: 'DRS Discovery Test', value: 'FAIL [0x801c0021/0x80072ee2]', line: 36, scope: null },
      { field: 'Auto Detect Settings', value: 'NO', line: 49, scope: null },
      { field: 'Proxy Server List', value: 'proxy.contoso.com:8080', line: 51, scope: null },
      { field: 'Proxy Bypass List', value: '*.contoso.com', line: 52, scope: null },
      { field: 'Access Type', value: 'DIRECT', line: 58, scope: null },
    ]);
    expect(f.explanation).toBe(
      'The signed-in user’s settings send web traffic through proxy.contoso.com:8080, but the WinHTTP proxy is DIRECT, and automatic proxy detection is off. Hybrid join runs as SYSTEM and does not use the user’s proxy settings: it finds a proxy by WPAD or uses the WinHTTP proxy. The registration attempt failed in the discover phase with 0x801c0021 / 0x80072ee2, a request that got no usable answer: the SYSTEM context most likely cannot reach the registration endpoints.',
    );
    expect(f.steps[0]).toBe(
      'Give the computer context a proxy: publish WPAD (DNS or DHCP), or set the WinHTTP proxy by Group Policy (Windows 10 1709 and later) or with `netsh winhttp set proxy`.',
    );
    expect(ids(d)).not.toContain('proxy-system-requests-failed');
  });

  it('names the failed WPAD detection of the URL Specific section', () => {
    const text = USER_ONLY.replace('Auto Detect Settings : NO', 'Auto Detect Settings : YES').replace(
      /\+-+\+\n\| IE Proxy Config for Current User +\|/,
      URL_SPECIFIC_WPAD_FAILED,
    );
    const f = findingOf(diagnoseText(text), 'proxy-user-only');
    expect(f.severity).toBe('warning');
    expect(f.explanation).toContain(
      'but the WinHTTP proxy is DIRECT, and automatic detection (WPAD) found no PAC script (0x80072f94).',
    );
    expect(f.evidence.map((e) => e.field)).toContain('Auto Detect PAC Status');
  });

  it('reads SYSTEM’s own section and the WPAD result of an elevated run on a recent build', () => {
    // Both IE sections are printed: the current user's is the user's, SYSTEM's has no proxy.
    const d = diagnoseFixture('captures/proxy-sections-system-account.txt');
    const f = findingOf(d, 'proxy-user-only');
    expect(f).toMatchObject({ severity: 'warning', codes: ['0x801c0021', '0x80072efd'] });
    expect(f.explanation).toBe(
      'The signed-in user’s settings send web traffic through proxy.contoso.com:8080, but the WinHTTP proxy is DIRECT, and automatic detection (WPAD) found no PAC script (0x80072f94). Hybrid join runs as SYSTEM and does not use the user’s proxy settings: it finds a proxy by WPAD or uses the WinHTTP proxy. The registration attempt failed in the discover phase with 0x801c0021 / 0x80072efd, a request that got no usable answer: the SYSTEM context most likely cannot reach the registration endpoints.',
    );
    expect(f.evidence.map((e) => [e.field, e.line])).toEqual([
      ['Error Phase', 47],
      ['Client ErrorCode', 48],
      ['DRS Discovery Test', 41],
      ['Auto Detect Settings', 72],
      ['Proxy Server List', 74],
      ['Proxy Bypass List', 75],
      ['Auto Detect Settings', 54],
      ['Access Type', 81],
      ['Auto Detect PAC Status', 63],
    ]);
  });

  it('points at the proxy SYSTEM goes through when the WinHTTP proxy is set and requests fail', () => {
    const text = USER_ONLY.replace('FAIL [0x801c0021/0x80072ee2]', 'FAIL [0x801c0021/0x80072efd]').replace(
      '               Access Type : DIRECT\n',
      '               Access Type : NAMED PROXY\n         Proxy Server List : proxy.contoso.com:8080\n         Proxy Bypass List : *.contoso.com\n',
    );
    const d = diagnoseText(text);
    expect(ids(d).filter((id) => id.startsWith('proxy-'))).toEqual(['proxy-system-requests-failed']);
    const f = findingOf(d, 'proxy-system-requests-failed');
    expect(f).toMatchObject({ severity: 'warning', checks: ['B7'], codes: ['0x801c0021', '0x80072efd'] });
    expect(f.explanation).toBe(
      'The SYSTEM context, which registers the device, goes through the WinHTTP proxy proxy.contoso.com:8080. The registration attempt failed in the discover phase with 0x801c0021 / 0x80072efd: the request got no usable answer through that proxy, so the proxy is the first place to look.',
    );
    expect(f.causes[0]).toBe(
      'The proxy asks for authentication the computer account cannot give (it accepts users only).',
    );
  });

  it('leads with TLS inspection when the request failed on the certificate (0x80072f8f)', () => {
    const text = USER_ONLY.replace('FAIL [0x801c0021/0x80072ee2]', 'FAIL [0x801c0021/0x80072f8f]').replace(
      '               Access Type : DIRECT\n',
      '               Access Type : NAMED PROXY\n         Proxy Server List : proxy.contoso.com:8080\n',
    );
    const f = findingOf(diagnoseText(text), 'proxy-system-requests-failed');
    expect(f.codes).toEqual(['0x801c0021', '0x80072f8f']);
    expect(f.causes[0]).toBe('The proxy inspects TLS and replaces the certificate of the endpoints.');
  });

  it('reads the current user of a run as SYSTEM as SYSTEM itself: its proxy is the machine’s', () => {
    const text = USER_ONLY.replace('User Context : UN-ELEVATED User', 'User Context : SYSTEM');
    const d = diagnoseText(text);
    expect(ids(d).filter((id) => id.startsWith('proxy-'))).toEqual(['proxy-system-requests-failed']);
    expect(findingOf(d, 'proxy-system-requests-failed').explanation).toContain(
      'goes through proxy.contoso.com:8080, the proxy of its own settings.',
    );
  });

  it('says nothing when the failure is no network failure (tenant not found behind discovery)', () => {
    expect(
      proxyIds(USER_ONLY.replace('FAIL [0x801c0021/0x80072ee2]', 'FAIL [0x801c0021/0x801c003a]')),
    ).toEqual([]);
  });

  it('says nothing of a WinHTTP proxy on a device whose hybrid join succeeded', () => {
    const d = diagnoseFixture('diagnose/hybrid-joined-winhttp-proxy.txt');
    expect(d.verdict.joinState).toBe('hybrid-joined');
    expect(ids(d).filter((id) => id.startsWith('proxy-'))).toEqual([]);
    expect(d.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('says nothing of a user PAC file on a joined device: the SYSTEM context evidently got through', () => {
    // The user's auto-configuration URL governs the user's own traffic; the device joined, so the
    // computer context reached the registration service some other way. A note would be noise on
    // every healthy device behind a PAC file.
    const d = diagnoseFixture('diagnose/hybrid-joined-user-pac.txt');
    expect(d.verdict.joinState).toBe('hybrid-joined');
    expect(ids(d).filter((id) => id.startsWith('proxy-'))).toEqual([]);
    expect(d.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('notes a user-only PAC file on a domain-joined device that has not tried to join yet, as information', () => {
    const text = USER_ONLY.replace('FAIL [0x801c0021/0x80072ee2]', 'PASS')
      .replace(/\n +Previous Registration : .*\n +Error Phase : .*\n +Client ErrorCode : .*\n/, '\n')
      .replace('Auto-Configuration URL : ', 'Auto-Configuration URL : http://pac.contoso.com/proxy.pac')
      .replace('Proxy Server List : proxy.contoso.com:8080', 'Proxy Server List : ');
    const d = diagnoseText(text);
    expect(d.verdict.failedPhase).toBeNull();
    const f = findingOf(d, 'proxy-user-only');
    expect(f).toMatchObject({
      severity: 'info',
      checks: ['B7'],
      codes: [],
      title: 'The proxy is set for the user only: the SYSTEM context that will register the device has none',
    });
    expect(f.explanation).toBe(
      'The signed-in user’s settings send web traffic through the PAC file http://pac.contoso.com/proxy.pac, but the WinHTTP proxy is DIRECT, and automatic proxy detection is off. Hybrid join runs as SYSTEM and does not use the user’s proxy settings: it finds a proxy by WPAD or uses the WinHTTP proxy. No registration attempt has failed yet; if the network lets traffic out only through this proxy, the join will fail on the network when it runs.',
    );
  });
});
