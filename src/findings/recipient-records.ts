import type { EntityManager } from 'typeorm';
import { runSql } from '../database/run-sql';
import { nowIso } from '../common/dates';
import { Action } from './action.entity';
import { Assessment } from './assessment.entity';
import { FindingUpdate } from './finding-update.entity';
import { Finding } from './finding.entity';
import { Verification } from './verification.entity';
import { Evidence } from '../evidence/evidence.entity';

/**
 * A national recommendation is made once (the statement: a finding with no force) and worked on by each organisation
 * it was made to, on a record of its own: a finding with the recipient's force and `nationalFindingId` naming the
 * statement. The record carries the work (owner, status, target date, actions, evidence, history, verifications, the
 * assessments of that recipient); the statement carries what the inspectorate said, its sources and its links.
 *
 * Whom a statement was made to (`recipients`): null, every police force; 'fire_services', every fire and rescue
 * service; 'named', only the organisations holding a record of it.
 */
export type RecipientGroup = 'fire_services' | 'named';

/** The kind of organisation each group of recipients is made of (none: named one by one). */
const GROUP_KINDS: Record<'police_forces' | RecipientGroup, string | null> = {
  police_forces: 'police',
  fire_services: 'fire',
  named: null,
};

export const RECIPIENT_GROUPS: Record<'police_forces' | RecipientGroup, string> = {
  police_forces: 'every police force',
  fire_services: 'every fire and rescue service',
  named: 'the organisations named',
};

/** A recipient's record's reference: the organisation's code before the statement's (DER-NAT-2022-REC-01). */
export function recordReference(organisationCode: string, statementReference: string): string {
  return `${organisationCode}-${statementReference}`;
}

/** Whether this finding is a national recommendation as the inspectorate made it, which holds no work. */
export function isStatement(finding: Pick<Finding, 'forceId' | 'kind'>): boolean {
  return finding.forceId === null && finding.kind === 'national_recommendation';
}

/** Which statements and organisations to fill records for: all, one statement's, or one organisation's. */
export interface RecordFilter {
  statementId?: number;
  organisationId?: number;
}

interface MissingRecord {
  statementId: number;
  organisationId: number;
  organisationCode: string;
  organisationName: string;
  recipients: RecipientGroup | null;
  reference: string;
  kind: Finding['kind'];
  title: string;
  text: string;
  subPoints: string;
  reportId: number;
  year: number;
  position: number;
  section: string | null;
  theme: string;
  reportTitle: string;
  reportPeriod: string;
  publishedOn: string | null;
}

/**
 * Creates the records missing for statements made to every police force or every fire and rescue service: one per
 * statement and organisation of that kind, not started and with no owner, each with the history entry saying whom it
 * was made to. Written through `manager` (the caller's audited transaction); returns the records made.
 */
export async function fillRecipientRecords(manager: EntityManager, filter: RecordFilter = {}): Promise<Finding[]> {
  const conditions = [
    's.force_id IS NULL',
    's.national_finding_id IS NULL',
    "s.kind = 'national_recommendation'",
    "(s.recipients IS NULL OR s.recipients = 'fire_services')",
    'NOT EXISTS (SELECT 1 FROM findings r WHERE r.national_finding_id = s.id AND r.force_id = o.id)',
  ];
  const parameters: Record<string, number> = {};
  if (filter.statementId !== undefined) {
    conditions.push('s.id = :statementId');
    parameters.statementId = filter.statementId;
  }
  if (filter.organisationId !== undefined) {
    conditions.push('o.id = :organisationId');
    parameters.organisationId = filter.organisationId;
  }
  const missing = await manager
    .createQueryBuilder()
    .select([
      's.id AS "statementId"',
      'o.id AS "organisationId"',
      'o.code AS "organisationCode"',
      'o.name AS "organisationName"',
      's.recipients AS "recipients"',
      's.reference AS "reference"',
      's.kind AS "kind"',
      's.title AS "title"',
      's.text AS "text"',
      's.sub_points AS "subPoints"',
      's.report_id AS "reportId"',
      's.year AS "year"',
      's.position AS "position"',
      's.section AS "section"',
      's.theme AS "theme"',
      'rep.title AS "reportTitle"',
      'rep.period AS "reportPeriod"',
      'rep.published_on AS "publishedOn"',
    ])
    .from('findings', 's')
    .innerJoin('reports', 'rep', 'rep.id = s.report_id')
    .innerJoin('forces', 'o', "o.kind = (CASE WHEN s.recipients = 'fire_services' THEN 'fire' ELSE 'police' END)")
    .where(conditions.join(' AND '), parameters)
    .orderBy('s.id', 'ASC')
    .addOrderBy('o.id', 'ASC')
    .getRawMany<MissingRecord>();
  const made: Finding[] = [];
  for (const row of missing) {
    made.push(await createRecord(manager, row));
  }
  return made;
}

