import { ValueType, Workbook, type Worksheet } from 'exceljs';
import type { Response } from 'superagent';
import request from 'supertest';
import { AuditService } from '../src/audit/audit.service';
import { WriteTransactions } from '../src/database/write-transactions';
import { FindingsService } from '../src/findings/findings.service';
import { scopeOf } from '../src/access/scope';
import { ReportRecorder } from '../src/reports/report-recorder';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createUser, signIn } from './factories/users';
import { parseCsv } from './support/board-packs/read-back';
import { binaryBody } from './utils/binary-body';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { decodeEntities, mainText } from './utils/page-text';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

/** A second Cheshire finding whose words a spreadsheet would run as formulas. */
const FORMULA = {
  reference: 'CHE-2025-AFI-02',
  title: '=HYPERLINK("http://example.invalid","Click me")',
  owner: '@Cheshire professional standards',
  theme: '+Vetting',
};

async function recordFormulaFinding(testApp: TestApp): Promise<void> {
  const app = testApp.app;
  await app.get(WriteTransactions).run((manager) =>
    app.get(ReportRecorder).record(manager, {
      author: 'test',
      at: '2025-09-02T09:00:00.000Z',
      importedFrom: 'cheshire-follow-up.txt',
      reports: [
        {
          key: 'che-2025-follow-up',
          title: 'Cheshire follow-up letter',
          inspectorate: 'HMICFRS',
          type: 'integrated_peel_assessment',
          forceCode: SECOND_FORCE.code,
          period: '2025',
          publishedOn: '2025-09-01',
          sourceFile: null,
          sourceUrl: null,
        },
      ],
      judgments: [],
      items: [
        {
          finding: {
            reference: FORMULA.reference,
            kind: 'area_for_improvement',
            title: FORMULA.title,
            text: '-1 is not a count of officers; the force should count them.',
            subPoints: [],
            parent: null,
            theme: FORMULA.theme,
            sources: [{ report: 0, section: null, role: 'origin', position: 1 }],
            owner: FORMULA.owner,
            status: 'not_started',
            targetDate: '2026-03-31',
            actions: [],
          },
        },
      ],
      assessments: [],
      links: [],
    }),
  );
}

/** The references of every page of a findings list, walking its pages as a reader would. */
async function listedReferences(agent: Agent, path: string): Promise<string[]> {
  const references: string[] = [];
  for (let page = 1; ; page += 1) {
    const html = (await agent.get(`${path}${path.includes('?') ? '&' : '?'}page=${page}`).expect(200)).text;
    const total = Number(/<strong>(\d+) findings?<\/strong>/.exec(html)![1]);
    const body = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
    references.push(
      ...[
        ...body.matchAll(/<td class="govuk-table__cell app-nowrap"><a class="govuk-link" href="[^"]+">([^<]+)<\/a>/g),
      ].map((match) => decodeEntities(match[1])),
    );
    if (references.length >= total) {
      return references;
    }
  }
}

/** A CSV download: its "About this export" lines (label → value) and the records of its (first) table. */
function readCsv(text: string) {
  const records = parseCsv(text);
  const blank = records.findIndex((record) => record.length === 1 && record[0] === '');
  const about = new Map(records.slice(1, blank).map((record) => [record[0], record[1]] as const));
  return { heading: records[0][0], about, header: records[blank + 1], rows: records.slice(blank + 2) };
}

/** A CSV download of several tables: each table's name → its heading row and rows. */
function readCsvTables(text: string): Map<string, { header: string[]; rows: string[][] }> {
  const records = parseCsv(text);
  const tables = new Map<string, { header: string[]; rows: string[][] }>();
  let at = records.findIndex((record) => record.length === 1 && record[0] === '') + 1;
  while (at < records.length) {
    const end = records.findIndex((record, index) => index > at && record.length === 1 && record[0] === '');
    const last = end < 0 ? records.length : end;
    tables.set(records[at][0], { header: records[at + 1], rows: records.slice(at + 2, last) });
    at = last + 1;
  }
  return tables;
}

