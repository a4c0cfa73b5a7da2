import type { INestApplication } from '@nestjs/common';
import { Workbook } from 'exceljs';
import type { Server } from 'node:http';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTrackerImportCli } from '../src/command-line/import-tracker-cli';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createUser, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText, pageText } from './utils/page-text';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

interface FindingJson {
  reference: string;
  text: string;
  status: string;
  owner: string | null;
  targetDate: string | null;
  actions: Array<{ description: string; owner: string | null; dueDate: string | null }>;
  history: Array<{ type: string; commentary: string | null; fromValue: string | null; toValue: string | null }>;
}

const FILE_NAME = 'Force improvement tracker.xlsx';
const NEW_RECOMMENDATION =
  'The force should make sure every supervisor completes the new ethical leadership course by March 2026.';
const BAD_DATE_TEXT = 'The force should publish its stop and search data every month with an explanation.';
const UNKNOWN_STATUS_TEXT = 'The force should review how it records gifts and hospitality offered to chief officers.';
const CHESHIRE_TEXT = 'The force should reduce its backlog of vetting renewals.';

/** The text of one row of the preview, as a reader sees it. */
function rowText(html: string, row: number): string {
  const start = html.indexOf(`id="row-${row}"`);
  if (start < 0) {
    throw new Error(`The preview has no row ${row}`);
  }
  return pageText(html.slice(start, html.indexOf('</tr>', start)));
}

/**
 * A tracker as a force keeps it for its board: a cover sheet; on the tracker sheet a title merged across the
 * columns, a blank row, group headings merged over the columns with "Ref" merged down two rows, then one row per
 * finding (a row per action where a finding has several), target dates as Excel serial numbers and as UK text,
 * RAG words, and rows that must be refused.
 */
