import type { AxeResults, Result as AxeViolation } from 'axe-core';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Locator, type Page, type Response } from 'playwright-core';
import type { TestApp } from '../utils/create-test-app';

/** The Debian package's Chromium; CI installs it with `apt-get install -y chromium`. Never downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches the system Chromium, or fails (never skips) with the fix when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser suite needs Chromium at ${CHROMIUM_PATH}, and it is not there. ` +
        'Install the Debian package with `apt-get install -y chromium` (the suite does not download browsers).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Starts the test app's HTTP server on a free port of 127.0.0.1 and returns its base URL. */
export async function listenOnFreePort(testApp: TestApp): Promise<string> {
  await testApp.app.listen(0, '127.0.0.1');
  const address = testApp.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

// axe-core's browser global, present once axe.js is injected into the page.
declare const axe: { run(): Promise<AxeResults> };

/** Injects axe-core into the current page and runs every default rule on the whole document. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const results = await page.evaluate(async () => {
    const { violations } = await axe.run();
    // Only plain data crosses back to Node.
    return violations.map(({ id, impact, help, helpUrl, description, tags, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      description,
      tags,
      nodes: nodes.map(({ target, html, failureSummary, any, all, none }) => ({
        target,
        html,
        failureSummary,
        any,
        all,
        none,
      })),
    }));
  });
  return results;
}

/** A failure message that says exactly what to fix: rule, help, and every failing node's selector and markup. */
export function formatViolations(pageLabel: string, url: string, violations: AxeViolation[]): string {
  if (violations.length === 0) {
    return `${pageLabel} (${url}): no accessibility violations`;
  }
  const lines = [`${violations.length} axe-core violation(s) on ${pageLabel} (${url}):`];
  for (const violation of violations) {
    lines.push(
      '',
      `- ${violation.id} [${violation.impact ?? 'unknown impact'}]: ${violation.help}`,
      `  ${violation.helpUrl}`,
    );
    for (const node of violation.nodes) {
      lines.push(`  * target: ${JSON.stringify(node.target)}`, `    html: ${truncate(node.html, 300)}`);
      if (node.failureSummary) {
        lines.push(...node.failureSummary.split('\n').map((line) => `    ${line}`));
      }
    }
  }
  return lines.join('\n');
}

/**
 * Clicks something that loads a new page and fails unless that page came back 200; on an error page
 * the message quotes the page's heading and error summary, so the failure names the cause.
 */
export async function clickAndLoad(page: Page, target: Locator, what: string): Promise<Response> {
  const [response] = await Promise.all([
    // The page's final document: redirects (a POST answered 303) are followed, not judged.
    page.waitForResponse(
      (candidate) =>
        candidate.request().isNavigationRequest() &&
        candidate.request().frame() === page.mainFrame() &&
        (candidate.status() < 300 || candidate.status() >= 400),
    ),
    target.click(),
  ]);
  await page.waitForLoadState('load');
  if (response.status() !== 200) {
    const heading = (
      (await page
        .locator('h1')
        .first()
        .textContent()
        .catch(() => null)) ?? ''
    ).trim();
    const errors = (await page.locator('.govuk-error-summary__list li').allTextContents()).map((text) => text.trim());
    throw new Error(
      `${what} loaded ${response.url()} with HTTP ${response.status()}` +
        (heading ? `: "${heading}"` : '') +
        (errors.length > 0 ? ` (${errors.join('; ')})` : ''),
    );
  }
  return response;
}

/**
 * Records what goes wrong inside the page while a test runs: uncaught script errors, console
 * errors, and stylesheets, scripts or images that fail to load.
 */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console error on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('requestfailed', (request) =>
    problems.push(`${request.url()} failed to load: ${request.failure()?.errorText ?? 'unknown error'}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.request().isNavigationRequest()) {
      problems.push(`${response.url()} answered HTTP ${response.status()}`);
    }
  });
  return problems;
}

/** Runs axe-core on the page and fails with the full list of violations, if there are any. */
export async function expectNoAxeViolations(page: Page, pageLabel: string): Promise<void> {
  const violations = await runAxe(page);
  if (violations.length > 0) {
    throw new Error(formatViolations(pageLabel, page.url(), violations));
  }
}

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
