/**
 * How far the verdict can be trusted, and why not fully: the layout and completeness of the
 * capture, values cut off or masked, conflicting repeats, and who ran the command.
 * @module
 */
import { fieldsWithRole } from '../knowledge/fields.ts';
import type { CaptureField } from '../model/capture.ts';
import type { Confidence } from '../model/diagnosis.ts';
import type { CaptureContext } from './context.ts';
import type { JoinReading } from './join-state.ts';
import type { CaptureView } from './view.ts';

const USER_FIELDS = ['NgcSet', 'WorkplaceJoined', 'WamDefaultSet', 'AzureAdPrt'] as const;

/**
 * The parts of a joined device's health a capture cannot show: sign-in health (the PRT, in SSO
 * State) and the user's state. Partial captures often stop after Device State and Device Details;
 * their device side can look fine while the user has no PRT.
 */
export function unjudgedParts(view: CaptureView, join: JoinReading): string[] {
  const joined =
    join.joinState === 'entra-joined' ||
    join.joinState === 'hybrid-joined' ||
    join.joinState === 'drs-joined';
  if (!joined) return [];
  const out: string[] = [];
  if (!view.has('AzureAdPrt') && !view.has('EnterprisePrt')) out.push('SSO State');
  if (!view.has('WamDefaultSet') && !view.has('NgcSet') && !view.has('WorkplaceJoined'))
    out.push('User State');
  return out;
}

/**
 * The level of a confidence score, the one rule every diagnosis uses (captures, events, probes):
 * 0.8 and above is high, 0.5 and above medium, below that low.
 */
export function confidenceLevel(score: number): Confidence['level'] {
  return score >= 0.8 ? 'high' : score >= 0.5 ? 'medium' : 'low';
}

export function assessConfidence(view: CaptureView, context: CaptureContext, join: JoinReading): Confidence {
  const { read } = view.capture;
  let score = 1;
  const reasons: string[] = [];
  const lower = (by: number, reason: string) => {
    score -= by;
    reasons.push(reason);
  };

  switch (read.layout) {
    case 'fragment':
      lower(0.25, 'fragment: no section headers, fields placed by name');
      break;
    case 'collapsed':
      lower(0.1, 'collapsed layout: line breaks were lost and fields were split by name');
      break;
    case 'debug-trace':
      lower(0.3, 'debug trace only: no status block');
      break;
    case 'listaccounts':
      lower(0.5, 'account list only: no device or join state');
      break;
    default:
      break;
  }
  if (read.completeness.truncated) lower(0.2, 'truncated: the input ends inside the output');
  const cut: CaptureField[] = [];
  const masked: CaptureField[] = [];
  for (const section of view.capture.sections) {
    for (const f of section.fields) {
      if (f.truncated) cut.push(f);
      if (f.value.kind === 'masked') masked.push(f);
    }
  }
  if (cut.length > 0) lower(0.05, `cut-off values: ${cut.map((f) => f.name).join(', ')}`);
  const missing = read.completeness.missingSections;
  if (missing.length > 0 && read.layout !== 'debug-trace' && read.layout !== 'listaccounts') {
    lower(Math.min(0.3, 0.06 * missing.length), `missing sections: ${missing.join(', ')}`);
  }
  if (read.completeness.unreadableLines > 0) {
    lower(0.1, `${read.completeness.unreadableLines} unreadable line(s)`);
  }
  if (masked.length > 0) lower(0.05, `masked values: ${masked.map((f) => f.name).join(', ')}`);
  const conflicts = view.conflicts();
  if (conflicts.length > 0) {
    lower(
      0.1,
      `conflicting repeated fields: ${conflicts.map((g) => g[0]?.name).join(', ')} (the first occurrence is used)`,
    );
  }
  if (!context.userFieldsTrusted && USER_FIELDS.some((n) => view.has(n))) {
    lower(
      0.1,
      context.remoteSession === true
        ? 'remote session: user and SSO fields may not reflect a local sign-in'
        : 'SYSTEM capture: user and SSO fields describe SYSTEM, not the signed-in user',
    );
  }
  const unjudged = unjudgedParts(view, join);
  // A truncated input already explains the missing sections.
  if (unjudged.includes('SSO State') && !read.completeness.truncated) {
    lower(0.1, `no ${unjudged.join(' or ')}: single sign-on (PRT) health not judged`);
  }
  if (join.inferred) lower(0.1, 'join state inferred from the pre-join diagnostics (no Device State)');
  const loose = fieldsWithRole('prt-diagnostics').filter(
    (n) => n !== 'User Identity' && n !== 'Previous Prt Attempt' && view.has(n, null),
  );
  if (loose.length > 0 && !view.scopes().some((s) => /PrtDiagnostics$/i.test(s))) {
    lower(0.1, 'PRT diagnostics without their block header: which PRT and which attempt is not shown');
  }
  if (read.noise.includes('elision'))
    lower(0.1, 'elided: lines of the output were left out where it was pasted');
  // Windows never prints this state (B3): the text in hand is not what the device printed.
  if (join.joinState === 'inconsistent')
    lower(0.3, 'inconsistent join state: the capture was edited or merged');
  if (!context.now && (view.has('DeviceCertificateValidity') || view.has('AzureAdPrtUpdateTime'))) {
    lower(0.05, 'no Client Time and no reference time given: certificate and PRT ages not checked');
  }
  const bounded = Math.max(0, Math.min(1, Math.round(score * 100) / 100));
  return { level: confidenceLevel(bounded), score: bounded, reasons };
}
