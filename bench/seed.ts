/**
 * Fills an empty tracker database with a national-scale data set for `npm run bench:pages`:
 *
 *   npm run bench:seed -- --findings 20000 --data-dir /tmp/bench-20k      (SQLite, DATA_DIR)
 *   DATABASE_URL=postgres://postgres@127.0.0.1/bench npm run bench:seed -- --findings 20000
 *
 * The schema comes from the app's own migrations (run first, as the app would); the rows then go in
 * straight through SQL, fast: prepared statements in one transaction on SQLite, multi-row INSERTs of
 * a few hundred rows on PostgreSQL. Every organisation of the reference data is inserted (so the app
 * adds none at start), ten years of reports for each of the 43 police forces plus national thematic
 * reports, and N findings in all: national recommendations (statements) with a record for each
 * police force, and force findings of every kind and status. Texts are 50–600 characters of real
 * words (so search has something to find), with history (a few findings carry 250+ entries),
 * actions, evidence notes and links, assessments and links between findings. Seeded PRNG: the
 * same N always gives the same database. Users, one per role, share one known password, printed.
 *
 * The search index (finding_search) is kept by triggers. Re-indexing a finding on every history
 * row would cost O(history²); so the triggers are set aside while rows go in, and the index is
 * rebuilt at the end from the same document the migration's trigger builds, then the triggers come
 * back exactly as they were (SQLite: their own SQL from sqlite_master; PostgreSQL: DISABLE/ENABLE).
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/auth/passwords';
import { buildDataSourceOptions, SQLITE_FILE_NAME } from '../src/database/data-source-options';
import { openSqlite } from './sqlite';
import { FILL_FINDING_STANDINGS } from '../migrations/1795426800000-CreateFindingStandings';
import { seededRandom } from './generate-data';

/** The password of every benchmark user (12+ characters, not containing any of their names). */
export const BENCH_PASSWORD = 'correct horse battery staple 2026';

/** One user per role; force roles belong to Derbyshire (DER), whose findings then fill their lists. */
export const BENCH_USERS = [
  { username: 'bench-admin', role: 'administrator', force: null },
  { username: 'bench-inspector', role: 'inspector', force: null },
  { username: 'bench-lead', role: 'force_lead', force: 'DER' },
  { username: 'bench-staff', role: 'force_staff', force: 'DER' },
  { username: 'bench-board', role: 'board_member', force: 'DER' },
] as const;

/** Every this many force findings, one carries a long history (250+ entries), for the finding page. */
const LONG_HISTORY_EVERY = 500;
const LONG_HISTORY_ENTRIES = 260;
const FIRST_YEAR = 2016;
const LAST_YEAR = 2025;
const AUTHOR = 'Benchmark data';

/** Words the texts are made of: the inspectorate's vocabulary, so searches such as "backlog" find a realistic share. */
const WORDS = (
  'the force should improve how it records reviews and supervises investigations of crime so that victims receive ' +
  'timely updates vetting decisions are recorded with their rationale and outcomes are analysed ' +
  'counter-corruption unit resources intelligence assessment professional standards department complaints ' +
  'custody detention safeguarding vulnerable people domestic abuse risk assessment child protection referrals ' +
  'neighbourhood policing problem solving call handling demand management response times missing persons ' +
  'stop and search body-worn video use of force scrutiny panel training supervisors wellbeing workforce planning ' +
  'data quality performance framework governance board audit evidence-based approach partnership working ' +
  'digital forensics disclosure case files charging decisions out-of-court disposals victims code compliance ' +
  'hate crime anti-social behaviour repeat victims integrated offender management serious violence county lines ' +
  'information management records retention review deletion national standards college of policing guidance'
).split(' ');

/**
 * Openings of the few findings (3%) about a specific problem: their words are not in WORDS, so a search for one of
 * them ("backlog", "disproportionality") finds a realistic few hundred findings in 20,000, not nearly all.
 */
