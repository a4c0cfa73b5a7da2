import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import {
  clickAndLoad,
  expectNoAxeViolations,
  launchChromium,
  listenOnFreePort,
  watchPageProblems,
} from './browser-utils';

/**
 * The tracker in a real browser (the Debian package's Chromium, driven by playwright-core), signed
 * in as the administrator: the dashboard, the findings list and its filters, a finding, the
 * reports and the sign-in page, each checked with axe-core; and the pages' own scripts and styles
 * under the app's real Content-Security-Policy. Run with `npm run test:browser`; it fails, never
 * skips, when Chromium is missing.
 */

// Generous: CI runs this on 2 cores, and the app loads its default data on start.
const SETUP_TIMEOUT = 120_000;
const TEST_TIMEOUT = 60_000;
const PREFERRED_FINDING = 'DER-2025-AFI-01';

describe('the tracker in a browser', () => {
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let context: BrowserContext;
  let page: Page;
  let pageProblems: string[];
  // The signed-in administrator's cookies, reused by every test's fresh browser context.
  let signedIn: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
    testApp = await createTestApp();
    baseUrl = await listenOnFreePort(testApp);
    signedIn = await signInIfAsked();
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  }, SETUP_TIMEOUT);

  beforeEach(async () => {
    // axe-core is injected as a script tag, which the app's Content-Security-Policy (script-src 'self')
    // would block, so these contexts bypass CSP; the last test checks the pages under the real policy.
    context = await browser!.newContext({ baseURL: baseUrl, storageState: signedIn, bypassCSP: true });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    pageProblems = watchPageProblems(page);
  });

  afterEach(async () => {
    await context?.close();
  });

  /**
   * When the app sends a visitor to its sign-in page, signs in there as the administrator that
   * createTestApp provisions (ADMIN_USER, default admin; ADMIN_PASSWORD) and returns the session.
   */
  async function signInIfAsked(): Promise<Awaited<ReturnType<BrowserContext['storageState']>> | undefined> {
    const signInContext = await browser!.newContext({ baseURL: baseUrl });
    try {
      const signInPage = await signInContext.newPage();
      await signInPage.goto('/');
      if (new URL(signInPage.url()).pathname !== '/sign-in') {
        return undefined;
      }
      await signInPage.getByLabel('Username').fill(process.env.ADMIN_USER ?? 'admin');
      await signInPage.getByLabel('Password').fill(process.env.ADMIN_PASSWORD ?? '');
      await clickAndLoad(
        signInPage,
        signInPage.getByRole('button', { name: 'Sign in' }),
        'Signing in as the administrator',
      );
      expect(new URL(signInPage.url()).pathname).toBe('/');
      return await signInContext.storageState();
    } finally {
      await signInContext.close();
    }
  }

  /** Opens a path and fails unless the server answered 200. */
  async function open(path: string): Promise<void> {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
  }

  /** Every page visited so far rendered without script errors and loaded all its assets. */
  function expectNoPageProblems(): void {
    expect(pageProblems).toEqual([]);
  }

  /** The rows of the findings table, with the text of each row's Kind cell. */
  async function kindCellsOfFindingsTable(): Promise<string[]> {
    const table = page.locator('main table.govuk-table');
    const headers = (await table.locator('thead th').allTextContents()).map((text) => text.trim());
    const kindColumn = headers.indexOf('Kind');
    expect(kindColumn).toBeGreaterThanOrEqual(0);
    const rows = table.locator('tbody tr');
    const cells: string[] = [];
    for (let index = 0; index < (await rows.count()); index++) {
      cells.push(((await rows.nth(index).locator('td').nth(kindColumn).textContent()) ?? '').trim());
    }
    return cells;
  }

  it(
    'shows the dashboard with the findings still unimplemented',
    async () => {
      await open('/');

      await expect(page.locator('h1').textContent()).resolves.toBe('Inspection findings');
      const heading = page.locator('h2#unimplemented');
      await expect(heading.textContent()).resolves.toMatch(/^Still unimplemented \(\d+\)$/);
      const rows = page.locator(
        'xpath=//h2[@id="unimplemented"]/following-sibling::div[contains(@class,"app-table-scroll")][1]/table/tbody/tr',
      );
      expect(await rows.count()).toBeGreaterThanOrEqual(1);
      await expect(rows.first().locator('td a').first().textContent()).resolves.toMatch(/^[A-Z]+-(NAT-)?\d{4}-/);

      await expectNoAxeViolations(page, 'the dashboard');
      expectNoPageProblems();
    },
    TEST_TIMEOUT,
  );

  it(
    'reaches the findings list through the navigation',
    async () => {
      await open('/');

      const findingsLink = page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Findings', exact: true });
      await clickAndLoad(page, findingsLink, 'The navigation link "Findings"');
      expect(page.url()).toBe(`${baseUrl}/findings`);
      await expect(findingsLink.getAttribute('aria-current')).resolves.toBe('page');

      await expect(page.locator('h1').textContent()).resolves.toBe('Findings');
      await expect(page.locator('#result-count').textContent()).resolves.toMatch(/\d+ findings?/);
      expect((await kindCellsOfFindingsTable()).length).toBeGreaterThan(0);

      await expectNoAxeViolations(page, 'the findings list');
      expectNoPageProblems();
    },
    TEST_TIMEOUT,
  );

  it(
    'filters the findings by kind',
    async () => {
      await open('/findings');
      const countBefore = (await page.locator('#result-count').textContent())?.trim();

      await page.locator('#filter-kind').selectOption({ label: 'Area for improvement' });
      await clickAndLoad(
        page,
        page.getByRole('button', { name: 'Apply filters' }),
        'Filtering by Kind "Area for improvement" with "Apply filters"',
      );

      expect(new URL(page.url()).searchParams.get('kind')).toBe('area_for_improvement');
      const countAfter = (await page.locator('#result-count').textContent())?.trim();
      expect(countAfter).toMatch(/\d+ findings?/);
      expect(countAfter).not.toBe(countBefore);
      await expect(page.locator('#filter-kind').inputValue()).resolves.toBe('area_for_improvement');
      const kinds = await kindCellsOfFindingsTable();
      expect(kinds.length).toBeGreaterThan(0);
      expect(kinds.filter((kind) => kind !== 'Area for improvement')).toEqual([]);

      await expectNoAxeViolations(page, 'the findings list filtered by kind');
      expectNoPageProblems();
    },
    TEST_TIMEOUT,
  );

  it(
    'opens a finding from the list and shows its lineage',
    async () => {
      await open('/findings?kind=area_for_improvement');

      const referenceLinks = page.locator('main table.govuk-table tbody tr td:first-child a');
      expect(await referenceLinks.count()).toBeGreaterThan(0);
      const preferred = referenceLinks.filter({ hasText: new RegExp(`^${PREFERRED_FINDING}$`) });
      const link = (await preferred.count()) > 0 ? preferred.first() : referenceLinks.first();
      const reference = ((await link.textContent()) ?? '').trim();
      expect(reference).not.toBe('');

      await clickAndLoad(page, link, `The reference link ${reference}`);
      expect(page.url()).toBe(`${baseUrl}/findings/${encodeURIComponent(reference)}`);

      await expect(page.locator('main .govuk-caption-l').textContent()).resolves.toContain(reference);
      const title = ((await page.locator('main h1').textContent()) ?? '').trim();
      expect(title).not.toBe('');
      await expect(page.title()).resolves.toContain(`${reference}: ${title}`);
      await expect(page.getByRole('heading', { level: 2, name: 'Lineage', exact: true }).isVisible()).resolves.toBe(
        true,
      );

      await expectNoAxeViolations(page, `the finding page of ${reference}`);
      expectNoPageProblems();
    },
    TEST_TIMEOUT,
  );

  it(
    'lists the reports',
    async () => {
      await open('/reports');

      await expect(page.locator('h1').textContent()).resolves.toBe('Reports');
      const reportLinks = page.locator('main table.govuk-table tbody tr td:first-child a');
      expect(await reportLinks.count()).toBeGreaterThan(0);

      await expectNoAxeViolations(page, 'the reports list');
      expectNoPageProblems();
    },
    TEST_TIMEOUT,
  );

  it(
    'opens a report from the reports list',
    async () => {
      await open('/reports');

      const link = page.locator('main table.govuk-table tbody tr td:first-child a').first();
      const reportTitle = ((await link.textContent()) ?? '').trim();
      await clickAndLoad(page, link, `The report link "${reportTitle}"`);
      expect(page.url()).toMatch(new RegExp(`^${baseUrl}/reports/[^/?#]+$`));

      await expect(page.locator('main h1').textContent()).resolves.toBe(reportTitle);
      await expect(page.getByRole('heading', { level: 2, name: 'Graded judgments' }).isVisible()).resolves.toBe(true);
      await expectNoAxeViolations(page, `the report page "${reportTitle}"`);
      expectNoPageProblems();
    },
    TEST_TIMEOUT,
  );

  it(
    'shows an accessible sign-in page to a visitor who is not signed in',
    async () => {
      const visitor = await browser!.newContext({ baseURL: baseUrl, bypassCSP: true });
      try {
        const visitorPage = await visitor.newPage();
        const problems = watchPageProblems(visitorPage);
        await visitorPage.goto('/findings');
        expect(new URL(visitorPage.url()).pathname).toBe('/sign-in');
        await expect(visitorPage.locator('h1').textContent()).resolves.toBe('Sign in');
        await expect(visitorPage.getByLabel('Username').isVisible()).resolves.toBe(true);
        await expect(visitorPage.getByLabel('Password').isVisible()).resolves.toBe(true);

        await expectNoAxeViolations(visitorPage, 'the sign-in page');
        expect(problems).toEqual([]);
      } finally {
        await visitor.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "keeps its Content-Security-Policy, and the pages' own scripts and styles still run under it",
    async () => {
      const enforced = await browser!.newContext({ baseURL: baseUrl, storageState: signedIn });
      try {
        const enforcedPage = await enforced.newPage();
        const problems = watchPageProblems(enforcedPage);
        for (const path of ['/', '/findings', '/reports']) {
          const response = await enforcedPage.goto(path);
          expect(response?.status()).toBe(200);
          expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
          // public/app.js ran (GOV.UK Frontend initialised) and the GOV.UK stylesheet applied.
          await expect(enforcedPage.locator('body').getAttribute('class')).resolves.toMatch(
            /\bgovuk-frontend-supported\b/,
          );
          await expect(
            enforcedPage.locator('main h1').evaluate((heading) => {
              const view = globalThis as unknown as { getComputedStyle(element: unknown): { fontFamily: string } };
              return view.getComputedStyle(heading).fontFamily;
            }),
          ).resolves.toMatch(/GDS Transport|arial/i);
        }
        // A blocked script, style or image shows up as a console error here.
        expect(problems).toEqual([]);
      } finally {
        await enforced.close();
      }
    },
    TEST_TIMEOUT,
  );
});
