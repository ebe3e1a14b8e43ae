import { describe, expect, it } from 'vitest';
import {
  buildCapture,
  deviceReport,
  finding,
  verdict,
  wrapReports,
} from '../../test/fixtures/render/build.ts';
import { lookupCode } from '../knowledge/codes/index.ts';
import type { DeviceReport, Report } from '../model/report.ts';
import { renderCaptureOutline } from './capture-outline.ts';
import { renderExplanations } from './explain.ts';
import { render, renderSummary } from './index.ts';

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
        causes: [`A cause with ${SCRIPT}`, 'A value quoted as code: `<img src=x onerror=alert(1)>`'],
        steps: [`Open ${JS_URL}`, 'Run `dsregcmd /status` from an elevated prompt.'],
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

  it('sets code spans of findings as code, with what is inside them escaped', () => {
    expect(html).toContain('<li>Run <code>dsregcmd /status</code> from an elevated prompt.</li>');
    expect(html).toContain(
      '<li>A value quoted as code: <code>&lt;img src=x onerror=alert(1)&gt;</code></li>',
    );
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
    // Headed by the file name (no device name in this capture), the whole path under it.
    expect(md).toContain('_captures/&lt;script&gt;alert("x")&lt;/script&gt;.txt_');
  });

  it('escapes pipes in table cells so a value cannot add columns', () => {
    const row = md
      .split('\n')
      .find((l) => l.startsWith('| Diagnostic Data | Previous Registration › Server ErrorCode'));
    expect(row).toBe(
      '| Diagnostic Data | Previous Registration › Server ErrorCode | ``Directory\\|Error`<x>`` | 19 |',
    );
  });

  it('shows URLs from the capture as code, never as links; links only Microsoft documentation', () => {
    expect([...md.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1])).toEqual([
      'https://learn.microsoft.com/entra/identity/devices/troubleshoot-hybrid-join-windows-current',
    ]);
    expect(md).toContain('`javascript:alert(document.cookie)`');
    expect(md).toContain('Elsewhere (`https://evil.example/page`)');
  });
});

