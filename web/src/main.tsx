/**
 * The page: Analyse (files and pastes, diagnosed in this browser), Explain (any code), and the
 * Fleet views when the server has a store.
 * @module
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { AnalyseView } from './analyse.tsx';
import { ApiError, getJson, type ServerStatus } from './api.ts';
import { DeviceView } from './device.tsx';
import { ExplainView } from './explain.tsx';
import { FleetView } from './fleet.tsx';
import { preloadWhenIdle } from './lazy.ts';
import { type Route, useRoute } from './route.ts';
import './style.css';

/** What the page knows about its server: `undefined` while asking, null when there is none. */
export type ServerState = ServerStatus | null | undefined;

function App() {
  const route = useRoute();
  const [server, setServer] = useState<ServerState>(undefined);
  const [needsToken, setNeedsToken] = useState(false);
  const [statusRound, setStatusRound] = useState(0);
  const firstView = useRef(true);

  useEffect(() => {
    getJson<ServerStatus>('status')
      .then((s) => {
        setServer(s);
        setNeedsToken(false);
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setNeedsToken(true);
        setServer(null);
      });
  }, [statusRound]);

  useEffect(() => {
    preloadWhenIdle();
  }, []);

  useEffect(() => {
    const titles: Record<Route['view'], string> = {
      analyse: 'Analyse',
      explain: 'Explain a code',
      fleet: 'Fleet',
      device: 'Device',
    };
    document.title = `${titles[route.view]} · dsreg-doctor`;
    // A new view moves keyboard focus to its content; the first load leaves it at the top.
    if (firstView.current) firstView.current = false;
    else document.getElementById('main')?.focus({ preventScroll: true });
  }, [route.view]);

  const tab = (view: Route['view'], href: string, label: string) => (
    <a
      href={href}
      aria-current={route.view === view || (view === 'fleet' && route.view === 'device') ? 'page' : undefined}
    >
      {label}
    </a>
  );

  return (
    <>
      {/* A button, not a link: the fragment holds the route. */}
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="top">
        <p class="brand">dsreg-doctor</p>
        <nav aria-label="Views">
          {tab('analyse', '#/analyse', 'Analyse')}
          {tab('explain', '#/explain', 'Explain a code')}
          {tab('fleet', '#/fleet', 'Fleet')}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {route.view === 'analyse' && <AnalyseView />}
        {route.view === 'explain' && <ExplainView code={route.code} />}
        {route.view === 'fleet' && (
          <FleetView server={server} needsToken={needsToken} onToken={() => setStatusRound((n) => n + 1)} />
        )}
        {route.view === 'device' && (
          <DeviceView
            id={route.id}
            server={server}
            needsToken={needsToken}
            onToken={() => setStatusRound((n) => n + 1)}
          />
        )}
      </main>
      <footer class="bottom">
        <p>
          Files you analyse here are read by this page in your browser and never uploaded.
          {server ? ` Server: dsreg-doctor ${server.version}.` : ''}
        </p>
      </footer>
    </>
  );
}

render(<App />, document.getElementById('app')!);