const RARE_OPENINGS = [
  'The force should reduce the backlog of digital devices awaiting examination and',
  'The force should analyse disproportionality in its use of stop and search and',
  'The force should clear the backlog of vetting renewals and',
  'The force should understand the disproportionality in misconduct outcomes and',
  'The force should make sure that firearms licensing renewals are completed on time and',
];
const THEMES = [
  'vetting',
  'counter-corruption',
  'investigation',
  'vulnerability',
  'custody',
  'call handling',
  'crime recording',
  'neighbourhood policing',
  'professional standards',
  'wellbeing',
];
const OWNERS = [
  'Force vetting unit (FVU)',
  'Head of professional standards (PSD)',
  'Counter-corruption unit (CCU)',
  'Head of crime and investigations',
  'Head of public protection',
  'Learning and development',
  'Force control room manager',
  'Head of neighbourhood policing',
];
/** Kinds of force findings and their share (national recommendations come as statements and records). */
const KINDS: Array<[kind: string, code: string, share: number]> = [
  ['area_for_improvement', 'AFI', 0.55],
  ['cause_of_concern', 'COC', 0.05],
  ['recommendation', 'REC', 0.15],
  ['observation', 'OBS', 0.25],
];
const STATUSES: Array<[status: string, share: number]> = [
  ['not_started', 0.25],
  ['in_progress', 0.35],
  ['implemented', 0.15],
  ['verified_closed', 0.2],
  ['superseded', 0.05],
];
const REPORT_TYPES = ['integrated_peel_assessment', 'peel_legitimacy', 'integrity_inspection'];
const VERDICTS = ['implemented', 'partially_implemented', 'not_implemented'];
const NOTE_TYPES = ['progress_note', 'progress_note', 'progress_note', 'owner_change', 'target_date_change'];

type Row = Array<string | number | boolean | null>;

/** The columns written for each table, in insertion order (parents before children). */
const TABLES: Record<string, string[]> = {
  forces: ['id', 'code', 'name', 'kind', 'monitoring_stage', 'monitoring_stage_since'],
  inspections: ['id', 'key', 'title', 'force_id', 'period'],
  reports: [
    'id',
    'key',
    'inspection_id',
    'title',
    'inspectorate',
    'type',
    'force_id',
    'period',
    'year',
    'published_on',
    'display_order',
  ],
  findings: [
    'id',
    'reference',
    'kind',
    'title',
    'text',
    'sub_points',
    'force_id',
    'report_id',
    'year',
    'position',
    'section',
    'theme',
    'owner',
    'action_owners',
    'status',
    'target_date',
    'example_data',
    'version',
    'created_at',
    'updated_at',
    'national_finding_id',
    'recipients',
  ],
  actions: ['id', 'finding_id', 'description', 'owner', 'due_date', 'status', 'version', 'created_at', 'updated_at'],
  finding_updates: [
    'id',
    'finding_id',
    'action_id',
    'type',
    'from_value',
    'to_value',
    'commentary',
    'author',
    'created_at',
  ],
  evidence: [
    'id',
    'finding_id',
    'action_id',
    'kind',
    'title',
    'description',
    'url',
    'review_state',
    'added_by',
    'created_at',
  ],
  assessments: [
    'id',
    'finding_id',
    'report_id',
    'force_id',
    'verdict',
    'quote',
    'commentary',
    'assessed_on',
    'recorded_by',
    'created_at',
  ],
  finding_links: ['id', 'from_finding_id', 'to_finding_id', 'type', 'reason', 'created_at'],
  users: [
    'id',
    'username',
    'display_name',
    'password_hash',
    'role',
    'force_id',
    'team',
    'disabled',
    'last_sign_in_at',
    'previous_sign_in_at',
    'created_at',
  ],
};

export interface SeedOptions {
  findings: number;
  dataDir: string;
  databaseUrl?: string;
  seed: number;
}

/** What was made, for the printout and for bench:pages. */
export interface SeedSummary {
  rows: Record<string, number>;
  longHistoryReference: string;
  statementReference: string;
}

