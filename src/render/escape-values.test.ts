import { describe, expect, it } from 'vitest';
import { deviceReport, verdict, wrapReports } from '../../test/fixtures/render/build.ts';
import type { EventRecord } from '../model/events.ts';
import { esc } from './html.ts';
import { render } from './index.ts';
import { inert } from './wrap.ts';

describe('invisible marks in terminal text', () => {
  it('shows direction marks, zero-width characters and an inner BOM as escapes, like other controls', () => {
    expect(inert('PC\u200e-01\u200f \u061cx \u200by\u200cz\u200d \u2060w \ufeffv')).toBe(
      'PC\\u200e-01\\u200f \\u61cx \\u200by\\u200cz\\u200d \\u2060w \\ufeffv',
    );
  });

  it('leaves ordinary text, accents and wide characters alone', () => {
    expect(inert('Contoso Ltée 株式会社 – OK')).toBe('Contoso Ltée 株式会社 – OK');
  });
});

describe('HTML escapes every value, whatever its type', () => {
  it('escapes a value of any type, and never throws on one that cannot be turned into text', () => {
    expect(esc(304)).toBe('304');
    expect(esc('<b>')).toBe('&lt;b&gt;');
    expect(esc({ toString: () => '<i>' })).toBe('&lt;i&gt;');
    expect(esc(null)).toBe('');
    expect(
      esc({
        toString() {
          throw new Error('no');
        },
      }),
    ).toBe('');
  });

  it('puts an event ID that is not a number into the page as text (a library caller passed a string)', () => {
    const record = {
      channel: null,
      provider: 'Microsoft-Windows-User Device Registration',
      eventId: '<img src=x onerror=alert(1)>' as unknown as number,
      level: 'error',
      time: '2024-05-01T09:16:43Z',
      recordNumber: null,
      computer: null,
      data: {},
      message: 'Automatic registration failed.',
      activityId: null,
      origin: null,
    } as unknown as EventRecord;
    const report = deviceReport('events.xml', null, verdict({}), []);
    report.events = [record];
    const html = render(wrapReports([report]), 'html');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
