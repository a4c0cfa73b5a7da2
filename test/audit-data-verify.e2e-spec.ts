import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { ImportsService } from '../src/imports/imports.service';
import { createUser, signIn } from './factories/users';
import type { FindingBody } from './utils/api-bodies';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { dateFields, submitForm, uploadEvidence } from './utils/forms';
import { mainText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

/** `npm run audit:verify -- …` as a process (DATA_DIR and DATABASE_URL as set for the test). */
const verifyCli = (...args: string[]) =>
  spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/audit-verify.ts', ...args], {
    cwd: join(__dirname, '..'),
    env: { ...process.env },
    encoding: 'utf8',
  });

/**
 * `npm run audit:verify` checks the data against the audit log, not only the log itself: after
 * ordinary use through the app it passes; each kind of change made in the database directly is
 * then named, and a log emptied or cut short is refused because of the heads the app recorded in
 * DATA_DIR/audit-heads.log.
 */
describe('npm run audit:verify: the data and the log against what the app recorded', () => {
  let testApp: TestApp;
  let dataSource: DataSource;
  let staff: Session;
  let lead: Session;
  let inspector: Session;
  let headsPath: string;

  const verify = verifyCli;

  /** SQL with ? placeholders, on SQLite or PostgreSQL. */
  const sql = <T>(text: string, parameters: unknown[] = []): Promise<T[]> => {
    let index = 0;
    const query = dataSource.options.type === 'postgres' ? text.replace(/\?/g, () => `$${++index}`) : text;
    return dataSource.query<T[]>(query, parameters);
  };

  const findingApi = async (reference: string) =>
    (await staff.agent.get(`/api/findings/${reference}`).expect(200)).body as FindingBody;

  beforeAll(async () => {
    testApp = await createTestApp();
    const app = testApp.app;
    dataSource = app.get(DataSource);
    headsPath = join(process.env.DATA_DIR!, 'audit-heads.log');
    staff = await signIn(app, await createUser(app, 'force_staff', { username: 'sid.staff' }));
    lead = await signIn(app, await createUser(app, 'force_lead', { username: 'liz.lead' }));
    inspector = await signIn(app, await createUser(app, 'inspector', { username: 'ian.inspector' }));

    // Ordinary use: a note, an action added and edited, evidence added, reviewed and withdrawn,
    // a claim and its verification, an owner and target date, an assessment, a link and an import.
    const ref = 'DER-2025-AFI-03';
    const ok = (response: { status: number; text: string }) =>
      expect({ status: response.status, text: response.status === 303 ? '' : mainText(response.text) }).toEqual({
        status: 303,
        text: '',
      });
    ok(
      await submitForm(staff.agent, `/findings/${ref}/notes/new`, `/findings/${ref}/notes`, {
        commentary: 'Plan agreed',
      }),
    );
    ok(
      await submitForm(staff.agent, `/findings/${ref}/actions/new`, `/findings/${ref}/actions`, {
        description: 'Review the vetting backlog',
        owner: 'Force vetting unit (FVU)',
        ...dateFields('dueDate', '2026-09-30'),
        confirmPastDate: 'yes',
        status: 'in_progress',
      }),
    );
    const action = (await findingApi(ref)).actions[0];
    ok(
      await submitForm(
        staff.agent,
        `/findings/${ref}/actions/${action.id}/edit`,
        `/findings/${ref}/actions/${action.id}`,
        {
          description: 'Review the vetting backlog',
          owner: 'Force vetting unit (FVU)',
          ...dateFields('dueDate', '2026-10-31'),
          confirmPastDate: 'yes',
          status: 'done',
          note: 'Backlog reviewed',
          actionVersion: String(action.version),
        },
      ),
    );
    ok(
      await uploadEvidence(
        staff.agent,
        ref,
        { kind: 'file', title: 'Vetting board minutes' },
        { content: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n'), name: 'minutes.pdf' },
      ),
    );
    ok(await uploadEvidence(staff.agent, ref, { kind: 'note', title: 'Draft plan', description: 'Superseded' }));
    const evidence = (await findingApi(ref)).evidence;
    const file = evidence.find((item) => item.title === 'Vetting board minutes')!;
    const note = evidence.find((item) => item.title === 'Draft plan')!;
    ok(
      await submitForm(
        lead.agent,
        `/findings/${ref}/evidence/${file.id}/review`,
        `/findings/${ref}/evidence/${file.id}/review`,
        {
          decision: 'accepted',
        },
      ),
    );
    ok(
      await submitForm(
        staff.agent,
        `/findings/${ref}/evidence/${note.id}/withdraw`,
        `/findings/${ref}/evidence/${note.id}/withdraw`,
        { reason: 'Replaced by the minutes' },
      ),
    );
    ok(
      await submitForm(staff.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
        transition: 'claim',
        commentary: 'Backlog cleared; see the minutes',
        confirmed: 'yes',
        confirmReason: 'The other actions are folded into the backlog review',
      }),
    );
    ok(
      await submitForm(inspector.agent, `/findings/${ref}/status`, `/findings/${ref}/status`, {
        transition: 'verify',
        commentary: 'Minutes seen',
      }),
    );
    ok(
      await submitForm(lead.agent, `/findings/${ref}/assign`, `/findings/${ref}/assign`, {
        owner: 'Force vetting unit (FVU)',
        actionOwners: 'Vetting manager',
        ...dateFields('targetDate', '2026-12-31'),
        confirmPastDate: 'yes',
        reason: 'Waiting for the national vetting standard',
      }),
    );
    ok(
      await submitForm(inspector.agent, `/findings/${ref}/assessments/new`, `/findings/${ref}/assessments`, {
        verdict: 'partially_implemented',
        commentary: 'Backlog halved',
        ...dateFields('assessedOn', '2026-01-15'),
      }),
    );
    ok(
      await submitForm(lead.agent, `/findings/${ref}/links/new`, `/findings/${ref}/links`, {
        otherReference: 'DER-2025-AFI-04',
        type: 'relates_to',
        reason: 'Same backlog',
      }),
    );

    // A report imported: a report, findings, their sources and history, in one transaction.
    const imports = app.get(ImportsService);
    const bytes = readFileSync(join(__dirname, 'fixtures', 'import', 'cause-of-concern-with-recommendations.txt'));
    const importer = { username: 'ian.inspector', ip: null };
    const { import: uploaded } = await imports.upload(
      { originalname: 'wessex-peel.txt', buffer: bytes, size: bytes.length },
      importer,
    );
    const report = uploaded.review.report;
    await imports.replaceReview(uploaded.id, {
      ...uploaded.review,
      report: { ...report, type: report.type || 'integrated_peel_assessment', period: report.period || '2025' },
    });
    expect((await imports.commit(uploaded.id, importer)).findings).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('passes after ordinary use, with every head recorded outside the database', async () => {
    const head = (await testApp.app.get(AuditService).latestHead())!;
    expect(readFileSync(headsPath, 'utf8').trim().split('\n').pop()).toBe(`#${head.id} ${head.hash}`);
    const result = verify();
    expect(result.stdout).toContain(`Audit chain intact: ${head.id} entries; head #${head.id} ${head.hash}`);
    expect(result.stdout).toContain(`Heads file ${headsPath}: ${head.id} heads recorded, the last #${head.id}`);
    expect(result.stdout).toContain('The audit log and the data agree.');
    expect(result.status).toBe(0);

    // Without the heads file the log cannot be checked for a missing end, and verification says so.
    const elsewhere = join(process.env.DATA_DIR!, 'no-such-heads.log');
    const withoutHeads = verify('--heads', elsewhere);
    expect(withoutHeads.status).toBe(1);
    expect(withoutHeads.stdout).toContain(`There is no heads file at ${elsewhere}`);
  });

  it('names each row changed, added or taken over after a change in the database itself', async () => {
    const [finding01] = await sql<{ id: number }>('SELECT id FROM findings WHERE reference = ?', ['DER-2025-AFI-01']);
    const [planNote] = await sql<{ id: number }>('SELECT id FROM finding_updates WHERE commentary = ?', [
      'Plan agreed',
    ]);
    const [minutes] = await sql<{ id: number }>('SELECT id FROM evidence WHERE title = ?', ['Vetting board minutes']);

    await sql('UPDATE findings SET status = ? WHERE id = ?', ['verified_closed', finding01.id]);
    await sql('UPDATE finding_updates SET commentary = ? WHERE id = ?', ['Nothing to see', planNote.id]);
    await sql(`INSERT INTO finding_updates (finding_id, type, commentary, author, created_at) VALUES (?, ?, ?, ?, ?)`, [
      finding01.id,
      'progress_note',
      'Verified by the chief constable',
      'sid.staff',
      '2026-01-01T00:00:00.000Z',
    ]);
    const [inserted] = await sql<{ id: number }>('SELECT id FROM finding_updates WHERE commentary = ?', [
      'Verified by the chief constable',
    ]);
    await sql('UPDATE evidence SET sha256 = ? WHERE id = ?', ['f'.repeat(64), minutes.id]);
    // A title edited directly, then a note added through the app: the app's entry does not adopt the edit.
    await sql('UPDATE findings SET title = ? WHERE reference = ?', ['Nothing to improve', 'DER-2025-AFI-02']);
    expect(
      (
        await submitForm(staff.agent, '/findings/DER-2025-AFI-02/notes/new', '/findings/DER-2025-AFI-02/notes', {
          commentary: 'Work started',
        })
      ).status,
    ).toBe(303);
    const noteEntry = (await testApp.app.get(AuditService).latestHead())!;

    const result = verify();
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Audit chain intact');
    expect(result.stdout).toContain('FAILED: 5 problems found');
    expect(result.stdout).toContain('finding DER-2025-AFI-01 changed outside the app: status');
    expect(result.stdout).toContain(
      `history entry #${planNote.id} of finding DER-2025-AFI-03 changed outside the app: commentary`,
    );
    expect(result.stdout).toContain(`history entry #${inserted.id} of finding DER-2025-AFI-01 added outside the app`);
    expect(result.stdout).toContain(
      `evidence #${minutes.id} of finding DER-2025-AFI-03 changed outside the app: sha256`,
    );
    expect(result.stdout).toContain(
      `finding DER-2025-AFI-02 had been changed outside the app when entry #${noteEntry.id} recorded a change to it: title`,
    );
  });

  it('refuses a log cut short or deleted, which the chain alone cannot tell', async () => {
    const head = (await testApp.app.get(AuditService).latestHead())!;
    await sql('DELETE FROM audit_log WHERE id > ?', [head.id - 3]);
    const cut = verify('--heads', headsPath);
    expect(cut.status).toBe(1);
    expect(cut.stdout).toContain(`Audit chain intact: ${head.id - 3} entries`);
    expect(cut.stdout).toContain(
      `The audit log ends at entry #${head.id - 3}, but ${headsPath} records entries up to #${head.id} (${head.hash}): ` +
        `entries after #${head.id - 3} were deleted.`,
    );
    // The digests of the rows the deleted entries changed still name them.
    expect(cut.stdout).toMatch(new RegExp(`Row digests name entries #\\d+–#${head.id}, not in the audit log`));

    await sql('DELETE FROM audit_log');
    const deleted = verify();
    expect(deleted.status).toBe(1);
    expect(deleted.stdout).toContain('Audit chain intact: 0 entries');
    expect(deleted.stdout).toContain(
      `The audit log is empty, but ${headsPath} records entries up to #${head.id} (${head.hash}): the audit log was deleted.`,
    );
  });
});

describe('the audit baseline of a database from before row digests', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('records the digests of every row once, then treats a row without one as added outside the app', async () => {
    const dataSource = testApp.app.get(DataSource);
    const audit = testApp.app.get(AuditService);
    const postgres = dataSource.options.type === 'postgres';
    // The data as an app without row digests left it: no digests, no heads file, nothing in the log.
    await dataSource.query('DELETE FROM audit_row_digests');
    await dataSource.query('DELETE FROM audit_log');
    rmSync(join(process.env.DATA_DIR!, 'audit-heads.log'));
    const [{ count }] = await dataSource.query<Array<{ count: number | string }>>(
      'SELECT COUNT(*) AS count FROM finding_updates',
    );

    const baseline = (await audit.ensureBaseline())!;
    expect(baseline).toMatchObject({ id: 1, action: 'audit.baseline' });
    expect(baseline.rowCount).toBeGreaterThan(Number(count));
    expect(await audit.ensureBaseline()).toBeNull();
    const intact = verifyCli();
    expect(intact.stdout).toContain(`Audit chain intact: 1 entries; head #1 ${baseline.hash}`);
    expect(intact.stdout).toContain('The audit log and the data agree.');
    expect(intact.status).toBe(0);

    const [finding] = await dataSource.query<Array<{ id: number }>>(
      `SELECT id FROM findings WHERE reference = 'DER-2025-AFI-05'`,
    );
    await dataSource.query(
      `INSERT INTO finding_updates (finding_id, type, commentary, author, created_at)
       VALUES (${postgres ? '$1, $2, $3, $4, $5' : '?, ?, ?, ?, ?'})`,
      [finding.id, 'progress_note', 'Closed at the board', 'sid.staff', '2026-01-01T00:00:00.000Z'],
    );
    // A later start does not take the row into a new baseline.
    expect(await audit.ensureBaseline()).toBeNull();
    const [inserted] = await dataSource.query<Array<{ id: number }>>(
      `SELECT id FROM finding_updates WHERE commentary = 'Closed at the board'`,
    );
    const added = verifyCli();
    expect(added.status).toBe(1);
    expect(added.stdout).toContain(`history entry #${inserted.id} of finding DER-2025-AFI-05 added outside the app`);
  });
});