/** One recipient's record of a statement: the one held, or a new one (a recipient named, or assessed, singly). */
export async function recordOf(
  manager: EntityManager,
  statement: Finding,
  organisation: { id: number; code: string; name: string; kind: string },
): Promise<Finding> {
  const held = await manager.findOne(Finding, {
    where: { nationalFindingId: statement.id, forceId: organisation.id },
  });
  if (held) {
    return held;
  }
  const report = await runSql<{ title: string; period: string; published_on: string | null }>(
    manager,
    'SELECT title, period, published_on FROM reports WHERE id = :id',
    { id: statement.reportId },
  );
  return createRecord(manager, {
    statementId: statement.id,
    organisationId: organisation.id,
    organisationCode: organisation.code,
    organisationName: organisation.name,
    // Made to it as one of a group (every police force), or named on its own.
    recipients:
      organisation.kind === GROUP_KINDS[statement.recipients ?? 'police_forces'] ? statement.recipients : 'named',
    reference: statement.reference,
    kind: statement.kind,
    title: statement.title,
    text: statement.text,
    subPoints: JSON.stringify(statement.subPoints),
    reportId: statement.reportId,
    year: statement.year,
    position: statement.position,
    section: statement.section,
    theme: statement.theme,
    reportTitle: report[0]?.title ?? '',
    reportPeriod: report[0]?.period ?? '',
    publishedOn: report[0]?.published_on ?? null,
  });
}

async function createRecord(manager: EntityManager, row: MissingRecord): Promise<Finding> {
  const now = nowIso();
  const record = await manager.save(
    Finding,
    manager.create(Finding, {
      reference: recordReference(row.organisationCode, row.reference),
      kind: row.kind,
      title: row.title,
      text: row.text,
      subPoints: JSON.parse(row.subPoints) as string[],
      parentId: null,
      nationalFindingId: Number(row.statementId),
      recipients: null,
      forceId: Number(row.organisationId),
      reportId: Number(row.reportId),
      year: Number(row.year),
      position: Number(row.position),
      section: row.section,
      theme: row.theme,
      owner: null,
      actionOwners: [],
      status: 'not_started',
      targetDate: null,
      exampleData: false,
      version: 1,
      createdAt: now,
      updatedAt: now,
    }),
  );
  const group = row.recipients === null ? RECIPIENT_GROUPS.police_forces : RECIPIENT_GROUPS[row.recipients];
  await manager.save(
    FindingUpdate,
    manager.create(FindingUpdate, {
      findingId: record.id,
      actionId: null,
      type: 'recorded',
      fromValue: null,
      toValue: null,
      commentary: `Made to ${row.recipients === 'named' ? row.organisationName : group} in ${row.reportTitle} (${row.reportPeriod}): ${row.organisationName}’s record of ${row.reference}.`,
      author: 'system',
      createdAt: row.publishedOn ? `${row.publishedOn}T00:00:00.000Z` : now,
    }),
  );
  return record;
}

/**
 * Upgrades a database from before recipient records: work held on a statement (its owner, status, target date,
 * actions, evidence, history and verifications, which were one force's work) moves to the record of the force that
 * did it, and each assessment of a force moves to that force's record. The force that did the work is the one whose
 * reports cite the statement most (then whose findings link to it, then the force with the most findings). Returns
 * the statements changed. The caller records the audit entry; the query-builder updates here name their rows.
 */
