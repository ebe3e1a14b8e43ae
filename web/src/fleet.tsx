/**
 * Fleet: the roll-ups of `fleet report` as charts (join state × health, the hybrid join funnel,
 * top errors with their meaning, failing phases, Pending and stale in Entra, OS versions, capture
 * freshness) and the device table with the filters of `fleet devices`.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, saveToken } from './api.ts';
import { Figure } from './figure.tsx';
import type { DevicePage, ExplainResponse, FleetSummary } from './fleet-types.ts';
import type { ServerState } from './main.tsx';
import { deviceHref } from './route.ts';
import {
  FRESHNESS_LABELS,
  FUNNEL_LABELS,
  HEALTH_COLORS,
  HEALTH_LABELS,
  ISSUE_LABELS,
  JOIN_STATE_LABELS,
  label,
  PHASE_LABELS,
  when,
} from './words.ts';

const BAR = '#1a5fb4';
const HEALTHS = ['healthy', 'attention', 'failing', 'unknown'];

export function FleetGate(props: {
  server: ServerState;
  needsToken: boolean;
  onToken: () => void;
  children: preact.ComponentChildren;
}) {
  if (props.needsToken) return <TokenForm onToken={props.onToken} />;
  if (props.server === undefined) return <p role="status">Asking the server…</p>;
  if (props.server === null)
    return (
      <p class="notice">
        This page is not served by <code>dsreg-doctor serve</code>, so there is no fleet to show. The analysis
        works here all the same. For the fleet views run <code>dsreg-doctor serve --db fleet.db</code>.
      </p>
    );
  if (props.server.store === null)
    return (
      <p class="notice">
        This server has no fleet store. Start it with <code>dsreg-doctor serve --db fleet.db</code> (or a{' '}
        <code>postgres://</code> address), then ingest captures with <code>dsreg-doctor fleet ingest</code> or
        let devices post them to <code>/api/captures</code>.
      </p>
    );
  return <>{props.children}</>;
}

export function TokenForm(props: { onToken: () => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      class="token"
      onSubmit={(e) => {
        e.preventDefault();
        saveToken(value.trim() || null);
        props.onToken();
      }}
    >
      <h2>This server needs its access token</h2>
      <p>
        The token was printed when the server started (or set with <code>--token</code>). It is kept in this
        tab only.
      </p>
      <label for="token">Access token</label>
      <div class="row">
        <input
          id="token"
          type="password"
          autocomplete="off"
          value={value}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Use token</button>
      </div>
    </form>
  );
}

export function FleetView(props: { server: ServerState; needsToken: boolean; onToken: () => void }) {
  return (
    <section aria-labelledby="fleet-title">
      <h1 id="fleet-title">Fleet</h1>
      <FleetGate {...props}>
        <Summary onUnauthorized={props.onToken} />
        <Devices />
      </FleetGate>
    </section>
  );
}

function Summary(props: { onUnauthorized: () => void }) {
  const [summary, setSummary] = useState<FleetSummary | null>(null);
  const [meanings, setMeanings] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    getJson<FleetSummary>('fleet/summary')
      .then(async (s) => {
        setSummary(s);
        const found: Record<string, string> = {};
        await Promise.all(
          s.topCodes.map(async (c) => {
            try {
              const e = await getJson<ExplainResponse>(`explain/${encodeURIComponent(c.key)}`);
              found[c.key] = e.entry
                ? `${e.entry.name ? `${e.entry.name}: ` : ''}${e.entry.summary}`
                : 'not in the catalog';
            } catch {
              found[c.key] = '';
            }
          }),
        );
        setMeanings(found);
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          saveToken(null);
          props.onUnauthorized();
        }
        setProblem(error instanceof Error ? error.message : String(error));
      });
  }, []);

  if (problem)
    return (
      <p class="problem" role="alert">
        {problem}
      </p>
    );
  if (!summary) return <p role="status">Loading the fleet summary…</p>;

  const states = [...new Set(summary.stateHealth.map((r) => r.joinState))];
  const cell = (state: string, health: string) =>
    summary.stateHealth.find((r) => r.joinState === state && r.health === health)?.devices ?? 0;
  const issues = Object.keys(ISSUE_LABELS).filter(
    (k) => k === 'pending' || k === 'stale' || (summary.entra[k as keyof FleetSummary['entra']] ?? 0) > 0,
  );

  const funnel = Object.keys(FUNNEL_LABELS).filter(
    (k) => summary.hybridFunnel[k as keyof FleetSummary['hybridFunnel']] !== null,
  );

  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Summary</h2>
      <dl class="tiles">
        <div>
          <dt>Devices</dt>
          <dd data-tile="devices">{summary.devices}</dd>
        </div>
        <div>
          <dt>Captures</dt>
          <dd data-tile="captures">{summary.captures}</dd>
        </div>
        <div>
          <dt>Entra objects</dt>
          <dd data-tile="entra-objects">{summary.entraObjects}</dd>
        </div>
        <div>
          <dt>Without PRT</dt>
          <dd data-tile="no-prt">{summary.prt.no}</dd>
        </div>
        <div>
          <dt>Windows Hello ready</dt>
          <dd data-tile="whfb-ready">{summary.whfb.ready}</dd>
        </div>
      </dl>
      <div class="charts">
        <Figure
          id="state-health"
          title="Join state by health"
          labels={states.map((s) => label(JOIN_STATE_LABELS, s))}
          series={HEALTHS.map((h) => ({
            label: label(HEALTH_LABELS, h),
            values: states.map((s) => cell(s, h)),
            color: HEALTH_COLORS[h]!,
          }))}
        />
        <Figure
          id="funnel"
          title="Hybrid join funnel (domain joined devices)"
          horizontal
          labels={funnel.map((k) => label(FUNNEL_LABELS, k))}
          series={[
            {
              label: 'Devices',
              values: funnel.map((k) => summary.hybridFunnel[k as keyof FleetSummary['hybridFunnel']] ?? 0),
              color: BAR,
            },
          ]}
          empty="No domain joined device has reported yet."
        />
        <Figure
          id="top-codes"
          title="Top errors (devices)"
          horizontal
          labels={summary.topCodes.map((c) => c.key)}
          series={[{ label: 'Devices', values: summary.topCodes.map((c) => c.devices), color: '#b3261e' }]}
          notes={summary.topCodes.map((c) => meanings[c.key] ?? '')}
          notesTitle="Meaning"
          empty="No device reports an error code."
        />
        <Figure
          id="phases"
          title="Failing phase (devices)"
          labels={summary.topPhases.map((p) => label(PHASE_LABELS, p.key))}
          series={[{ label: 'Devices', values: summary.topPhases.map((p) => p.devices), color: BAR }]}
          empty="No device fails a registration phase."
        />
        <Figure
          id="entra"
          title="Pending, stale and other findings in Entra"
          horizontal
          labels={issues.map((k) => label(ISSUE_LABELS, k))}
          series={[
            {
              label: 'Devices',
              values: issues.map((k) => summary.entra[k as keyof FleetSummary['entra']] ?? 0),
              color: '#9a4d00',
            },
          ]}
          empty={
            summary.entraObjects === 0
              ? 'No Entra export imported yet (dsreg-doctor fleet import-entra).'
              : 'No Entra findings.'
          }
        />
        <Figure
          id="os"
          title="OS versions (devices)"
          horizontal
          labels={summary.osVersions.map((o) => o.key)}
          series={[{ label: 'Devices', values: summary.osVersions.map((o) => o.devices), color: BAR }]}
        />
        <Figure
          id="freshness"
          title="Age of each device's latest capture"
          labels={Object.keys(FRESHNESS_LABELS).map((k) => FRESHNESS_LABELS[k]!)}
          series={[
            {
              label: 'Devices',
              values: Object.keys(FRESHNESS_LABELS).map(
                (k) => summary.freshness[k as keyof FleetSummary['freshness']],
              ),
              color: BAR,
            },
          ]}
        />
      </div>
      <p class="muted">Counted {when(summary.now)} over the latest capture of each device.</p>
    </section>
  );
}

interface Filters {
  state: string;
  health: string;
  phase: string;
  code: string;
  pending: string;
  stale: string;
  since: string;
  issue: string;
}

const NO_FILTERS: Filters = {
  state: '',
  health: '',
  phase: '',
  code: '',
  pending: '',
  stale: '',
  since: '',
  issue: '',
};

function Devices() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [cursor, setCursor] = useState<string[]>([]);
  const [page, setPage] = useState<DevicePage | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(applied)) if (v !== '') q.set(k, v);
    q.set('limit', '50');
    const after = cursor.at(-1);
    if (after) q.set('after', after);
    setProblem(null);
    getJson<DevicePage>(`devices?${q}`)
      .then(setPage)
      .catch((error: unknown) => {
        setPage(null);
        setProblem(error instanceof Error ? error.message : String(error));
      });
  }, [applied, cursor]);

  const select = (name: keyof Filters, text: string, options: Record<string, string>) => (
    <div class="field">
      <label for={`f-${name}`}>{text}</label>
      <select
        id={`f-${name}`}
        value={filters[name]}
        onChange={(e) => setFilters({ ...filters, [name]: (e.target as HTMLSelectElement).value })}
      >
        <option value="">Any</option>
        {Object.entries(options).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setCursor([]);
          setApplied(filters);
        }}
      >
        {select('state', 'Join state', JOIN_STATE_LABELS)}
        {select('health', 'Health', HEALTH_LABELS)}
        {select('phase', 'Failing phase', PHASE_LABELS)}
        <div class="field">
          <label for="f-code">Error code</label>
          <input
            id="f-code"
            type="text"
            size={14}
            value={filters.code}
            onInput={(e) => setFilters({ ...filters, code: (e.target as HTMLInputElement).value })}
          />
        </div>
        {select('pending', 'Pending in Entra', { true: 'Yes', false: 'No' })}
        {select('stale', 'Stale in Entra', { true: 'Yes', false: 'No' })}
        {select('issue', 'Entra finding', ISSUE_LABELS)}
        <div class="field">
          <label for="f-since">Captured since</label>
          <input
            id="f-since"
            type="date"
            value={filters.since}
            onInput={(e) => setFilters({ ...filters, since: (e.target as HTMLInputElement).value })}
          />
        </div>
        <div class="field buttons">
          <button type="submit">Filter</button>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setFilters(NO_FILTERS);
              setCursor([]);
              setApplied(NO_FILTERS);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      {page && (
        <>
          <div class="table-box">
            <table class="devices">
              <caption class="sr-only">Devices, latest state, ordered by device key</caption>
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Join state</th>
                  <th scope="col">Health</th>
                  <th scope="col">Failing phase</th>
                  <th scope="col">Error</th>
                  <th scope="col">Latest capture</th>
                  <th scope="col">Context</th>
                  <th scope="col">Entra</th>
                </tr>
              </thead>
              <tbody>
                {page.devices.map((d) => (
                  <tr key={d.deviceKey}>
                    <th scope="row">
                      <a href={deviceHref(d.deviceKey)}>{d.computer ?? d.deviceKey}</a>
                      {d.computer && <span class="muted small"> {d.domain ?? ''}</span>}
                    </th>
                    <td>{label(JOIN_STATE_LABELS, d.joinState)}</td>
                    <td class={`health ${d.health}`}>{label(HEALTH_LABELS, d.health)}</td>
                    <td>{label(PHASE_LABELS, d.failedPhase)}</td>
                    <td>{d.errorCode ? <code>{d.errorCode}</code> : '—'}</td>
                    <td>{when(d.lastCapturedAt)}</td>
                    <td>{d.context}</td>
                    <td>{d.entraIssues.map((i) => label(ISSUE_LABELS, i)).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {page.devices.length === 0 && <p>No device matches these filters.</p>}
          <nav class="pager" aria-label="Pages of devices">
            <button
              type="button"
              class="secondary"
              disabled={cursor.length === 0}
              onClick={() => setCursor(cursor.slice(0, -1))}
            >
              Previous page
            </button>
            <button
              type="button"
              class="secondary"
              disabled={page.next === null}
              onClick={() => page.next && setCursor([...cursor, page.next])}
            >
              Next page
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
