import { MEETING_FIELDS } from './factories/board-pack-meeting';
import { createUser, csrfFrom, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { submitForm, uploadEvidence } from './utils/forms';
import { mainText, sectionText } from './utils/page-text';
import { binaryBody as binary } from './utils/binary-body';

type Session = Awaited<ReturnType<typeof signIn>>;

describe('Board packs', () => {
  let testApp: TestApp;
  let board: Session;
  let lead: Session;
  let staff: Session;
  let inspector: Session;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    board = await signIn(app, await createUser(app, 'board_member', { username: 'bella.board' }));
    lead = await signIn(app, await createUser(app, 'force_lead', { username: 'luke.lead' }));
    staff = await signIn(app, await createUser(app, 'force_staff', { username: 'stan.staff' }));
    inspector = await signIn(app, await createUser(app, 'inspector', { username: 'iris.inspector' }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('shows a board member the current pack for their force, with every section and the audit head', async () => {
    const latest = await board.agent.get('/board-packs/latest').redirects(0).expect(303);
    expect(latest.headers.location).toBe('/board-packs/current?force=DER');
    const html = (await board.agent.get('/board-packs/current?force=DER').expect(200)).text;
    const text = mainText(html);
    expect(text).toContain('OFFICIAL');
    expect(text).toContain('Progress on inspection findings: Derbyshire Constabulary');
    expect(text).toContain('17 findings in scope');
    for (const heading of [
      'Executive summary',
      'Charts',
      'Overdue',
      'No update for 90 days',
      'Claimed implemented, awaiting verification',
      'National recommendations not yet implemented by the force',
      'Slippage: target dates moved',
      'Awaiting the board’s sign-off',
      'Police and crime commissioner’s responses (section 55)',
      'Appendix: every finding in scope',
    ]) {
      expect(text).toContain(heading);
    }
    expect(sectionText(html, 'national')).toContain('NAT-2022-REC-01');
    expect(sectionText(html, 'national')).toContain('The constabulary still hasn’t implemented this recommendation.');
    expect(sectionText(html, 'appendix')).toContain('DER-2025-AFI-05');
    expect(sectionText(html, 'pcc')).toContain(
      'A report into the effectiveness of integrity arrangements in Derbyshire Constabulary',
    );
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(sectionText(html, 'audit-head')).toMatch(/Audit chain head when this pack was made: #\d+ [0-9a-f]{64}/);
  });

  it('gives the same figures in PDF, Word, Excel and CSV', async () => {
    const csv = await board.agent.get('/board-packs/current?force=DER&format=csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="board-pack-der-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const csvReferences = csv.text.match(/DER-\d{4}-AFI-\d\d/g) ?? [];
    expect(new Set(csvReferences).size).toBe(17);

    const pdf = await board.agent
      .get('/board-packs/current?force=DER&format=pdf')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const docx = await board.agent
      .get('/board-packs/current?force=DER&format=docx')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((docx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const xlsx = await board.agent
      .get('/board-packs/current?force=DER&format=xlsx')
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');

    // The figures inside each file are compared with the pack by the renderers' own tests
    // (src/board-packs/render); here the appendix rows of Excel match the CSV.
    const ExcelJS = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = workbook.getWorksheet('Appendix')!;
    const excelReferences: string[] = [];
    sheet.eachRow((row, number) => number > 1 && excelReferences.push(row.getCell(1).text));
    expect(excelReferences.sort()).toEqual([...new Set(csvReferences)].sort());
  });

  it('saves an immutable snapshot, shows it exactly as it was, and compares two of them', async () => {
    const page = await lead.agent.get('/board-packs/current?force=DER').expect(200);
    const saved = await lead.agent
      .post('/board-packs')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), force: 'DER', staleDays: '90', ...MEETING_FIELDS })
      .redirects(0)
      .expect(303);
    const firstUrl = saved.headers.location;
    expect(firstUrl).toMatch(/^\/board-packs\/\d+$/);
    const before = mainText((await board.agent.get(firstUrl).expect(200)).text);
    expect(before).toContain('(unchanged since it was saved)');

    // The force works on a finding and claims it implemented.
    const ref = 'DER-2025-AFI-04';
    await submitForm(staff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, { transition: 'start' });
    await uploadEvidence(staff.agent, ref, {
      kind: 'note',
      title: 'Complaints disproportionality dashboard',
      description: 'Live since October',
    });
    await submitForm(staff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
      transition: 'claim',
      commentary: 'Dashboard reviewed monthly',
      confirmed: 'yes',
      confirmReason: 'The dashboard is the data set the action defines',
    });

    // The saved pack has not changed; the current one has.
    const stillBefore = (await board.agent.get(firstUrl).expect(200)).text;
    expect(sectionText(stillBefore, 'verification')).not.toContain(ref);
    const current = (await board.agent.get('/board-packs/current?force=DER').expect(200)).text;
    // What changed since the saved pack: this claim, and nothing the saved pack already showed.
    const changes = sectionText(current, 'summary');
    expect(changes).toContain(`${ref} Not started → In progress`);
    expect(changes).toContain(`${ref} In progress → Implemented – awaiting verification`);
    expect(changes.match(/DER-\d{4}-[A-Z]+-\d+ /g)).toEqual([`${ref} `, `${ref} `]);
    expect(sectionText(current, 'verification')).toContain(ref);
    expect(sectionText(current, 'verification')).toContain('Complaints disproportionality dashboard');
    expect(sectionText(current, 'sign-off')).toContain(ref);

    // The board records its decision on the claim, kept in the finding's history.
    const decided = await board.agent
      .post(`/findings/${ref}/board-decision`)
      .type('form')
      .send({ _csrf: csrfFrom(current), decision: 'returned', reason: '' });
    expect(decided.status).toBe(400);
    expect(mainText(decided.text)).toContain('Give the reason the finding is returned');
    await board.agent
      .post(`/findings/${ref}/board-decision`)
      .type('form')
      .send({ _csrf: csrfFrom(current), decision: 'approved', reason: 'Seen at the November board' })
      .expect(303);
    expect(sectionText((await board.agent.get(`/findings/${ref}`).expect(200)).text, 'history')).toContain(
      'Board decision: approved to close by bella.board',
    );

    const page2 = await lead.agent.get('/board-packs/current?force=DER').expect(200);
    const second = await lead.agent
      .post('/board-packs')
      .type('form')
      .send({ _csrf: csrfFrom(page2.text), force: 'DER', staleDays: '90', ...MEETING_FIELDS })
      .redirects(0)
      .expect(303);
    const comparison = mainText(
      (await board.agent.get(`${second.headers.location}/compare?with=${firstUrl.split('/').pop()}`).expect(200)).text,
    );
    expect(comparison).toContain('Moved (1)');
    expect(comparison).toContain(
      `${ref}: Analyse complaint and conduct handling for disproportionality: Not started → Implemented – awaiting verification`,
    );
    expect(comparison).toContain('Closed (0)');
    // Claimed implemented, the finding is rated green: the comparison says so.
    expect(comparison).toContain(
      `RAG ratings changed (1) ${ref}: Analyse complaint and conduct handling for disproportionality: Red → Green`,
    );

    // By default a new pack reports changes since the moment the last one was saved: nothing yet.
    const after = (await board.agent.get('/board-packs/current?force=DER').expect(200)).text;
    expect(mainText(after)).toMatch(/Changes since the last saved pack \(\d+ \w+ \d{4} at \d{1,2}:\d{2}\)/);
    expect(sectionText(after, 'summary')).toContain('Nothing has changed in this period.');
  });

  it('keeps a board member to their own force, and answers bad parameters clearly', async () => {
    const other = await signIn(testApp.app, await createUser(testApp.app, 'board_member', { forceCode: 'CHE' }));
    const list = mainText((await other.agent.get('/board-packs').expect(200)).text);
    expect(list).toContain('For Cheshire Constabulary');
    expect(list).toContain('No pack has been saved yet');
    const derPack = await board.agent.get('/board-packs/latest').redirects(0);
    await other.agent.get(derPack.headers.location).expect(404);
    await other.agent.get('/board-packs/current?force=DER').expect(404);

    const unknown = await inspector.agent.get('/board-packs/current?force=ZZZ').expect(404);
    expect(mainText(unknown.text)).toContain('No force has the code ZZZ');
    const inverted = await inspector.agent
      .get('/board-packs/current?force=DER&since=2026-05-01&until=2026-01-01')
      .expect(400);
    expect(mainText(inverted.text)).toContain('The start date must be on or before the end date');
    const badFormat = await inspector.agent.get('/board-packs/current?force=DER&format=odt').expect(400);
    expect(mainText(badFormat.text)).toContain('Format must be one of html, pdf, docx, csv, xlsx');
  });

  it('shows inspectors each force’s progress on a national recommendation, exportable as CSV', async () => {
    const page = (await inspector.agent.get('/progress?reference=NAT-2022-REC-01').expect(200)).text;
    const text = mainText(page);
    expect(text).toContain('NAT-2022-REC-01: 2022 vetting recommendation relating to changes of circumstances');
    // Each force's own record: Derbyshire's example work and its 2025 verdict; Cheshire's not started.
    expect(text).toContain('Derbyshire Constabulary In progress Not implemented, 22 January 2025');
    // The forces with nothing recorded come after, counted in a summary that opens to name them.
    expect(text).toContain('42 forces with nothing recorded');
    expect(sectionText(page, 'progress-nothing-recorded')).toContain('Cheshire Constabulary Not started');
    expect(page.slice(0, page.indexOf('id="progress-nothing-recorded"'))).not.toContain('Cheshire Constabulary');
    const csv = await inspector.agent.get('/progress?reference=NAT-2022-REC-01&format=csv').expect(200);
    // After the "About this export" block and the heading row: one row per police force.
    const lines = csv.text.split('\r\n');
    expect(lines.slice(lines.findIndex((line) => line.startsWith('Force,Code,')) + 1, -1)).toHaveLength(43);
    await board.agent.get('/progress?reference=NAT-2022-REC-01').expect(403);
  });
});
