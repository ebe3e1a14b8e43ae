import { describe, expect, it } from 'vitest';
import {
  buildCapture,
  deviceReport,
  finding,
  verdict,
  wrapReports,
} from '../../test/fixtures/render/build.ts';
import { render } from './index.ts';

// Values an attacker controls when they hand an admin a capture to open.
const SCRIPT = '<script>alert("x")</script>';
const MESSAGE = `The device object ${SCRIPT} 'quoted' & <img src=x onerror=alert(1)> is not found.`;
const IDENTITY = '"><svg onload=alert(1)>@contoso.com';
const JS_URL = 'javascript:alert(document.cookie)';
const ODD_URL = 'https://evil.example/<b>x</b>?a="b"&c=\'d\'';
const TENANT = '</title><script>alert(1)</script>';

const capture = buildCapture([
  {
    section: 'device-state',
    name: 'AzureAdJoined',
    raw: 'YES',
    value: { kind: 'bool', value: true, detail: null },
  },
  { section: 'tenant-details', name: 'TenantName', raw: TENANT },
  { section: 'tenant-details', name: 'AuthCodeUrl', raw: JS_URL },
  { section: 'tenant-details', name: 'MdmUrl', raw: ODD_URL },
  { section: 'sso-state', name: 'User Identity', raw: IDENTITY, scope: 'AcquirePrtDiagnostics' },
  { section: 'diagnostic-data', name: 'Server Message', raw: MESSAGE, scope: 'Previous Registration' },
  {
    section: 'diagnostic-data',
    name: 'Server ErrorCode',
    raw: 'Directory|Error`<x>',
    scope: 'Previous Registration',
  },
]);

const report = wrapReports([
  deviceReport(
    `captures/${SCRIPT}.txt`,
    capture,
    verdict({ health: 'failing', summary: `Join failed: ${MESSAGE}`, failedPhase: 'join' }),
    [
      finding({
        id: 'hostile',
        title: `Server said ${SCRIPT}`,
        evidence: [
          { field: 'Server Message', value: MESSAGE, line: 18, scope: 'Previous Registration' },
          { field: 'AuthCodeUrl', value: JS_URL, line: 9, scope: null },
          { field: 'MdmUrl', value: ODD_URL, line: 10, scope: null },
        ],
        explanation: `Identity ${IDENTITY}`,
        causes: [`A cause with ${SCRIPT}`],
        steps: [`Open ${JS_URL}`],
        references: [
          {
            title: 'Troubleshoot',
            url: 'https://learn.microsoft.com/entra/identity/devices/troubleshoot-hybrid-join-windows-current',
          },
          { title: 'Bad', url: JS_URL },
          { title: 'Elsewhere', url: 'https://evil.example/page' },
        ],
      }),
    ],
  ),
]);

describe('HTML with a hostile capture', () => {
  const html = render(report, 'html', { title: TENANT });

  const tags = [...html.matchAll(/<\/?([a-z0-9!]+)([^>]*)>/gi)];

  it('emits no element or attribute from a capture value', () => {
    const names = new Set(tags.map((t) => t[1]!.toLowerCase()));
    const ours =
      'a body br code dd details div dl !doctype dt h1 h2 h3 h4 head header html li meta ol p section span strong style summary table tbody td th thead title tr ul';
    expect([...names].filter((n) => !ours.split(' ').includes(n))).toEqual([]);
    expect(tags.filter((t) => /\son\w+\s*=|\ssrc\s*=/i.test(t[2]!)).map((t) => t[0])).toEqual([]);
  });

  it('shows the hostile values as text, escaped', () => {
    expect(html).toContain(
      'The device object &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &#39;quoted&#39; &amp; &lt;img',
    );
    expect(html).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;@contoso.com');
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('links only Microsoft documentation, never a value from the capture', () => {
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([
      'https://learn.microsoft.com/entra/identity/devices/troubleshoot-hybrid-join-windows-current',
    ]);
    expect(html).not.toMatch(/(?:href|src|action)\s*=\s*["']?\s*javascript:/i);
  });

  it('makes no external request and needs no script', () => {
    expect(html).not.toMatch(/<link|@import|url\(|<iframe|<object|<embed|<script/i);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html).toContain('@media print');
  });
});

describe('Markdown with a hostile capture', () => {
  const md = render(report, 'markdown', { title: 'Ticket' });
  const outsideCode = md.replace(/(`+)[\s\S]*?\1/g, '');

  it('keeps every angle bracket from a capture inside a code span or escaped', () => {
    expect(outsideCode).not.toContain('<');
    expect(md).toContain(
      '| `The device object <script>alert("x")</script> \'quoted\' & <img src=x onerror=alert(1)> is not found.` |',
    );
    expect(md).toContain('## captures/&lt;script&gt;alert("x")&lt;/script&gt;.txt');
  });

  it('escapes pipes in table cells so a value cannot add columns', () => {
    const row = md
      .split('\n')
      .find((l) => l.startsWith('| Diagnostic Data | Previous Registration › Server ErrorCode'));
    expect(row).toBe(
      '| Diagnostic Data | Previous Registration › Server ErrorCode | ``Directory\\|Error`<x>`` | 19 |',
    );
  });

  it('shows URLs from the capture as code, never as links', () => {
    expect(md).not.toMatch(/\]\(/);
    expect(md).toContain('`javascript:alert(document.cookie)`');
  });
});
