import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { tooMuchTextMessage } from '../../src/imports/extraction/read-document';
import { mainText } from '../utils/page-text';
import { WebSession } from '../utils/web-session';
import { ADMIN_PASSWORD, type AppProcess, PROJECT_ROOT, scratchFolder, startAppProcess } from './app-process';

const ADMINISTRATOR = 'large.chief';
const INSPECTOR = 'ivy.large';
const INSPECTOR_PASSWORD = 'a long inspector passphrase';
/** The longest source report (the 2018/19 PEEL assessment, about 150,000 characters). */
const PEEL = readFileSync(
  join(PROJECT_ROOT, 'data', 'source-reports', '2018-19-integrated-peel-assessment-derbyshire.txt'),
  'utf8',
);
/** Each page asked for while a report is read must answer within this. */
const PAGE_DEADLINE_MS = 1000;

/**
 * A visitor in a worker thread: asks for a page, one request after another, posting how long each
 * took, until it is told to stop (then posts 'done').
 */
const VISITOR = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
let stop = false;
parentPort.on('message', () => (stop = true));
(async () => {
  while (!stop) {
    const started = performance.now();
    const response = await fetch(workerData.url, { signal: AbortSignal.timeout(30000) });
    const html = await response.text();
    parentPort.postMessage({ ms: performance.now() - started, status: response.status, signIn: html.includes('Sign in') });
  }
  parentPort.postMessage('done');
  parentPort.close();
})();
`;

/** The peak memory (resident set) of a process so far, in MB, from Linux's /proc. */
function peakMemoryMb(pid: number): number {
  const line = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!line) {
    throw new Error(`No VmHWM for process ${pid}`);
  }
  return Number(line[1]) / 1024;
}

/**
 * The app as a real process, given large reports by an inspector while another visitor keeps asking
 * for the sign-in page: reading a report happens in a worker thread, so every page asked for
 * meanwhile answers within a second, however long the reading takes, and the upload ends with a
 * clear answer (the review, or a refusal beside the file field).
 */
describe('A large report upload does not hold up anyone else’s pages', () => {
  const folder = scratchFolder('large-import');
  let app: AppProcess;
  let inspector: WebSession;

  beforeAll(async () => {
    // A time limit that ends the reading well within this test's own time, whatever the machine.
    app = await startAppProcess({ DATA_DIR: folder.path, ADMIN_USER: ADMINISTRATOR, IMPORT_TIME_LIMIT_SECONDS: '60' });
    const admin = new WebSession(app.url);
    await admin.signIn(ADMINISTRATOR, ADMIN_PASSWORD);
    const created = await admin.submit('/users/new', '/users', {
      username: INSPECTOR,
      displayName: 'Ivy Large',
      password: INSPECTOR_PASSWORD,
      role: 'inspector',
      forceCode: '',
      team: '',
    });
    expect(created.status).toBe(303);
    inspector = new WebSession(app.url, 110_000);
    await inspector.signIn(INSPECTOR, INSPECTOR_PASSWORD);
  });

  afterAll(async () => {
    await app?.stop();
    folder.remove();
  });

  /**
   * Uploads a report through the form (no script: the CSRF token a hidden field) while another
   * visitor asks for /sign-in, one request after another, until the upload has its answer; returns
   * the answer and how long each of those pages took. The visitor runs in a thread of its own, so
   * that its timings are the app's and not this test's, which is busy sending the upload.
   */
  async function uploadWhileTiming(content: string, name: string, type: string) {
    const page = await inspector.page('/imports');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('file', new Blob([content], { type }), name);
    const visitor = new Worker(VISITOR, { eval: true, workerData: { url: `${app.url}/sign-in` } });
    const pages: Array<{ ms: number; status: number; signIn: boolean }> = [];
    const visited = new Promise<void>((resolve, reject) => {
      visitor.on('message', (message: { ms: number; status: number; signIn: boolean } | 'done') =>
        message === 'done' ? resolve() : pages.push(message),
      );
      visitor.once('error', reject);
      visitor.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`The visitor stopped (${code})`))));
    });
    // The visitor's first page, before the upload starts: it is under way.
    await new Promise<void>((resolve) => visitor.once('message', () => resolve()));
    try {
      const response = await inspector.request('/imports', { method: 'POST', body: form });
      const answer = {
        status: response.status,
        location: response.headers.get('location'),
        html: await response.text(),
      };
      visitor.postMessage('stop');
      await visited;
      expect(pages.every((visit) => visit.status === 200 && visit.signIn)).toBe(true);
      return { ...answer, pages: pages.length, worst: Math.max(...pages.map((visit) => visit.ms)) };
    } finally {
      await visitor.terminate();
    }
  }

  it('refuses 19 MB of text as more than one report holds, while every other page answers within a second', async () => {
    const text = Array.from({ length: 135 }, () => PEEL).join('\n\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(19 * 1024 * 1024);
    const before = peakMemoryMb(app.child.pid!);
    const result = await uploadWhileTiming(text, 'everything.txt', 'text/plain');
    expect(result.status).toBe(400);
    expect(mainText(result.html)).toContain(tooMuchTextMessage('everything.txt'));
    expect(result.html).toContain('id="file-error"');
    expect(result.pages).toBeGreaterThan(0);
    expect(result.worst).toBeLessThan(PAGE_DEADLINE_MS);
    // Refused as soon as it is decoded, in the worker: far from the 585 MB more that 19.5 MB once took.
    expect(peakMemoryMb(app.child.pid!) - before).toBeLessThan(250);
  });

  it('reads a 16 MB web page of a report (its text under the limit) in the background, every other page answering within a second', async () => {
    // Ten copies of the longest report, in markup that triples its size: hundreds of thousands of
    // elements for the page reader to take apart, then 1.5 million characters for the extractor.
    const paragraphs = Array.from({ length: 10 }, () => PEEL)
      .join('\n\n')
      .split(/\n\s*\n/)
      .map(
        (paragraph) =>
          `<div class="govuk-grid-row"><div class="govuk-grid-column-full"><p class="govuk-body" data-track="paragraph">${paragraph
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;')}</p></div></div><script>window.track && window.track("paragraph");</script>`,
      );
    const padding = '<span class="layout-spacer" aria-hidden="true"></span>'.repeat(260_000);
    const html = `<!DOCTYPE html><html lang="en"><head><title>Derbyshire PEEL</title></head><body><main>${paragraphs.join('\n')}${padding}</main></body></html>`;
    expect(Buffer.byteLength(html)).toBeGreaterThan(15 * 1024 * 1024);
    expect(Buffer.byteLength(html)).toBeLessThan(20 * 1024 * 1024);
    const result = await uploadWhileTiming(html, 'derbyshire-large.html', 'text/html');
    expect(result.pages).toBeGreaterThan(0);
    expect(result.worst).toBeLessThan(PAGE_DEADLINE_MS);
    // A clear answer: the review of what was read or, on a machine too slow for the time limit, the refusal saying so.
    if (result.status === 303) {
      expect(result.location).toMatch(/^\/imports\/\d+$/);
      const review = mainText(await inspector.page(result.location!));
      expect(review).toContain('derbyshire-large.html');
      expect(review).toMatch(/The tracker read \d+ proposed findings/);
    } else {
      expect(result.status).toBe(400);
      expect(mainText(result.html)).toContain(
        'Reading derbyshire-large.html took longer than 1 minute, so the tracker stopped.',
      );
    }
  });
});
