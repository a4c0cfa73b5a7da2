import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { inScope, type Scope } from '../access/scope';
import { runSql } from '../database/run-sql';
import { searchCondition, type SearchDatabase } from './finding-search';
import { isStatement } from './recipient-records';
import { ACTION_STATUS_VALUES } from './action-status';
import { Action } from './action.entity';
import { Assessment } from './assessment.entity';
import { FindingLink } from './finding-link.entity';
import { FindingUpdate } from './finding-update.entity';
import { FINDING_STATUS_VALUES } from './finding-status';
import { Finding } from './finding.entity';
import { latestAssessment } from './implementation-state';
import { isActionOverdue, isOverdue } from './rag';

/**
 * The read side of findings has one home: which findings a reader may see, the report filter,
 * the latest assessment and the "remains unimplemented" rule in SQL. Every read of findings (and
 * of the actions, history and assessments that hang off them) for a reader starts from
 * `FindingQueries.visibleTo(scope)` (or, for a board pack, `ofForce(forceId)`), so a query that
 * forgets the force scope cannot be written by accident: the read services hold no repository of
 * their own for these tables (`src/architecture.spec.ts` checks that).
 */
@Injectable()
export class FindingQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** What a reader with this scope may see: one force's findings and records (or every force's), as items of work. */
  visibleTo(scope: Scope): VisibleFindings {
    return new VisibleFindings(this.dataSource.manager, scope);
  }

  /** One force's findings and its records of national recommendations, as a board pack reports them. */
  ofForce(forceId: number): VisibleFindings {
    return new VisibleFindings(this.dataSource.manager, { forceId });
  }
}

/**
 * The items of work in a scope: the findings of a force (or of every force), each recipient's record of a national
 * recommendation among them. A national recommendation as the inspectorate made it (the statement, with no force)
 * is not an item of work: lists and counts never hold it; its page is open to inspectors, and a force's reader who
 * names it is given their own force's record.
 */
export class VisibleFindings {
  constructor(
    private readonly manager: EntityManager,
    readonly scope: Scope,
  ) {}

  /** Whether an item of work of this force is in the scope (a statement, with no force, is not an item of work). */
  includes(forceId: number | null): boolean {
    return forceId !== null && (this.scope.forceId === null || forceId === this.scope.forceId);
  }

  /** Whether the reader may open this finding: an item of work in the scope, or any statement. */
  canSee(finding: Pick<Finding, 'forceId' | 'kind'>): boolean {
    return isStatement(finding) || this.includes(finding.forceId);
  }

  /** Findings (alias `finding`) within the scope. */
  findings(): SelectQueryBuilder<Finding> {
    return this.limit(this.manager.getRepository(Finding).createQueryBuilder('finding'), 'finding');
  }

  /** Actions (alias `action`) of the findings within the scope, with their finding (alias `finding`). */
  actions(): SelectQueryBuilder<Action> {
    return this.limit(
      this.manager.getRepository(Action).createQueryBuilder('action').innerJoinAndSelect('action.finding', 'finding'),
      'finding',
    );
  }

  /** History entries (alias `update`) of the findings within the scope, with their finding (alias `finding`). */
  updates(): SelectQueryBuilder<FindingUpdate> {
    return this.limit(
      this.manager
        .getRepository(FindingUpdate)
        .createQueryBuilder('update')
        .innerJoinAndSelect('update.finding', 'finding'),
      'finding',
    );
  }

  /**
   * The finding with this reference, with its force, report and parent, if the reader may open it. A national
   * recommendation's reference gives a force's reader their own force's record of it (none: not made to them), and
   * an inspector or administrator the statement, with every recipient's record beside it.
   */
  async withReference(reference: string): Promise<Finding | null> {
    // One query each, with the relations joined (findOne with relations would first select the id, then the row).
    const withRelations = () =>
      this.manager
        .getRepository(Finding)
        .createQueryBuilder('finding')
        .leftJoinAndSelect('finding.force', 'force')
        .leftJoinAndSelect('finding.report', 'report')
        .leftJoinAndSelect('finding.parent', 'parent');
    const finding = await withRelations().where('finding.reference = :reference', { reference }).getOne();
    if (!finding) {
      return null;
    }
    if (isStatement(finding) && this.scope.forceId !== null) {
      return withRelations()
        .where('finding.nationalFindingId = :statementId AND finding.forceId = :forceId', {
          statementId: finding.id,
          forceId: this.scope.forceId,
        })
        .getOne();
    }
    return this.canSee(finding) ? finding : null;
  }