/** The finding references linked in a part of a page, from the element with `fromId` to the one with `toId`. */
function referencesBetween(html: string, fromId: string, toId: string | null): string[] {
  const start = html.indexOf(`id="${fromId}"`);
  const end = toId ? html.indexOf(`id="${toId}"`, start) : html.indexOf('</main>', start);
  return [...html.slice(start, end).matchAll(/href="\/findings\/([^"#]+)(?:#[^"]*)?">([^<]+)<\/a>/g)].map((match) =>
    decodeEntities(match[2]),
  );
}

async function readXlsx(body: Buffer) {
  const workbook = new Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows below its heading row, as the values of their cells. */
function sheetRows(sheet: Worksheet): Array<Array<unknown>> {
  const rows: Array<Array<unknown>> = [];
  sheet.eachRow((row, number) => {
    if (number > 1) {
      rows.push((row.values as unknown[]).slice(1));
    }
  });
  return rows;
}

/** "About this export" as label → value. */
function aboutSheet(workbook: Workbook): Map<string, string> {
  const sheet = workbook.worksheets[0];
  expect(sheet.name).toBe('About this export');
  const about = new Map<string, string>();
  sheet.eachRow((row, number) => {
    if (number > 1) {
      about.set(row.getCell(1).text, row.getCell(2).text);
    }
  });
  return about;
}

const download = (agent: Agent, path: string) => agent.get(path).buffer(true).parse(binaryBody).expect(200);

function expectDownloadHeaders(response: Response, type: string, fileName: RegExp) {
  expect(response.headers['content-type']).toContain(type);
  expect(response.headers['content-disposition']).toMatch(fileName);
  expect(response.headers['cache-control']).toBe('no-store');
}

describe('Exports: every list as CSV and Excel, the same rows as the page', () => {
  let testApp: TestApp;
  let derbyshire: Agent;
  let cheshire: Agent;
  let inspector: Agent;
  let administrator: Agent;
  let board: Agent;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    await recordSecondForceReport(app);
    await recordFormulaFinding(testApp);
    derbyshire = (await signIn(app, await createUser(app, 'force_staff', { team: SECOND_FORCE.team }))).agent;
    cheshire = (
      await signIn(app, await createUser(app, 'force_staff', { forceCode: SECOND_FORCE.code, team: SECOND_FORCE.team }))
    ).agent;
    inspector = (await signIn(app, await createUser(app, 'inspector', { username: 'ivy.inspector' }))).agent;
    administrator = (await signIn(app, await createUser(app, 'administrator'))).agent;
    board = (await signIn(app, await createUser(app, 'board_member'))).agent;
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('the findings list', () => {
    const filter = 'year=2022&kind=national_recommendation&sort=reference&dir=desc';

    it('downloads every page of the list, in its order, as CSV and as Excel, with the filters written in', async () => {
      const listed = await listedReferences(inspector, `/findings?${filter}`);
      expect(listed.length).toBeGreaterThan(20);
      expect(listed).toContain('CHE-NAT-2022-REC-01');
      expect(listed.some((reference) => reference.startsWith('DER-'))).toBe(true);

      const page = (await inspector.get(`/findings?${filter}`).expect(200)).text;
      expect(mainText(page)).toContain('Download as CSV');
      expect(decodeEntities(page)).toContain(`href="/findings/export.csv?${filter}"`);
      expect(decodeEntities(page)).toContain(`href="/findings/export.xlsx?${filter}"`);

      const csvResponse = await inspector.get(`/findings/export.csv?${filter}&page=2`).expect(200);
      expectDownloadHeaders(csvResponse, 'text/csv', /^attachment; filename="findings-\d{4}-\d{2}-\d{2}\.csv"$/);
      const csv = readCsv(csvResponse.text);
      expect(csv.heading).toBe('About this export');
      expect(csv.about.get('Export')).toBe('Findings');
      expect(csv.about.get('Exported by')).toMatch(/\(ivy\.inspector\), Inspector$/);
      expect(csv.about.get('Organisation')).toBe('All organisations (inspector)');
      expect(csv.about.get('Filter: Kind')).toBe('National recommendation');
      expect(csv.about.get('Filter: Year')).toBe('2022');
      expect(csv.about.get('Order')).toBe('Reference, descending');
      expect(csv.header.slice(0, 3)).toEqual(['Reference', 'Title', 'Kind']);
      expect(csv.rows.map((row) => row[0])).toEqual(listed);

      const xlsxResponse = await download(inspector, `/findings/export.xlsx?${filter}`);
      expectDownloadHeaders(
        xlsxResponse,
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        /^attachment; filename="findings-\d{4}-\d{2}-\d{2}\.xlsx"$/,
      );
      const workbook = await readXlsx(xlsxResponse.body as Buffer);
      const about = aboutSheet(workbook);
      expect(about.get('Filter: Kind')).toBe('National recommendation');
      expect(about.get('Filter: Year')).toBe('2022');
      expect(about.get('Organisation')).toBe('All organisations (inspector)');
      const sheet = workbook.getWorksheet('Findings')!;
      expect(sheet.getRow(1).getCell(1).value).toBe('Reference');
      expect(sheetRows(sheet).map((row) => row[0])).toEqual(listed);
    });

    it('keeps a force user to their own force’s findings, with their organisation written in', async () => {
      const listed = await listedReferences(derbyshire, '/findings');
      const csv = readCsv((await derbyshire.get('/findings/export.csv').expect(200)).text);
      expect(csv.about.get('Organisation')).toBe('Derbyshire Constabulary (DER)');
      expect(csv.about.get('Filters')).toBe('None: every row you may see');
      const references = csv.rows.map((row) => row[0]);
      expect(references).toEqual(listed);
      expect(references.length).toBe(84);
      expect(references.filter((reference) => reference.startsWith('CHE-'))).toEqual([]);

      const workbook = await readXlsx((await download(cheshire, '/findings/export.xlsx?force=DER')).body as Buffer);
      expect(aboutSheet(workbook).get('Filter: Force')).toBe('DER');
      expect(sheetRows(workbook.getWorksheet('Findings')!)).toEqual([]);
      const own = readCsv((await cheshire.get('/findings/export.csv?kind=area_for_improvement').expect(200)).text);
      expect(own.rows.map((row) => row[0]).sort()).toEqual([SECOND_FORCE.reference, FORMULA.reference]);
      const everything = readCsv((await cheshire.get('/findings/export.csv').expect(200)).text).rows;
      expect(everything.map((row) => row[0])).toEqual(await listedReferences(cheshire, '/findings'));
      expect(everything.filter((row) => !row[0].startsWith('CHE-'))).toEqual([]);
      expect(everything.every((row) => row[3] === SECOND_FORCE.name)).toBe(true);
    });

    it('neutralises a value a spreadsheet would run as a formula, as the board pack does', async () => {
      const csvText = (await cheshire.get('/findings/export.csv?kind=area_for_improvement').expect(200)).text;
      const row = readCsv(csvText).rows.find((record) => record[0] === FORMULA.reference)!;
      expect(row[1]).toBe(`'${FORMULA.title}`);
      expect(row[6]).toBe(`'${FORMULA.theme}`);
      expect(row[7]).toBe(`'${FORMULA.owner}`);
      for (const record of parseCsv(csvText)) {
        for (const field of record) {
          expect(field).not.toMatch(/^[=+\-@\t\r]/);
        }
      }

      const workbook = await readXlsx(
        (await download(cheshire, '/findings/export.xlsx?kind=area_for_improvement')).body as Buffer,
      );
      const sheet = workbook.getWorksheet('Findings')!;
      let found = false;
      sheet.eachRow((sheetRow) => {
        sheetRow.eachCell((cell) => {
          expect(cell.type).not.toBe(ValueType.Formula);
        });
        if (sheetRow.getCell(1).value === FORMULA.reference) {
          found = true;
          expect(sheetRow.getCell(2).type).toBe(ValueType.String);
          expect(sheetRow.getCell(2).value).toBe(FORMULA.title);
          expect(sheetRow.getCell(8).value).toBe(FORMULA.owner);
        }
      });
      expect(found).toBe(true);
    });

    it('reads the list in chunks, each finding once, in the list’s order', async () => {
      const findings = testApp.app.get(FindingsService);
      const query = { kind: 'national_recommendation' as const };
      const all: string[] = [];
      for await (const chunk of findings.exportChunks(query, scopeOf({ role: 'inspector', forceId: null }), 7)) {
        expect(chunk.length).toBeLessThanOrEqual(7);
        all.push(...chunk.map((finding) => finding.reference));
      }
      expect(all.length).toBeGreaterThan(400);
      expect(new Set(all).size).toBe(all.length);
      const csv = readCsv((await inspector.get('/findings/export.csv?kind=national_recommendation').expect(200)).text);
      expect(csv.rows.map((row) => row[0])).toEqual(all);
    });

    it('downloads a search’s matches, the best first as the page lists them', async () => {
      const listed = await listedReferences(derbyshire, '/findings?q=vetting');
      expect(listed.length).toBeGreaterThan(1);
      const csv = readCsv((await derbyshire.get('/findings/export.csv?q=vetting').expect(200)).text);
      expect(csv.about.get('Filter: Search')).toBe('vetting');
      expect(csv.about.get('Order')).toMatch(/^Best matches first/);
      expect([...csv.rows.map((row) => row[0])].sort()).toEqual([...listed].sort());
      expect(csv.rows[0][0]).toBe(listed[0]);
    });

    it('refuses what the page refuses', async () => {
      const response = await request(testApp.app.getHttpServer()).get('/findings/export.csv').redirects(0);
      expect(response.status).toBe(303);
      expect(String(response.headers.location)).toMatch(/^\/sign-in/);
      const bad = await inspector.get('/findings/export.csv?status=nonsense').expect(400);
      expect(mainText(bad.text)).toContain('Status must be one of');
    });
  });

  describe('My work', () => {
    it('downloads each list of the page with its rows, only the reader’s force’s', async () => {
      const html = (await cheshire.get('/my-work').expect(200)).text;
      expect(decodeEntities(html)).toContain('href="/my-work/export.csv"');
      const owned = referencesBetween(html, 'owned', 'actions');
      expect(owned).toEqual([SECOND_FORCE.reference]);
      const actions = referencesBetween(html, 'actions', null);

      const response = await cheshire.get('/my-work/export.csv').expect(200);
      expectDownloadHeaders(response, 'text/csv', /filename="my-work-\d{4}-\d{2}-\d{2}\.csv"/);
      expect(readCsv(response.text).about.get('Filter: Owner (your team)')).toBe(SECOND_FORCE.team);
      expect(readCsv(response.text).about.get('Organisation')).toBe(`${SECOND_FORCE.name} (${SECOND_FORCE.code})`);
      const tables = readCsvTables(response.text);
      expect(tables.get('Findings you own')!.rows.map((row) => row[0])).toEqual(owned);
      expect(tables.get('Actions you own')!.rows.map((row) => row[0])).toEqual(actions);
      expect(tables.get('Actions you own')!.rows.map((row) => row[1])).toEqual([SECOND_FORCE.action]);
      expect(response.text).not.toContain('DER-');

      const workbook = await readXlsx((await download(cheshire, '/my-work/export.xlsx')).body as Buffer);
      expect(aboutSheet(workbook).get('Filter: Owner (your team)')).toBe(SECOND_FORCE.team);
      expect(sheetRows(workbook.getWorksheet('Findings you own')!).map((row) => row[0])).toEqual(owned);
      expect(sheetRows(workbook.getWorksheet('Actions you own')!).map((row) => row[1])).toEqual([SECOND_FORCE.action]);

      // The same team name in Derbyshire owns Derbyshire's findings, and no Cheshire ones.
      const derHtml = (await derbyshire.get('/my-work').expect(200)).text;
      const derOwned = referencesBetween(derHtml, 'owned', 'actions');
      expect(derOwned.length).toBeGreaterThan(0);
      const derTables = readCsvTables((await derbyshire.get('/my-work/export.csv').expect(200)).text);
      expect(derTables.get('Findings you own')!.rows.map((row) => row[0])).toEqual(derOwned);
      expect(derTables.get('Findings you own')!.rows.some((row) => row[0].startsWith('CHE-'))).toBe(false);
    });

    it('gives a force lead their force’s lists as the page does', async () => {
      const lead = (await signIn(testApp.app, await createUser(testApp.app, 'force_lead'))).agent;
      const html = (await lead.get('/my-work').expect(200)).text;
      const workbook = await readXlsx((await download(lead, '/my-work/export.xlsx')).body as Buffer);
      const overdue = referencesBetween(html, 'force-overdue', 'force-awaiting');
      const sheet = sheetRows(workbook.getWorksheet('Overdue findings in your force')!).map((row) => row[0]);
      const actions = sheetRows(workbook.getWorksheet('Overdue actions in your force')!).map((row) => row[0]);
      expect([...sheet, ...actions]).toEqual(overdue);
      const owners = sheetRows(workbook.getWorksheet('Open findings by owner')!).map((row) => row[0]);
      const start = html.indexOf('id="force-owners"');
      const ownersOnPage = [
        ...html
          .slice(start, html.indexOf('id="force-status"', start))
          .matchAll(/<th scope="row" class="govuk-table__header">(?:<a [^>]+>)?([^<]+)</g),
      ].map((match) => decodeEntities(match[1]));
      expect(owners.length).toBeGreaterThan(1);
      expect(owners).toEqual(ownersOnPage);
    });
  });

  describe('the audit log', () => {
    it('downloads every entry matching the filters, newest first, as the page lists them', async () => {
      const html = (await administrator.get('/admin/audit?entityType=user').expect(200)).text;
      const listed = [
        ...html.matchAll(/<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(\d+)<\/td>/g),
      ].map((match) => Number(match[1]));
      expect(listed.length).toBeGreaterThan(3);
      expect(decodeEntities(html)).toContain('href="/admin/audit/export.xlsx?entityType=user"');

      const csv = readCsv((await administrator.get('/admin/audit/export.csv?entityType=user').expect(200)).text);
      expect(csv.about.get('Filter: Item type')).toBe('user');
      expect(csv.header[0]).toBe('Entry');
      expect(csv.rows.map((row) => Number(row[0]))).toEqual(listed);
      expect(csv.rows.every((row) => row[5] === 'user')).toBe(true);

      const workbook = await readXlsx(
        (await download(administrator, '/admin/audit/export.xlsx?entityType=user')).body as Buffer,
      );
      expect(aboutSheet(workbook).get('Filter: Item type')).toBe('user');
      const rows = sheetRows(workbook.getWorksheet('Audit log')!);
      expect(rows.map((row) => row[0])).toEqual(listed);
      expect(rows[0][1]).toBeInstanceOf(Date);
    });

    it('reads the whole log in chunks, each entry once, in the page’s order', async () => {
      const audit = testApp.app.get(AuditService);
      const chunked: number[] = [];
      for await (const chunk of audit.matchingChunks({}, 3)) {
        expect(chunk.length).toBeLessThanOrEqual(3);
        chunked.push(...chunk.map((entry) => entry.id));
      }
      const page = await audit.list({});
      expect(chunked.length).toBe(page.total);
      expect(chunked.slice(0, page.items.length)).toEqual(page.items.map((entry) => entry.id));
      expect(new Set(chunked).size).toBe(chunked.length);
    });

    it('is refused to anyone but an administrator, as the page is', async () => {
      await derbyshire.get('/admin/audit/export.csv').expect(403);
      await inspector.get('/admin/audit/export.xlsx').expect(403);
    });
  });

  describe('progress across forces', () => {
    it('downloads the page’s rows, each force’s own record and verdict, as CSV and Excel', async () => {
      const path = `reference=${SECOND_FORCE.national}`;
      const html = (await inspector.get(`/progress?${path}`).expect(200)).text;
      const forces = [
        ...html.matchAll(/<tr class="govuk-table__row"><td class="govuk-table__cell">(?:<a [^>]+>)?([^<]+)</g),
      ].map((match) => decodeEntities(match[1]));
      expect(forces).toContain(SECOND_FORCE.name);
      expect(decodeEntities(html)).toContain(`href="/progress/export.xlsx?${path}"`);

      const response = await inspector.get(`/progress/export.csv?${path}`).expect(200);
      expectDownloadHeaders(response, 'text/csv', /filename="progress-nat-2022-rec-02-\d{4}-\d{2}-\d{2}\.csv"/);
      const csv = readCsv(response.text);
      expect(csv.about.get('Filter: National recommendation')).toMatch(new RegExp(`^${SECOND_FORCE.national}: `));
      expect(csv.rows.map((row) => row[0])).toEqual(forces);
      const cheshireRow = csv.rows.find((row) => row[0] === SECOND_FORCE.name)!;
      expect(cheshireRow.slice(1, 7)).toEqual([
        SECOND_FORCE.code,
        `CHE-${SECOND_FORCE.national}`,
        'Not started',
        'Implemented',
        '2025-08-01',
        SECOND_FORCE.quote,
      ]);
      // The older address gives the same download.
      const older = readCsv((await inspector.get(`/progress?${path}&format=csv`).expect(200)).text);
      expect(older.rows).toEqual(csv.rows);

      const workbook = await readXlsx((await download(inspector, `/progress/export.xlsx?${path}`)).body as Buffer);
      const rows = sheetRows(workbook.getWorksheet('Progress')!);
      expect(rows.map((row) => row[0])).toEqual(forces);
      const excelCheshire = rows.find((row) => row[0] === SECOND_FORCE.name)!;
      expect(excelCheshire[4]).toBe('Implemented');
      expect(excelCheshire[5]).toEqual(new Date(Date.UTC(2025, 7, 1)));
    });

    it('is refused to force users and board members, as the page is, and needs something to show', async () => {
      await cheshire.get(`/progress/export.csv?reference=${SECOND_FORCE.national}`).expect(403);
      await board.get(`/progress/export.xlsx?reference=${SECOND_FORCE.national}`).expect(403);
      await inspector.get('/progress/export.csv').expect(400);
      await inspector.get('/progress/export.csv?reference=NAT-1999-REC-99').expect(404);
    });
  });
});
