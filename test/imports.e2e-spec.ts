import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Response } from 'superagent';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { tooMuchTextMessage } from '../src/imports/extraction/read-document';
import { pdfOfPages, pdfWithoutText } from './factories/import-files';
import { AuditService } from '../src/audit/audit.service';
import { WriteTransactions } from '../src/database/write-transactions';
import { ReportRecorder } from '../src/reports/report-recorder';
import { BOARD_PAPER_ROWS, boardPaperDocx, DERBYSHIRE_PAPER } from './factories/board-paper-docx';
import { createUser, csrfFrom, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText, pageText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

const CLEVELAND = readFileSync(join(__dirname, 'fixtures', 'uploads', 'cleveland-peel-2025-26.txt'));
const SOURCE_REPORTS = join(__dirname, '..', 'data', 'source-reports');

/** Reads a streamed response whole, as text. */
function asText(response: Response, done: (error: Error | null, body: string) => void): void {
  const stream = response as unknown as IncomingMessage; // superagent hands the parser Node's response
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => done(null, body));
}

/** The fields of the review form as the page shows them, so a test changes only what it names. */
function reviewFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const decode = (value: string) =>
    value
      .replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#x3D;/g, '=')
      .replace(/&#x60;/g, '`')
      .replace(/&amp;/g, '&');
  for (const match of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) {
    fields[match[1]] = decode(match[2]);
  }
  for (const match of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    fields[match[1]] = decode(match[2]);
  }
  for (const match of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(match[2]) ?? /<option value="([^"]*)"/.exec(match[2]);
    fields[match[1]] = selected ? decode(selected[1]) : '';
  }
  return fields;
}

