/**
 * The analysis off the page's main thread: a large EVTX file or a zip of a hundred captures is
 * read here while the page stays responsive. Same core, same results as on the page.
 * @module
 */
/// <reference lib="webworker" />
import { type Analysis, analyseInputs } from './core.ts';

export interface AnalyseRequest {
  id: number;
  inputs: Array<{ name: string; bytes: Uint8Array }>;
  redact: boolean;
}

export type AnalyseReply =
  | { id: number; ok: true; analysis: Analysis }
  | { id: number; ok: false; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<AnalyseRequest>) => {
  const { id, inputs, redact } = event.data;
  let reply: AnalyseReply;
  try {
    reply = { id, ok: true, analysis: analyseInputs(inputs, redact) };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(reply);
};
