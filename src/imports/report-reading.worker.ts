/**
 * The code of a worker thread that reads reports (ReportReader starts it and hands it one job at a
 * time): readReport on each job it is sent, answering with each step as {progress}, then {outcome}
 * or, on a fault, {fault}.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { readReport, type ImportProgress, type ReportReadingJob, type ReportReadingOutcome } from './report-reading';

/** What the worker sends to the thread that started it, for the job in hand. */
export type ReadingWorkerMessage = { progress: ImportProgress } | { outcome: ReportReadingOutcome } | { fault: string };

/** Reads each job it is sent and answers the thread that started this one; called by ReportReader's bootstrap. */
export function runReadingWorker(): void {
  const port = parentPort;
  if (isMainThread || !port) {
    throw new Error('runReadingWorker runs in a worker thread started by ReportReader');
  }
  const send = (message: ReadingWorkerMessage) => port.postMessage(message);
  port.on('message', (job: ReportReadingJob) => {
    readReport(job, (progress) => send({ progress })).then(
      (outcome) => send({ outcome }),
      (error: unknown) => send({ fault: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  });
}
