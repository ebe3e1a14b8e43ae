import { describe, expect, it } from 'vitest';
import {
  buildCapture,
  deviceReport,
  finding,
  verdict,
  wrapReports,
} from '../../test/fixtures/render/build.ts';
import { lookupCode, readingFor } from '../knowledge/codes/index.ts';
import type { DeviceReport } from '../model/report.ts';
import { renderCaptureOutline } from './capture-outline.ts';
import { renderExplanations } from './explain.ts';
import { render, renderSummary } from './index.ts';

const MESSAGE = 'The device object by the given id (aaaa1111-bbbb-4ccc-8ddd-eeee2222ffff) is not found.';

const syncJoin = buildCapture([
  {
    section: 'device-state',
    name: 'AzureAdJoined',
    raw: 'NO',
    value: { kind: 'bool', value: false, detail: null },
  },
  {
    section: 'device-state',
    name: 'DomainJoined',
    raw: 'YES',
    value: { kind: 'bool', value: true, detail: null },
  },
  { section: 'device-state', name: 'DomainName', raw: 'CONTOSO' },
  { section: 'diagnostic-data', name: 'Registration Type', raw: 'sync', scope: 'Previous Registration' },
  { section: 'diagnostic-data', name: 'Error Phase', raw: 'join', scope: 'Previous Registration' },
  {
    section: 'diagnostic-data',
    name: 'Client ErrorCode',
    raw: '0x801c03f2',
    value: { kind: 'code', code: '0x801c03f2' },
    scope: 'Previous Registration',
  },
  {
    section: 'diagnostic-data',
    name: 'Server ErrorCode',
    raw: 'DirectoryError',
    scope: 'Previous Registration',
  },
  { section: 'diagnostic-data', name: 'Server Message', raw: MESSAGE, scope: 'Previous Registration' },
  {
    section: 'diagnostic-data',
    name: 'Request Id',
    raw: '0000aaaa-11bb-cccc-dd22-eeeeee333333',
    scope: 'Previous Registration',
  },
  {
    section: 'diagnostic-data',
    name: 'Executing Account Name',
    raw: 'CONTOSO\\megan.bowen, megan.bowen@contoso.com',
  },
]);

const failing = deviceReport(
  'status.txt',
  syncJoin,
  verdict({
    joinState: 'domain-joined',
    health: 'failing',
    failedPhase: 'join',
    errorCode: '0x801c03f2',
    summary:
      'Domain joined; the hybrid join fails in the join phase with 0x801c03f2 because the computer object has not reached Entra ID yet.',
  }),
  [
    finding({ id: 'ngc', severity: 'info', title: 'Windows Hello will not be provisioned' }),
    finding({ id: 'dual', severity: 'warning', title: 'Workplace join alongside domain join' }),
    finding({
      id: 'sync-join-pending',
      title: 'The computer has not synced to Entra ID yet',
      codes: ['0x801c03f2', 'DirectoryError'],
      checks: ['J1'],
      explanation:
        'With sync join, Entra Connect must sync the computer object before the device can finish the join.',
      evidence: [{ field: 'Server Message', value: MESSAGE, line: 11, scope: 'Previous Registration' }],
      causes: [
        'No sync cycle has run since the computer got its userCertificate.',
        'The computer OU is outside the sync scope.',
      ],
      steps: [
        'Wait for the next sync cycle, then sign in again.',
        'Check that the OU of the computer is in the sync scope.',
      ],
    }),
  ],
);

const healthy = deviceReport(
  'other.txt',
  null,
  verdict({ joinState: 'hybrid-joined', health: 'healthy', summary: 'Hybrid joined, PRT present.' }),
  [],
);

