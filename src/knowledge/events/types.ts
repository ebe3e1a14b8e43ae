/**
 * The shape of what we know about one event: its level, data fields and the labels its rendered
 * message uses, what it means, its phase, whether it is a registration outcome, how its message
 * opens in every wording Windows used, how its facts are read and the finding it becomes. One
 * record per event, one file per provider; readers, diagnosis and checklist all read these.
 * @module
 */
import type { Phase, Reference } from '../../model/diagnosis.ts';
import type { EventLevel } from '../../model/events.ts';

/** The providers we know events of. The first three write device registration itself. */
export type ProviderKey =
  | 'udr'
  | 'aad'
  | 'wpj'
  | 'hello'
  | 'mdm'
  | 'netjoin'
  | 'kerberos'
  | 'kdcproxy'
  | 'adfs'
  | 'drs';

export type Outcome = 'failure' | 'success' | 'info';

/**
 * `[label in the rendered message, field]`, in message order. A label is followed by a colon,
 * unless it starts with `~` (`AAD Cloud AP plugin call X returned error: Y`).
 */
export type Label = readonly [string, string];

/** The finding a failure event becomes: its id, checklist IDs, title, likely causes and steps. */
export interface FindingSpec {
  id: string;
  checks: readonly string[];
  title: string;
  causes: readonly string[];
  steps: readonly string[];
  /** Never more than a warning: the event is expected in some deployments. */
  atMost?: 'warning';
  /** Only when the event carries a code (a stop event with status 0 is a success). */
  needsCode?: true;
  /** Only at error level or above (free-text events at other levels are notes). */
  needsErrorLevel?: true;
  /** A later success of the same provider puts it in the past, like a registration failure. */
  clearedBySuccess?: true;
}

/** Shares the finding of a sibling event of the same provider; the title names this event. */
export interface SameFinding {
  sameAs: number;
}

/** Which data fields hold which facts, for events whose field names do not say it alone. */
export interface FactsSpec {
  /** The field holding the event's own result code. */
  code?: string;
  /**
   * The result code is a Win32 number (WinHTTP 12xxx, NetJoin errors): a plain number in `code` or
   * `codeInText` is read as its HRESULT.
   */
  win32?: true;
  /** The result code may be a bare WinHTTP number (12002): read as its HRESULT. */
  network?: true;
  endpoint?: string;
  http?: string;
  serverCode?: string;
  serverMessage?: string;
  /** The UPN: its field name, and its position for builds that name the fields differently. */
  upn?: readonly [string, number];
  /** `Error: 0x… message` then free additional information (the token broker's template). */
  tokenBroker?: true;
  /** A field holding a progress code (informational, never a failure). */
  progressCode?: string;
  /** Yes/No prerequisite lines: the field names whose "No" is not a failure. */
  prerequisites?: { neutral: readonly string[] };
  /** A free-text message field: codes written in it are the event's codes. */
  freeText?: string;
  /** Where the message states the result code (group 1), for events with no data fields. */
  codeInText?: RegExp;
  /** The server message is the ADAL message among the `key: value` lines of its server error. */
  adalMessage?: true;
  /** Numbers in the message are Kerberos protocol errors, not Windows codes: never looked up. */
  kerberos?: true;
  /**
   * The event's own result code is its only code: other numbers in its message (locator flags,
   * counts) are not codes, so the message is not searched for more.
   */
  ownCodeOnly?: true;
}

/**
 * What an event is to the rules that read several events together (`src/events/rules.ts`): they
 * find their events by role, so no event ID is written in their code.
 * - `scp-lookup`: the join task could not find or read the service connection point (SCP); with
 *   the `scp-join-report` of the same attempt it is the no-SCP story.
 * - `scp-join-report`: the join report that repeats the SCP lookup's code for the same attempt.
 * - `join-prepare`: the join request could not be prepared on the device; a TPM or key-storage
 *   code logged beside it by the same provider names the cause.
 * - `interactive-token-step`: a token failure that is a step of an interactive sign-in when the
 *   broker's sign-in window follows.
 * - `sign-in-ui`: a progress event whose code may say the broker started its sign-in window.
 */
export type EventRole =
  | 'scp-lookup'
  | 'scp-join-report'
  | 'join-prepare'
  | 'interactive-token-step'
  | 'sign-in-ui';

export interface EventSpec {
  level: EventLevel;
  /** Data fields in template order: positional values (JSON `Properties`) map through this. */
  fields: readonly string[];
  labels?: readonly Label[];
  /** Fields whose rendered value spans sentences or lines (server text, debug output). */
  long?: readonly string[];
  /** What the event says, in our words. */
  summary: string;
  /** The registration phase a failure event speaks for. */
  phase: Phase | null;
  outcome: Outcome;
  /** Whether it tells how the latest registration attempt ended. */
  registration?: 'failure' | 'success';
  /**
   * How its rendered message opens, in every wording Windows versions used: a string is a
   * case-insensitive prefix (runs of spaces equal one), a pattern is tested on the first line.
   */
  openings?: readonly (string | RegExp)[];
  /** Sibling events whose message is worded the same: an ID read from the wording alone may be theirs. */
  sameWording?: readonly number[];
  /** The finding it becomes, or the sibling whose finding it shares. */
  finding?: FindingSpec | SameFinding;
  facts?: FactsSpec;
  /** What it is to the rules that read several events together; see `EventRole`. */
  roles?: readonly EventRole[];
}

export interface ProviderSpec {
  key: ProviderKey;
  /** The provider as Windows names it. */
  name: string;
  /** How findings and notices name it (`User Device Registration`). */
  label: string;
  /** Lower-case provider or channel names that are this provider's (the Source column drops the prefix). */
  names: readonly RegExp[];
  /** True for the providers that write device registration (their outcomes set the join state). */
  registration: boolean;
  /** The channel its events go to when a paste names only the provider, if one holds them all. */
  channel?: { name: string; below: number };
  /** Where the guidance for its events is. */
  reference: Reference;
  events: Readonly<Record<number, EventSpec>>;
}
