import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { auditHeadsPath, readHeadsFile } from '../src/audit/audit-heads-file';
import { verifyAuditTrail } from '../src/audit/audit-trail-verification';
import { configureApp } from '../src/configure-app';
import { validateEnvironment } from '../src/config/env.validation';
import { signIn } from './factories/users';
import type { FindingBody } from './utils/api-bodies';
import { binaryBody } from './utils/binary-body';
import { mainText, sectionText } from './utils/page-text';

type Session = Awaited<ReturnType<typeof signIn>>;

/**
 * What test/fixtures/upgrade/make-upgrade-fixture.ts made with the app of commit 825b64a, and what that app held and
 * showed (expected.json beside each fixture database).
 */
interface UpgradeFixture {
  counts: Record<
    | 'findings'
    | 'actions'
    | 'evidence'
    | 'finding_updates'
    | 'verifications'
    | 'assessments'
    | 'board_pack_snapshots'
    | 'finding_links'
    | 'audit_log',
    number
  >;
  users: Record<'lead' | 'board' | 'inspector' | 'nottsLead', string>;
  password: string;
  made: {
    derbyshire: {
      verified: {
        reference: string;
        note: string;
        action: string;
        actionEditNote: string;
        evidenceTitle: string;
        file: { name: string };
        claim: string;
        verify: string;
      };
      rejected: { reference: string; evidenceTitle: string; claim: string; reject: string };
      actionEdited: { reference: string; note: string };
      boardApproved: { reference: string; reason: string };
    };
    national: {
      reference: string;
      assessment: string;
      linkTo: string;
      linkReason: string;
      simulated: { note: string; action: string; evidenceTitle: string; file: { name: string } };
    };
    otherForce: { reference: string; forceCode: string; forceName: string; commentary: string };
  };
  ids: { derEvidence: number; nationalEvidence: number; nationalAction: number };
  files: Record<'derEvidence' | 'nationalEvidence', { sha256: string; base64: string }>;
  boardPack: { id: number; path: string; pageText: string; contentHash: string };
}

const FIXTURES = join(__dirname, 'fixtures', 'upgrade');

/**
 * The upgrade of a database made before recipient records (commit 825b64a's schema, 9 migrations): the current app
 * starts on a copy of the fixture (SQLite: its database file, evidence files and audit heads in a new DATA_DIR;
 * PostgreSQL, under DATABASE_URL: its pg_dump loaded into the emptied schema), runs the new migration and, at
 * bootstrap, moves the work held on national recommendations to each force's record. Then: no row is lost, the
 * work reads on Derbyshire's record and not on the statement, Nottinghamshire's assessment is Nottinghamshire's
 * alone, Derbyshire's claims and verifications are intact, the audit trail verifies, and the saved board pack opens
 * as the old app showed it.
 */
