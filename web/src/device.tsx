/**
 * One device: what it is now, its history of captures, what changed between them, and its
 * latest report rendered by the same renderer as the command line.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson } from './api.ts';
import type { Analysis } from './core.ts';
import { FleetGate } from './fleet.tsx';
import type { DeviceResponse } from './fleet-types.ts';
import { loadCore } from './lazy.ts';
import type { ServerState } from './main.tsx';
import { ReportFrame } from './report.tsx';
import { HEALTH_LABELS, ISSUE_LABELS, JOIN_STATE_LABELS, label, PHASE_LABELS, when } from './words.ts';

const FIELDS_SHOWN = 40;

export function DeviceView(props: {
  id: string;
  server: ServerState;
  needsToken: boolean;
  onToken: () => void;
}) {
  return (
    <section aria-labelledby="device-title">
      <p>
        <a href="#/fleet">← Fleet</a>
      </p>
      <FleetGate server={props.server} needsToken={props.needsToken} onToken={props.onToken}>
        <Device id={props.id} />
      </FleetGate>
    </section>
  );
}

function Device(props: { id: string }) {
  const [detail, setDetail] = useState<DeviceResponse | null>(null);
  const [rendered, setRendered] = useState<Analysis | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    setDetail(null);
    setRendered(null);
    setProblem(null);
    getJson<DeviceResponse>(`devices/${encodeURIComponent(props.id)}`)
      .then(async (d) => {
        setDetail(d);
        if (d.latest) setRendered((await loadCore()).renderAll(d.latest));
      })
      .catch((error: unknown) =>
        setProblem(
          error instanceof ApiError && error.status === 404
            ? `No device "${props.id}" in the store.`
            : error instanceof Error
              ? error.message
              : String(error),
        ),
      );
  }, [props.id]);

  if (problem)
    return (
      <>
        <h1 id="device-title">Device</h1>
        <p class="problem" role="alert">
          {problem}
        </p>
      </>
    );
  if (!detail)
    return (
      <>
        <h1 id="device-title">Device</h1>
        <p role="status">Loading…</p>
      </>
    );
  const d = detail.device;
  const history = [...detail.history].reverse();
  const changes = [...detail.changes].reverse();
  const at = new Map(detail.history.map((h) => [h.captureId, h.capturedAt]));
  return (
    <>
      <h1 id="device-title">{d.computer ?? d.deviceKey}</h1>
      <p class={`verdict-line ${d.health}`}>
        <strong>{label(JOIN_STATE_LABELS, d.joinState)}</strong> · {label(HEALTH_LABELS, d.health)}
        {d.failedPhase && <> · failed in the {label(PHASE_LABELS, d.failedPhase)} phase</>}
        {d.errorCode && (
          <>
            {' · '}
            <a href={`#/explain/${encodeURIComponent(d.errorCode)}`}>
              <code>{d.errorCode}</code>
            </a>
          </>
        )}
      </p>
      <p>{d.summary}</p>
      <dl class="facts">
        <dt>Device key</dt>
        <dd>
          <code>{d.deviceKey}</code>
        </dd>
        <dt>Domain</dt>
        <dd>{d.domain ?? '—'}</dd>
        <dt>Tenant ID</dt>
        <dd>{d.tenantId ?? '—'}</dd>
        <dt>Device ID</dt>
        <dd>{d.deviceId ?? '—'}</dd>
        <dt>Captures</dt>
        <dd>
          {d.captures} (first {when(d.firstCapturedAt)}, latest {when(d.lastCapturedAt)})
        </dd>
        <dt>Captured as</dt>
        <dd>{d.context}</dd>
        <dt>PRT</dt>
        <dd>{d.prt === null ? 'not shown' : d.prt ? 'yes' : 'no'}</dd>
        <dt>In Entra</dt>
        <dd>
          {d.entraObjectId
            ? `${d.entraTrustType ?? 'object'}; last sign-in ${when(d.entraLastSignIn)}`
            : 'no matching object imported'}
          {d.entraIssues.length > 0 && `; ${d.entraIssues.map((i) => label(ISSUE_LABELS, i)).join(', ')}`}
        </dd>
      </dl>

      <h2>History</h2>
      <div class="table-box">
        <table class="history">
          <thead>
            <tr>
              <th scope="col">Captured</th>
              <th scope="col">Join state</th>
              <th scope="col">Health</th>
              <th scope="col">Failing phase</th>
              <th scope="col">Error</th>
              <th scope="col">Context</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.captureId}>
                <th scope="row">{when(h.capturedAt)}</th>
                <td>{label(JOIN_STATE_LABELS, h.joinState)}</td>
                <td class={`health ${h.health}`}>{label(HEALTH_LABELS, h.health)}</td>
                <td>{label(PHASE_LABELS, h.failedPhase)}</td>
                <td>{h.errorCode ? <code>{h.errorCode}</code> : '—'}</td>
                <td>{h.context}</td>
                <td>{h.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>What changed</h2>
      {changes.length === 0 && <p>Only one capture is stored: nothing to compare yet.</p>}
      {changes.map((c) => {
        const cmp = c.comparison;
        const fields = cmp.fields.slice(0, FIELDS_SHOWN);
        return (
          <section class="change" key={`${c.before}-${c.after}`}>
            <h3>
              {when(at.get(c.before))} → {when(at.get(c.after))}
            </h3>
            {cmp.verdict.length === 0 &&
              cmp.findings.new.length === 0 &&
              cmp.findings.resolved.length === 0 && <p>Same verdict and findings.</p>}
            {cmp.verdict.length > 0 && (
              <ul>
                {cmp.verdict.map((v) => (
                  <li key={v.what}>
                    {v.what}: {v.before ?? '—'} → {v.after ?? '—'}
                  </li>
                ))}
              </ul>
            )}
            {cmp.findings.new.length > 0 && <p>New: {cmp.findings.new.map((f) => f.title).join('; ')}</p>}
            {cmp.findings.resolved.length > 0 && (
              <p>Resolved: {cmp.findings.resolved.map((f) => f.title).join('; ')}</p>
            )}
            {cmp.fields.length > 0 && (
              <details>
                <summary>
                  {cmp.fields.length} field{cmp.fields.length === 1 ? '' : 's'} changed
                </summary>
                <ul class="fields">
                  {fields.map((f, i) => (
                    <li key={i}>
                      <code>{f.what}</code>: {f.before ?? '(absent)'} → {f.after ?? '(absent)'}
                    </li>
                  ))}
                </ul>
                {cmp.fields.length > FIELDS_SHOWN && (
                  <p class="muted">and {cmp.fields.length - FIELDS_SHOWN} more</p>
                )}
              </details>
            )}
          </section>
        );
      })}
      {detail.changesOmitted > 0 && (
        <p class="muted">
          Earlier captures ({detail.changesOmitted}) are in the history table; only the latest changes are
          compared.
        </p>
      )}

      <h2>Latest report</h2>
      {rendered ? (
        <ReportFrame html={rendered.html} title="Latest report of this device" />
      ) : (
        <p role="status">Rendering…</p>
      )}
    </>
  );
}
