import { describe, expect, it } from 'vitest';
import type { CodeEntry } from './index.ts';
import { allEntries, codeFromMessage, getEntry, lookupCode, readingFor } from './index.ts';

const NUMERIC = /^0x[0-9a-f]{8}$/;

/** Every way an admin can meet the entry's code, as [input, expected form]. */
function inputForms(entry: CodeEntry): string[] {
  const forms: string[] = [];
  const code = entry.code;
  if (NUMERIC.test(code)) {
    const digits = code.slice(2);
    const value = Number.parseInt(digits, 16);
    forms.push(code, `0x${digits.toUpperCase()}`, digits, digits.toUpperCase());
    const short = digits.replace(/^0+/, '');
    if (short.length < 8) forms.push(`0x${short}`, `0X${short.toUpperCase()}`);
    forms.push(String(value | 0), String(value >>> 0));
  } else if (entry.family === 'aadsts' || entry.family === 'msis') {
    forms.push(code, code.toLowerCase(), code.replace(/^[A-Z]+/, ''));
  } else if (entry.family === 'http') {
    forms.push(code, code.toLowerCase(), code.replace('HTTP ', ''));
  } else {
    forms.push(code, code.toLowerCase(), code.toUpperCase());
  }
  for (const name of [entry.name, ...entry.aliases]) {
    if (name) forms.push(name, name.toLowerCase());
  }
  return forms;
}

describe('every catalog entry', () => {
  const entries = allEntries();

  it('holds the codes of every family', () => {
    const families = new Set(entries.map((e) => e.family));
    expect([...families].sort()).toEqual(
      [
        'aadsts',
        'adal',
        'dsreg',
        'hresult',
        'http',
        'mdm',
        'msis',
        'nte',
        'ntstatus',
        'server',
        'sspi',
        'tpm',
        'win32',
        'wininet',
      ].sort(),
    );
  });

  it.each(entries.map((e) => [e.code, e] as const))(
    '%s looks up to itself in each of its forms',
    (_code, entry) => {
      for (const input of inputForms(entry)) {
        const found = lookupCode(input);
        expect({ input, code: found.entry?.code ?? null }).toEqual({ input, code: entry.code });
        expect(found.normalized).toBe(entry.code);
      }
    },
  );

  it('has one entry per code and one code per name', () => {
    const codes = entries.map((e) => e.code.toLowerCase());
    expect(codes.length).toBe(new Set(codes).size);
    const names = entries.flatMap((e) => [e.name, ...e.aliases]).filter((n) => n !== null);
    const dupes = names.filter((n, i) => names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) !== i);
    expect(dupes).toEqual([]);
  });

  it('is complete: summary, at least one reading, and a source', () => {
    for (const e of entries) {
      expect(e.summary.length, e.code).toBeGreaterThan(10);
      expect(e.readings.length, e.code).toBeGreaterThan(0);
      expect(e.sources.length, e.code).toBeGreaterThan(0);
      for (const r of e.readings) expect(r.meaning.length, e.code).toBeGreaterThan(10);
    }
  });

  it("agrees with the bits of its value: the family matches the code's structure", () => {
    const misfits: string[] = [];
    for (const e of entries.filter((x) => NUMERIC.test(x.code))) {
      const v = Number.parseInt(e.code.slice(2), 16);
      const s = lookupCode(e.code).structure;
      const ok = {
        dsreg: s?.facility === 28,
        adal: s?.adal !== null,
        wininet: s?.facility === 7 && (s.win32 ?? 0) >= 12000 && (s.win32 ?? 0) < 12200,
        win32: s?.win32 === v,
        hresult: s?.isNtStatus === false && s.severity === 'error',
        // 0x800484c1 is the article's misprint of an NTSTATUS, kept so the misprint still resolves.
        ntstatus: s?.isNtStatus === true || e.code === '0x800484c1',
        tpm: s?.facility === 40 || s?.facility === 41,
        nte: s?.facility === 9,
        // SSPI codes are FACILITY_SECURITY failures in 0x800903xx, apart from NTE_ (0x800900xx).
        sspi: s?.facility === 9 && !s.isNtStatus && s.severity === 'error' && e.code.startsWith('0x800903'),
        // MDM enrollment codes are failures of facility 24, the device enroller.
        mdm: s?.facility === 24 && !s.isNtStatus && s.severity === 'error',
      }[e.family as string];
      if (!ok) misfits.push(`${e.code} ${e.family}`);
    }
    expect(misfits).toEqual([]);
  });

  it('names checklist IDs in the checklist format', () => {
    for (const e of entries) for (const c of e.checks) expect(c, e.code).toMatch(/^[A-M]\d{1,2}$/);
  });

  it('finds each entry by each of its message texts', () => {
    for (const e of entries) for (const m of e.messages) expect(codeFromMessage(m)?.code, m).toBe(e.code);
  });
});