export async function moveWorkOffStatements(
  manager: EntityManager,
  wrote: (
    table: 'findings' | 'actions' | 'evidence' | 'finding_updates' | 'verifications' | 'assessments',
    ids: number[],
  ) => void,
): Promise<string[]> {
  const statements = await manager
    .createQueryBuilder(Finding, 's')
    .where("s.forceId IS NULL AND s.nationalFindingId IS NULL AND s.kind = 'national_recommendation'")
    // Only a statement from before records: one with records already holds no work of a force (an inspector's link
    // note on it stays its own).
    .andWhere('NOT EXISTS (SELECT 1 FROM findings r WHERE r.national_finding_id = s.id)')
    .andWhere(
      `(s.status <> 'not_started' OR s.owner IS NOT NULL OR s.targetDate IS NOT NULL
        OR EXISTS (SELECT 1 FROM actions a WHERE a.finding_id = s.id)
        OR EXISTS (SELECT 1 FROM evidence e WHERE e.finding_id = s.id)
        OR EXISTS (SELECT 1 FROM verifications v WHERE v.finding_id = s.id)
        OR EXISTS (SELECT 1 FROM finding_updates u WHERE u.finding_id = s.id AND u.type <> 'recorded')
        OR EXISTS (SELECT 1 FROM assessments x WHERE x.finding_id = s.id AND x.force_id IS NOT NULL))`,
    )
    .orderBy('s.id', 'ASC')
    .getMany();
  const moved: string[] = [];
  for (const statement of statements) {
    const worker = await workingOrganisation(manager, statement.id);
    const assessed = await runSql<{ force_id: number }>(
      manager,
      'SELECT DISTINCT force_id FROM assessments WHERE finding_id = :id AND force_id IS NOT NULL ORDER BY force_id',
      { id: statement.id },
    );
    for (const { force_id } of assessed) {
      const record = await recordOf(manager, statement, await organisation(manager, Number(force_id)));
      await moveAssessmentHistory(manager, statement.id, Number(force_id), record.id, wrote);
      await moveRows(
        manager,
        Assessment,
        'assessments',
        { findingId: statement.id, forceId: Number(force_id) },
        record.id,
        wrote,
      );
    }
    if (worker !== null) {
      const record = await recordOf(manager, statement, await organisation(manager, worker));
      for (const [entity, table] of [
        [Action, 'actions'],
        [Evidence, 'evidence'],
        [Verification, 'verifications'],
      ] as const) {
        await moveRows(manager, entity, table, { findingId: statement.id }, record.id, wrote);
      }
      const history = await manager
        .createQueryBuilder(FindingUpdate, 'u')
        .select('u.id', 'id')
        .where("u.findingId = :id AND u.type <> 'recorded'", { id: statement.id })
        .getRawMany<{ id: number }>();
      if (history.length > 0) {
        const ids = history.map((row) => Number(row.id));
        await manager
          .createQueryBuilder()
          .update(FindingUpdate)
          .set({ findingId: record.id })
          .where("finding_id = :id AND type <> 'recorded'", { id: statement.id })
          .execute();
        wrote('finding_updates', ids);
      }
      await manager
        .createQueryBuilder()
        .update(Finding)
        .set({
          owner: statement.owner,
          actionOwners: statement.actionOwners,
          status: statement.status,
          targetDate: statement.targetDate,
          exampleData: statement.exampleData,
          version: () => 'version + 1',
          updatedAt: nowIso(),
        })
        .where('id = :id', { id: record.id })
        .execute();
      await manager
        .createQueryBuilder()
        .update(Finding)
        .set({
          owner: null,
          actionOwners: [],
          status: 'not_started',
          targetDate: null,
          exampleData: false,
          version: () => 'version + 1',
          updatedAt: nowIso(),
        })
        .where('id = :id', { id: statement.id })
        .execute();
      wrote('findings', [record.id, statement.id]);
    }
    moved.push(statement.reference);
  }
  return moved;
}

