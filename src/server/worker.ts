/**
 * A worker thread of the server: runs the jobs it is sent, one at a time, and answers each.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { type Job, runJob } from './work.ts';

parentPort?.on('message', (message: { id: number; job: Job }) => {
  parentPort?.postMessage({ id: message.id, result: runJob(message.job) });
});
