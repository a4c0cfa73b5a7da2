import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { formatUkDate, todayIso } from '../src/common/dates';
import { MEETING_FIELDS } from './factories/board-pack-meeting';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createUser, csrfFrom, signIn } from './factories/users';
import { docxParagraphs, docxTables, parseCsv, pdfTextLines, readDocxXml } from './support/board-packs/read-back';
import { inflatePdf } from './support/board-packs/inflate-pdf';
import { pdfStructure } from './support/board-packs/pdf-structure';
import { binaryBody as binary } from './utils/binary-body';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText, sectionText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

const COMMENTARY = 'The vetting backlog is the board’s first concern this quarter.';
const ON_FINDING = {
  reference: 'DER-2025-AFI-01',
  text: 'Renewals are on track for March; the unit has two new posts.',
};

describe('Board packs saved for a meeting', () => {
  let testApp: TestApp;
  let lead: Session;
  let board: Session;
  let cheshire: Session;
  let savedPath: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    await recordSecondForceReport(app);
    lead = await signIn(app, await createUser(app, 'force_lead', { username: 'lena.lead' }));
    board = await signIn(app, await createUser(app, 'board_member', { username: 'bo.board' }));
    cheshire = await signIn(app, await createUser(app, 'force_lead', { forceCode: SECOND_FORCE.code }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('dates the default data’s example status changes by the data itself, not by the day it was loaded', async () => {
    const html = (await board.agent.get('/board-packs/current?force=DER').expect(200)).text;
    const summary = sectionText(html, 'summary');
    expect(summary).toContain('What changed since the beginning');
    // Implemented: the day its last action was done; in progress: the day the report that found it was published.
    expect(summary).toContain('30 June 2020: DER-2018-AFI-01 Not started → Implemented – awaiting verification');
    expect(summary).toContain('22 January 2025: DER-2025-AFI-01 Not started → In progress');
    expect(summary).not.toContain(`${formatUkDate(todayIso())}:`);
    expect(summary).not.toContain(SECOND_FORCE.reference);
    // The second force's pack lists its own change, and none of the first force's.
    const theirs = sectionText((await cheshire.agent.get('/board-packs/current').expect(200)).text, 'summary');
    expect(theirs).toContain(`${SECOND_FORCE.reference} Not started → In progress`);
    expect(theirs).not.toMatch(/DER-\d{4}/);
  });

  it('refuses a save without the meeting’s name or a real date, keeping what was typed beside the errors', async () => {
    const page = await lead.agent.get('/board-packs/current?force=DER').expect(200);
    const refused = await lead.agent
      .post('/board-packs')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        force: 'DER',
        staleDays: '90',
        meetingName: '  ',
        meetingDay: '31',
        meetingMonth: '2',
        meetingYear: '2027',
        commentary: COMMENTARY,
        [`findingComments[${ON_FINDING.reference}]`]: ON_FINDING.text,
      })
      .expect(400);
    const text = mainText(refused.text);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Error: Enter the name of the meeting');
    // The name first: the date and the commentary on findings are checked once the fields are valid.
    expect(refused.text).toContain(`>${COMMENTARY}</textarea>`);
    expect(refused.text).toMatch(
      new RegExp(`name="findingComments\\[${ON_FINDING.reference}\\]"[^>]*>${ON_FINDING.text}</textarea>`),
    );
    expect(refused.text).toMatch(/id="meetingDate-day" name="meetingDay"[^>]*value="31"/);

    const badDate = await lead.agent
      .post('/board-packs')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        force: 'DER',
        ...MEETING_FIELDS,
        meetingDay: '31',
        meetingMonth: '2',
        [`findingComments[${SECOND_FORCE.reference}]`]: 'Not this force’s finding',
      })
      .expect(400);
    const badText = mainText(badDate.text);
    expect(badText).toContain('Error: The date of the meeting must be a real date, such as 27 11 2026');
    expect(badText).toContain(`${SECOND_FORCE.reference} is not in this pack: comment only on its findings`);
    expect(badDate.text).toMatch(/id="meetingName" name="meetingName" type="text" value="Force improvement board"/);
    expect(mainText((await lead.agent.get('/board-packs').expect(200)).text)).toContain('No pack has been saved yet');
  });

  it('reads a save form with a commentary box for each of thousands of findings (a large force’s pack)', async () => {
    const page = await lead.agent.get('/board-packs/current?force=DER').expect(200);
    // 2,500 boxes, as a national-scale force's pack has: past the form parser's default of 1,000 fields.
    const boxes = Object.fromEntries(
      Array.from({ length: 2500 }, (_, index) => [`findingComments[XYZ-2025-AFI-${index + 1}]`, '']),
    );
    const refused = await lead.agent
      .post('/board-packs')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), force: 'DER', ...MEETING_FIELDS, ...boxes })
      .expect(400);
    // Read in full: refused only because those findings are not in this pack.
    expect(mainText(refused.text)).toContain('XYZ-2025-AFI-2500 are not in this pack: comment only on its findings');
  });

  it('keeps the meeting and the lead’s commentary in the saved pack, in every format', async () => {
    const page = await lead.agent.get('/board-packs/current?force=DER').expect(200);
    const saved = await lead.agent
      .post('/board-packs')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        force: 'DER',
        staleDays: '90',
        ...MEETING_FIELDS,
        commentary: COMMENTARY,
        [`findingComments[${ON_FINDING.reference}]`]: ON_FINDING.text,
        'findingComments[DER-2025-AFI-02]': '   ',
      })
      .redirects(0)
      .expect(303);
    savedPath = saved.headers.location;

    const list = mainText((await board.agent.get('/board-packs').expect(200)).text);
    expect(list).toContain('Force improvement board, 27 November 2026');

    const html = (await board.agent.get(savedPath).expect(200)).text;
    expect(mainText(html)).toContain('For the meeting: Force improvement board, 27 November 2026.');
    const commentary = sectionText(html, 'commentary');
    expect(commentary).toContain(COMMENTARY);
    expect(commentary).toContain(`${ON_FINDING.reference}: `);
    expect(commentary).toContain(ON_FINDING.text);
    expect(commentary).not.toContain('DER-2025-AFI-02');
    expect(mainText(html)).toContain('(unchanged since it was saved)');

    const csv = parseCsv((await board.agent.get(`${savedPath}?format=csv`).expect(200)).text);
    const headings = csv[0];
    expect(headings.slice(-3)).toEqual(['Meeting', 'Meeting date', 'Lead’s commentary']);
    const row = csv.find((cells) => cells[0] === ON_FINDING.reference)!;
    expect(row.slice(-3)).toEqual(['Force improvement board', '2026-11-27', ON_FINDING.text]);
    expect(csv.find((cells) => cells[0] === 'DER-2025-AFI-02')!.at(-1)).toBe('');

    const xlsx = await board.agent.get(`${savedPath}?format=xlsx`).buffer(true).parse(binary).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const pairs: string[] = [];
    workbook.worksheets[0].eachRow((r) => pairs.push(`${r.getCell(1).text} = ${r.getCell(2).text}`));
    expect(pairs).toContain('Meeting = Force improvement board');
    expect(pairs).toContain('Meeting date = 27 November 2026');
    expect(pairs).toContain(`Lead’s commentary = ${COMMENTARY}`);
    expect(pairs).toContain(`Commentary on ${ON_FINDING.reference} = ${ON_FINDING.text}`);

    const docx = await board.agent.get(`${savedPath}?format=docx`).buffer(true).parse(binary).expect(200);
    const xml = await readDocxXml(docx.body as Buffer);
    const paragraphs = docxParagraphs(xml);
    expect(paragraphs).toContain('Lead’s commentary');
    expect(paragraphs).toContain('For the meeting: Force improvement board, 27 November 2026.');
    expect(paragraphs).toContain(COMMENTARY);
    expect(docxTables(xml).flat()).toContainEqual([
      ON_FINDING.reference,
      expect.any(String) as unknown as string,
      ON_FINDING.text,
    ]);

    const pdf = await board.agent.get(`${savedPath}?format=pdf`).buffer(true).parse(binary).expect(200);
    const lines = pdfTextLines(inflatePdf(pdf.body as Buffer));
    expect(lines).toContain('Lead’s commentary');
    expect(lines).toContain('For the meeting: Force improvement board, 27 November 2026.');
    expect(lines.join(' ')).toContain(COMMENTARY);
    expect(lines).toContain(ON_FINDING.reference);
    expect(lines.join(' ')).toContain(ON_FINDING.text);
  });

  it('keeps another force’s lead from the saved pack and its meeting', async () => {
    await cheshire.agent.get(savedPath).expect(404);
    const theirs = mainText((await cheshire.agent.get('/board-packs').expect(200)).text);
    expect(theirs).not.toContain('Force improvement board');
    expect(theirs).toContain('No pack has been saved yet');
  });

  it('sends a tagged PDF: marked, in British English, titled, with headings, tables and described figures', async () => {
    const pdf = await board.agent
      .get('/board-packs/current?force=DER&format=pdf')
      .buffer(true)
      .parse(binary)
      .expect(200);
    const structure = pdfStructure(pdf.body as Buffer);
    expect(structure).toMatchObject({
      lang: 'en-GB',
      marked: true,
      hasStructTreeRoot: true,
      displayDocTitle: true,
      title: 'Progress on inspection findings: Derbyshire Constabulary',
    });
    const count = (type: string) => structure.elementTypes.filter((t) => t === type).length;
    expect(count('H1')).toBe(1);
    expect(count('H2')).toBeGreaterThanOrEqual(12);
    expect(count('Table')).toBeGreaterThanOrEqual(10);
    expect(count('TH')).toBe(structure.columnHeaders);
    // The appendix: a row of 8 cells for each of the force's 17 areas for improvement, and none of the other force's.
    expect(count('TD')).toBeGreaterThanOrEqual(17 * 8);
    expect(structure.figureAlts).toHaveLength(4);
    expect(structure.figureAlts[1]).toMatch(/^Open findings by age\. Open findings: .+, \d+/);
    expect(pdfTextLines(inflatePdf(pdf.body as Buffer)).join(' ')).not.toContain(SECOND_FORCE.reference);
  });

  it('puts the charts in the Word pack as PNG pictures, each described and followed by its table of figures', async () => {
    const docx = await board.agent
      .get('/board-packs/current?force=DER&format=docx')
      .buffer(true)
      .parse(binary)
      .expect(200);
    const zip = await JSZip.loadAsync(docx.body as Buffer);
    const pictures = Object.keys(zip.files).filter((name) => /^word\/media\/.+\.png$/.test(name));
    expect(pictures).toHaveLength(4);
    for (const name of pictures) {
      const png = await zip.file(name)!.async('nodebuffer');
      expect(png.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect(png.readUInt32BE(16)).toBe(1200);
      expect(png.readUInt32BE(20)).toBeGreaterThan(100);
    }
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('Extension="png"');
    const xml = await readDocxXml(docx.body as Buffer);
    const drawings = [...xml.matchAll(/<wp:docPr id="\d+" name="chart-([a-z-]+)" descr="([^"]+)"/g)];
    expect(drawings.map((match) => match[1])).toEqual(['status-by-year', 'open-by-age', 'open-by-owner', 'open-trend']);
    expect(drawings[1][2]).toMatch(/^Open findings by age\. Open findings: /);
    // After each picture, before anything else, the table of its figures.
    const headings: Record<string, string[]> = {
      'status-by-year': ['Report year', 'Not started'],
      'open-by-age': ['Age', 'Open findings'],
      'open-by-owner': ['Owner', 'Open findings'],
      'open-trend': ['Period', 'Open findings'],
    };
    for (const match of drawings) {
      const after = xml.slice(match.index);
      const [table] = docxTables(after.slice(after.indexOf('<w:tbl>')));
      expect(after.slice(0, after.indexOf('<w:tbl>'))).not.toMatch(/<w:pStyle w:val="Heading/);
      expect(table[0].slice(0, 2)).toEqual(headings[match[1]]);
      expect(table.length).toBeGreaterThan(1);
    }
    const owners = docxTables(xml.slice(drawings[2].index))[0]
      .slice(1)
      .map((row) => row[0])
      .join(' ');
    expect(owners).not.toContain('Cheshire');
  });
});
