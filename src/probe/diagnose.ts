/**
 * A device's evidence with its probe results: the capture read the way the diagnosis reads it,
 * and the probe rules run over both. Pure.
 * @module
 */

import { readContext } from '../diagnose/context.ts';
import { sortFindings } from '../diagnose/finding.ts';
import { readJoinState } from '../diagnose/join-state.ts';
import { readPhase } from '../diagnose/phase.ts';
import type { DeviceEvidence } from '../diagnose/rule.ts';
import { CaptureView } from '../diagnose/view.ts';
import { codePhases } from '../knowledge/codes/index.ts';
import type { DsregCapture } from '../model/capture.ts';
import type { Finding } from '../model/diagnosis.ts';
import { PROBE_RULES } from './rules.ts';
import type { ProbeResult } from './types.ts';

export function deviceEvidence(
  capture: DsregCapture | null,
  probes: readonly ProbeResult[],
  now?: string,
): DeviceEvidence {
  if (!capture) return { capture: null, events: [], probes };
  const view = new CaptureView(capture);
  return {
    capture: {
      capture,
      view,
      context: readContext(view, now ? { now } : {}),
      join: readJoinState(view),
      phase: readPhase(view, codePhases),
    },
    events: [],
    probes,
  };
}

/** The findings the probe results support, alone or read against the capture. */
export function probeFindings(
  capture: DsregCapture | null,
  probes: readonly ProbeResult[],
  now?: string,
): Finding[] {
  const device = deviceEvidence(capture, probes, now);
  return sortFindings(PROBE_RULES.flatMap((rule) => rule.evaluate(device)));
}
