/**
 * Evaluating a PAC file safely. A PAC file is JavaScript from the network, so it runs in a
 * `node:vm` context that holds nothing of this process:
 *
 * - the context's global object has a null prototype and receives no host object or function
 *   (a host function would lead back to this realm through its `constructor`); the PAC helper
 *   functions (`isPlainHostName`, `dnsDomainIs`, `shExpMatch`, `isInNet`, `myIpAddress`, ...) are
 *   defined inside the context from source text below;
 * - name resolution is answered from a table resolved beforehand and passed in as JSON text, so
 *   the script cannot make the process query anything;
 * - code generation from strings (`eval`, `Function`) and WebAssembly are switched off;
 * - each evaluation has a time limit, and only a string comes back out (the answer is coerced
 *   to a primitive inside the context).
 *
 * What it does not limit: memory. A PAC file that allocates without end can exhaust the process
 * before the time limit; PAC files are small and come from the admin's own network.
 * @module
 */
import { createContext, runInContext, Script } from 'node:vm';

export interface PacInputs {
  /** Host name → IPv4 address, resolved before the script runs; absent names do not resolve. */
  resolved: Readonly<Record<string, string>>;
  /** The address `myIpAddress()` returns. */
  myIp: string;
  timeoutMs?: number;
}

export type PacAnswer = { ok: true; result: string } | { ok: false; error: string };

const HELPERS = `
"use strict";
var __inputs = JSON.parse(__inputsJson);
function __ip(a) { var p = String(a).split('.'); if (p.length !== 4) return null; var n = 0;
  for (var i = 0; i < 4; i++) { var v = Number(p[i]); if (!(v >= 0 && v <= 255) || p[i] === '') return null; n = n * 256 + v; } return n; }
function isPlainHostName(h) { return String(h).indexOf('.') < 0; }
function dnsDomainIs(h, d) { h = String(h).toLowerCase(); d = String(d).toLowerCase(); return h.length >= d.length && h.substring(h.length - d.length) === d; }
function localHostOrDomainIs(h, hd) { h = String(h).toLowerCase(); hd = String(hd).toLowerCase(); return h === hd || (h.indexOf('.') < 0 && hd.indexOf(h + '.') === 0); }
function dnsResolve(h) { var a = __inputs.resolved[String(h).toLowerCase()]; return typeof a === 'string' ? a : null; }
function dnsResolveEx(h) { var a = dnsResolve(h); return a === null ? '' : a; }
function isResolvable(h) { return dnsResolve(h) !== null; }
function isResolvableEx(h) { return isResolvable(h); }
function myIpAddress() { return __inputs.myIp; }
function myIpAddressEx() { return __inputs.myIp; }
function convert_addr(a) { var n = __ip(a); return n === null ? 0 : n; }
function isInNet(h, pattern, mask) { var a = __ip(h) !== null ? String(h) : dnsResolve(h); if (a === null) return false;
  var x = __ip(a), p = __ip(pattern), m = __ip(mask); if (x === null || p === null || m === null) return false;
  for (var i = 3; i >= 0; i--) { var d = Math.pow(256, i); if ((Math.floor(x / d) % 256 & Math.floor(m / d) % 256) !== (Math.floor(p / d) % 256 & Math.floor(m / d) % 256)) return false; }
  return true; }
function isInNetEx(h, prefix) { var s = String(prefix).split('/'); var bits = Number(s[1]); if (!(bits >= 0 && bits <= 32)) return false;
  var m = []; for (var i = 0; i < 4; i++) { var b = Math.max(0, Math.min(8, bits - i * 8)); m.push(256 - Math.pow(2, 8 - b)); } return isInNet(h, s[0], m.join('.')); }
function dnsDomainLevels(h) { return String(h).split('.').length - 1; }
function shExpMatch(s, p) { s = String(s); p = String(p); var si = 0, pi = 0, star = -1, mark = 0;
  while (si < s.length) { if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) { si++; pi++; }
    else if (pi < p.length && p[pi] === '*') { star = pi++; mark = si; } else if (star >= 0) { pi = star + 1; si = ++mark; } else return false; }
  while (pi < p.length && p[pi] === '*') pi++; return pi === p.length; }
function weekdayRange() { return true; }
function dateRange() { return true; }
function timeRange() { return true; }
function alert() {}
`;

/**
 * Runs `FindProxyForURL(url, host)` of a PAC script; never throws. The date and time helpers
 * answer true (a probe asks about reachability now, not about a schedule), which the report says.
 */
export function evaluatePac(script: string, url: string, host: string, inputs: PacInputs): PacAnswer {
  const timeout = inputs.timeoutMs ?? 1000;
  try {
    const sandbox = Object.create(null) as Record<string, unknown>;
    // Only a string crosses into the context; it is parsed there.
    sandbox.__inputsJson = JSON.stringify({ resolved: lowerKeys(inputs.resolved), myIp: inputs.myIp });
    const context = createContext(sandbox, {
      name: 'pac',
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: 'afterEvaluate',
    });
    runInContext(HELPERS, context, { timeout });
    new Script(script, { filename: 'proxy.pac' }).runInContext(context, { timeout });
    const call = `(function () { if (typeof FindProxyForURL !== 'function') return '\\u0000no FindProxyForURL';
      var r = FindProxyForURL(${JSON.stringify(url)}, ${JSON.stringify(host)}); return r === null || r === undefined ? '' : '' + r; })()`;
    const result: unknown = runInContext(call, context, { timeout });
    if (typeof result !== 'string') return { ok: false, error: 'FindProxyForURL returned no text' };
    if (result.startsWith('\u0000'))
      return { ok: false, error: 'the PAC file defines no FindProxyForURL function' };
    return { ok: true, result: result.slice(0, 4096) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const timedOut = /timed out/i.test(message);
    return {
      ok: false,
      error: timedOut
        ? `the PAC file did not answer within ${timeout} ms`
        : `the PAC file failed: ${message.split('\n')[0]}`,
    };
  }
}

function lowerKeys(map: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) out[k.toLowerCase()] = v;
  return out;
}