  /**
   * The finding with this reference as its page shows it, under the same rule as `withReference()` (a force's reader
   * opening a statement gets their own record of it): its columns, its organisation's and report's names, and a summary
   * of its parent. Hand-written and read as a plain object: it is read on every view of a finding, and building it
   * through the query builder (four entities) cost several times more than running it.
   */
  async pageFinding(reference: string): Promise<PageFinding | null> {
    const [finding] = await runSql<PageFindingRow>(
      this.manager,
      `${PAGE_FINDING_SQL} WHERE f.reference = :reference`,
      { reference },
      { prepared: true },
    );
    if (!finding) {
      return null;
    }
    const page = pageFindingOf(finding);
    if (isStatement(page) && this.scope.forceId !== null) {
      const [record] = await runSql<PageFindingRow>(
        this.manager,
        `${PAGE_FINDING_SQL} WHERE f.national_finding_id = :statementId AND f.force_id = :forceId`,
        { statementId: page.id, forceId: this.scope.forceId },
        { prepared: true },
      );
      return record ? pageFindingOf(record) : null;
    }
    return this.canSee(page) ? page : null;
  }

  /** The statement a recipient's record is of (any reader may see what the inspectorate said); null for others. */
  async statementOf(finding: Pick<Finding, 'nationalFindingId'>): Promise<Finding | null> {
    return finding.nationalFindingId === null
      ? null
      : this.manager.getRepository(Finding).findOne({ where: { id: finding.nationalFindingId } });
  }

  /** Each recipient's record of a statement within the scope, with its organisation, by organisation name. */
  recordsOf(statementId: number): Promise<Finding[]> {
    return this.findings()
      .innerJoinAndSelect('finding.force', 'force')
      .andWhere('finding.nationalFindingId = :statementId', { statementId })
      .orderBy('force.name', 'ASC')
      .getMany();
  }

  /**
   * One force's records of these statements, by statement id: how a statement linked to that force's finding, or
   * listed in a report, reads for that force. None when the force is not in the scope.
   */
  async recordsFor(statementIds: readonly number[], forceId: number | null): Promise<Map<number, Finding>> {
    if (forceId === null || !this.includes(forceId) || statementIds.length === 0) {
      return new Map();
    }
    const rows = await this.findings()
      .leftJoinAndSelect('finding.report', 'report')
      .andWhere('finding.forceId = :recordForceId', { recordForceId: forceId })
      .andWhere('finding.nationalFindingId IN (:...statementIds)', { statementIds: [...new Set(statementIds)] })
      .getMany();
    return new Map(rows.map((row) => [row.nationalFindingId!, row]));
  }

  /**
   * The assessments of these findings the reader may see: those of the scope's force (a later report or an
   * inspector judging that force), and those made of no particular force. One force never sees another's. An item of
   * work is judged by its own organisation's assessments (and those of none), as `finding_standings` counts them, so
   * its page and the "remains unimplemented" list agree for every reader; a statement shows every recipient's.
   */
  async assessmentsOf(findingIds: readonly number[]): Promise<AssessmentView[]> {
    if (findingIds.length === 0) {
      return [];
    }
    // Read on every finding's page and list: hand-written, as building it cost more than running it.
    const rows = await runSql<AssessmentRow>(
      this.manager,
      `SELECT a.id AS "id", a.finding_id AS "findingId", a.report_id AS "reportId", a.force_id AS "forceId",
          a.verdict AS "verdict", a.quote AS "quote", a.commentary AS "commentary", a.assessed_on AS "assessedOn",
          a.recorded_by AS "recordedBy", a.created_at AS "createdAt", r.key AS "reportKey", r.title AS "reportTitle",
          r.period AS "reportPeriod", o.code AS "forceCode", o.name AS "forceName"
        FROM assessments a
        JOIN findings assessed ON assessed.id = a.finding_id
        LEFT JOIN reports r ON r.id = a.report_id
        LEFT JOIN forces o ON o.id = a.force_id
       WHERE a.finding_id IN (:...findingIds)
         AND (assessed.force_id IS NULL OR a.force_id IS NULL OR a.force_id = assessed.force_id)
       ORDER BY a.id`,
      { findingIds: [...new Set(findingIds)] },
      { prepared: true },
    );
    return rows.map(assessmentView).filter((assessment) => inScope(this.scope, assessment.forceId));
  }

