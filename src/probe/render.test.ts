import { describe, expect, it } from 'vitest';
import { createRedactor } from '../redact/index.ts';
import { type ProbeDocument, redactProbe, renderProbe } from './render.ts';
import type { ProbeResult } from './types.ts';

const realm: ProbeResult = {
  probe: 'user-realm',
  id: 'user-realm-1.0',
  title: 'user realm of alex@contoso.com (api-version 1.0)',
  target: 'https://login.microsoftonline.com/common/UserRealm/?user=alex%40contoso.com&api-version=1.0',
  status: 'ok',
  summary: 'Managed (contoso.com)',
  via: 'http://proxy.contoso.com:8080',
  httpStatus: 200,
  proxyAuthenticate: [],
  tls: null,
  clockSkewSeconds: 0,
  data: { accountType: 'Managed', domainName: 'contoso.com' },
  error: null,
};
const doc: ProbeDocument = {
  report: {
    schema: 'dsreg-doctor.probe/1',
    generator: { name: 'dsreg-doctor', version: 'test' },
    startedAt: '2026-03-02T10:00:00.000Z',
    inputs: {
      upn: 'alex@contoso.com',
      domain: 'contoso.com',
      tenant: null,
      route: 'http://proxy.contoso.com:8080 (PAC)',
    },
    cloud: 'commercial (and GCC) (the default)',
    results: [
      realm,
      {
        ...realm,
        id: 'drs-discovery',
        probe: 'drs-discovery',
        title: 'discovery | contoso.com',
        status: 'failed',
        summary: 'HTTP 404: no discovery document',
      },
    ],
    notChecked: ['the SCP in Active Directory: no directory given (--ldap ldap://dc1.contoso.com)'],
  },
  findings: [],
};

describe('probe report rendering', () => {
  it('text: each check with its mark, then what was not checked', () => {
    expect(renderProbe(doc, 'text')).toBe(
      [
        'dsreg-doctor probe',
        'cloud: commercial (and GCC) (the default)',
        'asked: upn alex@contoso.com, domain contoso.com, route http://proxy.contoso.com:8080 (PAC)',
        '',
        'checked:',
        '  [OK] user realm of alex@contoso.com (api-version 1.0)',
        '         Managed (contoso.com)',
        '         via http://proxy.contoso.com:8080',
        '  [FAIL] discovery | contoso.com',
        '         HTTP 404: no discovery document',
        '         via http://proxy.contoso.com:8080',
        '',
        'not checked:',
        '  - the SCP in Active Directory: no directory given (--ldap ldap://dc1.contoso.com)',
        '',
      ].join('\n'),
    );
  });

  it('markdown: a table whose cells cannot break it', () => {
    const md = renderProbe(doc, 'markdown');
    expect(md).toContain('| FAIL | discovery \\| contoso.com | HTTP 404: no discovery document |');
    expect(md).toContain('### Not checked');
  });

  it('html: values are escaped', () => {
    const html = renderProbe(
      { ...doc, report: { ...doc.report, results: [{ ...realm, summary: '<script>alert(1)</script>' }] } },
      'html',
    );
    expect(html).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html).not.toContain('<script>alert');
  });

  it('json keeps the results as data, and redaction replaces the names everywhere', () => {
    const json = JSON.parse(renderProbe(redactProbe(doc, createRedactor()), 'json'));
    expect(json.schema).toBe('dsreg-doctor.probe/1');
    expect(JSON.stringify(json)).not.toMatch(/contoso/i);
    expect(json.results[0].target).toMatch(/^https:\/\/login\.microsoftonline\.com\/common\/UserRealm\//);
    expect(json.results[0].status).toBe('ok');
  });
});
