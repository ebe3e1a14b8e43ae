/**
 * Guidance findings (checklist L, M) where a capture shows they apply: the Windows version and
 * layout decide which checks exist, and a failing device gets what to collect for support.
 * @module
 */
import type { Finding } from '../model/diagnosis.ts';
import { finding, REFS } from './finding.ts';
import { guideTopic, WINDOWS_BUILDS, windowsBuild } from './guide.ts';
import { defineRule, type Reported, type Rule } from './rule.ts';
import { evidenceFor } from './view.ts';

const windowsVersion = defineRule({
  id: 'windows-version',
  checks: ['M1', 'L1', 'L2', 'L3', 'L4'],
  evidence: ['capture'],
  findings: {
    'down-level-client': { title: 'Down-level Windows: registration works differently' },
    'windows-too-old-for-hybrid-join': {
      title: 'This Windows 10 release is older than 1511 and cannot hybrid join',
    },
    'no-diagnostic-data-before-1803': {
      title: 'Windows 10 before 1803: the failing phase is in the event log',
    },
  },
  run({ capture: { capture, join }, report }) {
    const version = windowsBuild(capture.windowsVersion);
    if (!version) return;
    const evidence = [
      { field: 'Windows version', value: capture.windowsVersion ?? '', line: null, scope: null },
    ];
    if (version.major < 10) {
      const topics = ['down-level-status', 'down-level-issues', 'down-level-facts'].map((id) =>
        guideTopic(id),
      );
      report('down-level-client', {
        severity: 'info',
        checks: ['M1', 'L1', 'L2', 'L3', 'L4'],
        title: 'Down-level Windows: registration works differently',
        evidence,
        explanation: topics.flatMap((t) => t?.body ?? []).join(' '),
        steps: topics.flatMap((t) => t?.steps ?? []),
        references: [REFS.downLevel],
      });
      return;
    }
    if (version.build < WINDOWS_BUILDS.v1511) {
      report('windows-too-old-for-hybrid-join', {
        severity: 'warning',
        checks: ['M1'],
        title: 'This Windows 10 release is older than 1511 and cannot hybrid join',
        evidence,
        explanation:
          'Hybrid join needs Windows 10 1511 (November 2015 Update) or later; current guidance supports 1607 and later.',
        steps: ['Update Windows.'],
        references: [REFS.hybridJoin],
      });
      return;
    }
    if (version.build < WINDOWS_BUILDS.v1803 && join.joinState === 'domain-joined') {
      const found = preDiagnosticData(evidence);
      report(found.id, found);
    }
  },
});

const flatLayout = defineRule({
  id: 'pre-1803-layout',
  checks: ['M1', 'A2'],
  evidence: ['capture'],
  findings: {
    'no-diagnostic-data-before-1803': {
      title: 'Windows 10 before 1803: the failing phase is in the event log',
    },
  },
  run({ capture: { capture, join, view }, report }) {
    if (
      capture.read.layout !== 'flat' ||
      join.joinState !== 'domain-joined' ||
      windowsBuild(capture.windowsVersion)
    ) {
      return;
    }
    const found = preDiagnosticData(evidenceFor(view, ['AzureAdJoined', 'DomainJoined']));
    report(found.id, found);
  },
});

function preDiagnosticData(evidence: Finding['evidence']): Reported<'no-diagnostic-data-before-1803'> {
  return {
    id: 'no-diagnostic-data-before-1803',
    severity: 'info',
    checks: ['M1', 'K1'],
    title: 'Windows 10 before 1803: the failing phase is in the event log',
    evidence,
    explanation:
      'This capture has the layout of Windows 10 before 1803, which prints no Diagnostic Data. The phase and error of a failed join are in the User Device Registration event log.',
    steps: [
      'Export Applications and Services Logs > Microsoft > Windows > User Device Registration > Admin and diagnose it together with this capture.',
      'Events 304 and 305 give the phase and error (305: authentication details, server error code and message), 307 the failed join, 201 the discovery sub-error, 204 a join-phase error.',
    ],
    references: [REFS.hybridJoin],
  };
}

export const GUIDANCE_RULES: readonly Rule[] = [windowsVersion, flatLayout];

/** What to collect for support (M2) and how to look codes up (M4), for a device with errors. */
export function supportFinding(findings: readonly Finding[]): Finding | null {
  const failing = findings.filter((f) => f.severity === 'error');
  if (failing.length === 0) return null;
  const collect = guideTopic('collect-for-support');
  const explain = guideTopic('explain-codes');
  const codes = [...new Set(failing.flatMap((f) => f.codes).filter((c) => /^0x|^AADSTS|^MSIS/i.test(c)))];
  return finding({
    id: 'collect-for-support',
    severity: 'info',
    checks: ['M2', 'M4'],
    codes,
    title: 'If the steps above do not help: what to collect for support',
    explanation: [...(collect?.body ?? []), ...(codes.length > 0 ? (explain?.body ?? []) : [])].join(' '),
    steps: [
      ...(codes.length > 0
        ? [`Look the codes up: ${codes.map((c) => `\`dsreg-doctor explain ${c}\``).join(', ')}.`]
        : []),
      ...(collect?.steps ?? []),
    ],
    references: collect?.references ?? [],
  });
}
