import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Response } from 'superagent';
import { DataSource } from 'typeorm';
import { createUser, csrfFrom, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText, pageText } from './utils/page-text';

const CLEVELAND = readFileSync(join(__dirname, 'fixtures', 'uploads', 'cleveland-peel-2025-26.txt'));

/** Reads a streamed response whole, as text. */
function asText(response: Response, done: (error: Error | null, body: string) => void): void {
  const stream = response as unknown as IncomingMessage;
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => done(null, body));
}

/**
 * The time limit on reading an uploaded report (IMPORT_TIME_LIMIT_SECONDS), set here to one
 * millisecond: starting the worker that reads a document takes longer than that, so every reading is
 * stopped at the limit, whatever the machine's speed.
 */
describe('Importing a report: the time limit on reading it', () => {
  let testApp: TestApp;
  let inspector: Awaited<ReturnType<typeof signIn>>;
  let dataSource: DataSource;
  const imports = async () =>
    Number((await dataSource.query<Array<{ n: number | string }>>('SELECT COUNT(*) AS n FROM report_imports'))[0].n);
  const message =
    'Reading cleveland.txt took longer than 1 millisecond, so the tracker stopped. Check that the file is one inspection report, then try again.';

  beforeAll(async () => {
    process.env.IMPORT_TIME_LIMIT_SECONDS = '0.001';
    testApp = await createTestApp();
    dataSource = testApp.app.get(DataSource);
    inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector'));
  });

  afterAll(async () => {
    delete process.env.IMPORT_TIME_LIMIT_SECONDS;
    await testApp.close();
  });

  it('stops a reading that passes the limit and says so beside the file field, storing nothing', async () => {
    const before = await imports();
    const page = await inspector.agent.get('/imports').expect(200);
    const response = await inspector.agent
      .post('/imports')
      .field('_csrf', csrfFrom(page.text))
      .attach('file', CLEVELAND, 'cleveland.txt')
      .redirects(0);
    expect(response.status).toBe(400);
    expect(pageText(response.text)).toContain('There is a problem');
    expect(pageText(response.text)).toContain(message);
    expect(response.text).toContain('id="file-error"');
    expect(await imports()).toBe(before);
    // The app is none the worse: the page answers, and the same document is not taken as uploaded.
    expect(mainText((await inspector.agent.get('/imports').expect(200)).text)).not.toContain('cleveland.txt');
  });

  it('ends the progress stream with the same refusal', async () => {
    const before = await imports();
    const page = await inspector.agent.get('/imports').expect(200);
    const response = await inspector.agent
      .post('/imports')
      .set('Accept', 'application/x-ndjson')
      .set('x-csrf-token', csrfFrom(page.text))
      .attach('file', CLEVELAND, 'cleveland.txt')
      .buffer(true)
      .parse(asText);
    const lines = (response.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toEqual({ progress: { stage: 'reading', message: 'Reading cleveland.txt' } });
    expect(lines[lines.length - 1]).toEqual({ status: 400, errors: [{ field: 'file', message }] });
    expect(await imports()).toBe(before);
  });
});
