import { describe, expect, it } from 'vitest';
import {
  bypasses,
  parsePacResult,
  parseWinHttpSettings,
  routeOfEnv,
  routeOfPac,
  routeOfWinHttp,
  winHttpBytesOfRegQuery,
  withoutCredentials,
} from './route.ts';

/** `netsh winhttp set proxy proxy.contoso.com:8080 "<local>;*.contoso.com"` as reg query prints it. */
const REG_QUERY = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections',
  // size 0x28, counter 5, flags 3, proxy (22 bytes) "proxy.contoso.com:8080", bypass (22 bytes) "<local>;*.contoso.com"
  `    WinHttpSettings    REG_BINARY    280000000500000003000000${'16000000'}${Buffer.from('proxy.contoso.com:8080').toString('hex').toUpperCase()}${'15000000'}${Buffer.from('<local>;*.contoso.com').toString('hex').toUpperCase()}`,
  '',
].join('\r\n');
const DIRECT_BLOB = '1800000000000000010000000000000000000000';

describe('WinHTTP settings from the registry (any display language)', () => {
  it('reads the proxy and the bypass list from the binary value', () => {
    const bytes = winHttpBytesOfRegQuery(REG_QUERY);
    expect(bytes).not.toBeNull();
    expect(parseWinHttpSettings(bytes as Uint8Array)).toEqual({
      direct: false,
      proxy: 'proxy.contoso.com:8080',
      bypass: '<local>;*.contoso.com',
    });
  });

  it('direct access', () => {
    const bytes = winHttpBytesOfRegQuery(`    WinHttpSettings    REG_BINARY    ${DIRECT_BLOB}`) as Uint8Array;
    expect(parseWinHttpSettings(bytes)).toEqual({ direct: true, proxy: null, bypass: null });
  });

  it('a truncated value is not read as settings', () => {
    expect(
      parseWinHttpSettings(new Uint8Array([0x28, 0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0, 0xff, 0xff, 0, 0])),
    ).toEqual({
      direct: true,
      proxy: null,
      bypass: null,
    });
    expect(parseWinHttpSettings(new Uint8Array(4))).toBeNull();
  });

  it('routes by the bypass list and per-scheme proxies', () => {
    const s = { direct: false, proxy: 'proxy.contoso.com:8080', bypass: '<local>;*.contoso.com' };
    expect(routeOfWinHttp(s, 'https://login.microsoftonline.com/')).toEqual({
      via: 'http://proxy.contoso.com:8080',
      source: 'WinHTTP',
    });
    expect(routeOfWinHttp(s, 'https://sts.contoso.com/')).toEqual({
      via: 'DIRECT',
      source: 'WinHTTP (bypass list)',
    });
    expect(routeOfWinHttp(s, 'http://intranet/')).toEqual({ via: 'DIRECT', source: 'WinHTTP (bypass list)' });
    const perScheme = {
      direct: false,
      proxy: 'http=p1.contoso.com:80;https=p2.contoso.com:443',
      bypass: null,
    };
    expect(routeOfWinHttp(perScheme, 'https://login.microsoftonline.com/').via).toBe(
      'http://p2.contoso.com:443',
    );
  });
});

describe('bypass lists match with wildcards, not by substring', () => {
  it.each([
    ['*.microsoftonline.com', 'login.microsoftonline.com', true],
    ['*.microsoftonline.com', 'microsoftonline.com.example.com', false],
    ['microsoftonline', 'login.microsoftonline.com', false],
    ['.contoso.com', 'contoso.com', true],
    ['.contoso.com', 'notcontoso.com', false],
    ['login.*.com', 'login.microsoftonline.com', true],
    ['*', 'anything.example.com', true],
    ['<local>', 'intranet', true],
    ['<local>', 'intranet.contoso.com', false],
    ['10.*', 'login.microsoftonline.com', false],
  ])('%s against %s: %s', (list, host, expected) => {
    expect(bypasses(list, host)).toBe(expected);
  });

  it('stays linear on a hostile pattern', () => {
    const host = `${'a'.repeat(5000)}.example.com`;
    expect(bypasses(`${'*a'.repeat(2000)}b`, host)).toBe(false);
  });
});

describe('PAC answers and the environment', () => {
  it('takes the first usable choice', () => {
    expect(routeOfPac(parsePacResult('PROXY proxy.contoso.com:8080; DIRECT'))).toEqual({
      via: 'http://proxy.contoso.com:8080',
      source: 'PAC',
    });
    expect(routeOfPac(parsePacResult(' DIRECT '))).toEqual({ via: 'DIRECT', source: 'PAC' });
    expect(routeOfPac(parsePacResult('SOCKS socks.contoso.com:1080'))).toEqual({
      unusable: 'the PAC file returned only choices this probe cannot use (SOCKS socks.contoso.com:1080)',
    });
    expect(routeOfPac(parsePacResult(''))).toEqual({ unusable: 'the PAC file returned nothing' });
  });

  it('reads HTTPS_PROXY and NO_PROXY in either case', () => {
    expect(
      routeOfEnv({ HTTPS_PROXY: 'proxy.contoso.com:3128' }, 'https://login.microsoftonline.com/'),
    ).toEqual({
      via: 'http://proxy.contoso.com:3128',
      source: 'environment',
    });
    expect(
      routeOfEnv(
        { https_proxy: 'http://p:1', no_proxy: '.microsoftonline.com' },
        'https://login.microsoftonline.com/',
      ),
    ).toEqual({ via: 'DIRECT', source: 'environment (NO_PROXY)' });
    expect(routeOfEnv({}, 'https://login.microsoftonline.com/')).toBeNull();
  });

  it('never prints proxy credentials', () => {
    expect(withoutCredentials('http://svc:S3cret@proxy.contoso.com:8080')).toBe(
      'http://proxy.contoso.com:8080',
    );
  });
});
