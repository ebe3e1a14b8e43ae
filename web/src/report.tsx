/**
 * A report on the page: the verdict of each device as text (escaped by Preact, never parsed as
 * HTML), and the full HTML report in a sandboxed frame where no script can run.
 * @module
 */
import type { Report } from './core.ts';
import { HEALTH_LABELS, JOIN_STATE_LABELS, label, PHASE_LABELS } from './words.ts';

export function Verdicts(props: { report: Report }) {
  const { reports, failures = [] } = props.report;
  return (
    <>
      {reports.length === 0 && <p class="problem">Nothing could be read from these inputs.</p>}
      <ul class="verdicts">
        {reports.map((r, i) => (
          <li key={i} class={`verdict ${r.verdict.health}`}>
            <p class="source">{r.source.path}</p>
            <p class="headline">
              <span class="state">{label(JOIN_STATE_LABELS, r.verdict.joinState)}</span>
              {' · '}
              <span class="health">{label(HEALTH_LABELS, r.verdict.health)}</span>
              {r.verdict.failedPhase && (
                <> · failed in the {label(PHASE_LABELS, r.verdict.failedPhase)} phase</>
              )}
              {r.verdict.errorCode && (
                <>
                  {' · '}
                  <a href={`#/explain/${encodeURIComponent(r.verdict.errorCode)}`}>
                    <code>{r.verdict.errorCode}</code>
                  </a>
                </>
              )}
            </p>
            <p class="summary">{r.verdict.summary}</p>
            <p class="muted">
              {r.findings.length} finding{r.findings.length === 1 ? '' : 's'} · confidence{' '}
              {r.verdict.confidence.level}
            </p>
          </li>
        ))}
      </ul>
      {failures.length > 0 && (
        <>
          <h3>Inputs that could not be read</h3>
          <ul class="failures">
            {failures.map((f, i) => (
              <li key={i}>
                <code>{f.path}</code>: {f.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The renderer's HTML document, shown in a frame with every sandbox restriction on. */
export function ReportFrame(props: { html: string; title?: string }) {
  return (
    <iframe
      class="report-frame"
      title={props.title ?? 'Full report'}
      sandbox=""
      referrerpolicy="no-referrer"
      srcdoc={props.html}
    />
  );
}
