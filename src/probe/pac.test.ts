import { describe, expect, it } from 'vitest';
import { evaluatePac } from './pac.ts';

const PAC = `function FindProxyForURL(url, host) {
  if (isPlainHostName(host) || dnsDomainIs(host, ".contoso.com")) return "DIRECT";
  if (isInNet(dnsResolve(host), "10.0.0.0", "255.0.0.0")) return "DIRECT";
  if (shExpMatch(host, "*.microsoftonline.com") && isInNet(myIpAddress(), "192.168.0.0", "255.255.0.0"))
    return "PROXY branch-proxy.contoso.com:8080; DIRECT";
  return "PROXY proxy.contoso.com:8080";
}`;
const inputs = { resolved: { 'intranet-app.example.com': '10.1.2.3' }, myIp: '192.168.4.20' };

describe('PAC evaluation in a sandbox', () => {
  it('answers with the PAC helper functions', () => {
    expect(
      evaluatePac(PAC, 'https://login.microsoftonline.com/', 'login.microsoftonline.com', inputs),
    ).toEqual({
      ok: true,
      result: 'PROXY branch-proxy.contoso.com:8080; DIRECT',
    });
    expect(evaluatePac(PAC, 'https://sts.contoso.com/', 'sts.contoso.com', inputs)).toEqual({
      ok: true,
      result: 'DIRECT',
    });
    expect(evaluatePac(PAC, 'https://intranet-app.example.com/', 'intranet-app.example.com', inputs)).toEqual(
      {
        ok: true,
        result: 'DIRECT',
      },
    );
    expect(
      evaluatePac(PAC, 'https://login.microsoftonline.com/', 'login.microsoftonline.com', {
        ...inputs,
        myIp: '172.16.0.9',
      }),
    ).toEqual({ ok: true, result: 'PROXY proxy.contoso.com:8080' });
  });

  it('has no way out: no process, no require, no code from strings, no host functions', () => {
    const run = (body: string) =>
      evaluatePac(`function FindProxyForURL(url, host) { ${body} }`, 'u', 'h', inputs);
    expect(run('return typeof process + "," + typeof require + "," + typeof globalThis.fetch;')).toEqual({
      ok: true,
      result: 'undefined,undefined,undefined',
    });
    expect(run('return isPlainHostName.constructor("return process")();')).toEqual({
      ok: false,
      error: 'the PAC file failed: EvalError: Code generation from strings disallowed for this context',
    });
    expect(run('return eval("1+1");').ok).toBe(false);
    expect(run('return [typeof Buffer, typeof setTimeout, typeof WebAssembly.compile].join();')).toEqual({
      ok: true,
      result: 'undefined,undefined,function',
    });
    expect(
      run('return new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])) && "compiled";'),
    ).toEqual({
      ok: false,
      error:
        'the PAC file failed: CompileError: WebAssembly.Module(): Wasm code generation disallowed by embedder',
    });
  });

  it('stops a PAC file that never answers, and one that throws', () => {
    expect(
      evaluatePac('function FindProxyForURL() { for (;;) {} }', 'u', 'h', { ...inputs, timeoutMs: 50 }),
    ).toEqual({
      ok: false,
      error: 'the PAC file did not answer within 50 ms',
    });
    expect(evaluatePac('function FindProxyForURL() { throw new Error("boom"); }', 'u', 'h', inputs)).toEqual({
      ok: false,
      error: 'the PAC file failed: Error: boom',
    });
    expect(evaluatePac('var x = 1;', 'u', 'h', inputs)).toEqual({
      ok: false,
      error: 'the PAC file defines no FindProxyForURL function',
    });
  });

  it('an answer that is an object is turned into text inside the sandbox', () => {
    expect(
      evaluatePac(
        'function FindProxyForURL() { return { toString: function () { return "DIRECT"; } }; }',
        'u',
        'h',
        inputs,
      ),
    ).toEqual({
      ok: true,
      result: 'DIRECT',
    });
  });
});
