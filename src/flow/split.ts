/**
 * One stream holding a capture and an event export one after the other (`dsregcmd /status` and
 * `wevtutil qe … /f:xml` appended to the same file, or piped together): where each part starts.
 * Each part keeps its line numbers: the other part is blanked out line for line.
 * @module
 */

/** A line that opens an event export: event XML, `wevtutil /f:text`, or Event Viewer's copy. */
const EVENT_START = /^[ \t]*(?:<\?xml\b|<Events[\s>]|<Event[\s>]|Event\[\d+\]:|Log Name:[ \t])/m;
/** A line that opens dsregcmd output: the Device State box, or the first flat field. */
const CAPTURE_START =
  /^[ \t]*(?:\+-{10,}\+?[ \t]*\r?\n[ \t]*\|[ \t]*Device State\b|\|[ \t]*Device State[ \t]*\||AzureAdJoined[ \t]*:)/m;

export interface MixedParts {
  /** The text with the event part blanked (same line count). */
  capture: string;
  /** The text with the capture part blanked (same line count). */
  events: string;
}

/**
 * The two parts of a stream that holds dsregcmd output and an event export, or null when it does
 * not hold both (the usual case). A capture is cut where the event export starts, and an event
 * export where it ends (its last closing tag, or a blank line); what comes first is kept with its
 * own part.
 */
export function splitMixed(text: string): MixedParts | null {
  const event = EVENT_START.exec(text);
  const capture = CAPTURE_START.exec(text);
  if (!event || !capture) return null;
  const e = event.index;
  const c = capture.index;
  if (e === c) return null;
  if (c < e) {
    return {
      capture: text.slice(0, e) + blank(text.slice(e)),
      events: blank(text.slice(0, e)) + text.slice(e),
    };
  }
  // A capture after an export starts where the export has ended: after the closing tag of XML
  // (a prompt or banner before the capture goes with it), after a blank line of text. A dsregcmd
  // line quoted inside an event's message is not a second document.
  const end = exportEnd(text, e, c);
  if (end === null) return null;
  return {
    capture: blank(text.slice(0, end)) + text.slice(end),
    events: text.slice(0, end) + blank(text.slice(end)),
  };
}

/** Where an export that starts at `start` ends, when it ends before `capture`; else null. */
function exportEnd(text: string, start: number, capture: number): number | null {
  const head = text.slice(start, capture);
  if (head.trimStart().startsWith('<')) {
    const events = head.lastIndexOf('</Events>');
    const event = head.lastIndexOf('</Event>');
    if (events === -1 && event === -1) return null;
    const close = Math.max(events === -1 ? -1 : events + 9, event === -1 ? -1 : event + 8);
    // Nothing of XML may follow the last closing tag before the capture.
    return head.indexOf('<', close) === -1 ? start + close : null;
  }
  return /\n[ \t]*\r?\n[ \t]*$/.test(head) ? capture : null;
}

/** As many line ends as the text has, and nothing else. */
function blank(text: string): string {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return '\n'.repeat(n);
}
