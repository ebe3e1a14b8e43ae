/**
 * Notices (evidence left out, skipped or not paired) are shown by every format, warnings first;
 * JSON carries them as they are.
 * @module
 */
import { describe, expect, it } from 'vitest';
import { deviceReport, verdict, wrapReports } from '../../test/fixtures/render/build.ts';
import type { DeviceReport } from '../model/report.ts';
import { render } from './index.ts';

const base = deviceReport(
  'logs/aad-admin.evtx',
  null,
  verdict({ joinState: 'unknown', health: 'unknown', summary: 'The log shows no registration attempt.' }),
  [],
);
const report: DeviceReport = {
  ...base,
  source: { path: 'logs/aad-admin.evtx', kind: 'events', document: 0, records: 412, skipped: [] },
  notices: [
    {
      code: 'records-skipped',
      severity: 'info',
      message: 'logs/aad-admin.evtx: 412 event record(s) read; 2 part(s) could not be read and were skipped',
      count: 2,
    },
    {
      code: 'log-not-paired',
      severity: 'warning',
      message:
        'not read with a capture: the log is from pc-0999.contoso.com, and no capture in the run is from that computer (the captures are from pc-0177.contoso.com)',
    },
  ],
};
const WARNING =
  'not read with a capture: the log is from pc-0999.contoso.com, and no capture in the run is from that computer (the captures are from pc-0177.contoso.com)';
const INFO = 'logs/aad-admin.evtx: 412 event record(s) read; 2 part(s) could not be read and were skipped';

describe('notices in every format', () => {
  it('text: a Notices block under the verdict, warnings first, wrapped to the width', () => {
    const out = render(wrapReports([report]), 'text', { width: 100, color: false });
    expect(out).toContain(
      [
        'Notices',
        '  ▲ not read with a capture: the log is from pc-0999.contoso.com, and no capture in the run is from',
        '    that computer (the captures are from pc-0177.contoso.com)',
        '  ℹ logs/aad-admin.evtx: 412 event record(s) read; 2 part(s) could not be read and were skipped',
        '',
      ].join('\n'),
    );
    expect(out.indexOf('Notices')).toBeLessThan(out.indexOf('Findings'));
  });

  it('markdown: a list under its own heading', () => {
    const out = render(wrapReports([report]), 'markdown');
    expect(out).toContain(`### Notices\n\n- **warning**: ${WARNING}\n- info: ${INFO}\n\n`);
  });

  it('html: a list under its own heading, text escaped', () => {
    const out = render(wrapReports([report]), 'html');
    expect(out).toContain(
      `<h3>Notices</h3>\n<ul class="notices">\n<li class="warning"><strong>warning</strong>: ${WARNING}</li>\n<li class="info"><strong>info</strong>: ${INFO}</li>\n</ul>`,
    );
  });

  it('json: carried as they are, in the order given', () => {
    const out = JSON.parse(render(wrapReports([report]), 'json'));
    expect(out.reports[0].notices).toEqual(report.notices);
  });

  it('nothing at all when a report has no notices', () => {
    for (const format of ['text', 'markdown', 'html'] as const) {
      expect(render(wrapReports([base]), format)).not.toContain('Notices');
    }
  });
});
