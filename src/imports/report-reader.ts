/**
 * Reads uploaded reports off the request thread: each document is read, extracted and matched in a
 * worker thread (report-reading.worker.ts), a bounded number at a time (the rest wait in a short
 * queue), within a time limit and a memory limit, so that no upload makes other people wait for
 * their pages. A worker that finishes in time is kept for the next document (starting one costs
 * seconds when running from source) and ends after a minute unused; one stopped at a limit is ended.
 */
import { HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isArrayBuffer } from 'node:util/types';
import { Worker } from 'node:worker_threads';
import { FormError } from '../common/form-error';
import { PROJECT_ROOT } from '../common/project-root';
import { EnvironmentVariables } from '../config/env.validation';
import { MAX_IMPORT_TEXT_CHARACTERS } from './extraction/read-document';
import {
  BUSY_MESSAGE,
  MAX_WAITING_READS,
  memoryLimitMessage,
  READING_WORKER_MEMORY_MB,
  timeLimitMessage,
  WAITING_MESSAGE,
} from './reading-limits';
import { QueueFullError, ReadingQueue } from './reading-queue';
import type { ImportProgress, MatchingData, ReportReadingJob, ReportReadingOutcome } from './report-reading';
import type { ReadingWorkerMessage } from './report-reading.worker';

/** The document read, for the service to store. */
export type ReadReport = Extract<ReportReadingOutcome, { kind: 'read' }>;

/**
 * Runs in the new worker: loads the worker module and runs it. From source (ts-node, Jest) the
 * module is TypeScript, so ts-node is registered first unless the process already has it (its
 * -r flag is passed on to workers); compiled (dist) it is plain JavaScript.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.tsNode && !require.extensions['.ts']) {
  require(workerData.tsNode).register({ transpileOnly: true, project: workerData.tsconfig });
}
require(workerData.module).runReadingWorker();
`;

/** Where the worker's code is, compiled or from source. */
function workerModule(): { module: string; tsNode: string | null; tsconfig: string | null } {
  const typescript = extname(__filename) === '.ts';
  return {
    module: join(__dirname, `report-reading.worker${typescript ? '.ts' : '.js'}`),
    tsNode: typescript ? require.resolve('ts-node') : null,
    tsconfig: typescript ? join(PROJECT_ROOT, 'tsconfig.json') : null,
  };
}

/** The bytes as an ArrayBuffer the worker can be handed without copying; a copy when they share one. */
function transferable(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const { buffer } = bytes;
  if (isArrayBuffer(buffer) && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) {
    return new Uint8Array(buffer);
  }
  return new Uint8Array(bytes);
}

/** How long a worker is kept unused before it is ended. */
const IDLE_WORKER_MS = 60_000;

@Injectable()
export class ReportReader implements OnModuleDestroy {
  private readonly queue: ReadingQueue;
  /** Every worker started and not yet ended; those waiting for a job are also in `idle`. */
  private readonly workers = new Set<Worker>();
  private readonly idle = new Map<Worker, NodeJS.Timeout>();

  constructor(private readonly env: EnvironmentVariables) {
    this.queue = new ReadingQueue(env.IMPORT_CONCURRENCY, MAX_WAITING_READS);
  }

  /**
   * Reads a document and proposes its review. `matching` loads what the proposal is matched with,
   * once this document's turn has come. The bytes are handed to the worker, not copied: the caller's
   * buffer is empty afterwards. A document that cannot be imported, a reading that passes the time
   * or memory limit, and a full queue are each a FormError on the file field.
   */
  async read(
    name: string,
    bytes: Uint8Array,
    matching: () => Promise<MatchingData>,
    onProgress: (progress: ImportProgress) => void = () => undefined,
  ): Promise<ReadReport> {
    let outcome: ReportReadingOutcome;
    try {
      outcome = await this.queue.run(
        async () => {
          onProgress({ stage: 'reading', message: `Reading ${name}` });
          return this.inWorker(name, bytes, await matching(), onProgress);
        },
        () => onProgress({ stage: 'waiting', message: WAITING_MESSAGE }),
      );
    } catch (error) {
      if (error instanceof QueueFullError) {
        throw new FormError([{ field: 'file', message: BUSY_MESSAGE }], HttpStatus.SERVICE_UNAVAILABLE);
      }
      throw error;
    }
    if (outcome.kind === 'refused') {
      throw new FormError([{ field: 'file', message: outcome.message }]);
    }
    return outcome;
  }

