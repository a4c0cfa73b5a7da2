import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfOfPages } from '../factories/import-files';
import { createUser, TEST_PASSWORD } from '../factories/users';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { expectNoAxeViolations, launchChromium, listenOnFreePort } from './browser-utils';

/**
 * The daily journey in a real browser: a force user signs in, updates an action, attaches a file
 * and claims the finding implemented; an inspector signs in and verifies it; the finding's
 * history shows both. Forms are checked with axe-core too.
 */
const TIMEOUT = 120_000;
const REFERENCE = 'DER-2025-AFI-01';

describe('force user and inspector in a browser', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    browser = await launchChromium();
    testApp = await createTestApp();
    baseUrl = await listenOnFreePort(testApp);
    await createUser(testApp.app, 'force_staff', { username: 'fiona.staff', team: 'Force vetting unit (FVU)' });
    await createUser(testApp.app, 'inspector', { username: 'ivan.inspector' });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  }, TIMEOUT);

  /**
   * A fresh browser context. axe is injected as a script, so the page's CSP is bypassed for the test
   * only; `enforceCsp` keeps it, to show the app's own scripts work under it.
   */
  async function signedInPage(username: string, enforceCsp = false): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: baseUrl, bypassCSP: !enforceCsp });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    return { context, page };
  }

  it(
    'a force user updates an action, attaches a file and claims implemented; an inspector verifies it',
    async () => {
      const staff = await signedInPage('fiona.staff');
      const page = staff.page;
      await page.goto(`/findings/${REFERENCE}`);

      // Update the first action to done, with a note.
      await page
        .locator('#actions')
        .locator('xpath=following::table[1]')
        .getByRole('link', { name: /^Update/ })
        .first()
        .click();
      await expectNoAxeViolations(page, 'update an action');
      await page.getByLabel('Status').selectOption('done');
      await page.getByLabel('Progress note (optional)').fill('Backlog cleared; 28-day standard met since June');
      await page.getByRole('button', { name: 'Save the action' }).click();
      await page.waitForURL(`**/findings/${REFERENCE}#actions`);

      // Attach a file.
      await page.getByRole('link', { name: 'Add evidence' }).click();
      await expectNoAxeViolations(page, 'add evidence');
      // Only the chosen kind's field shows: the note's at first, the file's once a file is chosen.
      expect(await page.locator('#description').isVisible()).toBe(true);
      expect(await page.locator('#url').isHidden()).toBe(true);
      expect(await page.locator('#file').isHidden()).toBe(true);
      await page.getByLabel('File', { exact: true }).check();
      expect(await page.locator('#file').isVisible()).toBe(true);
      expect(await page.locator('#description').isHidden()).toBe(true);
      expect(await page.getByLabel('File', { exact: true }).getAttribute('aria-controls')).toBe(
        'conditional-kind-file',
      );
      await page.getByLabel('Title').fill('Change of circumstances audit, June');
      await page.locator('#file').setInputFiles({
        name: 'coc-audit.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% audit\n%%EOF\n'),
      });
      await page.getByRole('button', { name: 'Add the evidence' }).click();
      await page.waitForLoadState('load');
      if (!page.url().endsWith('#evidence')) {
        throw new Error(`Evidence not added: ${page.url()} ${(await page.locator('main').innerText()).slice(0, 500)}`);
      }
      await page.getByRole('link', { name: 'Download coc-audit.pdf' }).waitFor();

      // Claim implemented.
      await page.getByRole('link', { name: 'Change the status' }).click();
      await expectNoAxeViolations(page, 'change the status');
      await page.getByLabel('Claim implemented (for verification)').check();
      await page.getByLabel('Commentary or reason').fill('Process in place and audited; see the June audit');
      await page.getByRole('button', { name: 'Save the status' }).click();
      // Its other action is not done: the form warns, listing it, and the claim is confirmed with the reason.
      await page.locator('#unfinished-actions').waitFor();
      expect(await page.locator('#unfinished-actions').innerText()).toMatch(/\(not started, overdue since /);
      expect(await page.getByLabel('Commentary or reason').inputValue()).toBe(
        'Process in place and audited; see the June audit',
      );
      await expectNoAxeViolations(page, 'claim warned of actions not done');
      await page.getByLabel('Yes, it is implemented all the same').check();
      await page.getByLabel('Why', { exact: true }).fill('The notification process is revised as part of the audit');
      await page.getByRole('button', { name: 'Save the status' }).click();
      await page.waitForURL(`**/findings/${REFERENCE}#history`);
      await expectNoAxeViolations(page, 'finding page after the claim');
      await staff.context.close();

      // The inspector verifies.
      const inspector = await signedInPage('ivan.inspector');
      await inspector.page.goto('/my-work');
      await inspector.page.getByRole('link', { name: REFERENCE }).first().click();
      await inspector.page.getByRole('link', { name: 'Change the status' }).click();
      await inspector.page.getByLabel('Verify and close').check();
      await inspector.page.getByLabel('Commentary or reason').fill('Audit evidence seen and sampled');
      await inspector.page.getByRole('button', { name: 'Save the status' }).click();
      await inspector.page.waitForURL(`**/findings/${REFERENCE}#history`);

      const history = await inspector.page.locator('#history').locator('xpath=following-sibling::div[1]').innerText();
      expect(history).toContain('Status changed: Implemented – awaiting verification → Verified closed');
      expect(history).toContain('by ivan.inspector');
      expect(history).toContain('Audit evidence seen and sampled');
      expect(history).toContain('Status changed: In progress → Implemented – awaiting verification');
      expect(history).toContain('by fiona.staff');
      expect(history).toContain('Evidence added: Change of circumstances audit, June');
      expect(history).toContain('Action updated: In progress → Done');
      await inspector.page.getByText('Verified and closed by ivan.inspector').waitFor();
      await inspector.context.close();
    },
    TIMEOUT,
  );

  it(
    'an inspector uploads a report, follows the progress of its reading to the review page, and sees a refusal beside the field',
    async () => {
      const { context, page } = await signedInPage('ivan.inspector', true);
      // Every text the progress line shows, kept across the navigation to the review page.
      await page.addInitScript({
        content: `document.addEventListener('DOMContentLoaded', () => {
          for (const id of ['import-progress-status', 'import-progress-detail']) {
            const element = document.getElementById(id);
            if (element) {
              new MutationObserver(() => {
                const seen = JSON.parse(sessionStorage.getItem(id) || '[]');
                if (element.textContent) sessionStorage.setItem(id, JSON.stringify([...seen, element.textContent]));
              }).observe(element, { childList: true, characterData: true, subtree: true });
            }
          }
        });`,
      });
      const cleveland = readFileSync(
        join(__dirname, '..', 'fixtures', 'uploads', 'cleveland-peel-2025-26.txt'),
        'utf8',
      );
      const [head, rest] = cleveland.split('Areas for improvement');
      const pdf = await pdfOfPages([
        head,
        `Areas for improvement${rest.split('Progress on earlier')[0]}`,
        `Progress on earlier${rest.split('Progress on earlier')[1]}`,
      ]);

      await page.goto('/imports');
      await page
        .getByLabel('Report file')
        .setInputFiles({ name: 'cleveland-in-the-browser.pdf', mimeType: 'application/pdf', buffer: pdf });
      await page.getByRole('button', { name: 'Read the report' }).click();
      await page.waitForURL(/\/imports\/\d+$/);
      await page.getByRole('heading', { name: 'cleveland-in-the-browser.pdf' }).waitFor();
      const announced = JSON.parse(
        await page.evaluate<string>("sessionStorage.getItem('import-progress-status') || '[]'"),
      ) as string[];
      const figures = JSON.parse(
        await page.evaluate<string>("sessionStorage.getItem('import-progress-detail') || '[]'"),
      ) as string[];
      // The live status changes once a step, in order; the browser delivers streamed lines in batches,
      // so a quick read may skip some.
      const steps = [
        'Uploading cleveland-in-the-browser.pdf',
        'Reading cleveland-in-the-browser.pdf',
        'Finding the judgments, findings and verdicts',
        'Matching the proposed findings with those already in the tracker',
        'Saving the proposal for review',
        'Opening the review',
      ];
      expect(announced[0]).toBe('Uploading cleveland-in-the-browser.pdf');
      expect(announced[announced.length - 1]).toBe('Opening the review');
      expect(announced.every((text) => steps.includes(text))).toBe(true);
      expect(announced).toEqual([...new Set(announced)].sort((a, b) => steps.indexOf(a) - steps.indexOf(b)));
      // Percentages and pages go to the line beside the bar, which is not announced.
      expect(figures.length).toBeGreaterThan(0);
      expect(figures.every((text) => /^(\d+% uploaded|Read page [123] of 3)$/.test(text))).toBe(true);
      expect(await page.locator('main').innerText()).toContain(
        'The force should improve how it manages suspects who are wanted for arrest.',
      );

      // The server's own error first (no file chosen: a plain post), then one from the script's upload:
      // the script's replaces it, so there is one summary and one message by the field.
      await page.goto('/imports');
      await page.getByRole('button', { name: 'Read the report' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      await page.getByLabel('Report file').setInputFiles({
        name: 'photo.png',
        mimeType: 'image/png',
        buffer: Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex'),
      });
      await page.getByRole('button', { name: 'Read the report' }).click();
      const message = 'photo.png is not a PDF, Word (.docx), HTML or text file: it looks like binary data.';
      await page.locator('.govuk-error-summary[data-import-error]').getByRole('link', { name: message }).waitFor();
      expect(await page.locator('.govuk-error-summary').count()).toBe(1);
      expect(await page.locator('[id="file-error"]').count()).toBe(1);
      expect(await page.locator('#file-error').textContent()).toBe(`Error: ${message}`);
      expect(await page.getByLabel('Report file').getAttribute('aria-describedby')).toBe('file-hint file-error');
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.locator('#import-progress').isHidden()).toBe(true);
      expect(await page.getByRole('button', { name: 'Read the report' }).isEnabled()).toBe(true);
      await context.close();
    },
    TIMEOUT,
  );
});
