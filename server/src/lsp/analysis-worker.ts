/**
 * Worker thread entry of the language server (dist/analysis-worker.js): file rules over large
 * documents off the main thread (./worker-client.ts sends the jobs, ./analysis-jobs.ts runs them).
 */
import { parentPort } from 'node:worker_threads';
import { serveAnalysisJobs } from './analysis-jobs';

if (!parentPort) throw new Error('analysis-worker must run in a worker thread');
serveAnalysisJobs(parentPort);
