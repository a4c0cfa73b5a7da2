import { Workbook } from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { reportHtml } from '../factories/import-files';
import { recordSecondForceReport, SECOND_FORCE } from '../factories/second-force';
import { createUser, csrfFrom, signIn, TEST_PASSWORD } from '../factories/users';
import { createTestApp, type TestApp } from '../utils/create-test-app';
import { expectNoAxeViolations, launchChromium, listenOnFreePort } from './browser-utils';

/**
 * WCAG 1.4.10 (reflow) and printing, in the Debian package's Chromium: at a 390 px wide viewport no page
 * with a table scrolls sideways (each table scrolls inside its own labelled, focusable region), and the
 * HTML board pack printed on A4 keeps its running header clear of each page's first heading and its
 * appendix table inside the printable width.
 */
const SETUP_TIMEOUT = 180_000;
const TEST_TIMEOUT = 180_000;
const PHONE = { width: 390, height: 844 };
const REFERENCE = 'DER-2025-AFI-01';
/**
 * The few browser globals the functions given to page.evaluate use. They run in the page, not in Node; the
 * project compiles without the DOM library (adding it would change Node's own types), so they are declared here.
 */
interface PageElement {
  readonly outerHTML: string;
  readonly textContent: string | null;
  readonly parentElement: PageElement | null;
  closest(selector: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number; width: number };
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & ArrayLike<PageElement>;
  documentElement: { scrollWidth: number; clientWidth: number };
};
declare const window: { innerWidth: number };

/** A4 in PDF points, with the side margin of the pack's @page rule (14 mm), and its printable width in CSS px. */
const A4 = { width: 595.28, margin: (14 / 25.4) * 72, printableCssPx: ((210 - 2 * 14) / 25.4) * 96 };