describe('Upgrading a database from before recipient records of national recommendations', () => {
  const postgresUrl = process.env.DATABASE_URL;
  const fixtureDir = join(FIXTURES, postgresUrl ? 'postgres' : 'sqlite');
  const fixture = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as UpgradeFixture;
  const national = fixture.made.national;
  const derbyshire = fixture.made.derbyshire;
  const derRecord = `DER-${national.reference}`;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let dataDir: string;
  let lead: Session;
  let inspector: Session;
  let nottsLead: Session;

  /** SQL with ? placeholders, on SQLite or PostgreSQL. */
  const sql = <T>(text: string, parameters: unknown[] = []): Promise<T[]> => {
    let index = 0;
    const query = postgresUrl ? text.replace(/\?/g, () => `$${++index}`) : text;
    return dataSource.query<T[]>(query, parameters);
  };
  const count = async (text: string, parameters: unknown[] = []): Promise<number> =>
    Number((await sql<{ n: string | number }>(text, parameters))[0].n);

  const signInAs = (username: string) => signIn(app, { username }, fixture.password);
  const download = async (session: Session, href: string) =>
    (await session.agent.get(href).buffer(true).parse(binaryBody).expect(200)).body as Buffer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tracker-upgrade-'));
    if (postgresUrl) {
      await loadPostgresFixture(postgresUrl, readFileSync(join(fixtureDir, 'tracker.sql'), 'utf8'));
      cpSync(join(fixtureDir, 'audit-heads.log'), auditHeadsPath(dataDir));
    } else {
      cpSync(fixtureDir, dataDir, { recursive: true, filter: (source) => !source.endsWith('expected.json') });
    }
    process.env.DATA_DIR = dataDir;
    process.env.NODE_ENV = 'test';
    process.env.ADMIN_PASSWORD ??= 'test superuser passphrase';
    process.env.SIGN_IN_SLOWDOWN_MS ??= '1';
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
    configureApp(app, validateEnvironment(process.env));
    await app.init();
    dataSource = app.get(DataSource);
    lead = await signInAs(fixture.users.lead);
    inspector = await signInAs(fixture.users.inspector);
    nottsLead = await signInAs(fixture.users.nottsLead);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no row: the same actions, evidence, verifications, assessments, links and saved packs; new records', async () => {
    // The fixture stopped at 825b64a's ninth migration; the app ran the later ones at start.
    const migrations = (await sql<{ name: string }>('SELECT name FROM migrations ORDER BY id')).map(
      (migration) => migration.name,
    );
    expect(migrations.slice(8, 10)).toEqual([
      'AddOrganisationKindsAndStageHistory1795425700000',
      'AddRecipientRecordsOfNationalRecommendations1795425800000',
    ]);
    for (const table of [
      'actions',
      'evidence',
      'verifications',
      'assessments',
      'board_pack_snapshots',
      'finding_links',
    ] as const) {
      expect({ table, rows: await count(`SELECT COUNT(*) AS n FROM ${table}`) }).toEqual({
        table,
        rows: fixture.counts[table],
      });
    }
    expect(await count('SELECT COUNT(*) AS n FROM finding_updates')).toBeGreaterThanOrEqual(
      fixture.counts.finding_updates,
    );
    // The findings are those held before and the recipients' records: one per statement and police force.
    const records = await count('SELECT COUNT(*) AS n FROM findings WHERE national_finding_id IS NOT NULL');
    const statements = await count(
      "SELECT COUNT(*) AS n FROM findings WHERE force_id IS NULL AND kind = 'national_recommendation'",
    );
    const policeForces = await count("SELECT COUNT(*) AS n FROM forces WHERE kind = 'police'");
    expect(records).toBe(statements * policeForces);
    expect(await count('SELECT COUNT(*) AS n FROM findings')).toBe(fixture.counts.findings + records);
    // The upgrade is one audited change, naming the statement whose work moved.
    const [upgrade] = await sql<{ summary: string }>(
      "SELECT summary FROM audit_log WHERE action = 'finding.recipient_records'",
    );
    expect(upgrade.summary).toContain(national.reference);
    expect(await count('SELECT COUNT(*) AS n FROM audit_log')).toBeGreaterThan(fixture.counts.audit_log);
  });

  it('shows Derbyshire the national work on its own record, the file with the same bytes', async () => {
    // A Derbyshire user opening the national recommendation reads Derbyshire's record of it.
    const page = (await lead.agent.get(`/findings/${national.reference}`).expect(200)).text;
    expect(mainText(page)).toContain(
      `This is Derbyshire Constabulary’s record of the national recommendation ${national.reference}`,
    );
    expect(mainText((await lead.agent.get(`/findings/${derRecord}`).expect(200)).text)).toContain(
      `This is Derbyshire Constabulary’s record of the national recommendation ${national.reference}`,
    );
    const history = sectionText(page, 'history');
    expect(history).toContain(national.simulated.note);
    expect(history).toContain(`Relates to ${national.linkTo}: ${national.linkReason}`);
    expect(history).toContain(national.assessment);
    const actions = sectionText(page, 'actions');
    // The example work Derbyshire held on the statement, and the action added to it.
    expect(actions).toContain('Research and assess every outstanding change-of-circumstances notification');
    expect(actions).toContain(national.simulated.action);
    expect(sectionText(page, 'evidence')).toContain(national.simulated.evidenceTitle);
    const lineage = sectionText(page, 'lineage');
    expect(lineage).toContain(national.assessment);
    expect(lineage).toContain('for Derbyshire Constabulary');

    const body = (await lead.agent.get(`/api/findings/${derRecord}`).expect(200)).body as FindingBody & {
      status: string;
    };
    expect(body.owner).toBe('Force vetting unit (FVU)');
    expect(body.status).toBe('in_progress');
    const file = body.evidence.find((item) => item.id === fixture.ids.nationalEvidence)!;
    expect(file).toMatchObject({
      title: national.simulated.evidenceTitle,
      fileName: national.simulated.file.name,
      sha256: fixture.files.nationalEvidence.sha256,
    });
    expect(file.downloadHref).toBe(`/findings/${derRecord}/evidence/${fixture.ids.nationalEvidence}/download`);
    expect((await download(lead, file.downloadHref!)).toString('base64')).toBe(fixture.files.nationalEvidence.base64);
  });

  it('leaves the statement with no actions or evidence of its own', async () => {
    const statement = (await inspector.agent.get(`/api/findings/${national.reference}`).expect(200))
      .body as FindingBody;
    expect(statement.actions).toEqual([]);
    expect(statement.evidence).toEqual([]);
    const [{ id }] = await sql<{ id: number }>('SELECT id FROM findings WHERE reference = ?', [national.reference]);
    for (const table of ['actions', 'evidence', 'verifications'] as const) {
      expect({ table, rows: await count(`SELECT COUNT(*) AS n FROM ${table} WHERE finding_id = ?`, [id]) }).toEqual({
        table,
        rows: 0,
      });
    }
    // The inspector's page of the statement lists Derbyshire's progress among the recipients'.
    const recipients = sectionText(
      (await inspector.agent.get(`/findings/${national.reference}`).expect(200)).text,
      'recipients',
    );
    expect(recipients).toContain('Derbyshire Constabulary');
  });

  it('keeps Nottinghamshire’s assessment on Nottinghamshire’s record, out of Derbyshire’s sight', async () => {
    const other = fixture.made.otherForce;
    const [held] = await sql<{ reference: string }>(
      'SELECT f.reference FROM assessments a JOIN findings f ON f.id = a.finding_id WHERE a.commentary = ?',
      [other.commentary],
    );
    expect(held.reference).toBe(`${other.forceCode}-${other.reference}`);
    const nottsPage = mainText((await nottsLead.agent.get(`/findings/${other.reference}`).expect(200)).text);
    expect(nottsPage).toContain(
      `This is ${other.forceName}’s record of the national recommendation ${other.reference}`,
    );
    expect(nottsPage).toContain(other.commentary);

    // What a Derbyshire reader sees of the same statement: its own record, with nothing of Nottinghamshire's.
    const derPage = mainText((await lead.agent.get(`/findings/${other.reference}`).expect(200)).text);
    expect(derPage).toContain(`Derbyshire Constabulary’s record of the national recommendation ${other.reference}`);
    expect(derPage).not.toContain(other.commentary);
    expect(derPage).not.toContain(other.forceName);
    const derApi = await lead.agent.get(`/api/findings/${other.reference}`).expect(200);
    expect(derApi.text).not.toContain(other.commentary);
    expect(derApi.text).not.toContain(other.forceName);
  });

  it('keeps Derbyshire’s claims, verification, rejection, board decision and changed example data', async () => {
    const verified = derbyshire.verified;
    const page = (await lead.agent.get(`/findings/${verified.reference}`).expect(200)).text;
    expect(mainText(page)).toContain('Verified closed');
    const history = sectionText(page, 'history');
    expect(history).toContain(
      `Status changed: Implemented – awaiting verification → Verified closed by ${fixture.users.inspector}`,
    );
    expect(history).toContain(verified.verify);
    expect(history).toContain(
      `Status changed: In progress → Implemented – awaiting verification by ${fixture.users.lead}`,
    );
    expect(history).toContain(verified.claim);
    expect(history).toContain(verified.note);
    expect(history).toContain(verified.actionEditNote);
    expect(sectionText(page, 'actions')).toContain(verified.action);
    const verifications = sectionText(page, 'verifications');
    expect(verifications).toContain(`Verified and closed by ${fixture.users.inspector}`);
    expect(verifications).toContain(`“${verified.evidenceTitle}”`);
    const file = `/findings/${verified.reference}/evidence/${fixture.ids.derEvidence}/download`;
    expect((await download(lead, file)).toString('base64')).toBe(fixture.files.derEvidence.base64);

    const rejected = derbyshire.rejected;
    const rejectedText = mainText((await lead.agent.get(`/findings/${rejected.reference}`).expect(200)).text);
    expect(rejectedText).toContain(`Claim rejected by ${fixture.users.inspector}`);
    expect(rejectedText).toContain(rejected.reject);
    expect(rejectedText).toContain(rejected.claim);
    expect(rejectedText).toContain(rejected.evidenceTitle);

    const approved = derbyshire.boardApproved;
    const approvedHistory = sectionText(
      (await lead.agent.get(`/findings/${approved.reference}`).expect(200)).text,
      'history',
    );
    expect(approvedHistory).toContain('approved to close');
    expect(approvedHistory).toContain(approved.reason);
    const edited = sectionText(
      (await lead.agent.get(`/findings/${derbyshire.actionEdited.reference}`).expect(200)).text,
      'history',
    );
    expect(edited).toContain(derbyshire.actionEdited.note);
  });

  it('passes the audit trail check: the chain intact, the heads recorded, every row as the log recorded it', async () => {
    const headsPath = auditHeadsPath(dataDir);
    const recordedHeads = readHeadsFile(headsPath);
    const options = { headsPath, recordedHeads };
    // One snapshot, as `npm run audit:verify` reads it.
    const report = postgresUrl
      ? await dataSource.transaction('REPEATABLE READ', (manager) => verifyAuditTrail(manager, options))
      : await dataSource.transaction((manager) => verifyAuditTrail(manager, options));
    expect(report.problems).toEqual([]);
    expect(report.chain.ok).toBe(true);
    expect(report.heads?.recorded).toBeGreaterThan(0);
  });

  it('opens the saved board pack exactly as the old app showed it', async () => {
    const board = await signInAs(fixture.users.board);
    const page = await board.agent.get(fixture.boardPack.path).expect(200);
    expect(mainText(page.text)).toBe(fixture.boardPack.pageText);
    const [snapshot] = await sql<{ content_hash: string }>(
      'SELECT content_hash FROM board_pack_snapshots WHERE id = ?',
      [fixture.boardPack.id],
    );
    expect(snapshot.content_hash).toBe(fixture.boardPack.contentHash);
  });
});

/** Empties the public schema and loads the fixture's pg_dump (plain SQL, with no psql commands) into it. */
async function loadPostgresFixture(url: string, dump: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
    await client.query(dump);
  } finally {
    await client.end();
  }
}
