/**
 * The diagnosis contract: `verdict` and `findings` are read by scripts and by the fleet view,
 * so their JSON form only grows; a field is never renamed or removed.
 * @module
 */
import { z } from 'zod';
import { HexCode } from './capture.ts';
import { HEALTHS, JOIN_STATES, PHASES, SEVERITIES } from './vocabulary.ts';

export const JoinState = z.enum(JOIN_STATES);
export type JoinState = z.infer<typeof JoinState>;

export const Health = z.enum(HEALTHS);
export type Health = z.infer<typeof Health>;

export const Phase = z.enum(PHASES);
export type Phase = z.infer<typeof Phase>;

export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const Confidence = z.object({
  level: z.enum(['high', 'medium', 'low']),
  /** 0..1 */
  score: z.number(),
  /** What lowered it, each a short sentence (`fragment: no section headers`). */
  reasons: z.array(z.string()),
});
export type Confidence = z.infer<typeof Confidence>;

export const Verdict = z.object({
  joinState: JoinState,
  workplaceJoined: z.boolean().nullable(),
  health: Health,
  failedPhase: Phase.nullable(),
  errorCode: HexCode.nullable(),
  subErrorCode: HexCode.nullable(),
  /** One sentence an admin reads first. */
  summary: z.string(),
  confidence: Confidence,
});
export type Verdict = z.infer<typeof Verdict>;

export const Evidence = z.object({
  /** Canonical field name, or an event reference such as `event 304`. */
  field: z.string(),
  value: z.string(),
  line: z.number().int().nullable(),
  scope: z.string().nullable(),
});
export type Evidence = z.infer<typeof Evidence>;

export const Reference = z.object({ title: z.string(), url: z.string().nullable() });
export type Reference = z.infer<typeof Reference>;

export const Finding = z.object({
  /** Stable identifier, kebab-case (`scp-missing`, `prt-missing`). */
  id: z.string(),
  severity: Severity,
  /** Checklist IDs this finding implements (`G4`, `J1`). */
  checks: z.array(z.string()),
  /** Normalised codes: `0x` + 8 hex, `AADSTS50126`, `MSIS9682`, server codes as written. */
  codes: z.array(z.string()),
  title: z.string(),
  evidence: z.array(Evidence),
  explanation: z.string(),
  /** Most likely first. */
  causes: z.array(z.string()),
  steps: z.array(z.string()),
  references: z.array(Reference),
});
export type Finding = z.infer<typeof Finding>;

export const Diagnosis = z.object({
  verdict: Verdict,
  findings: z.array(Finding),
});
export type Diagnosis = z.infer<typeof Diagnosis>;