/** Seed 001, step 4: every code with its symbolic name and signed decimal as printed (J1). */
const SEED_001: [phase: 'discover' | 'auth' | 'join', name: string, hex: string, signed: number][] = [
  ['discover', 'DSREG_AUTOJOIN_ADCONFIG_READ_FAILED', '0x801c001d', -2145648611],
  ['discover', 'DSREG_AUTOJOIN_DISC_FAILED', '0x801c0021', -2145648607],
  ['discover', 'DSREG_AUTOJOIN_DISC_WAIT_TIMEOUT', '0x801c001f', -2145648609],
  ['discover', 'DSREG_AUTOJOIN_USERREALM_DISCOVERY_FAILED', '0x801c003d', -2145648579],
  ['discover', 'WININET_E_CANNOT_CONNECT', '0x80072efd', -2147012867],
  ['discover', 'WININET_E_TIMEOUT', '0x80072ee2', -2147012894],
  ['discover', 'WININET_E_DECODING_FAILED', '0x80072f8f', -2147012721],
  ['discover', 'DSREG_DISCOVERY_TENANT_NOT_FOUND', '0x801c003a', -2145648582],
  ['discover', 'DSREG_SERVER_BUSY', '0x801c0025', -2145648603],
  ['discover', 'E_INVALIDDATA', '0x8007000d', -2147024883],
  ['auth', 'ERROR_ADAL_PROTOCOL_NOT_SUPPORTED', '0xcaa90017', -894894057],
  ['auth', 'ERROR_ADAL_FAILED_TO_PARSE_XML', '0xcaa9002c', -894894036],
  ['auth', 'ERROR_ADAL_COULDNOT_DISCOVER_USERNAME_PASSWORD_ENDPOINT', '0xcaa90023', -894894045],
  ['auth', 'ERROR_ADAL_INTERNET_TIMEOUT', '0xcaa82ee2', -894947614],
  ['auth', 'ERROR_ADAL_INTERNET_CONNECTION_ABORTED', '0xcaa82efe', -894947586],
  ['auth', 'ERROR_ADAL_INTERNET_SECURE_FAILURE', '0xcaa82f8f', -894947441],
  ['auth', 'ERROR_ADAL_INTERNET_CANNOT_CONNECT', '0xcaa82efd', -894947587],
  ['auth', 'ERROR_ADAL_SERVER_ERROR_INVALID_GRANT', '0xcaa20003', -895352829],
  ['auth', 'ERROR_ADAL_WSTRUST_REQUEST_SECURITYTOKEN_FAILED', '0xcaa90014', -894894060],
  ['auth', 'ERROR_ADAL_WSTRUST_TOKEN_REQUEST_FAIL', '0xcaa90006', -894894074],
  ['auth', 'ERROR_ADAL_OPERATION_PENDING', '0xcaa1002d', -895418323],
  ['join', 'DSREG_E_DIRECTORY_FAILURE', '0x801c03f2', -2145647630],
  ['join', 'DSREG_E_DEVICE_AUTHENTICATION_ERROR', '0x801c0002', -2145648638],
  ['join', 'DSREG_E_DEVICE_INTERNALSERVICE_ERROR', '0x801c0006', -2145648634],
  ['join', 'NTE_BAD_KEYSET', '0x80090016', -2146893802],
  ['join', 'TPM_E_PCP_INTERNAL_ERROR', '0x80290407', -2144795641],
  ['join', 'TPM_E_NOTFIPS', '0x80280036', -2144862154],
  ['join', 'NTE_AUTHENTICATION_IGNORED', '0x80090031', -2146893775],
  ['join', 'WININET_E_TIMEOUT', '0x80072ee2', -2147012894],
  ['join', 'WININET_E_NAME_NOT_RESOLVED', '0x80072ee7', -2147012889],
  ['join', 'WININET_E_CONNECTION_ABORTED', '0x80072efe', -2147012866],
];

describe('entries tagged J3', () => {
  it('are exactly those with readings for more than one phase', () => {
    const multi = allEntries()
      .filter((e) => new Set(e.readings.flatMap((r) => r.phases ?? [])).size > 1)
      .map((e) => e.code);
    const tagged = allEntries()
      .filter((e) => e.checks.includes('J3'))
      .map((e) => e.code);
    expect(tagged).toEqual(multi);
    expect(multi).toContain('0x80072ee2');
  });
});

describe('seed 001 codes (J1)', () => {
  it.each(SEED_001)(
    '%s %s (%s / %d) is catalogued with a reading, causes and steps',
    (phase, name, hex, signed) => {
      const byName = lookupCode(name);
      const bySigned = lookupCode(String(signed));
      expect(byName.entry?.code).toBe(hex);
      expect(bySigned.entry?.code).toBe(hex);
      const entry = getEntry(hex) as CodeEntry;
      expect(entry.checks).toContain('J1');
      expect(
        entry.sources.some((s) =>
          s.title.startsWith('Troubleshoot Microsoft Entra hybrid joined devices, Step 4'),
        ),
      ).toBe(true);
      const r = readingFor(entry, phase);
      expect(r.phases).toContain(phase);
      expect(r.causes.length).toBeGreaterThan(0);
      expect(r.steps.length).toBeGreaterThan(0);
    },
  );
});
