import type { Browser, Page } from 'playwright-core';
import { makeApiToken } from '../factories/api-tokens';
import { createUser, signIn } from '../factories/users';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { launchChromium, listenOnFreePort, watchPageProblems } from './browser-utils';

const SETUP_TIMEOUT = 120_000;
const TEST_TIMEOUT = 60_000;

/**
 * The API's documentation in a real browser, under the app's real Content-Security-Policy: Swagger UI, served from
 * the app's own files, shows the operations of /api/v1 from the OpenAPI document, and a personal API token given
 * under Authorize reads the API from the page.
 */
describe('the API documentation in a browser', () => {
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    browser = await launchChromium();
    testApp = await createTestApp();
    baseUrl = await listenOnFreePort(testApp);
    token = await makeApiToken(await signIn(testApp.app, await createUser(testApp.app, 'inspector')), {
      name: 'Swagger UI',
    });
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  }, SETUP_TIMEOUT);

  it(
    'shows every operation and calls the API with a token, without a script or style the policy refuses',
    async () => {
      const context = await browser!.newContext({ baseURL: baseUrl });
      const page: Page = await context.newPage();
      const problems = watchPageProblems(page);
      try {
        await page.goto('/api/docs');
        await page.getByText('Inspection findings tracker API').first().waitFor();
        for (const path of ['/api/v1/findings', '/api/v1/findings/{reference}/status', '/api/v1/reports/{key}']) {
          await page.locator('.opblock-summary-path', { hasText: path }).first().waitFor();
        }

        await page.getByRole('button', { name: 'Authorize' }).first().click();
        await page.locator('.auth-container input').first().fill(token);
        await page.locator('.auth-btn-wrapper button.authorize').click();
        await page.locator('.auth-btn-wrapper button.btn-done').click();

        const reports = page.locator('.opblock', { has: page.locator('[data-path="/api/v1/reports"]') }).first();
        await reports.locator('.opblock-summary').click();
        await reports.getByRole('button', { name: 'Try it out' }).click();
        await reports.getByRole('button', { name: 'Execute' }).click();
        await reports.locator('.live-responses-table .response-col_status', { hasText: '200' }).first().waitFor();
        await reports.locator('.live-responses-table', { hasText: 'der-2025-integrity' }).first().waitFor();
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
    TEST_TIMEOUT,
  );
});