/** Makes every row, in memory, table by table (a 100,000-finding set is a few hundred MB at most). */
export function generateRows(
  findingsWanted: number,
  seed: number,
): { rows: Record<string, Row[]>; summary: Omit<SeedSummary, 'rows'> } {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const weighted = <T>(items: Array<[T, ...unknown[]]>, shareAt: number): T => {
    let roll = next();
    for (const item of items) {
      roll -= item[shareAt] as number;
      if (roll < 0) {
        return item[0];
      }
    }
    return items[items.length - 1][0];
  };
  /** A sentence-like text of `low`–`high` characters, made of the word list. */
  const text = (low: number, high: number, opening = 'The force should'): string => {
    const length = between(low, high);
    let out = opening;
    while (out.length < length) {
      out += ' ' + pick(WORDS);
    }
    return (
      out
        .slice(0, length)
        .trimEnd()
        .replace(/[ -]+$/, '') + '.'
    );
  };
  const day = (year: number, offsetDays: number) =>
    new Date(Date.UTC(year, 0, 1) + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const stamp = (date: string, minute = 0) =>
    new Date(Date.parse(`${date}T09:00:00.000Z`) + minute * 60_000).toISOString();

  const rows: Record<string, Row[]> = Object.fromEntries(Object.keys(TABLES).map((table) => [table, []]));
  const { organisations } = JSON.parse(
    readFileSync(join(__dirname, '..', 'data', 'reference', 'organisations.json'), 'utf8'),
  ) as { organisations: Array<{ code: string; name: string; kind: string }> };
  const police: Array<{ id: number; code: string }> = [];
  organisations.forEach((organisation, index) => {
    rows.forces.push([index + 1, organisation.code, organisation.name, organisation.kind, null, null]);
    if (organisation.kind === 'police') {
      police.push({ id: index + 1, code: organisation.code });
    }
  });

  // Reports: national thematic reports first (statements come from them), then each police force's, one a year.
  const statementCount = Math.max(2, Math.round(findingsWanted * 0.002));
  const nationalReportCount = Math.max(1, Math.min(30, Math.ceil(statementCount / 4)));
  const reports: Array<{ id: number; forceId: number | null; code: string; year: number; publishedOn: string }> = [];
  const addReport = (forceId: number | null, code: string, year: number, type: string, title: string) => {
    const id = reports.length + 1;
    const publishedOn = day(year, between(20, 340));
    const key = `bench-${code.toLowerCase()}-${year}-${id}`;
    rows.inspections.push([id, key, title, forceId, String(year)]);
    rows.reports.push([
      id,
      key,
      id,
      title,
      year < 2017 ? 'HMIC' : 'HMICFRS',
      type,
      forceId,
      String(year),
      year,
      publishedOn,
      id,
    ]);
    reports.push({ id, forceId, code, year, publishedOn });
  };
  for (let index = 0; index < nationalReportCount; index += 1) {
    const year = FIRST_YEAR + (index % (LAST_YEAR - FIRST_YEAR + 1));
    addReport(
      null,
      'nat',
      year,
      'national_thematic',
      `National thematic inspection ${index + 1}: ${pick(THEMES)} (${year})`,
    );
  }
  for (const force of police) {
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
      addReport(
        force.id,
        force.code,
        year,
        pick(REPORT_TYPES),
        `${pick(REPORT_TYPES).replace(/_/g, ' ')} of ${force.code} ${year}`,
      );
    }
  }

  let findingId = 0;
  let actionId = 0;
  let updateId = 0;
  let evidenceId = 0;
  let assessmentId = 0;
  let linkId = 0;
  const pushFinding = (values: {
    reference: string;
    kind: string;
    title: string;
    body: string;
    subPoints: string[];
    forceId: number | null;
    report: (typeof reports)[number];
    position: number;
    status: string;
    nationalFindingId: number | null;
  }): number => {
    findingId += 1;
    const owner = values.forceId === null || next() < 0.2 ? null : pick(OWNERS);
    const created = stamp(values.report.publishedOn);
    rows.findings.push([
      findingId,
      values.reference,
      values.kind,
      values.title,
      values.body,
      JSON.stringify(values.subPoints),
      values.forceId,
      values.report.id,
      values.report.year,
      values.position,
      pick(THEMES).replace(/^./, (first) => first.toUpperCase()),
      pick(THEMES),
      owner,
      JSON.stringify(owner && next() < 0.5 ? [pick(OWNERS)] : []),
      values.status,
      values.forceId === null || next() < 0.15 ? null : day(values.report.year + between(1, 3), between(0, 360)),
      false,
      1,
      created,
      created,
      values.nationalFindingId,
      null,
    ]);
    return findingId;
  };
  /** History, actions, evidence and assessments of one finding that carries work (a force's). */
  const addWork = (id: number, status: string, report: (typeof reports)[number], forceId: number, entries: number) => {
    const start = report.publishedOn;
    let minute = 0;
    const update = (
      type: string,
      from: string | null,
      to: string | null,
      commentary: string | null,
      action: number | null = null,
    ) => {
      updateId += 1;
      minute += between(600, 20_000);
      rows.finding_updates.push([updateId, id, action, type, from, to, commentary, AUTHOR, stamp(start, minute)]);
    };
    update('recorded', null, null, `Published in report ${report.id} (${report.year}).`);
    const actionCount = status === 'not_started' ? between(0, 1) : between(1, 4);
    for (let index = 0; index < actionCount; index += 1) {
      actionId += 1;
      const actionStatus = pick(['not_started', 'in_progress', 'done', 'done']);
      const created = stamp(start, minute + 1);
      rows.actions.push([
        actionId,
        id,
        text(50, 300, 'Action:'),
        pick(OWNERS),
        next() < 0.2 ? null : day(report.year + between(1, 2), between(0, 360)),
        actionStatus,
        1,
        created,
        created,
      ]);
      update('action_added', null, null, `Action ${index + 1} added.`, actionId);
      if (next() < 0.5) {
        evidenceId += 1;
        const link = next() < 0.4;
        rows.evidence.push([
          evidenceId,
          id,
          actionId,
          link ? 'link' : 'note',
          text(20, 120, 'Evidence of').slice(0, 200),
          link ? null : text(50, 400, 'Note:'),
          link ? `https://intranet.example.police.uk/evidence/${evidenceId}` : null,
          pick(['submitted', 'accepted', 'accepted', 'rejected']),
          AUTHOR,
          stamp(start, minute + 2),
        ]);
      }
    }
    for (let index = 0; index < entries; index += 1) {
      const type = pick(NOTE_TYPES);
      if (type === 'progress_note') {
        update(type, null, null, text(50, 400, 'Progress:'));
      } else if (type === 'owner_change') {
        update(type, pick(OWNERS), pick(OWNERS), null);
      } else {
        update(type, day(report.year + 1, between(0, 360)), day(report.year + 2, between(0, 360)), null);
      }
    }
    if (status !== 'not_started') {
      update('status_change', 'not_started', status === 'superseded' ? 'superseded' : 'in_progress', null);
      if (status !== 'in_progress' && status !== 'superseded') {
        update('status_change', 'in_progress', status, text(50, 200, 'Claimed:'));
      }
    }
    if (next() < 0.2) {
      for (let count = between(1, 2); count > 0; count -= 1) {
        assessmentId += 1;
        const assessedOn = day(report.year + between(1, 3), between(0, 360));
        rows.assessments.push([
          assessmentId,
          id,
          null,
          forceId,
          pick(VERDICTS),
          text(50, 300, 'The report says'),
          next() < 0.5 ? text(50, 200, 'Inspector:') : null,
          assessedOn,
          'bench-inspector',
          stamp(assessedOn),
        ]);
      }
    }
  };

  // National recommendations: the statement (no force, holds no work) and each police force's record of it.
  const nationalReports = reports.filter((report) => report.forceId === null);
  const statements: Array<{ id: number; reference: string }> = [];
  for (let index = 0; index < statementCount; index += 1) {
    const report = nationalReports[index % nationalReports.length];
    const reference = `NAT-${report.year}-REC-${String(index + 1).padStart(3, '0')}`;
    const title = text(30, 120, 'National recommendation on').slice(0, 200);
    const body = text(80, 600, 'By the end of the year, all chief constables should');
    const statementId = pushFinding({
      reference,
      kind: 'national_recommendation',
      title,
      body,
      subPoints: [],
      forceId: null,
      report,
      position: index + 1,
      status: 'not_started',
      nationalFindingId: null,
    });
    statements.push({ id: statementId, reference });
    for (const force of police) {
      const status = weighted(STATUSES, 1);
      const recordId = pushFinding({
        reference: `${force.code}-${reference}`,
        kind: 'national_recommendation',
        title,
        body,
        subPoints: [],
        forceId: force.id,
        report,
        position: index + 1,
        status,
        nationalFindingId: statementId,
      });
      addWork(recordId, status, report, force.id, between(0, 6));
    }
  }

  // Force findings, spread over the forces' reports; older reports have more of theirs closed.
  const forceReports = reports.filter((report) => report.forceId !== null);
  const forceFindings = Math.max(0, findingsWanted - findingId);
  const perReportKind = new Map<string, number>();
  const byForce = new Map<number, number[]>();
  let longHistoryReference = '';
  for (let index = 0; index < forceFindings; index += 1) {
    const report = forceReports[index % forceReports.length];
    const forceId = report.forceId!;
    const kind = weighted(KINDS, 2);
    const code = KINDS.find((entry) => entry[0] === kind)![1];
    // References count per report and kind; positions per report, so the list's default order has no ties.
    const counterKey = `${report.id}-${code}`;
    const number = (perReportKind.get(counterKey) ?? 0) + 1;
    perReportKind.set(counterKey, number);
    const position = (perReportKind.get(String(report.id)) ?? 0) + 1;
    perReportKind.set(String(report.id), position);
    let status = weighted(STATUSES, 1);
    if (report.year < 2019 && next() < 0.5) {
      status = 'verified_closed';
    }
    const longHistory = index % LONG_HISTORY_EVERY === 7;
    const id = pushFinding({
      reference: `${report.code}-${report.year}-${code}-${String(number).padStart(3, '0')}`,
      kind,
      title: text(30, 140, pick(['Improving', 'Reviewing', 'Strengthening', 'Auditing'])).slice(0, 200),
      body: next() < 0.03 ? text(80, 600, pick(RARE_OPENINGS)) : text(50, 600),
      subPoints: kind === 'cause_of_concern' ? [text(40, 200, 'it'), text(40, 200, 'it')] : [],
      forceId,
      report,
      position,
      status,
      nationalFindingId: null,
    });
    // The finding page is measured on a Derbyshire finding with a long history (force users see DER).
    if (
      longHistory &&
      (longHistoryReference === '' || (report.code === 'DER' && !longHistoryReference.startsWith('DER')))
    ) {
      longHistoryReference = String(rows.findings[id - 1][1]);
    }
    addWork(id, status, report, forceId, longHistory ? LONG_HISTORY_ENTRIES : between(0, 8));
    const earlier = byForce.get(forceId) ?? [];
    if (earlier.length > 0 && next() < 0.05) {
      linkId += 1;
      const type = status === 'superseded' ? 'supersedes' : pick(['relates_to', 'repeats']);
      rows.finding_links.push([
        linkId,
        id,
        pick(earlier),
        type,
        text(50, 200, 'Linked because'),
        stamp(report.publishedOn),
      ]);
    }
    if (statements.length > 0 && next() < 0.03) {
      linkId += 1;
      rows.finding_links.push([
        linkId,
        id,
        pick(statements).id,
        'cites',
        text(50, 200, 'The report cites'),
        stamp(report.publishedOn),
      ]);
    }
    earlier.push(id);
    byForce.set(forceId, earlier);
  }
  return { rows, summary: { longHistoryReference, statementReference: statements[0].reference } };
}

