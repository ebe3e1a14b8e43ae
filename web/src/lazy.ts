/**
 * The modules loaded on first use, each fetched once. The analysis core is also fetched when the
 * browser is idle after the first load, so the page keeps working offline once it has loaded.
 * @module
 */

import type { Analysis } from './core.ts';
import type { AnalyseReply, AnalyseRequest } from './worker.ts';

let core: Promise<typeof import('./core.ts')> | null = null;
let charts: Promise<typeof import('./charts.ts')> | null = null;

export function loadCore(): Promise<typeof import('./core.ts')> {
  core ??= import('./core.ts');
  return core;
}

export function loadCharts(): Promise<typeof import('./charts.ts')> {
  charts ??= import('./charts.ts');
  return charts;
}

let worker: Worker | null = null;
let workerFailed = false;
let nextId = 0;
const waiting = new Map<number, { resolve: (a: Analysis) => void; reject: (e: Error) => void }>();

function analysisWorker(): Worker | null {
  if (worker || workerFailed) return worker;
  try {
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  } catch {
    workerFailed = true;
    return null;
  }
  worker.onmessage = (event: MessageEvent<AnalyseReply>) => {
    const reply = event.data;
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (!pending) return;
    if (reply.ok) pending.resolve(reply.analysis);
    else pending.reject(new Error(reply.message));
  };
  worker.onerror = () => {
    // The worker could not start (blocked, or its script is unreachable): the page does the work.
    workerFailed = true;
    worker?.terminate();
    worker = null;
    for (const [id, pending] of waiting) {
      waiting.delete(id);
      pending.reject(new Error('worker-unavailable'));
    }
  };
  return worker;
}

/** Every input analysed together, in the worker when there is one, else on the page. */
export async function analyse(inputs: AnalyseRequest['inputs'], redact: boolean): Promise<Analysis> {
  const w = analysisWorker();
  if (w) {
    try {
      return await new Promise<Analysis>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        w.postMessage({ id, inputs, redact } satisfies AnalyseRequest);
      });
    } catch (error) {
      if (!(error instanceof Error && error.message === 'worker-unavailable')) throw error;
    }
  }
  return (await loadCore()).analyseInputs(inputs, redact);
}

/** After the first paint, when nothing else is going on. */
export function preloadWhenIdle(): void {
  const idle = (window as { requestIdleCallback?: (f: () => void) => void }).requestIdleCallback;
  const start = () => {
    analysisWorker();
    loadCore().catch(() => {
      core = null;
    });
  };
  if (idle) idle(start);
  else setTimeout(start, 1500);
}