/** One run of text on a PDF page: its words and box (PDF points, y of the baseline, growing upwards). */
interface PdfText {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The text runs of each page of a PDF, read with PDF.js (through unpdf). unpdf is an ES module, which Jest
 * (CommonJS) cannot load, so Node reads it in a child process, as src/board-packs/render/pdf.spec.ts does.
 */
function pdfTextByPage(pdf: Buffer): PdfText[][] {
  const folder = mkdtempSync(join(tmpdir(), 'printed-pack-'));
  try {
    const file = join(folder, 'pack.pdf');
    writeFileSync(file, pdf);
    const script = [
      "import { readFileSync } from 'node:fs';",
      "import { getDocumentProxy } from 'unpdf';",
      'const document = await getDocumentProxy(new Uint8Array(readFileSync(process.argv[1])));',
      'const pages = [];',
      'for (let number = 1; number <= document.numPages; number++) {',
      '  const { items } = await (await document.getPage(number)).getTextContent();',
      "  pages.push(items.filter((item) => 'str' in item && item.str.trim() !== '').map((item) => ({",
      '    text: item.str, x: item.transform[4], y: item.transform[5], width: item.width, height: item.height })));',
      '}',
      'process.stdout.write(JSON.stringify(pages));',
    ].join('\n');
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script, file], {
      cwd: __dirname,
      encoding: 'utf8',
    });
    return JSON.parse(output) as PdfText[][];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One page as a role sees it: where it is, and what a reader would call it. */
interface PageUnderTest {
  path: string;
  label: string;
  /** A page whose tables appear only with data this test does not make: its width is still measured. */
  noTable?: boolean;
}

/** What a page measured at the phone width: its own width and each table's scrolling region. */
interface Measurement {
  scrollWidth: number;
  innerWidth: number;
  tables: number;
  unwrapped: string[];
  /** The outermost elements reaching past the viewport's right edge, to name the cause of a failure. */
  overflowing: string[];
}

describe('pages on a phone and the board pack on paper', () => {
  let testApp: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let importPath: string;
  let trackerImportPath: string;

  beforeAll(async () => {
    browser = await launchChromium();
    testApp = await createTestApp();
    baseUrl = await listenOnFreePort(testApp);
    await recordSecondForceReport(testApp.app);
    await createUser(testApp.app, 'administrator', { username: 'ada.admin' });
    await createUser(testApp.app, 'inspector', { username: 'ivan.inspector' });
    await createUser(testApp.app, 'force_lead', { username: 'lena.lead' });
    await createUser(testApp.app, 'board_member', { username: 'bea.board' });
    await createUser(testApp.app, 'force_lead', { username: 'chris.cheshire', forceCode: SECOND_FORCE.code });

    // A report uploaded for review, so the review page has its tables.
    const inspector = await signIn(testApp.app, { username: 'ivan.inspector' });
    const importsPage = await inspector.agent.get('/imports').expect(200);
    const upload = await inspector.agent
      .post('/imports')
      .field('_csrf', csrfFrom(importsPage.text))
      .attach('file', Buffer.from(reportHtml()), 'wessex-peel-2019.html')
      .redirects(0)
      .expect(303);
    importPath = String(upload.headers.location);

    // A force's own tracker uploaded for preview.
    const lead = await signIn(testApp.app, { username: 'lena.lead' });
    const trackerUpload = await lead.agent
      .post('/tracker-imports')
      .field('_csrf', lead.csrf)
      .attach('file', await trackerWorkbook(), 'Force improvement tracker.xlsx')
      .redirects(0)
      .expect(303);
    trackerImportPath = String(trackerUpload.headers.location);
  }, SETUP_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  }, SETUP_TIMEOUT);

  /** A spreadsheet as a force keeps its tracker: long texts and a long latest update. */
  async function trackerWorkbook(): Promise<Buffer> {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Tracker');
    sheet.addRow(['Ref', 'Recommendation / AFI', 'Owner', 'Target date', 'RAG', 'Latest update', 'Action']);
    sheet.addRow([
      REFERENCE,
      'The force should make sure it has enough vetting officers to clear its backlog of vetting renewals.',
      'Head of professional standards (PSD)',
      '31/03/2026',
      'Green',
      'Backlog halved since the spring; an audit of the change-of-circumstances process is booked for June.',
      'Recruit two vetting officers',
    ]);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** A fresh context signed in as the user; CSP is bypassed only so axe-core can be injected. */
  async function signedIn(username: string, viewport = PHONE): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: baseUrl, bypassCSP: true, viewport });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    return { context, page };
  }

  /** The page's width against the viewport's, and every table of the page not inside a labelled, focusable region. */
  function measure(page: Page): Promise<Measurement> {
    return page.evaluate(() => {
      // Data tables: the board pack's print frame is a layout table (role="presentation").
      const tables = Array.from(document.querySelectorAll('main table:not([role="presentation"])'));
      const unwrapped = tables
        .filter((table) => {
          const region = table.closest('.app-table-scroll');
          return (
            !region ||
            region.getAttribute('role') !== 'region' ||
            !region.getAttribute('aria-label')?.trim() ||
            region.getAttribute('tabindex') !== '0'
          );
        })
        .map((table) => (table.querySelector('caption')?.textContent ?? table.outerHTML.slice(0, 80)).trim());
      const overflowing = Array.from(document.querySelectorAll('body *'))
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
        .filter(
          (element) =>
            !element.parentElement || element.parentElement.getBoundingClientRect().right <= window.innerWidth + 1,
        )
        .slice(0, 5)
        .map(
          (element) =>
            `${element.outerHTML.slice(0, 120)} (right ${Math.round(element.getBoundingClientRect().right)})`,
        );
      return {
        overflowing,
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        tables: tables.length,
        unwrapped,
      };
    });
  }

  /**
   * Opens each page at the phone width and collects what does not fit: a page wider than the viewport,
   * a table outside its own scrolling region, an axe-core violation. Every page is measured before failing.
   */
  async function checkPages(username: string, pages: PageUnderTest[]): Promise<void> {
    const { context, page } = await signedIn(username);
    const problems: string[] = [];
    try {
      for (const { path, label, noTable } of pages) {
        const response = await page.goto(path);
        expect(`${label}: HTTP ${response?.status()}`).toBe(`${label}: HTTP 200`);
        const measured = await measure(page);
        if (measured.tables === 0 && !noTable) {
          problems.push(`${label} (${path}) shows no table`);
        }
        if (measured.scrollWidth > measured.innerWidth) {
          problems.push(
            `${label} (${path}) is ${measured.scrollWidth} px wide at ${measured.innerWidth} px: ${measured.overflowing.join('; ')}`,
          );
        }
        if (measured.unwrapped.length > 0) {
          problems.push(`${label} (${path}) has tables outside a scrolling region: ${measured.unwrapped.join('; ')}`);
        }
        try {
          await expectNoAxeViolations(page, `${label} at ${PHONE.width} px`);
        } catch (error) {
          problems.push((error as Error).message);
        }
      }
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }

  it('puts every data table of every view inside the scrolling region', () => {
    // The pages above are measured in the browser; this reads every template, pages without test data included.
    const views = join(__dirname, '../../views');
    const outside: string[] = [];
    for (const file of readdirSync(views, { recursive: true, encoding: 'utf8' }).filter((name) =>
      name.endsWith('.hbs'),
    )) {
      const template = readFileSync(join(views, file), 'utf8');
      for (const match of template.matchAll(/<table\b[^>]*>/g)) {
        const layout = match[0].includes('role="presentation"');
        const wrapped = /\{\{#> table-scroll scrollLabel=[^}]+\}\}\s*$/.test(template.slice(0, match.index));
        if (!layout && !wrapped) {
          outside.push(`${file}: ${match[0]}`);
        }
      }
    }
    expect(outside).toEqual([]);
  });

  it(
    'fits every page with a table into 390 px for an administrator',
    async () => {
      await checkPages('ada.admin', [
        { path: '/', label: 'the dashboard' },
        { path: '/findings', label: 'the findings list' },
        { path: `/findings/${REFERENCE}`, label: 'a finding' },
        { path: '/reports', label: 'the reports' },
        { path: '/reports/der-2025-integrity', label: 'a report' },
        { path: '/board-packs/current?force=DER', label: 'the board pack' },
        { path: '/admin/audit', label: 'the audit log' },
        { path: '/users', label: 'the users' },
        { path: '/organisations', label: 'the organisations' },
        { path: '/imports', label: 'the imports' },
        { path: importPath, label: 'an import’s review', noTable: true },
        { path: '/notifications/outbox', label: 'the outbox', noTable: true },
      ]);
    },
    TEST_TIMEOUT,
  );

  it(
    'fits every page with a table into 390 px for a force lead, an inspector and a board member',
    async () => {
      // A saved pack, so the board packs page lists one.
      const lead = await signedIn('lena.lead');
      await lead.page.goto('/board-packs/current');
      const meetingName = lead.page.getByLabel('Name of the meeting');
      if ((await meetingName.count()) > 0) {
        await meetingName.fill('Force improvement board');
        await lead.page.getByRole('textbox', { name: 'Day' }).fill('1');
        await lead.page.getByRole('textbox', { name: 'Month' }).fill('12');
        await lead.page.getByRole('textbox', { name: 'Year' }).fill('2026');
      }
      await lead.page.getByRole('button', { name: /^Save this pack/ }).click();
      await lead.page.waitForURL((url) => /^\/board-packs\/\d+$/.test(url.pathname));
      const savedPack = new URL(lead.page.url()).pathname;
      await lead.context.close();

      await checkPages('lena.lead', [
        { path: '/my-work', label: 'My work' },
        { path: '/board-packs', label: 'the board packs' },
        { path: savedPack, label: 'a saved board pack' },
        { path: '/users', label: 'the force’s users' },
        { path: '/teams', label: 'the teams' },
        { path: '/tracker-imports', label: 'the tracker imports' },
        { path: trackerImportPath, label: 'a tracker import’s preview' },
      ]);
      await checkPages('ivan.inspector', [
        { path: '/my-work', label: 'the inspector’s My work' },
        { path: '/progress?reference=NAT-2022-REC-01', label: 'progress across forces' },
        { path: '/findings?q=vetting', label: 'a search of the findings' },
      ]);
      await checkPages('bea.board', [{ path: '/board-packs/current', label: 'the board member’s pack' }]);
    },
    TEST_TIMEOUT,
  );

  it(
    'prints the board pack on A4 with the running header clear of each page’s content and the appendix inside the page',
    async () => {
      const { context, page } = await signedIn('lena.lead', { width: 1280, height: 900 });
      try {
        await page.goto('/board-packs/current');
        const pdf = await page.pdf({ format: 'A4' });
        const pages = pdfTextByPage(pdf);
        expect(pages.length).toBeGreaterThan(2);

        const marking = /^OFFICIAL · .+ · .+/;
        const problems: string[] = [];
        pages.forEach((items, index) => {
          const number = index + 1;
          const header = items.find((item) => marking.test(item.text));
          if (!header) {
            problems.push(`page ${number} has no running header`);
            return;
          }
          // PDF y grows upwards: the header's lowest point must sit above the top of everything else on the page.
          const headerBottom = header.y - header.height * 0.3;
          for (const item of items) {
            if (item !== header && item.y + item.height > headerBottom) {
              problems.push(
                `page ${number}: "${item.text}" (top ${item.y + item.height}) meets the header (${headerBottom})`,
              );
            }
          }
          for (const item of items) {
            if (item.x < A4.margin - 1 || item.x + item.width > A4.width - A4.margin + 1) {
              problems.push(`page ${number}: "${item.text}" runs from ${item.x} to ${item.x + item.width}`);
            }
          }
        });
        expect(problems).toEqual([]);

        // The appendix's last column is on the paper, and so is its content.
        const appendix = pages.find((items) => items.some((item) => item.text.startsWith('Appendix: every finding')));
        expect(appendix?.some((item) => item.text === 'Latest update')).toBe(true);

        // The same, measured in the print layout: the appendix table ends inside the printable width.
        await page.emulateMedia({ media: 'print' });
        await page.setViewportSize({ width: Math.floor(A4.printableCssPx), height: 1100 });
        const widths = await page.evaluate(() => {
          const table = document.querySelector(
            '#appendix ~ .app-table-scroll table, #appendix + .app-table-scroll table',
          );
          return {
            tableRight: table?.getBoundingClientRect().right ?? null,
            pageWidth: document.documentElement.clientWidth,
          };
        });
        expect(widths.tableRight).not.toBeNull();
        expect(widths.tableRight!).toBeLessThanOrEqual(widths.pageWidth);
      } finally {
        await context.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'fits the header into 390 px with its search box, links and sign-out button',
    async () => {
      const { context, page } = await signedIn('ada.admin');
      try {
        await page.goto('/');
        const boxes = await page.evaluate(() =>
          ['#header-search', '#header-notifications', '.app-user-bar button[type="submit"]:last-of-type'].map(
            (selector) => {
              const element = document.querySelector(selector);
              const box = element?.getBoundingClientRect();
              return { selector, right: box ? Math.ceil(box.right) : null, width: box?.width ?? 0 };
            },
          ),
        );
        for (const box of boxes) {
          expect(box.right).not.toBeNull();
          expect(box.width).toBeGreaterThan(0);
          expect(box.right!).toBeLessThanOrEqual(PHONE.width);
        }
        await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
      } finally {
        await context.close();
      }
    },
    TEST_TIMEOUT,
  );
});