describe('Importing a report (web upload, review, commit)', () => {
  let testApp: TestApp;
  let inspector: Session;
  let staff: Session;
  let dataSource: DataSource;

  /** Posts the upload form as a browser without JavaScript does: multipart, the CSRF token a hidden field. */
  const upload = async (content: Buffer, name: string) => {
    const page = await inspector.agent.get('/imports').expect(200);
    return inspector.agent
      .post('/imports')
      .field('_csrf', csrfFrom(page.text))
      .attach('file', content, name)
      .redirects(0);
  };
  const count = async (table: string) =>
    Number((await dataSource.query<Array<{ n: number | string }>>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const counts = async () => ({
    imports: await count('report_imports'),
    reports: await count('reports'),
    findings: await count('findings'),
    sources: await count('finding_sources'),
  });

  beforeAll(async () => {
    testApp = await createTestApp();
    dataSource = testApp.app.get(DataSource);
    inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector', { username: 'ivy.importer' }));
    staff = await signIn(testApp.app, await createUser(testApp.app, 'force_staff', { username: 'sam.staff' }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('proposes the findings of an uploaded report for review, with source passages, and writes nothing to the tracker yet', async () => {
    const before = await counts();
    const response = await upload(CLEVELAND, 'cleveland-peel-2025-26.txt');
    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(/^\/imports\/\d+$/);
    const html = (await inspector.agent.get(response.headers.location).expect(200)).text;
    const text = mainText(html);
    expect(text).toContain('cleveland-peel-2025-26.txt');
    expect(text).toContain('Awaiting review');
    expect(text).toContain(
      'The tracker read 3 proposed findings, 1 judgment and 1 verdict on an earlier recommendation',
    );
    expect(text).toContain('Investigating crime');
    expect(text).toContain('Requires improvement');
    expect(html).toContain(
      '<mark>The force should make sure that supervisors review investigations regularly and record their reviews.</mark>',
    );
    expect(text).toContain('Verdict: implemented');
    expect(text).toContain('The verdict is about an item of this report.');
    const fields = reviewFields(html);
    expect(fields['report[forceCode]']).toBe('CLE');
    expect(fields['report[period]']).toBe('2025/26');
    expect(fields['report[publishedOn]']).toBe('2026-03-03');
    expect(fields['findings[0][kind]']).toBe('area_for_improvement');
    expect(fields['assessments[0][target]']).toBe('#3');
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });
  });

  it('refuses a review that leaves an accepted item empty, showing the form again as typed with the error beside the field', async () => {
    const [{ id }] = await dataSource.query<Array<{ id: number }>>(
      `SELECT id FROM report_imports WHERE file_name = 'cleveland-peel-2025-26.txt'`,
    );
    const page = await inspector.agent.get(`/imports/${id}`).expect(200);
    const fields = {
      ...reviewFields(page.text),
      _csrf: csrfFrom(page.text),
      'report[title]': 'PEEL 2025/26: Cleveland <script>alert(1)</script>',
      'findings[1][text]': '',
      intent: 'save',
    };
    const refused = await inspector.agent.post(`/imports/${id}`).type('form').send(fields).redirects(0);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('There is a problem');
    expect(pageText(refused.text)).toContain('Enter the text of item 2, or reject it');
    expect(refused.text).toContain('id="findings.1.text-error"');
    expect(refused.text).toContain('value="PEEL 2025/26: Cleveland &lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(refused.text).not.toContain('<script>alert(1)</script>');
    const [{ review }] = await dataSource.query<Array<{ review: string }>>(
      'SELECT review FROM report_imports WHERE id = $1'.replace('$1', String(Number(id))),
    );
    expect((JSON.parse(review) as { report: { title: string } }).report.title).toBe('PEEL 2025/26');
  });

  it('refuses a review sent without the report’s fields, showing the form again with each error beside its field and the edits kept', async () => {
    const [{ id }] = await dataSource.query<Array<{ id: number }>>(
      `SELECT id FROM report_imports WHERE file_name = 'cleveland-peel-2025-26.txt'`,
    );
    const page = await inspector.agent.get(`/imports/${id}`).expect(200);
    const refused = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        'findings[0][decision]': 'accept',
        'findings[0][kind]': 'area_for_improvement',
        'findings[0][text]': 'Edited text the reviewer typed, kept when the form comes back',
        intent: 'save',
      })
      .redirects(0);
    expect(refused.status).toBe(400);
    const text = pageText(refused.text);
    expect(text).toContain('There is a problem');
    for (const [field, message] of [
      ['report.title', 'Enter the report title'],
      ['report.period', 'Enter the period as a year, like 2025, or a financial year, like 2018/19'],
      ['report.type', 'Choose the type of report'],
      ['report.inspectorate', 'Choose the inspectorate'],
    ]) {
      expect(refused.text).toContain(`id="${field}-error"`);
      expect(text).toContain(message);
    }
    expect(refused.text).toContain('Edited text the reviewer typed, kept when the form comes back');
    // Nothing was saved.
    const [{ review }] = await dataSource.query<Array<{ review: string }>>(
      `SELECT review FROM report_imports WHERE id = ${Number(id)}`,
    );
    expect((JSON.parse(review) as { findings: Array<{ text: string }> }).findings[0].text).toBe(
      'The force should make sure that supervisors review investigations regularly and record their reviews.',
    );
  });

  it('refuses to commit until the type of report is chosen, then commits the reviewed import in one go', async () => {
    const [{ id }] = await dataSource.query<Array<{ id: number }>>(
      `SELECT id FROM report_imports WHERE file_name = 'cleveland-peel-2025-26.txt'`,
    );
    const page = await inspector.agent.get(`/imports/${id}`).expect(200);
    const base = { ...reviewFields(page.text), _csrf: csrfFrom(page.text) };
    const before = await counts();
    const noType = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({ ...base, intent: 'commit' })
      .redirects(0);
    expect(noType.status).toBe(400);
    expect(pageText(noType.text)).toContain('Choose the type of report before committing');
    expect(await counts()).toEqual(before);

    const committed = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({
        ...base,
        'report[type]': 'integrated_peel_assessment',
        'findings[0][theme]': 'Investigation',
        'findings[2][decision]': 'reject',
        'assessments[0][decision]': 'reject',
        intent: 'commit',
      })
      .redirects(0);
    expect(committed.status).toBe(303);
    const done = mainText((await inspector.agent.get(committed.headers.location).expect(200)).text);
    expect(done).toContain('The import is committed');
    expect(done).toContain('Committed');
    expect(await counts()).toEqual({
      ...before,
      reports: before.reports + 1,
      findings: before.findings + 2,
      sources: before.sources + 2,
    });

    const finding = mainText((await inspector.agent.get('/findings/CLE-2026-AFI-01').expect(200)).text);
    expect(finding).toContain(
      'The force should make sure that supervisors review investigations regularly and record their reviews.',
    );
    expect(finding).toContain('Investigation');
    expect(finding).toContain('Imported from cleveland-peel-2025-26.txt');
    const second = mainText((await inspector.agent.get('/findings/CLE-2026-AFI-02').expect(200)).text);
    expect(second).toContain('The force should improve how it manages suspects who are wanted for arrest.');
    const [audit] = await dataSource.query<Array<{ actor: string; summary: string }>>(
      `SELECT actor, summary FROM audit_log WHERE action = 'import.commit'`,
    );
    expect(audit.actor).toBe('ivy.importer');
    expect(audit.summary).toContain('2 new findings');
  });

  it('says plainly of a document with nothing to import that it holds no findings, without an error, and lets it be discarded', async () => {
    const before = await counts();
    const response = await upload(
      Buffer.from('Minutes of the meeting.\n\nThe meeting began at ten and ended at eleven.\n'),
      'minutes.txt',
    );
    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(/^\/imports\/\d+$/);
    const page = await inspector.agent.get(response.headers.location).expect(200);
    const text = mainText(page.text);
    expect(text).toContain(
      'minutes.txt holds no findings to import: the tracker found no findings, judgments or verdicts on earlier recommendations in it.',
    );
    expect(text).toContain('There is nothing to review or commit.');
    expect(text).toContain('Awaiting review');
    // An answer, not an error: no error summary or styling, and no review form or commit button.
    expect(page.text).not.toContain('There is a problem');
    expect(page.text).not.toMatch(/govuk-error|govuk-warning-text|govuk-button--warning/);
    expect(page.text).toContain('id="nothing-to-import"');
    expect(page.text).not.toContain('Commit the import');
    expect(page.text).not.toContain('name="report[title]"');
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });

    // A commit sent anyway is refused with the same plain answer, and writes nothing.
    const commit = await inspector.agent
      .post(response.headers.location)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        'report[title]': 'Minutes',
        'report[inspectorate]': 'HMICFRS',
        'report[type]': 'web_summary',
        'report[period]': '2025',
        intent: 'commit',
      })
      .redirects(0);
    expect(commit.status).toBe(400);
    expect(pageText(commit.text)).toContain(
      'minutes.txt holds no findings to import, so there is nothing to review or commit. Discard this import.',
    );
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });

    const discarded = await inspector.agent
      .post(`${response.headers.location}/discard`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .redirects(0);
    expect(discarded.status).toBe(303);
    expect(discarded.headers.location).toBe('/imports');
    const after = mainText((await inspector.agent.get(response.headers.location).expect(200)).text);
    expect(after).toContain('Discarded');
    expect(after).toContain('minutes.txt holds no findings to import');
  });

  it('reads a Word document (.docx): a board paper quoting areas for improvement in a table with a RAG column', async () => {
    const before = await counts();
    const response = await upload(await boardPaperDocx(), 'board-paper.docx');
    expect(response.status).toBe(303);
    const page = await inspector.agent.get(response.headers.location).expect(200);
    const text = mainText(page.text);
    expect(text).toContain('Import DOCX');
    expect(text).toContain('board-paper.docx');
    const fields = reviewFields(page.text);
    for (const [index, [area]] of BOARD_PAPER_ROWS.entries()) {
      const sentence = area.replace(/^AFI \d+ – /, '');
      expect(fields[`findings[${index}][kind]`]).toBe('area_for_improvement');
      expect(fields[`findings[${index}][text]`].startsWith(sentence)).toBe(true);
    }
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });
    const [{ format }] = await dataSource.query<Array<{ format: string }>>(
      `SELECT format FROM report_imports WHERE file_name = 'board-paper.docx'`,
    );
    expect(format).toBe('docx');
  });

  it('recognises the same document uploaded again by its content and creates nothing', async () => {
    const before = await counts();
    const again = await upload(CLEVELAND, 'renamed-copy.txt');
    expect(again.status).toBe(303);
    expect(again.headers.location).toMatch(/\?already=1$/);
    const html = (await inspector.agent.get(again.headers.location).expect(200)).text;
    const text = mainText(html);
    // Said plainly, with the report it became and its import review: not a "Success" and an empty review.
    expect(text).toContain('This document is already held: nothing new was created.');
    expect(text).toContain('cleveland-peel-2025-26.txt is already held');
    expect(text).toMatch(/uploaded by ivy\.importer on \d{1,2} \w+ \d{4}/);
    expect(text).toMatch(/Its report is in the tracker: .+\./);
    expect(html).toMatch(/href="\/reports\/[^"]+">/);
    const id = /^\/imports\/(\d+)/.exec(again.headers.location)![1];
    expect(html).toContain(`href="/imports/${id}" id="already-held-review">See its import review</a>`);
    expect(text).not.toContain('Success');
    expect(text).not.toContain('Proposed findings');
    expect(await counts()).toEqual(before);
  });

  it('gives every one of six simultaneous uploads of one document the answer the sequential case gives: one import', async () => {
    const document = Buffer.concat([CLEVELAND, Buffer.from('\nUploaded six times at once.\n')]);
    const before = await counts();
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) => upload(document, `six-at-once-${index + 1}.txt`)),
    );
    expect(responses.map((response) => response.status)).toEqual([303, 303, 303, 303, 303, 303]);
    const locations = responses.map((response) => String(response.headers.location));
    const id = /^\/imports\/(\d+)/.exec(locations[0])![1];
    expect(locations.filter((location) => location === `/imports/${id}`)).toHaveLength(1);
    expect(locations.filter((location) => location === `/imports/${id}?already=1`)).toHaveLength(5);
    const [{ name }] = await dataSource.query<Array<{ name: string }>>(
      `SELECT file_name AS name FROM report_imports WHERE id = ${Number(id)}`,
    );
    const already = mainText(
      (await inspector.agent.get(locations.find((location) => location.endsWith('?already=1'))!).expect(200)).text,
    );
    expect(already).toContain('This document is already held: nothing new was created.');
    expect(already).toContain('uploaded by ivy.importer');
    expect(already).toContain('Its import is awaiting review: nothing from it is in the tracker yet.');
    expect(already).toContain(name);
    expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });
    const [{ uploads }] = await dataSource.query<Array<{ uploads: number | string }>>(
      `SELECT COUNT(*) AS uploads FROM audit_log WHERE action = 'import.upload' AND entity_id = '${Number(id)}'`,
    );
    expect(Number(uploads)).toBe(1);
  });

  it('reads a discarded document again when it is uploaded again, in the same import', async () => {
    const document = Buffer.concat([CLEVELAND, Buffer.from('\nDiscarded, then uploaded again.\n')]);
    const first = await upload(document, 'discard-me.txt');
    expect(first.status).toBe(303);
    const page = await inspector.agent.get(first.headers.location).expect(200);
    await inspector.agent
      .post(`${first.headers.location}/discard`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect(mainText((await inspector.agent.get(first.headers.location).expect(200)).text)).toContain('Discarded');
    const again = await upload(document, 'discard-me-again.txt');
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    const text = mainText((await inspector.agent.get(again.headers.location).expect(200)).text);
    expect(text).toContain('discard-me-again.txt');
    expect(text).toContain('Awaiting review');
    expect(text).toContain('The tracker read 3 proposed findings');
  });

  it('refuses to discard an import twice, showing the review as saved with the error', async () => {
    const document = Buffer.concat([CLEVELAND, Buffer.from('\nDiscarded twice.\n')]);
    const first = await upload(document, 'discard-twice.txt');
    expect(first.status).toBe(303);
    const page = await inspector.agent.get(first.headers.location).expect(200);
    const saved = reviewFields(page.text);
    expect(saved['report[period]']).toBe('2025/26');
    const discard = () =>
      inspector.agent
        .post(`${first.headers.location}/discard`)
        .type('form')
        .send({ _csrf: csrfFrom(page.text) });
    await discard().expect(303);
    const again = await discard().expect(409);
    expect(pageText(again.text)).toContain('This import has already been discarded.');
    const shown = reviewFields(again.text);
    expect(shown['report[title]']).toBe(saved['report[title]']);
    expect(shown['report[period]']).toBe('2025/26');
    expect(shown['report[publishedOn]']).toBe(saved['report[publishedOn]']);
  });

  it('recognises a report of the default data, since its shipped text was recorded as its import', async () => {
    const before = await counts();
    const file = '2025-integrity-inspection-derbyshire.txt';
    const again = await upload(readFileSync(join(SOURCE_REPORTS, file)), file);
    expect(again.headers.location).toMatch(/\?already=1$/);
    const text = mainText((await inspector.agent.get(again.headers.location).expect(200)).text);
    expect(text).toContain('This document is already held: nothing new was created.');
    expect(text).toContain(
      'Its report is in the tracker: A report into the effectiveness of integrity arrangements in Derbyshire Constabulary',
    );
    expect(text).toContain('recorded with the default data');
    expect(await counts()).toEqual(before);
  });

  it('proposes the findings of another document of a held inspection as further sources of the same items, with the similarity', async () => {
    // The 2018/19 web summary with a line added: a different document, the same inspection.
    const summary = Buffer.concat([
      Buffer.from('Saved from the HMICFRS website.\n\n'),
      readFileSync(join(SOURCE_REPORTS, '2018-19-peel-legitimacy-web-summary-derbyshire.txt')),
    ]);
    const response = await upload(summary, 'web-summary-copy.txt');
    expect(response.status).toBe(303);
    const html = (await inspector.agent.get(response.headers.location).expect(200)).text;
    const text = mainText(html);
    expect(text).toMatch(
      /The same finding in another document of the same inspection \(.+?\)\. DER-2018-AFI-12, similarity 100%/,
    );
    const fields = reviewFields(html);
    expect(Object.entries(fields).some(([name, value]) => /\[useMatch\]$/.test(name) && value === 'yes')).toBe(true);
    const before = await counts();
    const id = /\/imports\/(\d+)/.exec(response.headers.location)![1];
    const committed = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({
        ...fields,
        _csrf: csrfFrom(html),
        'report[title]': 'Derbyshire PEEL 2018/19 legitimacy (saved web summary)',
        'report[type]': 'web_summary',
        intent: 'commit',
      })
      .redirects(0);
    expect(committed.status === 303 ? 'committed' : pageText(committed.text)).toBe('committed');
    const after = await counts();
    const matched = Object.entries(fields).filter(
      ([name, value]) => /\[useMatch\]$/.test(name) && value === 'yes',
    ).length;
    expect(after.sources - before.sources).toBeGreaterThanOrEqual(matched);
    const [{ inspections }] = await dataSource.query<Array<{ inspections: number | string }>>(
      `SELECT COUNT(DISTINCT r.inspection_id) AS inspections FROM reports r JOIN forces f ON f.id = r.force_id WHERE f.code = 'DER' AND r.period = '2018/19'`,
    );
    expect(Number(inspections)).toBe(1);
  });

  it('proposes links between the items of a report, checks the links a reviewer adds, and records both on commit', async () => {
    const fixture = readFileSync(join(__dirname, 'fixtures', 'import', 'web-structured-area-for-improvement.txt'));
    const response = await upload(fixture, 'wessex-vetting.txt');
    expect(response.status).toBe(303);
    const id = /\/imports\/(\d+)/.exec(response.headers.location)![1];
    // A review stored before links were proposed (no "links") starts with the links a new review would have.
    const [{ review: stored }] = await dataSource.query<Array<{ review: string }>>(
      `SELECT review FROM report_imports WHERE id = ${Number(id)}`,
    );
    const { links: _links, ...withoutLinks } = JSON.parse(stored) as Record<string, unknown>;
    await dataSource.query(
      `UPDATE report_imports SET review = '${JSON.stringify(withoutLinks).replace(/'/g, "''")}' WHERE id = ${Number(id)}`,
    );
    const html = (await inspector.agent.get(response.headers.location).expect(200)).text;
    expect(mainText(html)).toContain(
      'This item cites item 2 (national recommendation: This is a recommendation in our 2022 national report). The report cites this national recommendation straight after the finding.',
    );
    const fields: Record<string, string> = {
      ...reviewFields(html),
      _csrf: csrfFrom(html),
      'report[forceCode]': 'CLE',
      'report[period]': '2024',
      'report[type]': 'integrity_inspection',
      'report[title]': 'Vetting in Cleveland',
    };
    expect(fields['links[0][decision]']).toBe('accept');
    const observation = Object.entries(fields)
      .find(([name, value]) => /^findings\[\d+\]\[kind\]$/.test(name) && value === 'observation')![0]
      .replace('[kind]', '[relatedTo]');
    const index = /\[(\d+)\]/.exec(observation)![1];

    const before = await counts();
    const refused = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({ ...fields, [observation]: '#1, DER-1999-AFI-99', intent: 'commit' })
      .redirects(0);
    expect(refused.status).toBe(400);
    expect(pageText(refused.text)).toContain(
      'There is no finding DER-1999-AFI-99: enter references such as DER-2018-AFI-01, or #4 for item 4 above',
    );
    expect(refused.text).toContain(`id="findings.${index}.relatedTo-error"`);
    expect(refused.text).toContain('value="#1, DER-1999-AFI-99"');
    const self = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({ ...fields, [observation]: `#${Number(index) + 1}`, intent: 'save' })
      .redirects(0);
    expect(pageText(self.text)).toContain(`Item ${Number(index) + 1} cannot relate to itself`);
    // A kept link, or a reference, to an item the reviewer rejects would point at nothing: refused, beside the field.
    const dangling = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({ ...fields, 'findings[1][decision]': 'reject', [observation]: '#2', intent: 'commit' })
      .redirects(0);
    expect(dangling.status).toBe(400);
    expect(pageText(dangling.text)).toContain(
      'Item 2 is rejected: drop the link between items 1 and 2, or accept item 2',
    );
    expect(pageText(dangling.text)).toContain('Item 2 is rejected: remove #2, or accept item 2');
    expect(dangling.text).toContain('id="links.0.decision-error"');
    const noLongerNational = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({ ...fields, 'findings[1][kind]': 'observation', intent: 'save' })
      .redirects(0);
    expect(pageText(noLongerNational.text)).toContain(
      'Item 2 is no longer a national recommendation: drop the link citing it, or make it one again',
    );
    expect(await counts()).toEqual(before);

    const committed = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({ ...fields, [observation]: '#1, der-2025-afi-02', intent: 'commit' })
      .redirects(0);
    expect(committed.status === 303 ? 'committed' : pageText(committed.text)).toBe('committed');
    const links = await dataSource.query<Array<{ from: string; to: string; type: string; reason: string }>>(
      `SELECT f.reference AS "from", t.reference AS "to", l.type, l.reason FROM finding_links l JOIN findings f ON f.id = l.from_finding_id JOIN findings t ON t.id = l.to_finding_id
        JOIN reports r ON r.id = f.report_id WHERE r.title = 'Vetting in Cleveland' ORDER BY l.id`,
    );
    expect(links.map(({ from, to, type }) => ({ from, to, type }))).toEqual([
      { from: 'CLE-2024-AFI-01', to: 'NAT-2022-REC-02', type: 'cites' },
      { from: 'CLE-2024-OBS-01', to: 'CLE-2024-AFI-01', type: 'relates_to' },
      { from: 'CLE-2024-OBS-01', to: 'DER-2025-AFI-02', type: 'relates_to' },
    ]);
    expect(links[2].reason).toBe('Related at review by ivy.importer on import from wessex-vetting.txt.');
    const afi = mainText((await inspector.agent.get('/findings/CLE-2024-AFI-01').expect(200)).text);
    // The national recommendation it cites reads as the force's own record of it.
    expect(afi).toContain('Cites CLE-NAT-2022-REC-02');
    expect(afi).toContain('Related to CLE-2024-OBS-01');
    const [audit] = await dataSource.query<Array<{ summary: string }>>(
      `SELECT summary FROM audit_log WHERE action = 'import.commit' ORDER BY id DESC`,
    );
    expect(audit.summary).toContain('3 links');
  });

  describe('with progress (the upload page asks for Accept: application/x-ndjson)', () => {
    /** Posts as the page's script does: the CSRF token in the x-csrf-token header, the form without it. */
    const streamUpload = async (content: Buffer, name: string) => {
      const page = await inspector.agent.get('/imports').expect(200);
      const response = await inspector.agent
        .post('/imports')
        .set('Accept', 'application/x-ndjson')
        .set('x-csrf-token', csrfFrom(page.text))
        .attach('file', content, name)
        .buffer(true)
        .parse(asText);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      return (response.body as string)
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as {
              progress?: { stage: string; message: string; done?: number; total?: number };
              location?: string;
              status?: number;
              errors?: unknown[];
            },
        );
    };

    it('sends each step of reading a PDF as it happens, page by page, then where the review is', async () => {
      const [head, body] = CLEVELAND.toString('utf8').split('Areas for improvement');
      const pdf = await pdfOfPages([
        head.replace('PEEL 2025/26', 'PEEL 2025/26 (three pages)'),
        `Areas for improvement${body.split('Progress on earlier')[0]}`,
        `Progress on earlier${body.split('Progress on earlier')[1]}`,
      ]);
      const before = await counts();
      const lines = await streamUpload(pdf, 'cleveland-three-pages.pdf');
      expect(lines.filter((line) => line.progress).map((line) => line.progress!.message)).toEqual([
        'Reading cleveland-three-pages.pdf',
        'Read page 1 of 3',
        'Read page 2 of 3',
        'Read page 3 of 3',
        'Finding the judgments, findings and verdicts',
        'Matching the proposed findings with those already in the tracker',
        'Saving the proposal for review',
      ]);
      expect(lines.find((line) => line.progress?.message === 'Read page 2 of 3')!.progress).toMatchObject({
        stage: 'reading',
        done: 2,
        total: 3,
      });
      const last = lines[lines.length - 1];
      expect(last).toEqual({ location: expect.stringMatching(/^\/imports\/\d+$/) as unknown });
      expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });
      const review = mainText((await inspector.agent.get(last.location!).expect(200)).text);
      expect(review).toContain('The force should improve how it manages suspects who are wanted for arrest.');
    });

    it('ends with the refusal beside the field when the file holds more text than one report', async () => {
      const before = await counts();
      const lines = await streamUpload(
        Buffer.from(`Areas for improvement\n\n${'The force should record more. '.repeat(70_000)}`),
        'everything-at-once.txt',
      );
      expect(lines[lines.length - 1]).toEqual({
        status: 400,
        errors: [{ field: 'file', message: tooMuchTextMessage('everything-at-once.txt') }],
      });
      expect(await counts()).toEqual(before);
    });

    it('ends with where the review is when there is nothing to import: an answer, not an error', async () => {
      const before = await counts();
      const lines = await streamUpload(
        Buffer.from('Minutes of the meeting.\n\nThe meeting began at half past ten and ended at noon.\n'),
        'minutes-again.txt',
      );
      const last = lines[lines.length - 1];
      expect(last).toEqual({ location: expect.stringMatching(/^\/imports\/\d+$/) as unknown });
      expect(lines.some((line) => line.errors !== undefined)).toBe(false);
      expect(mainText((await inspector.agent.get(last.location!).expect(200)).text)).toContain(
        'minutes-again.txt holds no findings to import',
      );
      expect(await counts()).toEqual({ ...before, imports: before.imports + 1 });
    });
  });

  describe('refuses bad input with a clear message, and writes nothing', () => {
    const cases: Array<[string, () => Promise<Buffer> | Buffer, string, string, number]> = [
      ['an empty file', () => Buffer.alloc(0), 'empty.txt', 'empty.txt is empty: there is nothing to import.', 400],
      [
        'a binary that is not a PDF',
        () =>
          Buffer.from([
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3,
          ]),
        'picture.png',
        'picture.png is not a PDF, Word (.docx), HTML or text file: it looks like binary data.',
        400,
      ],
      [
        'a file named .pdf that is not one',
        () => Buffer.from('just some words'),
        'report.pdf',
        'report.pdf is named .pdf but is not a PDF.',
        400,
      ],
      [
        'a PDF with no text',
        pdfWithoutText,
        'scanned.pdf',
        'scanned.pdf is a PDF with no text in it (perhaps scanned pages): there is nothing to import.',
        400,
      ],
      [
        'a file named .docx that is not a Word document',
        () => Buffer.from('Areas for improvement\n\nThe force should do better.\n'),
        'board-paper.docx',
        'board-paper.docx is named .docx but is not a Word document.',
        400,
      ],
      [
        'more text than one report holds (2 million characters)',
        () => Buffer.from(`Areas for improvement\n\n${'The force should record more. '.repeat(70_000)}`),
        'everything.txt',
        'everything.txt has too much text to import: more than 2,000,000 characters, where a long inspection report has about 150,000. Check that the file is one inspection report.',
        400,
      ],
      [
        'a 50 MB file',
        () => Buffer.alloc(50 * 1024 * 1024, 0x41),
        'huge.txt',
        'The selected file is larger than 20 MB, the largest file that can be imported.',
        413,
      ],
    ];
    it.each(cases)('%s', async (_label, content, name, message, status) => {
      const before = await counts();
      const response = await upload(await content(), name);
      expect(response.status).toBe(status);
      expect(pageText(response.text)).toContain(message);
      expect(response.text).toContain('There is a problem');
      expect(response.text).toContain('id="file-error"');
      expect(await counts()).toEqual(before);
    });

    it('no file at all', async () => {
      const page = await inspector.agent.get('/imports').expect(200);
      const response = await inspector.agent
        .post('/imports')
        .field('_csrf', csrfFrom(page.text))
        .field('nothing', 'here')
        .redirects(0);
      expect(response.status).toBe(400);
      expect(pageText(response.text)).toContain('Select a report file to import (PDF, Word, HTML or text)');
    });
  });

  it('is for inspectors and administrators only, and an unknown import is a 404 page', async () => {
    await staff.agent.get('/imports').expect(403);
    await inspector.agent.get('/imports/999999').expect(404);
    await inspector.agent.get('/imports/not-a-number').expect(404);
  });
});

