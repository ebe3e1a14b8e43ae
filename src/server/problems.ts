/**
 * Every way a request can be refused, and the one table that turns each reason into an HTTP
 * status and one line a user can act on. Routes name a reason; only this module picks a status.
 * @module
 */
import type { RejectReason } from '../flow/types.ts';

/** Why a request was refused: the core's own reasons for an input it cannot read, then the server's. */
export type ProblemReason =
  | RejectReason
  | 'unsupported-media-type'
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-a-code'
  | 'rate-limited'
  | 'no-store'
  | 'not-found'
  | 'method-not-allowed'
  | 'store-failed'
  | 'internal';

export interface ProblemRule {
  status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 422 | 429 | 500 | 503;
  /** What went wrong and what to do, when the route has nothing more precise to say. */
  message: string;
}

const WHAT_TO_SEND =
  'send the output of `dsregcmd /status` or an event log export (EVTX, XML, CSV, JSON, text) as the request body';

/** The one table. */
export const PROBLEMS: Readonly<Record<ProblemReason, ProblemRule>> = {
  empty: { status: 422, message: `the request body is empty: ${WHAT_TO_SEND}` },
  binary: {
    status: 415,
    message: `the body is a binary file, not dsregcmd output or an event log: ${WHAT_TO_SEND}`,
  },
  'not-recognized': {
    status: 422,
    message: `no dsregcmd output or event records were found in the body: ${WHAT_TO_SEND}`,
  },
  'too-large': {
    status: 413,
    message: 'the request body is larger than this server accepts: send a smaller file or raise --max-body',
  },
  'own-output': {
    status: 422,
    message:
      'this is a report dsreg-doctor wrote, not a capture: send the `dsregcmd /status` output it was made from',
  },
  unreadable: { status: 422, message: `the body could not be read: ${WHAT_TO_SEND}` },
  'unsupported-media-type': {
    status: 415,
    message:
      'this content type is not read here: send the file as application/octet-stream or text/plain (any encoding)',
  },
  'bad-request': { status: 400, message: 'the request is malformed: see /api/openapi.json' },
  unauthorized: {
    status: 401,
    message: 'this server needs its access token: send it as the header "Authorization: Bearer TOKEN"',
  },
  forbidden: {
    status: 403,
    message:
      'this request came from another web site or host name: open the page from the address the server printed',
  },
  'not-a-code': {
    status: 422,
    message:
      'this is not a code form dsreg-doctor reads: give hex (0x801c03f2), signed or unsigned decimal, a symbolic name, an AADSTS or MSIS number, or an HTTP status',
  },
  'rate-limited': {
    status: 429,
    message: 'too many captures sent with this token: wait for the time in Retry-After and send again',
  },
  'no-store': {
    status: 404,
    message: 'this server has no fleet store: start it with `dsreg-doctor serve --db fleet.db`',
  },
  'not-found': {
    status: 404,
    message: 'no such resource: see /api/openapi.json for what this server serves',
  },
  'method-not-allowed': { status: 405, message: 'this method is not allowed on this path' },
  'store-failed': {
    status: 503,
    message: 'the fleet store could not complete the request: nothing was stored; send it again',
  },
  internal: {
    status: 500,
    message: 'the server failed on this request: nothing was stored; please report it with the input',
  },
};

/** The JSON body of every refusal: `{ "error": { "reason", "message" } }`. */
export interface ProblemBody {
  error: { reason: ProblemReason; message: string };
}

/** A refusal raised inside a route; the app's error handler answers it through the table. */
export class Problem extends Error {
  readonly reason: ProblemReason;
  readonly headers: Readonly<Record<string, string>>;
  constructor(reason: ProblemReason, message?: string, headers: Record<string, string> = {}) {
    super(message ?? PROBLEMS[reason].message);
    this.reason = reason;
    this.headers = headers;
  }
}

/** Whether a string names a reason of the table (the core may add reasons; unknown ones fall back). */
export function isProblemReason(reason: string): reason is ProblemReason {
  return Object.hasOwn(PROBLEMS, reason);
}

export function problemBody(reason: ProblemReason, message?: string): ProblemBody {
  return { error: { reason, message: message ?? PROBLEMS[reason].message } };
}
