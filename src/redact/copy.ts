/**
 * Redacted copies of the text a user gave: a capture keeps its layout line for line, so the copy
 * reads back to the same model and verdict.
 * @module
 */
import type { CaptureField, DsregCapture } from '../model/capture.ts';
import type { EventRecord } from '../model/events.ts';
import type { Redactor } from './engine.ts';
import { learnCapture, learnEvents, learnMentions } from './learn.ts';
import { applyFieldRules, redactRaw } from './model.ts';
import { identityRole } from './roles.ts';

/**
 * A copy of the capture text with identifiers replaced in place. Line breaks and everything up
 * to each field's value stay as they were, so the copy reads back to the same model and verdict.
 */
export function redactCaptureText(
  text: string,
  captures: readonly DsregCapture[],
  redactor: Redactor,
): string {
  for (const capture of captures) learnCapture(redactor, capture);
  // Lines outside the fields (a prompt, pasted notes) may name the user too.
  learnMentions(redactor, text);
  const fieldsByLine = new Map<number, CaptureField[]>();
  for (const capture of captures) {
    for (const section of capture.sections) {
      for (const f of section.fields) {
        // Appended in place: a line holding thousands of fields costs linear time, not quadratic.
        const list = fieldsByLine.get(f.line);
        if (list) list.push(f);
        else fieldsByLine.set(f.line, [f]);
      }
    }
  }
  const pieces = text.split(/(\r\n|\n|\r)/);
  let line = 1;
  for (let i = 0; i < pieces.length; i += 2) {
    const content = pieces[i] ?? '';
    const fields = fieldsByLine.get(line) ?? [];
    // One field per line (the usual layout): the alignment stays, the name and the value are
    // redacted apart. A line holding several (a capture whose line breaks were lost) is swept
    // whole. Section headers and notes are swept like any text: layout words are not identifiers.
    const field = fields.length === 1 ? fields[0] : undefined;
    const raw = field?.raw ?? '';
    const at = field && raw !== '' ? content.lastIndexOf(raw) : -1;
    if (field && at >= 0) {
      const value = applyFieldRules(field, redactRaw(field, redactor), field.value, redactor).raw;
      pieces[i] = redactor.text(content.slice(0, at)) + value + redactor.text(content.slice(at + raw.length));
    } else {
      pieces[i] = sweepLine(content, fields, redactor);
    }
    line++;
  }
  return pieces.join('');
}

/**
 * A line holding several fields, redacted as text; a field of it whose value the role or strict
 * rules change beyond what the patterns do is replaced by the same rules as a field on a line of
 * its own. Fields are met in line order, so one pass over the line does it.
 */
function sweepLine(content: string, fields: readonly CaptureField[], redactor: Redactor): string {
  const pieces: string[] = [];
  let cursor = 0;
  for (const field of fields) {
    const raw = field.raw.trim();
    if (raw === '' || (identityRole(field.name) === null && !redactor.strict)) continue;
    const plain = redactor.text(raw);
    const value = applyFieldRules(field, plain, field.value, redactor).raw;
    if (value === plain) continue;
    const at = content.indexOf(raw, cursor);
    if (at < 0) continue;
    pieces.push(redactor.text(content.slice(cursor, at)), value);
    cursor = at + raw.length;
  }
  pieces.push(redactor.text(content.slice(cursor)));
  return pieces.join('');
}

/** Parts of an event export that name Microsoft's event providers: they stay as written. */
const PROVIDER_RE = /<Provider\b[^>]{0,400}>|"Provider(?:Id|Guid)"\s*:\s*"[^"]{0,80}"/gi;

/**
 * A copy of an event export (XML, JSON, CSV or pasted text) with identifiers replaced in place,
 * in the same format: the names its records state are learned first, so they go wherever the
 * export mentions them, with the pseudonyms the rest of the run uses.
 */
export function redactEventText(text: string, records: readonly EventRecord[], redactor: Redactor): string {
  learnEvents(redactor, records);
  learnMentions(redactor, text);
  const pieces = text.split(/(\r\n|\n|\r)/);
  for (let i = 0; i < pieces.length; i += 2) {
    const content = pieces[i] ?? '';
    let out = '';
    let last = 0;
    for (const m of content.matchAll(PROVIDER_RE)) {
      out += redactor.text(content.slice(last, m.index)) + m[0];
      last = m.index + m[0].length;
    }
    pieces[i] = out + redactor.text(content.slice(last));
  }
  return pieces.join('');
}
