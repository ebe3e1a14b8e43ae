/**
 * The typed model of one `dsregcmd` output ("capture"). The reader produces it, the diagnosis
 * consumes it, and its JSON form is published as `schema/dsregcmd-capture.schema.json`.
 * @module
 */
import { z } from 'zod';

/** A hex code normalised to `0x` + 8 lower-case hex digits. */
export const HexCode = z.string().regex(/^0x[0-9a-f]{8}$/);

/** What a value was read as. `raw` on the field always keeps the text as written. */
export const FieldValue = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('empty') }),
  z.object({ kind: z.literal('text'), text: z.string() }),
  /** YES/NO in any case; `detail` keeps a parenthesised note such as `StateReady`. */
  z.object({ kind: z.literal('bool'), value: z.boolean(), detail: z.string().nullable() }),
  /** `ERROR (0x...)`, `ERROR 0x...`, or a bare `ERROR`. */
  z.object({ kind: z.literal('error'), code: HexCode.nullable(), text: z.string() }),
  /** A bare code such as `Client ErrorCode : 0x801c03f2`. */
  z.object({ kind: z.literal('code'), code: HexCode }),
  /** Pre-join test results: `PASS`, `FAIL [0xA/0xB]`, `SKIPPED`, or anything else as `other`. */
  z.object({
    kind: z.literal('test'),
    outcome: z.enum(['pass', 'fail', 'skipped', 'other']),
    code: HexCode.nullable(),
    subCode: HexCode.nullable(),
    text: z.string(),
  }),
  /** `SUCCESS`, `FAILED. Device is either disabled or deleted.`, `FAILED. Error: 0x...`. */
  z.object({
    kind: z.literal('status'),
    outcome: z.enum(['success', 'failed']),
    code: HexCode.nullable(),
    message: z.string().nullable(),
  }),
  /** A timestamp converted to ISO-8601 UTC. */
  z.object({ kind: z.literal('time'), iso: z.string() }),
  /** `[ start -- end ]`, both ISO-8601 UTC (null when a side could not be read). */
  z.object({ kind: z.literal('range'), from: z.string().nullable(), to: z.string().nullable() }),
  /** A GUID, lower-case without braces; `provider` from `{GUID} (AzureAd)`. */
  z.object({ kind: z.literal('guid'), guid: z.string(), provider: z.string().nullable() }),
  z.object({ kind: z.literal('number'), value: z.number() }),
  z.object({ kind: z.literal('list'), items: z.array(z.string()) }),
  /** `SettingsUrl`: base64 of a JSON document, decoded. */
  z.object({ kind: z.literal('decoded'), encoding: z.literal('base64-json'), json: z.unknown() }),
  /**
   * A value hidden by whoever shared the capture (`xxxx`, `***`, `[REDACTED_GUID]`, `a926...d8`,
   * placeholders such as `[GUID]`, `[Date] UTC`, `<DeviceId>`, `https://host/[TenantId]`).
   */
  z.object({ kind: z.literal('masked'), text: z.string() }),
]);
export type FieldValue = z.infer<typeof FieldValue>;

export const CaptureField = z.object({
  /** Canonical name: the spelling current Windows prints (`AzureAdPrt`, `DRS Discovery Test`). */
  name: z.string(),
  /** The name as written in the input, when it differs from `name` (a variant or a typo). */
  label: z.string().nullable(),
  /** The value text as written, after noise removal (prompts, annotations, timestamps). */
  raw: z.string(),
  value: FieldValue,
  /** 1-based line in the decoded text of the whole input. */
  line: z.number().int(),
  /**
   * The block this field belongs to inside its section, where a name repeats:
   * `AzureAdPrt`, `EnterprisePrt`, `AcquirePrtDiagnostics`, `RefreshPrtDiagnostics`,
   * `Previous Registration`, `Virtual Desktop`. Null at section level.
   */
  scope: z.string().nullable(),
  /** False for a field this version of the catalog does not know; it is kept all the same. */
  known: z.boolean(),
  /** The value was cut off (end of input mid-value): do not trust it. */
  truncated: z.boolean(),
  /** A note someone appended to the value (`YES <<<<< note`). */
  annotation: z.string().nullable(),
});
export type CaptureField = z.infer<typeof CaptureField>;

export const SectionId = z.enum([
  'device-state',
  'device-details',
  'tenant-details',
  'user-state',
  'sso-state',
  'diagnostic-data',
  'ngc-prerequisite-check',
  'ie-proxy-config',
  'winhttp-proxy-config',
  'url-proxy-config',
  'work-account',
  'unknown',
]);
export type SectionId = z.infer<typeof SectionId>;