describe('Importing a board paper that states the status of the findings it quotes', () => {
  let testApp: TestApp;
  let inspector: Session;
  let dataSource: DataSource;

  /** A query parameter's placeholder in the database's own syntax. */
  const $ = () => (dataSource.options.type === 'postgres' ? '$1' : '?');
  /** A finding's status and version, to show that nothing changed them. */
  const findingNow = async (reference: string) => {
    const [row] = await dataSource.query<Array<{ id: number; status: string; version: number }>>(
      `SELECT id, status, version FROM findings WHERE reference = ${$()}`,
      [reference],
    );
    return row;
  };
  /** A finding's history entries of a stated status, oldest first. */
  const statedStatuses = (reference: string) =>
    dataSource.query<Array<{ id: number; to_value: string; commentary: string; author: string }>>(
      `SELECT u.id, u.to_value, u.commentary, u.author FROM finding_updates u JOIN findings f ON f.id = u.finding_id
       WHERE f.reference = ${$()} AND u.type = 'stated_status' ORDER BY u.id`,
      [reference],
    );

  beforeAll(async () => {
    testApp = await createTestApp();
    dataSource = testApp.app.get(DataSource);
    inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector', { username: 'ivy.importer' }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('shows each quoted finding’s stated status at review, and on commit records it in the finding’s history, naming the paper, without changing the finding’s status', async () => {
    const page = await inspector.agent.get('/imports').expect(200);
    const uploaded = await inspector.agent
      .post('/imports')
      .field('_csrf', csrfFrom(page.text))
      .attach('file', await boardPaperDocx(DERBYSHIRE_PAPER), 'derbyshire-panel-paper.docx')
      .redirects(0);
    expect(uploaded.status).toBe(303);
    const html = (await inspector.agent.get(uploaded.headers.location).expect(200)).text;
    const review = mainText(html);
    expect(review).toContain('Status stated in the document: Amber');
    expect(review).toContain('Status stated in the document: Green');
    expect(review).toMatch(/The same finding in another document of the same inspection \(.+?\)\. DER-2018-AFI-12/);
    const fields = reviewFields(html);
    expect(fields['findings[0][useMatch]']).toBe('yes');
    expect(fields['findings[1][text]']).toBe(
      'The force should make sure that custody staff record every strip search and the reasons for it.',
    );

    const held = await findingNow('DER-2018-AFI-12');
    const id = /\/imports\/(\d+)/.exec(uploaded.headers.location)![1];
    const committed = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({ ...fields, _csrf: csrfFrom(html), 'report[type]': 'web_summary', intent: 'commit' })
      .redirects(0);
    expect(committed.status === 303 ? 'committed' : pageText(committed.text)).toBe('committed');
    const [paper] = await dataSource.query<Array<{ id: number; title: string; period: string }>>(
      `SELECT r.id, r.title, r.period FROM reports r JOIN report_imports i ON i.report_id = r.id WHERE i.id = ${$()}`,
      [Number(id)],
    );
    const naming = `Stated in ${paper.title} (${paper.period}), imported from derbyshire-panel-paper.docx.`;

    // The held finding the paper quotes: the status as written in its history, the paper a source citing it,
    // and its own status and version as they were.
    expect(await findingNow('DER-2018-AFI-12')).toEqual(held);
    expect(await statedStatuses('DER-2018-AFI-12')).toEqual([
      expect.objectContaining({
        to_value: 'Amber',
        author: 'ivy.importer',
        commentary: expect.stringContaining(naming) as unknown,
      }),
    ]);
    const [source] = await dataSource.query<Array<{ role: string }>>(
      `SELECT s.role FROM finding_sources s JOIN findings f ON f.id = s.finding_id WHERE f.reference = 'DER-2018-AFI-12' AND s.report_id = ${$()}`,
      [paper.id],
    );
    expect(source.role).toBe('cited_by');
    const heldPage = mainText((await inspector.agent.get('/findings/DER-2018-AFI-12').expect(200)).text);
    expect(heldPage).toContain('Status stated in a paper: Amber');
    expect(heldPage).toContain(naming);

    // The finding new to the tracker: not started, whatever the paper says, with the paper's status in its history.
    const [{ reference }] = await dataSource.query<Array<{ reference: string }>>(
      `SELECT f.reference FROM findings f WHERE f.report_id = ${$()}`,
      [paper.id],
    );
    expect((await findingNow(reference)).status).toBe('not_started');
    expect((await statedStatuses(reference)).map((entry) => entry.to_value)).toEqual(['Green']);
    const newPage = mainText((await inspector.agent.get(`/findings/${reference}`).expect(200)).text);
    expect(newPage).toContain('Status stated in a paper: Green');
    expect(newPage).toContain(naming);
    expect(newPage).toContain('Not started');

    // Audited with the commit: its entry covers both history entries.
    const [audit] = await dataSource.query<Array<{ id: number }>>(
      `SELECT id FROM audit_log WHERE action = 'import.commit' ORDER BY id DESC`,
    );
    const stated = [...(await statedStatuses('DER-2018-AFI-12')), ...(await statedStatuses(reference))];
    const digests = await dataSource.query<Array<{ row_id: number }>>(
      `SELECT row_id FROM audit_row_digests WHERE audit_entry_id = ${$()} AND table_name = 'finding_updates'`,
      [audit.id],
    );
    expect(digests.map((row) => Number(row.row_id))).toEqual(
      expect.arrayContaining(stated.map((entry) => Number(entry.id))),
    );
  });

  it('records a status stated for a national recommendation on the record of the paper’s force, never on the statement', async () => {
    const recorder = testApp.app.get(ReportRecorder);
    const audit = testApp.app.get(AuditService);
    const statement = await findingNow('NAT-2022-REC-01');
    const record = await findingNow('DER-NAT-2022-REC-01');
    await testApp.app.get(WriteTransactions).run(async (manager) => {
      await recorder.record(manager, {
        author: 'ivy.importer',
        at: '2026-05-01T10:00:00.000Z',
        importedFrom: 'vetting-tracker.docx',
        reports: [
          {
            title: 'Vetting recommendations tracker',
            inspectorate: 'HMICFRS',
            type: 'web_summary',
            forceCode: 'DER',
            period: '2026',
            publishedOn: null,
            sourceFile: 'vetting-tracker.docx',
            sourceUrl: null,
          },
        ],
        judgments: [],
        items: [
          {
            sourceOf: 'NAT-2022-REC-01',
            source: { report: 0, section: null, role: 'cited_by', position: 0 },
            statedStatus: 'Red',
          },
        ],
        assessments: [],
        links: [],
      });
      await audit.record(manager, {
        actor: 'ivy.importer',
        ip: null,
        action: 'import.commit',
        entityType: 'report',
        entityId: 'vetting-tracker',
        summary: 'Imported the vetting recommendations tracker',
      });
    });
    expect(await statedStatuses('NAT-2022-REC-01')).toEqual([]);
    expect(await statedStatuses('DER-NAT-2022-REC-01')).toEqual([
      expect.objectContaining({
        to_value: 'Red',
        commentary: expect.stringContaining(
          'Stated in Vetting recommendations tracker (2026), imported from vetting-tracker.docx.',
        ) as unknown,
      }),
    ]);
    expect(await findingNow('NAT-2022-REC-01')).toEqual(statement);
    expect(await findingNow('DER-NAT-2022-REC-01')).toEqual(record);
    const page = mainText((await inspector.agent.get('/findings/DER-NAT-2022-REC-01').expect(200)).text);
    expect(page).toContain('Status stated in a paper: Red');
  });
});