async function trackerWorkbook(texts: { afi01: string; afi03Nearly: string }): Promise<Buffer> {
  const workbook = new Workbook();
  workbook.addWorksheet('Cover').getCell('A1').value = 'Board paper: HMICFRS improvement plan';
  const sheet = workbook.addWorksheet('Tracker');
  sheet.getCell('A1').value = 'Force improvement tracker: HMICFRS areas for improvement and recommendations';
  sheet.mergeCells('A1:I1');
  // Row 2 blank.
  sheet.getCell('A3').value = 'Ref';
  sheet.mergeCells('A3:A4');
  sheet.getCell('B3').value = 'Finding';
  sheet.mergeCells('B3:D3');
  sheet.getCell('E3').value = 'Progress';
  sheet.mergeCells('E3:I3');
  ['Type', 'Recommendation / AFI', 'Report / year', 'Owner', 'Target date', 'RAG', 'Latest update', 'Action'].forEach(
    (header, index) => {
      sheet.getCell(4, index + 2).value = header;
    },
  );
  const rows: Array<Array<string | number | null>> = [
    // Row 5: a held area for improvement by its reference: new owner, a serial date, an update and an action.
    [
      'DER-2025-AFI-01',
      'AFI',
      texts.afi01,
      '',
      'Head of professional standards (PSD)',
      46112,
      'Green',
      'Backlog halved; audit booked.',
      'Recruit two vetting officers',
    ],
    // Row 6: the same reference again with its second action.
    ['DER-2025-AFI-01', null, null, null, null, null, null, null, 'Clear the renewals backlog'],
    // Row 7: blank.
    [],
    // Row 8: a new recommendation, filed under the held report it names.
    [
      null,
      'Recommendation',
      NEW_RECOMMENDATION,
      'Integrity inspection 2024/25',
      'Learning and development',
      '31/03/2026',
      'Amber',
      'Course designed with the College of Policing.',
      'Book the first cohort',
    ],
    // Row 9: a target date that is not a date.
    ['T-09', 'AFI', BAD_DATE_TEXT, null, 'Head of corporate services', '31/02/2026', 'Green', null, null],
    // Row 10: a status word not in the table.
    ['T-10', 'AFI', UNKNOWN_STATUS_TEXT, null, 'Chief of staff', '30/06/2026', 'Purple', null, null],
    // Row 11: the reference of row 9 again, with no action: a duplicate.
    ['T-09', 'AFI', BAD_DATE_TEXT, null, null, null, null, null, null],
    // Row 12: another force's reference and text: never matched to that force's finding; created as this force's.
    [
      SECOND_FORCE.reference,
      'AFI',
      CHESHIRE_TEXT,
      null,
      'Force vetting unit (FVU)',
      '2026-09-30',
      'Not started',
      null,
      null,
    ],
    // Row 13: nearly the words of a held finding: a possible match, to be confirmed.
    [null, 'AFI', texts.afi03Nearly, null, 'Complaints resolution team', null, 'On track', null, null],
    // Row 14: a national recommendation by its national reference: this force's record of it. "Complete" without
    // evidence goes as far as in progress.
    ['NAT-2022-REC-01', 'National recommendation', null, null, 'Deputy chief constable', null, 'Complete', null, null],
  ];
  rows.forEach((values, index) => {
    values.forEach((value, column) => {
      sheet.getCell(5 + index, column + 1).value = value;
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function findingJson(agent: Agent, reference: string): Promise<FindingJson> {
  return (await agent.get(`/api/findings/${reference}`).expect(200)).body as FindingJson;
}

async function uploadTracker(
  agent: Agent,
  csrf: string,
  file: Buffer,
  name: string,
  organisation?: string,
): Promise<{ id: string; html: string }> {
  let call = agent.post('/tracker-imports').field('_csrf', csrf);
  if (organisation) {
    call = call.field('organisation', organisation);
  }
  const response = await call.attach('file', file, name).redirects(0);
  expect(response.status).toBe(303);
  const location = String(response.headers.location);
  expect(location).toMatch(/^\/tracker-imports\/\d+$/);
  const page = await agent.get(location).expect(200);
  return { id: location.split('/').pop()!, html: page.text };
}

/** The preview form's fields as the page holds them (selects at their selected option), with changes. */
function formFields(html: string, changes: Record<string, string> = {}): string {
  const form = html.slice(html.indexOf('<form method="post" action="/tracker-imports/'), html.lastIndexOf('</form>'));
  const pairs: Array<[string, string]> = [];
  for (const match of form.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) {
    pairs.push([match[1], match[2]]);
  }
  for (const match of form.matchAll(/<select[^>]*id="([^"]+)"[^>]*name="([^"]+)">([\s\S]*?)<\/select>/g)) {
    const chosen = /<option value="([^"]*)" selected>/.exec(match[3]) ?? /<option value="([^"]*)"/.exec(match[3]);
    pairs.push([match[2], changes[match[1]] ?? chosen![1]]);
  }
  const decode = (value: string) =>
    value
      .replace(/&amp;/g, '&')
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"');
  return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(decode(value))}`).join('&');
}

async function postPreview(agent: Agent, id: string, html: string, intent: 'preview' | 'commit', changes = {}) {
  return agent
    .post(`/tracker-imports/${id}`)
    .type('form')
    .send(`${formFields(html, changes)}&intent=${intent}`)
    .redirects(0);
}

describe('Importing a force’s tracker spreadsheet', () => {
  let testApp: TestApp;
  let app: INestApplication<Server>;
  let lead: Agent;
  let leadCsrf: string;
  let workbook: Buffer;
  let afi01: FindingJson;
  let afi03: FindingJson;

  beforeAll(async () => {
    testApp = await createTestApp();
    app = testApp.app;
    await recordSecondForceReport(app);
    ({ agent: lead, csrf: leadCsrf } = await signIn(app, await createUser(app, 'force_lead')));
    afi01 = await findingJson(lead, 'DER-2025-AFI-01');
    afi03 = await findingJson(lead, 'DER-2025-AFI-03');
    // The first sentence of AFI-03 with a few words changed: alike, not the same.
    const firstSentence = afi03.text.split('\n')[0];
    workbook = await trackerWorkbook({
      afi01: afi01.text,
      afi03Nearly: firstSentence.replace('improve', 'strengthen'),
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('finds the tracker sheet, its header row under the merged headings, and maps its columns', async () => {
    const { html } = await uploadTracker(lead, leadCsrf, workbook, FILE_NAME);
    const text = mainText(html);
    expect(text).toContain(`Tracker spreadsheet for ${'Derbyshire Constabulary'}`);
    expect(html).toMatch(/<option value="Tracker" selected>Tracker<\/option>/);
    expect(html).toContain('name="headerRow" type="text" inputmode="numeric" value="4"');
    const selected = (field: string) =>
      new RegExp(`id="mapping\\.${field}"[^>]*>[\\s\\S]*?<option value="(\\d*)" selected>([^<]*)</option>`).exec(
        html,
      )?.[2];
    expect(selected('reference')).toBe('A: Ref');
    expect(selected('kind')).toBe('B: Type');
    expect(selected('text')).toBe('C: Recommendation / AFI');
    expect(selected('report')).toBe('D: Report / year');
    expect(selected('owner')).toBe('E: Owner');
    expect(selected('targetDate')).toBe('F: Target date');
    expect(selected('status')).toBe('G: RAG');
    expect(selected('update')).toBe('H: Latest update');
    expect(selected('action')).toBe('I: Action');
    expect(selected('actionOwner')).toBe('Not in this sheet');
  });

  it('previews every row: matches, changes, creations, the match to confirm and each refusal beside its row', async () => {
    const { html } = await uploadTracker(lead, leadCsrf, workbook, FILE_NAME);
    const row5 = rowText(html, 5);
    expect(row5).toContain('Updates');
    expect(row5).toContain('DER-2025-AFI-01, matched by reference');
    expect(row5).toContain(`Owner: ${afi01.owner} → Head of professional standards (PSD)`);
    expect(row5).toContain('Target date: 30 September 2025 → 31 March 2026');
    expect(row5).toContain('Progress note: Backlog halved; audit booked.');
    expect(row5).toContain('Action added: Recruit two vetting officers');
    expect(rowText(html, 6)).toContain('Action of row 5: DER-2025-AFI-01');
    expect(rowText(html, 6)).toContain('Action added: Clear the renewals backlog');
    expect(html).not.toContain('id="row-7"');
    expect(mainText(html)).toContain('Blank rows passed over: 1');
    const row8 = rowText(html, 8);
    expect(row8).toContain('Creates');
    expect(row8).toContain('Status: In progress');
    expect(row8).toContain('Target date: 31 March 2026');
    expect(row8).toContain('Action added: Book the first cohort');
    expect(rowText(html, 9)).toContain('Refused Target date “31/02/2026” is not a date: write it as dd/mm/yyyy.');
    expect(rowText(html, 10)).toContain('Refused Status “Purple” is not in the status table');
    expect(rowText(html, 11)).toContain('Refused Duplicate: reference T-09 is already on row 9.');
    const row12 = rowText(html, 12);
    expect(row12).toContain('Creates');
    expect(html).not.toContain(`/findings/${SECOND_FORCE.reference}`);
    const row13 = rowText(html, 13);
    expect(row13).toContain('Confirm the match');
    expect(row13).toMatch(/DER-2025-AFI-03 \(text \d\d% alike\)/);
    const row14 = rowText(html, 14);
    expect(row14).toContain('DER-NAT-2022-REC-01, matched by reference');
    expect(row14).toContain('needs evidence on the finding');
    // The word not in the table is offered in the status table, to add.
    expect(mainText(html)).toContain('In this file, not in the table');
  });

  it('commits in one go: held findings changed with history naming the spreadsheet, new ones recorded, refused rows not', async () => {
    const { id, html } = await uploadTracker(lead, leadCsrf, workbook, FILE_NAME);
    // Confirm the near match, and commit: the changed plan is shown again first, then committed.
    const refused = await postPreview(lead, id, html, 'commit', { 'decision-13': '13:same' });
    expect(refused.status).toBe(409);
    expect(mainText(refused.text)).toContain('What the import will do has changed since this preview');
    expect(rowText(refused.text, 13)).toContain('DER-2025-AFI-03, matched as you confirmed');
    const committed = await postPreview(lead, id, refused.text, 'commit');
    expect(committed.status).toBe(303);
    const done = await lead.get(String(committed.headers.location)).expect(200);
    expect(mainText(done.text)).toMatch(/The spreadsheet is committed: 2 created, 3 updated, 0 unchanged, 3 refused/);

    const after01 = await findingJson(lead, 'DER-2025-AFI-01');
    expect(after01.owner).toBe('Head of professional standards (PSD)');
    expect(after01.targetDate).toBe('2026-03-31');
    expect(after01.actions.map((action) => action.description)).toEqual(
      expect.arrayContaining(['Recruit two vetting officers', 'Clear the renewals backlog']),
    );
    const page01 = mainText((await lead.get('/findings/DER-2025-AFI-01').expect(200)).text);
    expect(page01).toContain(`From the tracker spreadsheet ${FILE_NAME} (row 5).`);
    expect(page01).toContain('Backlog halved; audit booked.');
    expect((await findingJson(lead, 'DER-2025-AFI-03')).owner).toBe('Complaints resolution team');
    const record = await findingJson(lead, 'DER-NAT-2022-REC-01');
    expect(record.owner).toBe('Deputy chief constable');
    expect(record.status).toBe('in_progress');

    // The new recommendation, under the report its row names, with its action and first progress note.
    const list = mainText((await lead.get('/findings?q=ethical+leadership+course').expect(200)).text);
    const reference = /DER-2025-REC-\d\d/.exec(list)?.[0];
    expect(reference).toBeDefined();
    const created = await findingJson(lead, reference!);
    expect(created.text).toBe(NEW_RECOMMENDATION);
    expect(created.status).toBe('in_progress');
    expect(created.owner).toBe('Learning and development');
    expect(created.actions.map((action) => action.description)).toEqual(['Book the first cohort']);
    expect(mainText((await lead.get(`/findings/${reference!}`).expect(200)).text)).toContain(
      'Course designed with the College of Policing.',
    );
    // Cheshire's finding untouched; the row became Derbyshire's own, filed under this spreadsheet's report.
    const cheshireLead = (await signIn(app, await createUser(app, 'force_lead', { forceCode: 'CHE' }))).agent;
    const cheshire = await findingJson(cheshireLead, SECOND_FORCE.reference);
    expect(cheshire.owner).toBe(SECOND_FORCE.team);
    expect(cheshire.history.some((entry) => (entry.commentary ?? '').includes('tracker spreadsheet'))).toBe(false);
    const reports = mainText((await lead.get('/reports').expect(200)).text);
    expect(reports).toContain(`Derbyshire Constabulary tracker: ${FILE_NAME}`);
    // Refused rows created nothing.
    for (const words of ['stop+and+search+data+every+month', 'gifts+and+hospitality+offered+to+chief']) {
      expect(mainText((await lead.get(`/findings?q=${words}`).expect(200)).text)).toContain('No findings');
    }
    // The audit log records the commit.
    const admin = (await signIn(app, await createUser(app, 'administrator'))).agent;
    expect(mainText((await admin.get('/admin/audit').expect(200)).text)).toContain(
      `Imported the tracker spreadsheet ${FILE_NAME} for Derbyshire Constabulary`,
    );
  });

  it('changes nothing when the same file is committed again', async () => {
    const before01 = await findingJson(lead, 'DER-2025-AFI-01');
    const total = (await lead.get('/api/findings').expect(200)).body as { total: number };
    const { id, html } = await uploadTracker(lead, leadCsrf, workbook, FILE_NAME);
    const countsStart = html.indexOf('id="counts"');
    const counts = pageText(html.slice(html.indexOf('>', countsStart) + 1, html.indexOf('</ul>', countsStart)));
    expect(counts).toMatch(/^Create a finding: 0 Update a finding: 0 No change: \d+/);
    for (const row of [5, 6, 8, 12, 14]) {
      expect(rowText(html, row)).toContain('No change');
    }
    const committed = await postPreview(lead, id, html, 'commit', { 'decision-13': '13:same' });
    // The decision changes the plan (row 13 is matched, with nothing to change): shown again, then committed.
    const again = committed.status === 409 ? await postPreview(lead, id, committed.text, 'commit') : committed;
    expect(again.status).toBe(303);
    const after01 = await findingJson(lead, 'DER-2025-AFI-01');
    expect(after01.history).toHaveLength(before01.history.length);
    expect(after01.actions).toHaveLength(before01.actions.length);
    expect(((await lead.get('/api/findings').expect(200)).body as { total: number }).total).toBe(total.total);
  });

  it('reads a CSV saved by Excel in Windows-1252 with semicolons', async () => {
    const csv = Buffer.concat([
      Buffer.from('Ref;Finding;Owner;Target date;Status\r\n', 'latin1'),
      Buffer.from('DER-2025-AFI-04;;Chief officer', 'latin1'),
      Buffer.from([0x92]),
      Buffer.from('s team (£ budget holder);15/09/2026;On track\r\n', 'latin1'),
    ]);
    const { html } = await uploadTracker(lead, leadCsrf, csv, 'tracker export.csv');
    expect(mainText(html)).toContain('Read as Windows-1252, separated by semicolons.');
    const row2 = rowText(html, 2);
    expect(row2).toContain('Owner: Head of professional standards (PSD) → Chief officer’s team (£ budget holder)');
    expect(row2).toContain('Status: Not started → In progress');
    expect(row2).toContain('Target date: 31 March 2026 → 15 September 2026');
  });

  it('keeps another force out: its uploads are not found or listed, and its findings never matched', async () => {
    const { id } = await uploadTracker(lead, leadCsrf, workbook, 'second copy.xlsx');
    const cheshire = await signIn(app, await createUser(app, 'force_lead', { forceCode: 'CHE' }));
    await cheshire.agent.get(`/tracker-imports/${id}`).expect(404);
    const list = mainText((await cheshire.agent.get('/tracker-imports').expect(200)).text);
    expect(list).not.toContain('second copy.xlsx');
    expect(list).toContain('For Cheshire Constabulary.');
    // Cheshire's own upload of the same workbook matches nothing of Derbyshire's.
    const own = await uploadTracker(cheshire.agent, cheshire.csrf, workbook, 'cheshire copy.xlsx');
    expect(own.html).not.toContain('/findings/DER-');
    expect(rowText(own.html, 12)).toContain(`${SECOND_FORCE.reference}, matched by reference`);
    // Force staff may not import.
    const staff = await signIn(app, await createUser(app, 'force_staff'));
    await staff.agent.get('/tracker-imports').expect(403);
  });

  it('lets an inspector import for any organisation they choose', async () => {
    const inspector = await signIn(app, await createUser(app, 'inspector'));
    const refused = await inspector.agent
      .post('/tracker-imports')
      .field('_csrf', inspector.csrf)
      .attach('file', workbook, FILE_NAME)
      .redirects(0);
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain('Select the organisation whose tracker this is');
    const { html } = await uploadTracker(inspector.agent, inspector.csrf, workbook, FILE_NAME, 'CHE');
    expect(mainText(html)).toContain('Tracker spreadsheet for Cheshire Constabulary');
  });

  it('leaves the changes to a force’s held findings to the force: an inspector’s commit that would make them is refused', async () => {
    const inspector = await signIn(app, await createUser(app, 'inspector'));
    const before = await findingJson(lead, 'DER-2025-AFI-01');
    const csv = Buffer.from(`Ref,Owner\nDER-2025-AFI-01,An owner the force did not choose\n`);
    const { id, html } = await uploadTracker(inspector.agent, inspector.csrf, csv, 'inspector.csv', 'DER');
    expect(rowText(html, 2)).toContain('An owner the force did not choose');
    const refused = await postPreview(inspector.agent, id, html, 'commit');
    expect(refused.status).toBe(400);
    expect(mainText(refused.text)).toContain(
      "1 row changes a finding the force already holds: those changes are the force's to make.",
    );
    expect((await findingJson(lead, 'DER-2025-AFI-01')).owner).toBe(before.owner);
  });

  it('answers the command line’s dry run as JSON, writing nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tracker-cli-'));
    try {
      const file = join(folder, FILE_NAME);
      writeFileSync(file, workbook);
      const uploadsBefore = mainText((await lead.get('/tracker-imports').expect(200)).text);
      let stdout = '';
      let stderr = '';
      const code = await runTrackerImportCli([file, '--force', 'DER', '--sheet', 'Tracker', '--dry-run', '--json'], {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as {
        organisation: string;
        sheet: string;
        headerRow: number;
        columns: Record<string, string>;
        rows: Array<{ row: number; outcome: string; finding: string | null; refusals: string[] }>;
        committed: unknown;
      };
      expect(result).toMatchObject({ organisation: 'DER', sheet: 'Tracker', headerRow: 4, committed: null });
      expect(result.columns).toMatchObject({ reference: 'Ref', status: 'RAG', targetDate: 'Target date' });
      const byRow = new Map(result.rows.map((row) => [row.row, row]));
      expect(byRow.get(5)).toMatchObject({ outcome: 'unchanged', finding: 'DER-2025-AFI-01' });
      expect(byRow.get(9)?.refusals).toEqual(['Target date “31/02/2026” is not a date: write it as dd/mm/yyyy.']);
      expect(byRow.get(11)?.outcome).toBe('refused');
      expect(mainText((await lead.get('/tracker-imports').expect(200)).text)).toBe(uploadsBefore);
      expect(await runTrackerImportCli([file], { stdout: () => undefined, stderr: (text) => (stderr += text) })).toBe(
        2,
      );
      expect(stderr).toContain('Name the organisation with --force CODE');
      // A refusal by the app's rules is one line and exit code 1, and nothing is written.
      let refused = '';
      expect(
        await runTrackerImportCli([file, '--force', 'ZZZ', '--dry-run'], {
          stdout: () => undefined,
          stderr: (text) => (refused += text),
        }),
      ).toBe(1);
      expect(refused).toMatch(/^Cannot import: .+\n$/);
      expect(refused.split('\n')).toHaveLength(2);
      expect(mainText((await lead.get('/tracker-imports').expect(200)).text)).toBe(uploadsBefore);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('commits from the command line, and a second run changes nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tracker-cli-'));
    try {
      const file = join(folder, 'board tracker.csv');
      writeFileSync(
        file,
        'Ref,Recommendation,Owner,Target date,RAG\n' +
          'CLI-1,The force should set up a panel to review its use of force data every quarter.,Chief inspector,01/10/2026,Red\n',
      );
      const run = async () => {
        let stdout = '';
        const code = await runTrackerImportCli([file, '--force', 'DER', '--json'], {
          stdout: (text) => (stdout += text),
          stderr: () => undefined,
        });
        expect(code).toBe(0);
        return JSON.parse(stdout) as { committed: { created: string[]; updated: string[] } };
      };
      const first = await run();
      expect(first.committed.created).toEqual([expect.stringMatching(/^DER-\d{4}-AFI-\d\d$/)]);
      const created = await findingJson(lead, first.committed.created[0]);
      expect(created).toMatchObject({ owner: 'Chief inspector', targetDate: '2026-10-01', status: 'in_progress' });
      const second = await run();
      expect(second.committed).toMatchObject({ created: [], updated: [] });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('keeps the organisation’s status words and columns, as edited on the page, for its next spreadsheet', async () => {
    const { id, html } = await uploadTracker(lead, leadCsrf, workbook, FILE_NAME);
    expect(rowText(html, 10)).toContain('Refused');
    // The word in the file but not in the table comes first in the table, to give a status.
    expect(html).toMatch(/id="statusWord-0" name="statusWord" type="text" value="Purple"/);
    // A column chosen for two fields is refused, beside the field.
    const twice = await postPreview(lead, id, html, 'preview', { 'mapping.actionOwner': '4' });
    expect(twice.status).toBe(400);
    expect(mainText(twice.text)).toContain('This column is already chosen for another field');
    expect(twice.text).toMatch(
      /<p class="govuk-error-message">This column is already chosen for another field<\/p>\s*<select class="govuk-select" id="mapping\.actionOwner"/,
    );
    const saved = await postPreview(lead, id, html, 'preview', {
      'statusTarget-0': 'in_progress',
      'mapping.actionOwner': '4',
      'mapping.owner': '',
    });
    expect(saved.status).toBe(303);
    const again = (await lead.get(`/tracker-imports/${id}`).expect(200)).text;
    expect(rowText(again, 10)).toContain('Creates');
    expect(rowText(again, 10)).toContain('Status: In progress');
    // Column E (Owner) now read as the action owner; the owner is no longer mapped from it.
    expect(again).toMatch(/id="mapping\.actionOwner"[^>]*>[\s\S]*?<option value="4" selected>E: Owner<\/option>/);
    const next = await uploadTracker(lead, leadCsrf, workbook, 'next month.xlsx');
    expect(rowText(next.html, 10)).toContain('Creates');
    expect(next.html).toMatch(/id="mapping\.actionOwner"[^>]*>[\s\S]*?<option value="4" selected>E: Owner<\/option>/);
    expect(next.html).toMatch(/id="mapping\.owner" name="mapping\[owner\]"><option value="" selected>/);
  });

  it('leaves the audit log and the data in agreement after every commit', () => {
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/audit-verify.ts'], {
      cwd: join(__dirname, '..'),
      env: { ...process.env },
      encoding: 'utf8',
    });
    // The second force's report is recorded by the test's factory straight through ReportRecorder, with no audit
    // entry: its rows are the only ones the check names. Every row the imports wrote is covered by their entries.
    const problems = result.stdout.split('\n').filter((line) => line.startsWith('  - '));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.filter((line) => !/ of finding CHE-|finding CHE-2025-AFI-01 added/.test(line))).toEqual([]);
    expect(result.stdout).toContain('Audit chain intact');
  });
});