/** The users, one per role, with the benchmark password (hashed as the app hashes it). */
async function userRows(forceIds: Map<string, number>): Promise<Row[]> {
  const hash = await hashPassword(BENCH_PASSWORD);
  const created = new Date(Date.UTC(2026, 0, 1)).toISOString();
  return BENCH_USERS.map((user, index) => [
    index + 1,
    user.username,
    `Benchmark ${user.role.replace(/_/g, ' ')}`,
    hash,
    user.role,
    user.force ? forceIds.get(user.force)! : null,
    null,
    false,
    null,
    null,
    created,
  ]);
}

/** Runs the app's migrations on the database, as the app would at start. */
async function migrate(options: SeedOptions): Promise<void> {
  const dataSource = new DataSource(
    buildDataSourceOptions({ DATA_DIR: options.dataDir, DATABASE_URL: options.databaseUrl }),
  );
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

function fillSqlite(dataDir: string, rows: Record<string, Row[]>): void {
  const db = openSqlite(resolve(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  try {
    const held = db.prepare('SELECT COUNT(*) AS count FROM findings').get() as { count: number };
    if (held.count > 0) {
      throw new Error(`${dataDir} already holds findings: seed an empty data directory`);
    }
    const triggers = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'trigger'
          AND (name LIKE 'finding_search_%' OR name LIKE 'finding_standings_%')`,
      )
      .all() as Array<{ name: string; sql: string }>;
    const added = triggers.find((trigger) => trigger.name === 'finding_search_finding_added');
    // The document the migration indexes: the trigger's own INSERT … SELECT, for every finding.
    const documentMatch = /(INSERT INTO finding_search [\s\S]*?) WHERE f\.id = new\.id;/.exec(added?.sql ?? '');
    if (!documentMatch) {
      throw new Error('The finding_search trigger was not found: run the migrations first');
    }
    db.transaction(() => {
      for (const trigger of triggers) {
        db.exec(`DROP TRIGGER ${trigger.name}`);
      }
      for (const [table, columns] of Object.entries(TABLES)) {
        const insert = db.prepare(
          `INSERT INTO ${table} (${columns.map((column) => `"${column}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        for (const row of rows[table]) {
          insert.run(row.map((value) => (typeof value === 'boolean' ? Number(value) : value)));
        }
      }
      db.exec('DELETE FROM finding_search');
      db.exec(documentMatch[1]);
      db.exec(FILL_FINDING_STANDINGS);
      for (const trigger of triggers) {
        db.exec(trigger.sql);
      }
    })();
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

/**
 * The tables whose triggers keep the search documents and the findings' standings in step: off while the rows are
 * loaded, then both are filled in one statement each, as their migrations do.
 */
const TRIGGERED_TABLES = ['findings', 'actions', 'finding_updates', 'assessments', 'finding_links'];

async function fillPostgres(databaseUrl: string, rows: Record<string, Row[]>): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const held = await client.query<{ count: string }>('SELECT COUNT(*) AS count FROM findings');
    if (Number(held.rows[0].count) > 0) {
      throw new Error('The database already holds findings: seed an empty database');
    }
    await client.query('BEGIN');
    for (const table of TRIGGERED_TABLES) {
      await client.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    }
    for (const [table, columns] of Object.entries(TABLES)) {
      const batch = Math.floor(30_000 / columns.length);
      for (let start = 0; start < rows[table].length; start += batch) {
        const slice = rows[table].slice(start, start + batch);
        const values = slice.map(
          (row, rowIndex) => `(${row.map((_, column) => `$${rowIndex * columns.length + column + 1}`).join(', ')})`,
        );
        await client.query(
          `INSERT INTO ${table} (${columns.map((column) => `"${column}"`).join(', ')}) VALUES ${values.join(', ')}`,
          slice.flat(),
        );
      }
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT MAX(id) FROM ${table}), 1))`,
      );
    }
    for (const table of TRIGGERED_TABLES) {
      await client.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
    await client.query('SELECT refresh_finding_search(id) FROM findings');
    await client.query(FILL_FINDING_STANDINGS);
    await client.query('COMMIT');
    // What autovacuum does to a database in service: statistics for the planner, and the visibility map without
    // which PostgreSQL reads the table instead of a covering index (the list's counts: 18 ms against 9 at 20,000).
    await client.query('VACUUM ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Migrates and fills the database; returns the row counts and the references bench:pages uses. */
export async function seed(options: SeedOptions): Promise<SeedSummary> {
  if (!options.databaseUrl) {
    mkdirSync(options.dataDir, { recursive: true });
  }
  await migrate(options);
  const { rows, summary } = generateRows(options.findings, options.seed);
  rows.users = await userRows(new Map(rows.forces.map((row) => [String(row[1]), Number(row[0])])));
  if (options.databaseUrl) {
    await fillPostgres(options.databaseUrl, rows);
  } else {
    fillSqlite(options.dataDir, rows);
  }
  return { ...summary, rows: Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length])) };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const findings = Number(argument('findings') ?? 20_000);
  if (!Number.isInteger(findings) || findings < 100) {
    throw new Error('--findings must be a whole number of at least 100');
  }
  const options: SeedOptions = {
    findings,
    dataDir: resolve(argument('data-dir') ?? process.env.DATA_DIR ?? './data'),
    databaseUrl: process.env.DATABASE_URL || undefined,
    seed: Number(argument('seed') ?? 1),
  };
  const started = Date.now();
  const summary = await seed(options);
  console.log(
    `Seeded ${options.databaseUrl ? 'the PostgreSQL database' : options.dataDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(
    Object.entries(summary.rows)
      .map(([table, count]) => `  ${table}: ${count}`)
      .join('\n'),
  );
  console.log(
    `Users (password "${BENCH_PASSWORD}"): ${BENCH_USERS.map((user) => `${user.username} (${user.role})`).join(', ')}`,
  );
  console.log(
    `A finding with a long history: ${summary.longHistoryReference}; a national recommendation: ${summary.statementReference}`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (process.env.BENCH_VERBOSE ? error.stack : error.message) : error);
    process.exit(1);
  });
}