describe('Reviewing a long document: items grouped by section, and a whole section dismissed at once', () => {
  let testApp: TestApp;
  let inspector: Session;
  let dataSource: DataSource;

  /** The areas for improvement of each section of a generated PEEL-like report, in the order it gives them. */
  const SECTIONS: Array<[string, string, string[]]> = [
    ['Summary', 'Good', ['publishes a plan for improving its services to the public']],
    [
      'Investigating crime',
      'Requires improvement',
      [
        'supervisors review investigations regularly and record their reviews',
        'victims are kept informed of the progress of their cases',
        'investigation plans are set at the start of every investigation',
        'the quality of files passed to the Crown Prosecution Service improves',
      ],
    ],
    [
      'Protecting vulnerable people',
      'Adequate',
      [
        'officers complete risk assessments for every domestic abuse incident',
        'missing children are found and debriefed promptly',
        'safeguarding referrals are made within a day',
      ],
    ],
    [
      'Managing offenders and suspects',
      'Inadequate',
      [
        'wanted suspects are arrested without delay',
        'registered sex offenders are visited as often as their risk requires',
        'bail conditions are monitored and breaches acted on',
      ],
    ],
  ];
  /** A structured area for improvement with sub-points, closing "Protecting vulnerable people": a long passage. */
  const STRUCTURED = [
    'Area for improvement',
    '',
    'The force should improve how it responds to vulnerable people',
    '',
    'The force should make sure that:',
    '',
    '  • call handlers identify vulnerability on every call and record what they found in full, so that officers attending know the risk before they arrive;',
    '  • officers attending a call check the records held on the people involved, and record the checks they made and what those checks showed;',
    '  • supervisors review the risk assessments made by officers within a day, and act when a risk has been assessed wrongly or not at all.',
    '',
  ].join('\n');
  const afiText = (words: string) => `The force should make sure that ${words}.`;

  /** A PEEL-like report of four sections and twelve areas for improvement. */
  function longReport(): Buffer {
    let text =
      'PEEL 2025/26\nPolice effectiveness, efficiency and legitimacy\nAn inspection of Cleveland Police\nPublished on: 3 March 2026\n\n';
    for (const [name, grade, afis] of SECTIONS) {
      text += `${name}\n\n${grade}\n\nCleveland Police is ${grade.toLowerCase()} at ${name.toLowerCase()}. We looked at a sample of cases and spoke with officers and staff about how the force works in this area, and what it has done since our last inspection.\n\nAreas for improvement\n\n`;
      text += afis.map((words) => `• ${afiText(words)}\n\n`).join('');
      if (name === 'Protecting vulnerable people') {
        text += STRUCTURED;
      }
    }
    return Buffer.from(text);
  }

  /** One section of the review page, from its <section> to the end of it. */
  const sectionHtml = (html: string, number: number) => {
    const start = html.indexOf(`<section class="app-import-section" id="section-${number}"`);
    expect(start).toBeGreaterThan(0);
    return html.slice(start, html.indexOf('</section>', start));
  };
  type StoredReview = { findings: Array<{ decision: string; text: string; section: string | null; theme: string }> };
  /** The review as stored: JSON text on SQLite, an object on PostgreSQL. */
  const storedReview = async (id: string) => {
    const [{ review }] = await dataSource.query<Array<{ review: string | StoredReview }>>(
      `SELECT review FROM report_imports WHERE id = ${Number(id)}`,
    );
    return typeof review === 'string' ? (JSON.parse(review) as StoredReview) : review;
  };
  const decisions = async (id: string) => (await storedReview(id)).findings.map((finding) => finding.decision);

  let id: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    dataSource = testApp.app.get(DataSource);
    inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector', { username: 'lena.longread' }));
    const page = await inspector.agent.get('/imports').expect(200);
    const uploaded = await inspector.agent
      .post('/imports')
      .field('_csrf', csrfFrom(page.text))
      .attach('file', longReport(), 'cleveland-peel-long.txt')
      .redirects(0)
      .expect(303);
    id = /^\/imports\/(\d+)$/.exec(uploaded.headers.location)![1];
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('shows each section of the document with its count, and each item beside its source passage', async () => {
    const html = (await inspector.agent.get(`/imports/${id}`).expect(200)).text;
    expect(mainText(html)).toContain('Proposed findings (12)');
    // Contents first, then a block for each section, in the document's order, with its heading and count.
    const contentsAt = html.indexOf('id="sections-heading"');
    const contents = pageText(html.slice(contentsAt, html.indexOf('</nav>', contentsAt)));
    expect(contents).toContain(
      'Summary (1 item, 0 dismissed) Investigating crime (4 items, 0 dismissed) Protecting vulnerable people (4 items, 0 dismissed) Managing offenders and suspects (3 items, 0 dismissed)',
    );
    SECTIONS.forEach(([name, , afis], index) => {
      const block = sectionHtml(html, index + 1);
      expect(block).toContain(
        `<h3 class="govuk-heading-m govuk-!-margin-bottom-1" id="section-${index + 1}-heading">${name}</h3>`,
      );
      const text = pageText(block);
      expect(text).toContain(`${afis.length + (name === 'Protecting vulnerable people' ? 1 : 0)} item`);
      expect(text).toContain(`Dismiss this section “${name}”`);
      expect(text).not.toContain('Restore this section');
      expect(text).toContain(`We looked at a sample of cases`);
      expect(block).toContain(`Areas for improvement • <mark>${afiText(afis[0])}</mark>`);
      for (const words of afis) {
        // The item's words marked inside the passage they were read from.
        expect(block).toContain(`<mark>${afiText(words)}</mark>`);
      }
    });
    // A long passage (a heading, its lead-in and three sub-points) is marked whole and collapsed in a govuk-details.
    const structured = sectionHtml(html, 3).slice(sectionHtml(html, 3).indexOf('improve how it responds') - 400);
    expect(structured).toMatch(
      /<details class="govuk-details[^"]*">\s*<summary class="govuk-details__summary"><span class="govuk-details__summary-text">Source passage \(\d+ words\)<\/span>/,
    );
    expect(pageText(structured)).toContain(
      'The force should improve how it responds to vulnerable people The force should make sure that: • call handlers identify vulnerability',
    );
    expect(structured).toMatch(
      /<mark>The force should improve how it responds to vulnerable people[^<]*wrongly or not at all\.<\/mark>/,
    );
  });

  it('dismisses exactly one section’s items with one button, saving what was typed elsewhere on the page with it', async () => {
    const page = await inspector.agent.get(`/imports/${id}`).expect(200);
    const before = await decisions(id);
    expect(before.every((decision) => decision === 'accept')).toBe(true);
    const response = await inspector.agent
      .post(`/imports/${id}/section`)
      .type('form')
      .send({
        ...reviewFields(page.text),
        _csrf: csrfFrom(page.text),
        'report[title]': 'PEEL 2025/26: Cleveland, long',
        'findings[0][theme]': 'Typed before dismissing',
        dismissSection: 'Investigating crime',
      })
      .redirects(0);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/imports/${id}#section-2`);
    const review = await storedReview(id);
    const inSection = review.findings.map((finding) => finding.section === 'Investigating crime');
    expect(inSection.filter(Boolean)).toHaveLength(4);
    expect(review.findings.map((finding) => finding.decision)).toEqual(
      inSection.map((dismissed) => (dismissed ? 'reject' : 'accept')),
    );
    expect(review.findings[0].theme).toBe('Typed before dismissing');
    const [audit] = await dataSource.query<Array<{ actor: string; summary: string }>>(
      `SELECT actor, summary FROM audit_log WHERE action = 'import.review' ORDER BY id DESC`,
    );
    expect(audit).toEqual({
      actor: 'lena.longread',
      summary: 'Dismissed the section “Investigating crime” (4 items) of import cleveland-peel-long.txt',
    });

    const html = (await inspector.agent.get(`/imports/${id}`).expect(200)).text;
    expect(reviewFields(html)['report[title]']).toBe('PEEL 2025/26: Cleveland, long');
    const dismissed = pageText(sectionHtml(html, 2));
    expect(dismissed).toContain('4 items, 4 dismissed');
    expect(dismissed).toContain('Restore this section “Investigating crime”');
    expect(dismissed).not.toContain('Dismiss this section');
    expect(dismissed.match(/Dismissed/g)).toHaveLength(4);
    // Wholly dismissed, the section's items are collapsed out of the way, still in the form.
    expect(dismissed).toContain('Show the dismissed items');
    expect(reviewFields(sectionHtml(html, 2))['findings[1][decision]']).toBe('reject');
    expect(pageText(sectionHtml(html, 3))).toContain('4 items, 0 dismissed');
  });

  it('restores a section, and refuses a section dismissed with an error elsewhere on the form, showing it as typed', async () => {
    let page = await inspector.agent.get(`/imports/${id}`).expect(200);
    await inspector.agent
      .post(`/imports/${id}/section`)
      .type('form')
      .send({ ...reviewFields(page.text), _csrf: csrfFrom(page.text), restoreSection: 'Investigating crime' })
      .redirects(0)
      .expect(303);
    expect((await decisions(id)).every((decision) => decision === 'accept')).toBe(true);

    page = await inspector.agent.get(`/imports/${id}`).expect(200);
    const refused = await inspector.agent
      .post(`/imports/${id}/section`)
      .type('form')
      .send({
        ...reviewFields(page.text),
        _csrf: csrfFrom(page.text),
        'findings[0][text]': '',
        'findings[0][theme]': 'Typed, then refused',
        dismissSection: 'Managing offenders and suspects',
      })
      .redirects(0);
    expect(refused.status).toBe(400);
    expect(pageText(refused.text)).toContain('Enter the text of item 1, or reject it');
    expect(reviewFields(refused.text)['findings[0][theme]']).toBe('Typed, then refused');
    expect((await decisions(id)).every((decision) => decision === 'accept')).toBe(true);

    const unknown = await inspector.agent
      .post(`/imports/${id}/section`)
      .type('form')
      .send({ ...reviewFields(page.text), _csrf: csrfFrom(page.text), dismissSection: 'Leadership' })
      .redirects(0);
    expect(unknown.status).toBe(400);
    expect(pageText(unknown.text)).toContain(
      'This document has no section “Leadership”: choose a section from the page',
    );
  });

  it('commits only the items of the sections kept, then refuses to dismiss a section of the committed import', async () => {
    let page = await inspector.agent.get(`/imports/${id}`).expect(200);
    await inspector.agent
      .post(`/imports/${id}/section`)
      .type('form')
      .send({ ...reviewFields(page.text), _csrf: csrfFrom(page.text), dismissSection: 'Protecting vulnerable people' })
      .redirects(0)
      .expect(303);
    page = await inspector.agent.get(`/imports/${id}`).expect(200);
    const committed = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({
        ...reviewFields(page.text),
        _csrf: csrfFrom(page.text),
        'report[type]': 'integrated_peel_assessment',
        intent: 'commit',
      })
      .redirects(0);
    expect(committed.status).toBe(303);
    const recorded = await dataSource.query<Array<{ text: string }>>(
      `SELECT f.text FROM findings f JOIN report_imports ri ON ri.report_id = f.report_id WHERE ri.id = ${Number(id)} ORDER BY f.reference`,
    );
    const kept = SECTIONS.filter(([name]) => name !== 'Protecting vulnerable people').flatMap(([, , afis]) =>
      afis.map(afiText),
    );
    expect(recorded.map((finding) => finding.text).sort()).toEqual([...kept].sort());

    const before = await decisions(id);
    const refused = await inspector.agent
      .post(`/imports/${id}/section`)
      .type('form')
      .send({ ...reviewFields(page.text), _csrf: csrfFrom(page.text), restoreSection: 'Protecting vulnerable people' })
      .redirects(0);
    expect(refused.status).toBe(409);
    expect(pageText(refused.text)).toContain(
      'This import has already been committed: its sections can no longer be dismissed or restored.',
    );
    expect(await decisions(id)).toEqual(before);
    // The committed review shows its sections without buttons.
    expect(pageText(refused.text)).not.toContain('Restore this section');
  });
});