  /** Ends every worker, reading or not, when the app shuts down. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.workers].map((worker) => this.end(worker)));
  }

  /** An unused worker, or a new one. */
  private take(): Worker {
    const [ready] = this.idle.keys();
    if (ready) {
      clearTimeout(this.idle.get(ready));
      this.idle.delete(ready);
      ready.ref();
      return ready;
    }
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: workerModule(),
      resourceLimits: { maxOldGenerationSizeMb: READING_WORKER_MEMORY_MB },
    });
    // Faults while reading are the job's to report; an unused worker that fails simply ends.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      clearTimeout(this.idle.get(worker));
      this.idle.delete(worker);
      this.workers.delete(worker);
    });
    this.workers.add(worker);
    return worker;
  }

  /** Keeps a worker for the next document, without holding the process open, until it has been unused a while. */
  private keep(worker: Worker): void {
    worker.unref();
    const timer = setTimeout(() => void this.end(worker), IDLE_WORKER_MS);
    timer.unref();
    this.idle.set(worker, timer);
  }

  private async end(worker: Worker): Promise<void> {
    clearTimeout(this.idle.get(worker));
    this.idle.delete(worker);
    this.workers.delete(worker);
    await worker.terminate();
  }

  private inWorker(
    name: string,
    bytes: Uint8Array,
    matching: MatchingData,
    onProgress: (progress: ImportProgress) => void,
  ): Promise<ReportReadingOutcome> {
    const limitMs = Math.round(this.env.IMPORT_TIME_LIMIT_SECONDS * 1000);
    const data = transferable(bytes);
    const job: ReportReadingJob = {
      ...matching,
      name,
      bytes: data,
      maxTextCharacters: MAX_IMPORT_TEXT_CHARACTERS,
      // The job's own limit stops the worker first; this only keeps PDF.js from being stopped sooner.
      pdfTimeoutMs: Math.min(limitMs + 60_000, 2 ** 31 - 1),
    };
    return new Promise<ReportReadingOutcome>((resolve, reject) => {
      const started = performance.now();
      const worker = this.take();
      let settled = false;
      const settle = (healthy: boolean, outcome: () => void) => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (healthy) {
          this.keep(worker);
        } else {
          void this.end(worker);
        }
        outcome();
      };
      const timeUp = () => new FormError([{ field: 'file', message: timeLimitMessage(name, limitMs) }]);
      const onMessage = (message: ReadingWorkerMessage) => {
        if ('progress' in message) {
          onProgress(message.progress);
        } else if (performance.now() - started > limitMs) {
          // The answer came, but after the limit: the same refusal as when the timer stops it.
          settle(true, () => reject(timeUp()));
        } else if ('outcome' in message) {
          settle(true, () => resolve(message.outcome));
        } else {
          settle(false, () => reject(new Error(`Reading ${name} failed in its worker: ${message.fault}`)));
        }
      };
      const onError = (error: Error & { code?: string }) =>
        settle(false, () =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new FormError([{ field: 'file', message: memoryLimitMessage(name) }])
              : error,
          ),
        );
      const onExit = (code: number) =>
        settle(false, () =>
          reject(new Error(`The worker reading ${name} stopped before it answered (exit code ${code})`)),
        );
      const timer = setTimeout(() => settle(false, () => reject(timeUp())), limitMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job, [data.buffer]);
    });
  }
}