/**
 * The history entry an assessment of one force was recorded with (same author and commentary) goes with the
 * assessment to that force's record, not to the force that did the work.
 */
async function moveAssessmentHistory(
  manager: EntityManager,
  statementId: number,
  forceId: number,
  recordId: number,
  wrote: (table: 'finding_updates', ids: number[]) => void,
): Promise<void> {
  const entries = await runSql<{ id: number }>(
    manager,
    `SELECT u.id FROM finding_updates u
      WHERE u.finding_id = :statementId AND u.type = 'assessment'
        AND EXISTS (SELECT 1 FROM assessments a WHERE a.finding_id = :statementId AND a.force_id = :forceId
          AND a.recorded_by = u.author AND COALESCE(a.commentary, '') = COALESCE(u.commentary, ''))
      ORDER BY u.id`,
    { statementId, forceId },
  );
  const ids = entries.map((row) => Number(row.id));
  for (const id of ids) {
    await manager
      .createQueryBuilder()
      .update(FindingUpdate)
      .set({ findingId: recordId })
      .where('id = :id', { id })
      .execute();
  }
  if (ids.length > 0) {
    wrote('finding_updates', ids);
  }
}

/** Re-points a statement's rows of one table at a record, naming them for the audit entry. */
async function moveRows(
  manager: EntityManager,
  entity: typeof Action | typeof Evidence | typeof Verification | typeof Assessment,
  table: 'actions' | 'evidence' | 'verifications' | 'assessments',
  where: { findingId: number; forceId?: number },
  recordId: number,
  wrote: (table: 'actions' | 'evidence' | 'verifications' | 'assessments', ids: number[]) => void,
): Promise<void> {
  const select = manager
    .createQueryBuilder()
    .select('t.id', 'id')
    .from(table, 't')
    .where('t.finding_id = :findingId', where);
  const update = manager
    .createQueryBuilder()
    .update(entity)
    .set({ findingId: recordId })
    .where('finding_id = :findingId', where);
  if (where.forceId !== undefined) {
    select.andWhere('t.force_id = :forceId');
    update.andWhere('force_id = :forceId');
  }
  const ids = (await select.getRawMany<{ id: number }>()).map((row) => Number(row.id));
  if (ids.length === 0) {
    return;
  }
  const builder = update;
  await builder.execute();
  wrote(table, ids);
}

/** The force whose work a statement holds: the one whose reports cite it most, else links to it, else holds most. */
async function workingOrganisation(manager: EntityManager, statementId: number): Promise<number | null> {
  const candidates = [
    `SELECT r.force_id AS id, COUNT(*) AS n FROM finding_sources s JOIN reports r ON r.id = s.report_id
       WHERE s.finding_id = :id AND r.force_id IS NOT NULL GROUP BY r.force_id ORDER BY n DESC, id ASC LIMIT 1`,
    `SELECT f.force_id AS id, COUNT(*) AS n FROM finding_links l JOIN findings f ON f.id = l.from_finding_id
       WHERE l.to_finding_id = :id AND f.force_id IS NOT NULL GROUP BY f.force_id ORDER BY n DESC, id ASC LIMIT 1`,
    `SELECT f.force_id AS id, COUNT(*) AS n FROM findings f WHERE f.force_id IS NOT NULL AND f.national_finding_id IS NULL
       GROUP BY f.force_id ORDER BY n DESC, id ASC LIMIT 1`,
  ];
  for (const sql of candidates) {
    const [row] = await runSql<{ id: number }>(manager, sql, { id: statementId });
    if (row) {
      return Number(row.id);
    }
  }
  return null;
}

async function organisation(
  manager: EntityManager,
  id: number,
): Promise<{ id: number; code: string; name: string; kind: string }> {
  const [row] = await runSql<{ id: number; code: string; name: string; kind: string }>(
    manager,
    'SELECT id, code, name, kind FROM forces WHERE id = :id',
    { id },
  );
  if (!row) {
    throw new Error(`No organisation has the id ${id}`);
  }
  return { id: Number(row.id), code: row.code, name: row.name, kind: row.kind };
}
