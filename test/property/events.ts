/**
 * The event readers' guarantees as fast-check properties, on the shapes that used to be slow or
 * lost: deeply nested XML, XML with broken events, many 307 + 304 pairs, CSV with quoted line
 * breaks, and pasted messages of every known event as bare text, label lists, `#` comments, HTML
 * and glued on one line. Shared by the test suite and `npm run fuzz`.
 * @module
 */
import fc from 'fast-check';
import { diagnoseEvents } from '../../src/events/diagnose.ts';
import { factsOf } from '../../src/events/facts.ts';
import { readEventsFromText } from '../../src/events/index.ts';
import { PROVIDER_SPECS } from '../../src/knowledge/events/index.ts';
import { EventReadResult } from '../../src/model/events.ts';

function fail(message: string, detail?: unknown): never {
  throw new Error(detail === undefined ? message : `${message}\n${JSON.stringify(detail, null, 2)}`);
}

/** Every event with a plain-text opening: its provider's name, its ID and that opening. */
const KNOWN = PROVIDER_SPECS.flatMap((p) =>
  Object.entries(p.events).flatMap(([id, spec]) =>
    (spec.openings ?? [])
      .filter((o): o is string => typeof o === 'string')
      .map((opening) => ({ provider: p.name, id: Number(id), opening })),
  ),
);

const known = fc.constantFrom(...KNOWN);

function xmlEvent(id: number, second: number): string {
  const ss = String(second % 60).padStart(2, '0');
  const mm = String(Math.floor(second / 60) % 60).padStart(2, '0');
  return `<Event><System><Provider Name="Microsoft-Windows-User Device Registration"/><EventID>${id}</EventID><Level>2</Level><TimeCreated SystemTime="2025-02-01T09:${mm}:${ss}.000Z"/></System><EventData><Data Name="ExitCode">-2145648611</Data></EventData></Event>`;
}

/** Event inputs of the hard shapes, before damage. */
const shapes = fc.oneof(
  fc
    .nat(3000)
    .map(
      (depth) =>
        `<Event><System><EventID>1</EventID></System><UserData>${'<a>'.repeat(depth)}v${'</a>'.repeat(depth)}</UserData></Event>`,
    ),
  fc.tuple(fc.integer({ min: 2, max: 60 }), fc.nat(59)).map(([n, broken]) =>
    Array.from({ length: n }, (_, i) => {
      const e = xmlEvent(i % 2 === 0 ? 307 : 304, i);
      return i === broken % n ? e.replace('</EventID>', '</EventI>') : e;
    }).join('\n'),
  ),
  fc
    .array(fc.constantFrom('a', 'b', '"', ',', '\n', '\r\n', ' ', '""', '0x801c03f2', '304'), {
      maxLength: 60,
    })
    .map(
      (cells) =>
        `Level,Date and Time,Source,Event ID,Task Category\r\nError,1/31/2025 9:16:43 AM,User Device Registration,304,None,"${cells.join('')}"\r\n`,
    ),
  fc
    .array(known, { minLength: 1, maxLength: 6 })
    .map((list) => list.map((k) => `${k.opening}. Exit code: 0x801c03f2.`).join(' ')),
);

/** Any shape, maybe cut, maybe with random text inserted. */
const damaged = fc
  .tuple(shapes, fc.nat(), fc.nat(200), fc.string({ maxLength: 20 }))
  .map(([text, at, cut, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + cut);
  });

/** Never throws; gives a valid result; facts and diagnosis never throw either. */
export const eventReadersNeverThrow = fc.property(fc.oneof(shapes, damaged), (text) => {
  const result = readEventsFromText(text);
  if (result === null) return;
  const parsed = EventReadResult.safeParse(result);
  if (!parsed.success) fail('the reader returned an invalid result', parsed.error.issues);
  for (const r of result.records) factsOf(r);
  diagnoseEvents(result.records);
});

type Shape = 'bare' | 'glued' | 'labels' | 'commented' | 'html';

function paste(events: readonly (typeof KNOWN)[number][], shape: Shape): string {
  const message = (k: (typeof KNOWN)[number]) => `${k.opening}. Exit code: 0x801c03f2.`;
  switch (shape) {
    case 'bare':
      return events.map(message).join('\n\n');
    case 'glued':
      return events.map(message).join(' ');
    case 'labels':
      return events
        .map((k) => `**Source:** ${k.provider}\n**EventId:** ${k.id}\n\n${message(k)}`)
        .join('\n\n');
    case 'commented':
      return events.map((k) => `# ${message(k)}`).join('\n#\n');
    case 'html':
      return `<div>${events.map((k) => `<p>${message(k).replace(/&/g, '&amp;')}</p>`).join('')}</div>`;
  }
}

/** Every known event pasted in any of the shapes is read back: the same events, in order. */
export const everyKnownEventIsReadBack = fc.property(
  fc.array(known, { minLength: 1, maxLength: 5 }),
  fc.constantFrom<Shape>('bare', 'glued', 'labels', 'commented', 'html'),
  (events, shape) => {
    const text = paste(events, shape);
    const result = readEventsFromText(text);
    const got = result?.records.map((r) => r.eventId) ?? [];
    const want = events.map((k) => k.id);
    if (JSON.stringify(got) !== JSON.stringify(want))
      fail('events were lost or misread', { shape, text, got, want });
  },
);

export const EVENT_PROPERTIES = {
  'event readers never throw on hard and damaged shapes': eventReadersNeverThrow,
  'every known event pasted in any shape is read back': everyKnownEventIsReadBack,
} as const;