describe('A short title for each imported finding, proposed from its wording and edited at review', () => {
  let testApp: TestApp;
  let inspector: Session;
  let dataSource: DataSource;
  let id: string;

  /** The Cleveland report, its first area for improvement worded with a deadline and "make sure that it …". */
  const REPORT = Buffer.from(
    CLEVELAND.toString('utf8').replace(
      'The force should make sure that supervisors review investigations regularly and record their reviews.',
      'By 30 September 2025, the force should make sure that it improves the scrutiny of outstanding suspects.',
    ),
  );

  beforeAll(async () => {
    testApp = await createTestApp();
    dataSource = testApp.app.get(DataSource);
    inspector = await signIn(testApp.app, await createUser(testApp.app, 'inspector', { username: 'tia.titles' }));
    const page = await inspector.agent.get('/imports').expect(200);
    const uploaded = await inspector.agent
      .post('/imports')
      .field('_csrf', csrfFrom(page.text))
      .attach('file', REPORT, 'cleveland-peel-deadlines.txt')
      .redirects(0)
      .expect(303);
    id = /^\/imports\/(\d+)$/.exec(uploaded.headers.location)![1];
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('proposes each title in the imperative, without the deadline, the force or "make sure that"', async () => {
    const html = (await inspector.agent.get(`/imports/${id}`).expect(200)).text;
    const fields = reviewFields(html);
    expect(fields['findings[0][text]']).toBe(
      'By 30 September 2025, the force should make sure that it improves the scrutiny of outstanding suspects.',
    );
    expect(fields['findings[0][title]']).toBe('Improve the scrutiny of outstanding suspects');
    expect(fields['findings[1][title]']).toBe('Improve how it manages suspects who are wanted for arrest');
    expect(html).toContain('<label class="govuk-label" for="findings.0.title">Title</label>');
  });

  it('refuses an accepted item without a title, or with one too long, showing the titles again as typed', async () => {
    const page = await inspector.agent.get(`/imports/${id}`).expect(200);
    const refused = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({
        ...reviewFields(page.text),
        _csrf: csrfFrom(page.text),
        'findings[0][title]': 'Typed, then refused',
        'findings[1][title]': '',
        intent: 'save',
      })
      .redirects(0);
    expect(refused.status).toBe(400);
    expect(pageText(refused.text)).toContain('Enter a title for item 2, or reject it');
    expect(refused.text).toContain('id="findings.1.title-error"');
    expect(reviewFields(refused.text)['findings[0][title]']).toBe('Typed, then refused');
    expect(reviewFields(refused.text)['findings[1][title]']).toBe('');

    const tooLong = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({
        ...reviewFields(page.text),
        _csrf: csrfFrom(page.text),
        'findings[0][title]': 'x'.repeat(201),
        intent: 'save',
      })
      .redirects(0);
    expect(tooLong.status).toBe(400);
    expect(pageText(tooLong.text)).toContain('The title must be 200 characters or fewer');
    // Nothing was saved: the page shows the proposed titles still.
    const after = reviewFields((await inspector.agent.get(`/imports/${id}`).expect(200)).text);
    expect(after['findings[0][title]']).toBe('Improve the scrutiny of outstanding suspects');
    // A rejected item needs no title.
    const rejected = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({
        ...reviewFields(page.text),
        _csrf: csrfFrom(page.text),
        'findings[2][decision]': 'reject',
        'findings[2][title]': '',
        intent: 'save',
      })
      .redirects(0);
    expect(rejected.status).toBe(303);
  });

  it('records each new finding with its title as edited at review', async () => {
    const page = await inspector.agent.get(`/imports/${id}`).expect(200);
    const committed = await inspector.agent
      .post(`/imports/${id}`)
      .type('form')
      .send({
        ...reviewFields(page.text),
        _csrf: csrfFrom(page.text),
        'report[type]': 'integrated_peel_assessment',
        'findings[0][title]': 'Scrutinise outstanding suspects every week',
        'assessments[0][decision]': 'reject',
        intent: 'commit',
      })
      .redirects(0);
    expect(committed.status).toBe(303);
    const recorded = await dataSource.query<Array<{ reference: string; title: string }>>(
      `SELECT f.reference, f.title FROM findings f JOIN report_imports ri ON ri.report_id = f.report_id WHERE ri.id = ${Number(id)} ORDER BY f.reference`,
    );
    expect(recorded.map((finding) => finding.title)).toEqual([
      'Scrutinise outstanding suspects every week',
      'Improve how it manages suspects who are wanted for arrest',
    ]);
    const finding = mainText((await inspector.agent.get(`/findings/${recorded[0].reference}`).expect(200)).text);
    expect(finding).toContain('Scrutinise outstanding suspects every week');
    expect(finding).not.toContain('Improve the scrutiny of outstanding suspects');
  });
});
