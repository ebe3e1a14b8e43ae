/**
 * Reports this tool wrote, recognised by their content: a folder that holds `report.json` or
 * `report.html` beside the captures must not read them back as evidence.
 * @module
 */
import { CAPTURES_SCHEMA_ID, REPORT_SCHEMA_ID } from '../model/vocabulary.ts';

const HEAD = 4096;
/** The headline of a text report: `HYBRID JOINED · FAILING`, `STATE UNKNOWN · HEALTH UNKNOWN`. */
const TEXT_HEADLINE =
  /^(?:ENTRA JOINED|HYBRID JOINED|DOMAIN JOINED|DRS JOINED|ENTRA REGISTERED|NOT JOINED|INCONSISTENT STATE|STATE UNKNOWN)(?: \+ ENTRA REGISTERED)? · (?:HEALTHY|ATTENTION|FAILING|HEALTH UNKNOWN)\s*$/m;
/** The verdict table every markdown report opens with. */
const MARKDOWN_TABLE = /^\| State \| Health \| Failed phase \| Error \| Confidence \|\s*$/m;

/** Which of this tool's outputs the text is, or null when it is none of them. */
export function ownOutputKind(text: string): 'json' | 'html' | 'text' | 'markdown' | null {
  const head = text.slice(0, HEAD).replace(/^\uFEFF/, '');
  const start = head.trimStart();
  if (
    start.startsWith('{') &&
    (head.includes(`"${REPORT_SCHEMA_ID}"`) || head.includes(`"${CAPTURES_SCHEMA_ID}"`))
  )
    return 'json';
  if (/^<!doctype html>/i.test(start) && head.includes('<title>dsreg-doctor')) return 'html';
  if (MARKDOWN_TABLE.test(head)) return 'markdown';
  // A text report starts with its headline (after an optional title line).
  const firstLines = start.split('\n', 3).join('\n');
  if (TEXT_HEADLINE.test(firstLines)) return 'text';
  return null;
}