  /** The latest assessment (the reader may see) of each finding, in one query. */
  async latestAssessments(findingIds: readonly number[]): Promise<Map<number, AssessmentView>> {
    const byFinding = new Map<number, AssessmentView[]>();
    for (const row of await this.assessmentsOf(findingIds)) {
      byFinding.set(row.findingId, [...(byFinding.get(row.findingId) ?? []), row]);
    }
    const result = new Map<number, AssessmentView>();
    for (const [findingId, list] of byFinding) {
      const latest = latestAssessment(list);
      if (latest) {
        result.set(findingId, latest);
      }
    }
    return result;
  }

  /**
   * Limits a query to findings still to be implemented: a formal finding (not an observation) whose status is not
   * verified closed or superseded and whose latest assessment (of its own organisation, or of none) is not
   * implemented or superseded. The same rule as `implementationState()` and `remainsUnimplemented()`, in SQL: the
   * latest verdict is kept in `finding_standings` (migration CreateFindingStandings) by triggers. NOT EXISTS, not
   * NOT IN: PostgreSQL turns it into an anti-join (NOT IN must allow for nulls, so it cannot), which lets the
   * dashboard's first 50 come from the sort order's index at once (65 ms → 1.7 ms at 100,000 findings).
   */
  remainingUnimplemented<T extends ObjectLiteral>(builder: SelectQueryBuilder<T>, alias = 'finding') {
    return builder
      .andWhere(`${alias}.kind <> 'observation'`)
      .andWhere(`${alias}.status NOT IN ('verified_closed', 'superseded')`)
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM finding_standings s
          WHERE s.finding_id = ${alias}.id AND s.latest_verdict IN ('implemented', 'superseded'))`,
      );
  }

  /**
   * "Repeats" and "cites" links (alias `link`) from a later finding (alias `later`, with `laterReport`) in the scope
   * to an earlier one (mapped as `link.earlier`, with `earlierReport` and `earlierForce`) in the scope. A national
   * recommendation cited by a force's later finding is raised again for that force: the earlier item is the citing
   * force's record of it. Only the links to these earlier items: the links are found from their targets (the items,
   * and the national recommendations the records among them are of) by index, not by reading every link.
   */
  laterLinksTo(earlierIds: readonly number[]): SelectQueryBuilder<FindingLink> {
    const links = this.manager
      .getRepository(FindingLink)
      .createQueryBuilder('link')
      .innerJoinAndSelect('link.fromFinding', 'later')
      .innerJoinAndSelect('later.report', 'laterReport')
      .innerJoin('link.toFinding', 'cited')
      .leftJoin(Finding, 'record', 'record.nationalFindingId = cited.id AND record.forceId = later.forceId')
      .innerJoinAndMapOne('link.earlier', Finding, 'earlier', 'earlier.id = COALESCE(record.id, cited.id)')
      .innerJoinAndSelect('earlier.report', 'earlierReport')
      .leftJoinAndSelect('earlier.force', 'earlierForce')
      .where("link.type IN ('repeats', 'cites')")
      .andWhere(
        `(link.toFindingId IN (:...earlierIds)
          OR link.toFindingId IN (SELECT r.national_finding_id FROM findings r WHERE r.id IN (:...earlierIds)))`,
      )
      .andWhere('earlier.id IN (:...earlierIds)', { earlierIds: [...earlierIds] })
      .andWhere('laterReport.displayOrder > earlierReport.displayOrder');
    return this.limit(this.limit(links, 'earlier'), 'later');
  }

  /**
   * Limits findings (alias `alias`) to those matching every word typed (stemmed, in any order, over the reference,
   * title, text, sub-points, actions and progress notes). Ranked: the matches are joined once, with their rank as
   * `search_rank`, and the direction that puts the best first is returned.
   */
  matching<T extends ObjectLiteral>(
    builder: SelectQueryBuilder<T>,
    typed: string,
    options: { alias?: string; ranked?: boolean } = {},
  ): { direction: 'ASC' | 'DESC' } | null {
    const alias = options.alias ?? 'finding';
    const search = searchCondition(this.database, typed, alias);
    const ranked = search.ranked;
    if (!options.ranked || ranked === null) {
      builder.andWhere(search.sql, search.parameters);
      return null;
    }
    builder
      .innerJoin(
        (matches) =>
          matches
            .select(ranked.id, 'id')
            .addSelect(ranked.rank, 'rank')
            .from(ranked.table, ranked.alias)
            .where(ranked.where),
        'search',
        `search.id = ${alias}.id`,
      )
      .setParameters(search.parameters)
      .addSelect('search.rank', 'search_rank');
    return { direction: search.rankDirection };
  }

  private get database(): SearchDatabase {
    return this.manager.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  /**
   * SQL on a finding (alias `alias`): raised again by a later report of its own organisation, as `laterLinksTo()` and
   * the later verdicts read it: the target of a "repeats" or "cites" link from a later finding (a cited statement
   * counts for the citing organisation's record), or judged not or only partly implemented by a later report. Kept in
   * `finding_standings` by triggers (migration CreateFindingStandings).
   */
  raisedAgainCondition(alias = 'finding'): string {
    return `${alias}.id IN (SELECT s.finding_id FROM finding_standings s WHERE s.raised_again = TRUE)`;
  }

  /**
   * The distinct values of a column of the findings in the scope, in order (nulls left out): the findings filters'
   * choices. SQLite reads them from the column's index by skipping from one value to the next. PostgreSQL has no
   * such skip scan and would read every finding, so for a reader of every force it is asked for the next value above
   * the last, one index lookup per value (a recursive query); a force's reader's values come from that force's rows.
   */
  async distinctValues(column: 'year' | 'owner' | 'theme'): Promise<string[]> {
    if (this.database === 'postgres' && this.scope.forceId === null) {
      const rows = await this.manager.query<Array<{ value: string | number }>>(
        `WITH RECURSIVE choice (value) AS (
          (SELECT ${column} FROM findings WHERE ${column} IS NOT NULL AND force_id IS NOT NULL ORDER BY ${column} LIMIT 1)
          UNION ALL
          SELECT (SELECT f.${column} FROM findings f WHERE f.${column} > choice.value AND f.force_id IS NOT NULL
            ORDER BY f.${column} LIMIT 1)
          FROM choice WHERE choice.value IS NOT NULL
        ) SELECT value FROM choice WHERE value IS NOT NULL`,
      );
      return rows.map((row) => String(row.value));
    }
    const rows = await this.findings()
      .select(`DISTINCT finding.${column}`, 'value')
      .andWhere(`finding.${column} IS NOT NULL`)
      .orderBy('value', 'ASC')
      .getRawMany<{ value: string | number }>();
    return rows.map((row) => String(row.value));
  }

  /** Limits any query to items of work (alias `alias`, a finding) within the scope. */
  limit<T extends ObjectLiteral>(builder: SelectQueryBuilder<T>, alias: string): SelectQueryBuilder<T> {
    if (this.scope.forceId === null) {
      return builder.andWhere(`${alias}.forceId IS NOT NULL`);
    }
    return builder.andWhere(`${alias}.forceId = :scopeForceId`, { scopeForceId: this.scope.forceId });
  }
}

/**
 * Limits a query to findings published in, or cited by, the report with this key: their origin report or any
 * other source (another document of the same inspection, a later report citing them). A recipient's record takes its
 * statement's sources: the national report, and the reports of its own force citing it.
 */
export function sourcedFrom<T extends ObjectLiteral>(
  builder: SelectQueryBuilder<T>,
  reportKey: string,
  alias = 'finding',
): SelectQueryBuilder<T> {
  return builder.andWhere(
    `(${alias}.reportId = (SELECT r0.id FROM reports r0 WHERE r0.key = :sourceReport)
      OR EXISTS (SELECT 1 FROM finding_sources s JOIN reports r ON r.id = s.report_id
        WHERE s.finding_id = ${alias}.id AND r.key = :sourceReport)
      OR EXISTS (SELECT 1 FROM finding_sources s JOIN reports r ON r.id = s.report_id
        WHERE s.finding_id = ${alias}.nationalFindingId AND r.key = :sourceReport
          AND (r.force_id IS NULL OR r.force_id = ${alias}.forceId)))`,
    { sourceReport: reportKey },
  );
}

/** The statuses in which a finding can be overdue, read from the rule itself (`isOverdue()`), so SQL cannot drift. */
const OVERDUE_FINDING_STATUSES = FINDING_STATUS_VALUES.filter((status) =>
  isOverdue(status, '2000-01-01', '2000-01-02'),
);
/** The statuses in which an action can be overdue, read from `isActionOverdue()`. */
const OVERDUE_ACTION_STATUSES = ACTION_STATUS_VALUES.filter((status) =>
  isActionOverdue({ status, dueDate: '2000-01-01' }, '2000-01-02'),
);

/**
 * The rule of `isOverdue()` in SQL, for a WHERE or a CASE on a finding (`alias`): past its target date and not yet
 * claimed, verified or superseded.
 */
export function overdueFindingCondition(
  today: string,
  alias = 'finding',
): { sql: string; parameters: { overdueToday: string; overdueFindingStatuses: string[] } } {
  return {
    sql: `(${alias}.status IN (:...overdueFindingStatuses) AND ${alias}.targetDate IS NOT NULL AND ${alias}.targetDate < :overdueToday)`,
    parameters: { overdueToday: today, overdueFindingStatuses: [...OVERDUE_FINDING_STATUSES] },
  };
}

/** The rule of `isActionOverdue()` in SQL, on an action (`alias`): past its due date and not done. */
export function overdueActionCondition(
  today: string,
  alias = 'action',
): { sql: string; parameters: { overdueToday: string; overdueActionStatuses: string[] } } {
  return {
    sql: `(${alias}.status IN (:...overdueActionStatuses) AND ${alias}.dueDate IS NOT NULL AND ${alias}.dueDate < :overdueToday)`,
    parameters: { overdueToday: today, overdueActionStatuses: [...OVERDUE_ACTION_STATUSES] },
  };
}

/**
 * SQL for the day a claimed finding (`alias`) was claimed: its latest change of status to implemented; for a finding
 * recorded as implemented (by the default data or an import), when it was last changed.
 */
export function claimedOnSql(alias = 'finding'): string {
  return `COALESCE((SELECT MAX(claim.created_at) FROM finding_updates claim
      WHERE claim.finding_id = ${alias}.id AND claim.type = 'status_change' AND claim.to_value = 'implemented'),
      ${alias}.updated_at)`;
}

/** The statuses in which a finding is still to be done (those in which it can be overdue), for SQL. */
export const OPEN_FINDING_STATUSES: readonly string[] = OVERDUE_FINDING_STATUSES;
/** The statuses in which an action is still to be done, for SQL. */
export const OPEN_ACTION_STATUSES: readonly string[] = OVERDUE_ACTION_STATUSES;

/** An assessment as it is read to be shown: its own columns, with its report's and organisation's names. */
export type AssessmentView = Pick<
  Assessment,
  | 'id'
  | 'findingId'
  | 'reportId'
  | 'forceId'
  | 'verdict'
  | 'quote'
  | 'commentary'
  | 'assessedOn'
  | 'recordedBy'
  | 'createdAt'
> & {
  report: { id: number; key: string; title: string; period: string } | null;
  force: { id: number; code: string; name: string } | null;
};

interface AssessmentRow {
  id: number | string;
  findingId: number | string;
  reportId: number | string | null;
  forceId: number | string | null;
  verdict: Assessment['verdict'];
  quote: string | null;
  commentary: string | null;
  assessedOn: string | null;
  recordedBy: string;
  createdAt: string;
  reportKey: string | null;
  reportTitle: string | null;
  reportPeriod: string | null;
  forceCode: string | null;
  forceName: string | null;
}

function assessmentView(row: AssessmentRow): AssessmentView {
  const reportId = row.reportId === null ? null : Number(row.reportId);
  const forceId = row.forceId === null ? null : Number(row.forceId);
  return {
    id: Number(row.id),
    findingId: Number(row.findingId),
    reportId,
    forceId,
    verdict: row.verdict,
    quote: row.quote,
    commentary: row.commentary,
    assessedOn: row.assessedOn,
    recordedBy: row.recordedBy,
    createdAt: row.createdAt,
    report:
      reportId === null
        ? null
        : {
            id: reportId,
            key: String(row.reportKey),
            title: String(row.reportTitle),
            period: String(row.reportPeriod),
          },
    force: forceId === null ? null : { id: forceId, code: String(row.forceCode), name: String(row.forceName) },
  };
}

/** A finding as its page reads it: its own columns, its organisation and report, and a summary of its parent. */
export type PageFinding = Pick<
  Finding,
  | 'id'
  | 'reference'
  | 'kind'
  | 'title'
  | 'text'
  | 'subPoints'
  | 'parentId'
  | 'forceId'
  | 'nationalFindingId'
  | 'recipients'
  | 'reportId'
  | 'year'
  | 'position'
  | 'section'
  | 'theme'
  | 'owner'
  | 'actionOwners'
  | 'status'
  | 'targetDate'
  | 'exampleData'
  | 'version'
> & {
  force: { code: string; name: string } | null;
  report: { key: string; title: string; period: string };
  parent: Pick<
    Finding,
    'id' | 'reference' | 'title' | 'kind' | 'status' | 'owner' | 'theme' | 'targetDate' | 'year' | 'exampleData'
  > | null;
};

const PAGE_FINDING_SQL = `SELECT f.id AS "id", f.reference AS "reference", f.kind AS "kind", f.title AS "title", f.text AS "text",
    f.sub_points AS "subPoints", f.parent_id AS "parentId", f.force_id AS "forceId",
    f.national_finding_id AS "nationalFindingId", f.recipients AS "recipients", f.report_id AS "reportId", f.year AS "year",
    f.position AS "position", f.section AS "section", f.theme AS "theme", f.owner AS "owner",
    f.action_owners AS "actionOwners", f.status AS "status", f.target_date AS "targetDate",
    f.example_data AS "exampleData", f.version AS "version", o.code AS "forceCode", o.name AS "forceName",
    r.key AS "reportKey", r.title AS "reportTitle", r.period AS "reportPeriod", p.id AS "parent_id",
    p.reference AS "parent_reference", p.title AS "parent_title", p.kind AS "parent_kind", p.status AS "parent_status",
    p.owner AS "parent_owner", p.theme AS "parent_theme", p.target_date AS "parent_targetDate", p.year AS "parent_year",
    p.example_data AS "parent_exampleData"
  FROM findings f
  JOIN reports r ON r.id = f.report_id
  LEFT JOIN forces o ON o.id = f.force_id
  LEFT JOIN findings p ON p.id = f.parent_id`;

type PageFindingRow = Record<string, string | number | boolean | null>;

function pageFindingOf(row: PageFindingRow): PageFinding {
  const text = (value: string | number | boolean | null) => (value === null ? null : String(value));
  const integer = (value: string | number | boolean | null) => (value === null ? null : Number(value));
  // SQLite gives a boolean column as 0 or 1.
  const flag = (value: string | number | boolean | null) => value === true || Number(value) === 1;
  return {
    id: Number(row.id),
    reference: String(row.reference),
    kind: row.kind as Finding['kind'],
    title: String(row.title),
    text: String(row.text),
    subPoints: JSON.parse(String(row.subPoints)) as string[],
    parentId: integer(row.parentId),
    forceId: integer(row.forceId),
    nationalFindingId: integer(row.nationalFindingId),
    recipients: row.recipients as Finding['recipients'],
    reportId: Number(row.reportId),
    year: Number(row.year),
    position: Number(row.position),
    section: text(row.section),
    theme: String(row.theme),
    owner: text(row.owner),
    actionOwners: JSON.parse(String(row.actionOwners)) as string[],
    status: row.status as Finding['status'],
    targetDate: text(row.targetDate),
    exampleData: flag(row.exampleData),
    version: Number(row.version),
    force: row.forceCode === null ? null : { code: String(row.forceCode), name: String(row.forceName) },
    report: { key: String(row.reportKey), title: String(row.reportTitle), period: String(row.reportPeriod) },
    parent:
      row.parent_id === null
        ? null
        : {
            id: Number(row.parent_id),
            reference: String(row.parent_reference),
            title: String(row.parent_title),
            kind: row.parent_kind as Finding['kind'],
            status: row.parent_status as Finding['status'],
            owner: text(row.parent_owner),
            theme: String(row.parent_theme),
            targetDate: text(row.parent_targetDate),
            year: Number(row.parent_year),
            exampleData: flag(row.parent_exampleData),
          },
  };
}