// Terminal control sequences a capture, an event log or a file name can carry: retitle the
// window (OSC, ended by BEL), clear the screen (CSI), back over text, and the C1 forms of both.
const CTRL = '\u001b]0;pwned\u0007\u001b[2J\u0008\u0008\u009b31m\u007f';
const SHOWN = '\\x1b]0;pwned\\x07\\x1b[2J\\x08\\x08\\x9b31m\\x7f';
/** The same in markdown prose, where brackets and backslashes are escaped as well. */
const MD_SHOWN = '\\\\x1b\\]0;pwned\\\\x07\\\\x1b\\[2J\\\\x08\\\\x08\\\\x9b31m\\\\x7f';
const ANY_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const SGR = /\u001b\[[0-9;]*m/g;

function controlReport(): Report {
  const capture = buildCapture([
    {
      section: 'device-state',
      name: 'AzureAdJoined',
      raw: 'NO',
      value: { kind: 'bool', value: false, detail: null },
    },
    { section: 'device-state', name: `DomainName${CTRL}`, raw: `CONTOSO${CTRL}` },
    { section: 'diagnostic-data', name: 'Error Phase', raw: 'join', scope: `Previous${CTRL}` },
    {
      section: 'diagnostic-data',
      name: 'Client ErrorCode',
      raw: '0x801c03f2',
      value: { kind: 'code', code: '0x801c03f2' },
      scope: `Previous${CTRL}`,
    },
    { section: 'diagnostic-data', name: 'Server Message', raw: `bad ${CTRL} end`, scope: `Previous${CTRL}` },
  ]);
  capture.sections[0]!.title = `Device State${CTRL}`;
  capture.windowsVersion = `10.0${CTRL}`;
  capture.trace = {
    command: `dsregcmd /join /debug${CTRL}`,
    preCheckResult: null,
    tenantType: null,
    tenantName: null,
    tenantId: null,
    codes: [],
    failures: [{ text: `failed ${CTRL}`, line: 3 }],
    successes: [],
  };
  const failing = deviceReport(
    `captures/${CTRL}.txt`,
    capture,
    verdict({ health: 'failing', failedPhase: 'join', errorCode: '0x801c03f2', summary: `Failed: ${CTRL}` }),
    [
      finding({
        id: 'control',
        title: `Server said ${CTRL}`,
        codes: ['0x801c03f2'],
        evidence: [{ field: 'Server Message', value: `bad ${CTRL} end`, line: 9, scope: `Previous${CTRL}` }],
        explanation: `Quoted: ${CTRL}`,
        causes: [`cause ${CTRL}`],
        steps: [`step ${CTRL}`],
      }),
    ],
  );
  const events: DeviceReport = {
    source: { path: `udr${CTRL}.evtx`, kind: 'events', document: 0, records: 1, skipped: [] },
    capture: null,
    verdict: verdict({ joinState: 'unknown', health: 'failing', errorCode: `0x801c03f2${CTRL}` }),
    findings: [],
    timeline: [
      { time: `2024-03-14${CTRL}`, what: `event${CTRL}`, summary: `Join ${CTRL}`, codes: [`c${CTRL}`] },
    ],
    events: [
      {
        channel: `chan${CTRL}`,
        provider: null,
        eventId: 304,
        level: 'error',
        time: null,
        recordNumber: null,
        computer: null,
        data: { [`k${CTRL}`]: `v${CTRL}` },
        message: null,
        activityId: null,
        position: null,
      } as unknown as NonNullable<DeviceReport['events']>[number],
    ],
  };
  return wrapReports([failing, events]);
}

describe('control characters from the input', () => {
  const report = controlReport();

  it('are shown, not obeyed, in text; the colour codes are the only escapes left', () => {
    const text = render(report, 'text', { width: 100, capture: true, verbose: true });
    expect(text).not.toMatch(ANY_CONTROL);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'HYBRID JOINED · FAILING',
      `Failed: ${SHOWN}`,
      `captures/${SHOWN}.txt · Confidence high`,
    ]);
    expect(lines).toContain(`  Server message  bad ${SHOWN} end`);
    expect(text).toContain(`    › Previous${SHOWN} › Server Message : bad\n      ${SHOWN} end (line 9)\n`);
    expect(text).toContain(
      `Capture (sectioned layout · completeness 100% · Windows\n  10.0${SHOWN} · 4 of 5 fields shown; JSON has every field)\n  Device State${SHOWN}\n    AzureAdJoined    : NO\n`,
    );
    expect(text).toContain(`    Previous${SHOWN}:\n      Error Phase      : join\n`);
    expect(lines).toContain(`      Server Message   : bad ${SHOWN} end`);
    expect(text).toContain(`Debug trace\n  dsregcmd /join /debug${SHOWN}\n  line 3: failed ${SHOWN}\n`);
    expect(lines).toContain(`udr${SHOWN}.evtx (1 event record) · Confidence high`);
    expect(text).toContain(
      `Timeline\n  2024-03-14${SHOWN}\n    event${SHOWN}:\n      Join ${SHOWN} [c${SHOWN}]\n`,
    );

    const coloured = render(report, 'text', { width: 100, color: true, capture: true, verbose: true });
    expect(coloured).toMatch(SGR);
    expect(coloured.replace(SGR, '')).toBe(text);
  });

  it('are shown, not obeyed, in the run summary', () => {
    const summary = renderSummary(report.reports, 'text', [{ path: `gone${CTRL}.txt`, reason: 'empty' }], {
      width: 100,
    });
    expect(summary).not.toMatch(ANY_CONTROL);
    // The escapes are long: they wrap inside their columns like any other long value.
    expect(summary).toContain(
      [
        '        1  0x801c03f2\\x1b]0;pwned\\  DSREG_E_DIRECTORY_FAILURE  udr\\x1b]0;pwned\\x07\\x1b[2J\\x08\\x08\\',
        '           x07\\x1b[2J\\x08\\x08\\                                 x9b31m\\x7f.evtx',
        '           x9b31m\\x7f',
      ].join('\n'),
    );
    expect(summary).toContain(`Not analysed (1)\n  gone${SHOWN}.txt: empty\n`);
  });

  it('are shown, not obeyed, in markdown, in prose and in code spans alike', () => {
    const md = render(report, 'markdown');
    expect(md).not.toMatch(ANY_CONTROL);
    expect(md).toContain(`## ${MD_SHOWN}.txt\n\n_captures/${MD_SHOWN}.txt_\n`);
    expect(md).toContain(`> Failed: ${MD_SHOWN}\n`);
    expect(md).toContain(`- **Server message** \`bad ${SHOWN} end\`\n`);
    expect(md).toContain(`| 2024-03-14${MD_SHOWN} | event${MD_SHOWN} | Join ${MD_SHOWN} | \`c${SHOWN}\` |`);
  });

  it('cannot break the HTML document', () => {
    const html = render(report, 'html');
    expect(html).not.toMatch(ANY_CONTROL);
    expect(html).toContain(`<dt>Server message</dt><dd>bad ${SHOWN} end</dd>`);
    expect(html).toContain(`<td>k${SHOWN}=v${SHOWN}</td>`);
  });

  it('are shown in the parse outline and in explain', () => {
    const outline = renderCaptureOutline([
      { path: `odd${CTRL}.txt`, capture: report.reports[0]!.capture!, documentsInFile: 1 },
    ]);
    expect(outline).not.toMatch(ANY_CONTROL);
    expect(outline.split('\n').slice(0, 2)).toEqual([
      `odd${SHOWN}.txt: sectioned layout, utf-8, crlf line ends, lines`,
      '    1-12',
    ]);
    expect(outline).toContain(`\n  Device State${SHOWN}: 2 field(s)\n`);

    const asked = [lookupCode(`zz${CTRL}`)];
    expect(renderExplanations(asked, 'text', 400)).toBe(
      `zz${SHOWN}: not catalogued\n  "zz${SHOWN}" is not a code form dsreg-doctor reads (hex, decimal, a symbolic name, AADSTS/MSIS numbers, or an HTTP status).\n`,
    );
    expect(renderExplanations(asked, 'markdown')).toBe(
      `### \`zz${SHOWN}\`: not catalogued\n\n\`zz${SHOWN}\` is not a code form dsreg-doctor reads (hex, decimal, a symbolic name, AADSTS/MSIS numbers, or an HTTP status).\n`,
    );
  });
});