export const CaptureSection = z.object({
  id: SectionId,
  /** The header as written (`Device State`, `Work Account 1`); null for fields placed by name. */
  title: z.string().nullable(),
  /** For repeated sections (`Work Account 2`), the number; else null. */
  ordinal: z.number().int().nullable(),
  line: z.number().int().nullable(),
  fields: z.array(CaptureField),
});
export type CaptureSection = z.infer<typeof CaptureSection>;

export const ReadWarning = z.object({
  code: z.enum([
    'unknown-field',
    'unknown-section',
    'unreadable-line',
    'truncated-value',
    'masked-value',
    'malformed-value',
    'duplicate-field',
    'encoding',
    'layout',
  ]),
  message: z.string(),
  line: z.number().int().nullable(),
});
export type ReadWarning = z.infer<typeof ReadWarning>;

export const ReadReport = z.object({
  encoding: z.string(),
  newline: z.enum(['crlf', 'lf', 'cr', 'mixed', 'none']),
  /**
   * `sectioned` (1803+), `flat` (before 1803), `collapsed` (line breaks lost on a web page),
   * `fragment` (fields with no headers), `debug-trace` (`/join /debug`, `/status /debug`),
   * `listaccounts`.
   */
  layout: z.enum(['sectioned', 'flat', 'collapsed', 'fragment', 'debug-trace', 'listaccounts']),
  /**
   * Noise found around the output and removed (`powershell-prompt`, `markdown`, `html`,
   * `comment-prefix` for a `# ` before every line, ...).
   */
  noise: z.array(z.string()),
  warnings: z.array(ReadWarning),
  /** First and last line of this document in the decoded input. */
  lines: z.object({ first: z.number().int(), last: z.number().int() }),
  completeness: z.object({
    /** Sections a full capture of this layout has and this one lacks. */
    missingSections: z.array(SectionId),
    /** The input ended inside the output. */
    truncated: z.boolean(),
    /** Lines inside the output that could not be read. */
    unreadableLines: z.number().int(),
    /** 0..1: share of the expected sections present, lowered by truncation and unreadable lines. */
    score: z.number(),
  }),
});
export type ReadReport = z.infer<typeof ReadReport>;

/** What a `dsregcmd /join /debug` or `/status /debug` trace states, beside any status block. */
export const DebugTrace = z.object({
  command: z.string().nullable(),
  preCheckResult: z.string().nullable(),
  tenantType: z.string().nullable(),
  tenantName: z.string().nullable(),
  tenantId: z.string().nullable(),
  /** Every HRESULT or result code the trace prints, in order, with its line. */
  codes: z.array(z.object({ code: HexCode, line: z.number().int(), context: z.string() })),
  /** Lines that state a failure, with their line numbers. */
  failures: z.array(z.object({ text: z.string(), line: z.number().int() })),
  /**
   * Lines that state a join attempt ended in success (`DsrCmdJoinHelper::Join:
   * DsrCmdDeviceEnroller::AutoEnroll(…) completed successfully.`, `Successfully joined machine to
   * AAD.`), with their line numbers: a failed attempt followed by one of these was retried and
   * succeeded.
   */
  successes: z.array(z.object({ text: z.string(), line: z.number().int() })),
  /**
   * What the registration service answered the last join request the trace shows (`Join request
   * ID:`, `Join HTTP status:`, `Join error code:`, `Join message:`), from the line of its first
   * such line; null when the trace printed none (absent in captures stored by earlier versions).
   */
  answer: z
    .object({
      requestId: z.string().nullable(),
      httpStatus: z.number().int().nullable(),
      errorCode: z.string().nullable(),
      message: z.string().nullable(),
      line: z.number().int(),
    })
    .nullable()
    .optional(),
});
export type DebugTrace = z.infer<typeof DebugTrace>;

export const DsregCapture = z.object({
  /** 0-based index of this document among the captures found in one input. */
  index: z.number().int(),
  /** Windows version stated by a banner or prompt around the output, if any. */
  windowsVersion: z.string().nullable(),
  sections: z.array(CaptureSection),
  /** `/listaccounts` output: one entry per account line. */
  accounts: z.array(z.object({ text: z.string(), line: z.number().int() })),
  trace: DebugTrace.nullable(),
  read: ReadReport,
});
export type DsregCapture = z.infer<typeof DsregCapture>;