const ANSI = /\u001b\[[0-9;]*m/g;

describe('text', () => {
  const text = render(wrapReports([failing]), 'text', { width: 80, capture: true, verbose: true });
  const lines = text.split('\n');

  it('opens with state and health on one line, then the summary', () => {
    expect(lines[0]).toBe('DOMAIN JOINED · FAILING');
    expect(lines[1]).toBe('Domain joined; the hybrid join fails in the join phase with 0x801c03f2 because');
    expect(lines[2]).toBe('the computer object has not reached Entra ID yet.');
  });

  it('gives the error chain of the failing phase: code, server error, message and request id', () => {
    const start = lines.indexOf('Failed in the join phase');
    expect(start).toBeGreaterThan(0);
    const chain = lines.slice(start + 1, lines.indexOf('', start));
    const labels = chain.filter((l) => /^ {2}\S/.test(l)).map((l) => l.trim().split(/\s{2,}/)[0]);
    expect(labels).toEqual(['Client error', 'Server error', 'Server message', 'Request Id']);
    expect(chain[0]).toBe('  Client error    0x801c03f2 (DSREG_E_DIRECTORY_FAILURE)');
    // What the code means where it failed, as the catalog reads it for the join phase.
    const entry = lookupCode('0x801c03f2').entry!;
    const meaning = readingFor(entry, 'join').meaning;
    expect(chain.join(' ').replace(/\s+/g, ' ')).toContain(meaning.replace(/\s+/g, ' '));
  });

  it('lists findings by severity, errors first, with causes and numbered steps', () => {
    const marks = lines.filter((l) => /^ {2}[✖▲ℹ]/.test(l)).map((l) => l.trim().split('  ')[0]);
    expect(marks).toEqual(['✖ ERROR', '▲ WARNING', 'ℹ INFO']);
    expect(text).toContain(
      [
        '    Likely causes:',
        '      - No sync cycle has run since the computer got its userCertificate.',
        '      - The computer OU is outside the sync scope.',
        '    What to do:',
        '      1. Wait for the next sync cycle, then sign in again.',
        '      2. Check that the OU of the computer is in the sync scope.',
      ].join('\n'),
    );
  });

  it('shows the key capture fields, with a block heading where fields repeat by scope', () => {
    expect(text).toContain(
      '  Device State\n    AzureAdJoined     : NO\n    DomainJoined      : YES\n    DomainName        : CONTOSO\n',
    );
    expect(text).toContain(
      '    Previous Registration:\n      Registration Type : sync\n      Error Phase       : join\n',
    );
  });

  it('fits the width it is given; only a single token longer than the line stands alone, whole', () => {
    for (const width of [40, 60, 80, 120]) {
      const out = render(wrapReports([failing, healthy]), 'text', { width, capture: true, verbose: true });
      const over = out.split('\n').filter((l) => [...l].length > width);
      // A line over the width holds one word after its indent (and a list or field label).
      for (const line of over)
        expect(line.trim().replace(/^(?:›|-|\d+\.|See:|[\w ]+?(?: :|\s{2,}))\s*/, '')).not.toMatch(/\s/);
    }
  });

  it('colours only when asked, and the colours add nothing but escapes', () => {
    expect(text).not.toMatch(ANSI);
    const coloured = render(wrapReports([failing]), 'text', {
      width: 80,
      color: true,
      capture: true,
      verbose: true,
    });
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(text);
  });

  it('puts a rule between reports and closes several with a summary', () => {
    const out = render(wrapReports([failing, healthy]), 'text', { width: 100 });
    expect(out.match(/^─{100}$/gm)).toHaveLength(2);
    expect(out).toContain('HYBRID JOINED · HEALTHY');
    expect(out).toContain(
      [
        'Summary: 2 reports',
        '  state           healthy attention   failing   unknown     total',
        '  Hybrid joined         1         ·         ·         ·         1',
        '  Domain joined         ·         ·         1         ·         1',
      ].join('\n'),
    );
  });

  it('renders an event report with its timeline', () => {
    const events: DeviceReport = {
      source: { path: 'udr.evtx', kind: 'events', document: 0, records: 2, skipped: [] },
      capture: null,
      verdict: verdict({
        joinState: 'unknown',
        health: 'failing',
        failedPhase: 'discover',
        errorCode: '0x801c0021',
      }),
      findings: [],
      timeline: [
        {
          time: '2024-03-14T09:16:40.000Z',
          what: 'event 304',
          summary: 'Join failed in the discover phase',
          codes: ['0x801c0021'],
        },
        { time: null, what: 'event 305', summary: 'Join retried', codes: [] },
      ],
    };
    const out = render(wrapReports([events]), 'text', { width: 100 });
    expect(out).toContain('udr.evtx (2 event records)');
    expect(out).toContain(
      'Timeline\n  2024-03-14 09:16:40 UTC  event 304: Join failed in the discover phase [0x801c0021]\n  no time  event 305: Join retried\n',
    );
  });
});

describe('text for a terminal by default', () => {
  const text = render(wrapReports([failing]), 'text', { width: 100 });

  it('folds informational findings into one line that says how to see them', () => {
    expect(text).not.toContain('Windows Hello will not be provisioned');
    expect(text).toContain('\n  1 informational finding hidden (--verbose shows it)\n');
  });

  it('leaves the field dump out and says how many fields were read and how to see them', () => {
    expect(text).not.toContain('AzureAdJoined     : NO');
    expect(text).toContain(
      '\nCapture: sectioned layout · completeness 100% · 10 fields read (--capture shows the key fields)\n',
    );
  });

  it('says how many fields the capture view shows of how many', () => {
    const full = render(wrapReports([failing]), 'text', { width: 100, capture: true });
    expect(full).toContain(
      'Capture (sectioned layout · completeness 100% · 8 of 10 fields shown; JSON has every field)',
    );
  });

  it('names the checklist items of a finding in one line of their own, never in its title', () => {
    expect(text).toContain(
      '  ✖ ERROR  The computer has not synced to Entra ID yet (0x801c03f2, DirectoryError)\n',
    );
    expect(text).toContain('\n    Checklist: J1\n');
  });
});

describe('json', () => {
  it('is the report in the schema key order, whatever order the object was built in', () => {
    const shuffled = {
      reports: [
        {
          findings: [],
          verdict: healthy.verdict,
          capture: null,
          source: { document: 0, kind: 'capture', path: 'x.txt' },
        },
      ],
      generator: { version: '1.2.3', name: 'dsreg-doctor' },
      schema: 'dsreg-doctor.report/1',
    } as unknown as Parameters<typeof render>[0];
    const out = render(shuffled, 'json');
    expect(Object.keys(JSON.parse(out))).toEqual(['schema', 'generator', 'reports']);
    expect(Object.keys(JSON.parse(out).reports[0])).toEqual(['source', 'capture', 'verdict', 'findings']);
    expect(
      out.startsWith(
        '{\n  "schema": "dsreg-doctor.report/1",\n  "generator": {\n    "name": "dsreg-doctor",',
      ),
    ).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
  });
});

describe('markdown', () => {
  const md = render(wrapReports([failing]), 'markdown', { title: 'Hybrid join ticket' });

  it('starts with the title and a verdict table', () => {
    expect(md.split('\n').slice(0, 7)).toEqual([
      '# Hybrid join ticket',
      '',
      '## status.txt',
      '',
      '| State | Health | Failed phase | Error | Confidence |',
      '|---|---|---|---|---|',
      '| Domain joined | **failing** | join | `0x801c03f2` | high |',
    ]);
  });

  it('lists the findings with codes in backticks and numbered steps', () => {
    expect(md).toContain(
      '#### ✖ Error: The computer has not synced to Entra ID yet\n\n`0x801c03f2` · `DirectoryError`\n',
    );
    expect(md).toContain(
      '1. Wait for the next sync cycle, then sign in again.\n2. Check that the OU of the computer is in the sync scope.',
    );
  });

  it('puts capture fields in a table with their line numbers', () => {
    expect(md).toContain('| Device State | DomainName | `CONTOSO` | 6 |');
    expect(md).toContain(
      `| Diagnostic Data | Previous Registration › Server Message | \`${MESSAGE}\` | 14 |`,
    );
  });
});

describe('a run with inputs that failed', () => {
  const run = {
    ...wrapReports([failing]),
    failures: [{ path: 'tickets/empty.txt', reason: 'the file is empty' }],
  };

  it('opens an HTML report with the summary, which names the failed input', () => {
    const html = render(run, 'html');
    expect(html.indexOf('<section class="summary">')).toBeGreaterThan(-1);
    expect(html.indexOf('<section class="summary">')).toBeLessThan(html.indexOf('<section class="report'));
    expect(html).toContain('<li><code>tickets/empty.txt</code>: the file is empty</li>');
  });

  it('closes text and Markdown with the failed input', () => {
    expect(render(run, 'text', { width: 100 })).toContain(
      'Not analysed (1)\n  tickets/empty.txt: the file is empty',
    );
    expect(render(run, 'markdown')).toContain('tickets/empty.txt');
  });

  it('adds no summary to a single report without failures', () => {
    expect(render(wrapReports([failing]), 'html')).not.toContain('<section class="summary">');
  });
});

describe('renderSummary', () => {
  const other = { ...failing, source: { ...failing.source, path: 'b.txt' } };

  it('counts each device once per error code and lists the inputs that failed', () => {
    const out = renderSummary([failing, other, healthy], 'markdown', [
      { path: 'c.txt', reason: 'the file is empty' },
    ]);
    expect(out).toContain('| State | healthy | attention | failing | unknown | total |');
    expect(out).toContain('| Hybrid joined | 1 | 0 | 0 | 0 | 1 |');
    expect(out).toContain('| Domain joined | 0 | 0 | 2 | 0 | 2 |');
    expect(out).toContain('| `0x801c03f2` | DSREG\\_E\\_DIRECTORY\\_FAILURE | 2 | `status.txt` |');
    expect(out).toContain('### Not analysed (1)\n\n- `c.txt`: the file is empty');
  });

  it('gives the same numbers as JSON for scripts', () => {
    const summary = JSON.parse(renderSummary([failing, other, healthy], 'json'));
    expect(summary.total).toBe(3);
    expect(summary.topErrors[0]).toMatchObject({ code: '0x801c03f2', devices: 2 });
  });
});

describe('text run summary', () => {
  const at = (path: string, report: DeviceReport): DeviceReport => ({
    ...report,
    source: { ...report.source, path },
  });
  const prt = deviceReport(
    'a.txt',
    null,
    verdict({ joinState: 'entra-joined', health: 'failing', errorCode: '0xc000006d' }),
    [finding({ id: 'prt', title: 'PRT refused', codes: ['0xc000006d', 'invalid_grant'] })],
  );
  const reports = [
    at('C:/Users/admin/Downloads/tickets/INC0012345/dsregcmd-status-after-reboot.txt', failing),
    at('C:/Users/admin/Downloads/tickets/INC0012346/laptop-042/dsregcmd.txt', prt),
  ];

  it('keeps every row in the columns of its heading, the example wrapped inside its column', () => {
    const out = renderSummary(reports, 'text', [], { width: 100 });
    expect(out.slice(out.indexOf('Top errors'))).toBe(
      [
        'Top errors',
        '  devices  code            name                       e.g.',
        '        1  0x801c03f2      DSREG_E_DIRECTORY_FAILURE  C:/Users/admin/Downloads/tickets/INC0012345/',
        '                                                      dsregcmd-status-after-reboot.txt',
        '        1  0xc000006d      STATUS_LOGON_FAILURE       C:/Users/admin/Downloads/tickets/INC0012346/',
        '                                                      laptop-042/dsregcmd.txt',
        '        1  DirectoryError                             C:/Users/admin/Downloads/tickets/INC0012345/',
        '                                                      dsregcmd-status-after-reboot.txt',
        '        1  invalid_grant                              C:/Users/admin/Downloads/tickets/INC0012346/',
        '                                                      laptop-042/dsregcmd.txt',
        '',
      ].join('\n'),
    );
  });

  it('gives each row one line when the width allows', () => {
    const out = renderSummary(reports, 'text', [], { width: 160 });
    expect(out.slice(out.indexOf('Top errors'))).toBe(
      [
        'Top errors',
        '  devices  code            name                       e.g.',
        '        1  0x801c03f2      DSREG_E_DIRECTORY_FAILURE  C:/Users/admin/Downloads/tickets/INC0012345/dsregcmd-status-after-reboot.txt',
        '        1  0xc000006d      STATUS_LOGON_FAILURE       C:/Users/admin/Downloads/tickets/INC0012346/laptop-042/dsregcmd.txt',
        '        1  DirectoryError                             C:/Users/admin/Downloads/tickets/INC0012345/dsregcmd-status-after-reboot.txt',
        '        1  invalid_grant                              C:/Users/admin/Downloads/tickets/INC0012346/laptop-042/dsregcmd.txt',
        '',
      ].join('\n'),
    );
  });

  it('moves the example under its row when the width leaves no room for it, and never overflows', () => {
    const out = renderSummary(reports, 'text', [], { width: 60 });
    expect(out.slice(out.indexOf('Top errors'))).toBe(
      [
        'Top errors',
        '  devices  code            name',
        '        1  0x801c03f2      DSREG_E_DIRECTORY_FAILURE',
        '           e.g. C:/Users/admin/Downloads/tickets/INC0012345/',
        '           dsregcmd-status-after-reboot.txt',
        '        1  0xc000006d      STATUS_LOGON_FAILURE',
        '           e.g. C:/Users/admin/Downloads/tickets/INC0012346/',
        '           laptop-042/dsregcmd.txt',
        '        1  DirectoryError',
        '           e.g. C:/Users/admin/Downloads/tickets/INC0012345/',
        '           dsregcmd-status-after-reboot.txt',
        '        1  invalid_grant',
        '           e.g. C:/Users/admin/Downloads/tickets/INC0012346/',
        '           laptop-042/dsregcmd.txt',
        '',
      ].join('\n'),
    );
    for (const width of [40, 50, 60, 80, 100, 120, 160]) {
      const lines = renderSummary(reports, 'text', [], { width }).split('\n');
      const table = lines.slice(lines.indexOf('Top errors') + 1);
      expect(table.filter((l) => l.length > width)).toEqual([]);
    }
  });
});

describe('text capture heading', () => {
  const partial = buildCapture([
    {
      section: 'device-state',
      name: 'AzureAdJoined',
      raw: 'YES',
      value: { kind: 'bool', value: true, detail: null },
    },
  ]);
  partial.windowsVersion = '10.0.22631.3296';
  partial.read.completeness = {
    missingSections: ['user-state', 'sso-state', 'diagnostic-data', 'ngc-prerequisite-check'],
    truncated: false,
    unreadableLines: 0,
    score: 0.2,
  };
  const report = deviceReport('multi.txt', partial, verdict({}), []);

  it('wraps the read line under `Capture` to the width', () => {
    const text = render(wrapReports([report]), 'text', { width: 100, capture: true });
    expect(text).toContain(
      [
        'Capture (sectioned layout · completeness 20% · missing user-state, sso-state, diagnostic-data,',
        '  ngc-prerequisite-check · Windows 10.0.22631.3296 · all 1 field shown; JSON has every field)',
        '  Device State',
      ].join('\n'),
    );
    const coloured = render(wrapReports([report]), 'text', { width: 100, color: true, capture: true });
    expect(coloured.replace(ANSI, '')).toBe(text);
  });

  it('wraps the parse outline to the width', () => {
    const outline = renderCaptureOutline(
      [{ path: 'test/fixtures/captures/multiple-captures.txt', capture: partial, documentsInFile: 3 }],
      100,
    );
    expect(outline).toBe(
      [
        'test/fixtures/captures/multiple-captures.txt (document 1 of 3): sectioned layout, utf-8, crlf line',
        '    ends, lines 1-5',
        '  Windows 10.0.22631.3296',
        '  Device State: 1 field(s)',
        '  completeness 20%, missing user-state, sso-state, diagnostic-data, ngc-prerequisite-check',
        '',
      ].join('\n'),
    );
    const narrow = renderCaptureOutline(
      [{ path: 'multiple-captures.txt', capture: partial, documentsInFile: 3 }],
      60,
    );
    expect(narrow.split('\n').filter((l) => l.length > 60)).toEqual([]);
    expect(narrow).toContain(
      '  completeness 20%, missing user-state, sso-state,\n    diagnostic-data, ngc-prerequisite-check\n',
    );
  });
});

describe('explain as markdown', () => {
  const md = renderExplanations([lookupCode('0x801c03f2')], 'markdown');
  const entry = lookupCode('0x801c03f2').entry!;
  const join = readingFor(entry, 'join');
  const escaped = (s: string) => s.replace(/([\\`*_[\]|])/g, '\\$1');

  it('is CommonMark blocks: headings, paragraphs and lists, nothing indented into a code block', () => {
    expect(md.split('\n').slice(0, 7)).toEqual([
      '### `0x801c03f2` `DSREG_E_DIRECTORY_FAILURE` (dsreg)',
      '',
      escaped(entry.summary),
      '',
      '- Hex `0x801C03F2` · signed `-2145647630` · unsigned `2149319666`',
      `- Windows: ${escaped(entry.windows!)}`,
      '- Structure: HRESULT 0x801c03f2: severity error, facility 28 (DSREG)',
    ]);
    expect(md.split('\n').filter((l) => /^\s/.test(l))).toEqual([]);
  });

  it('gives each reading a heading, the causes as a bullet list and the steps numbered', () => {
    expect(md).toContain(
      [
        '#### In the join phase',
        '',
        escaped(join.meaning),
        '',
        '**Likely causes**',
        '',
        ...join.causes.map((c) => `- ${escaped(c)}`),
        '',
        '**What to do**',
        '',
        ...join.steps.map((s, i) => `${i + 1}. ${escaped(s)}`),
        '',
      ].join('\n'),
    );
    expect(join.causes.length).toBeGreaterThan(1);
    expect(join.steps.length).toBeGreaterThan(1);
  });

  it('lists the sources as links to the documentation', () => {
    const pr = renderExplanations([lookupCode('0x80070057')], 'markdown');
    expect(pr).toContain(
      '**Sources**\n\n- [\\[MS-ERREF\\] Win32 error codes](https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/18d8fbe8-a967-4f1c-ae50-99ca8e491d2d)\n',
    );
    expect(pr).toContain('#### In any context\n');
  });
});
