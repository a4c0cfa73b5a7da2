import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { ACTION_STATUSES } from './action-status';
import { Action } from './action.entity';
import { daysBetween, describeAge, formatUkDate, todayIso } from '../common/dates';
import { EVIDENCE_KINDS, EVIDENCE_REVIEW_STATES, Evidence } from '../evidence/evidence.entity';
import { Force } from '../reports/force.entity';
import { FindingUpdate } from './finding-update.entity';
import { UPDATE_TYPES } from './update-type';
import { runSql } from '../database/run-sql';
import { Report } from '../reports/report.entity';
import { Assessment } from './assessment.entity';
import { FINDING_SORTS, ListFindingsQuery } from './dto/list-findings.query';
import { FindingLink } from './finding-link.entity';
import { FINDING_KINDS, FINDING_KIND_VALUES } from './finding-kind';
import { FindingSource } from './finding-source.entity';
import {
  ASSESSMENT_VERDICTS,
  FINDING_STATUSES,
  FINDING_STATUS_VALUES,
  LINK_TYPES,
  type LinkType,
  RAG_RATINGS,
  SOURCE_ROLES,
} from './finding-status';
import { Finding } from './finding.entity';
import { VERIFICATION_DECISIONS, Verification } from './verification.entity';
import { findingsUrl } from './findings-url';
import { IMPLEMENTATION_STATES, implementationState, latestAssessment } from './implementation-state';
import { isActionOverdue, isOverdue, ragRating } from './rag';
import { FindingQueries, sourcedFrom, type AssessmentView } from './finding-queries';
import { isStatement, RECIPIENT_GROUPS } from './recipient-records';
import { scopeCondition, type Scope } from '../access/scope';

export const PAGE_SIZE = 20;

const SORT_COLUMNS: Record<(typeof FINDING_SORTS)[number], string[]> = {
  // Each order ends with a unique column, so pages never overlap: the records of one national recommendation share
  // its report, position and title (a reference is unique). The report order's is the id (`orderedIds()`).
  report: ['report.displayOrder', 'finding.position'],
  reference: ['finding.reference'],
  title: ['finding.title', 'finding.reference'],
  kind: ['finding.kind', 'finding.reference'],
  status: ['finding.status', 'finding.reference'],
  owner: ['finding.owner', 'finding.reference'],
  target: ['finding.targetDate', 'finding.reference'],
};

export type FindingSummary = ReturnType<typeof summariseFinding>;

/** What a list shows of a finding: read as a projection of these columns for a list's page, or from an entity. */
export interface ListedFinding {
  id: number;
  reference: string;
  title: string;
  kind: Finding['kind'];
  status: Finding['status'];
  owner: string | null;
  theme: string;
  targetDate: string | null;
  year: number;
  exampleData: boolean;
  force?: { code: string; name: string } | null;
  report?: { key: string; title: string; period: string; publishedOn?: string | null } | null;
}

export interface SummaryContext {
  latest?: AssessmentView | null;
  lastUpdateAt?: string | null;
  today?: string;
}

/** The fields every list shows for a finding, with labels and tag classes decided here, not in views. */
export function summariseFinding(finding: ListedFinding, context: SummaryContext = {}) {
  const today = context.today ?? todayIso();
  const state = implementationState(finding.status, context.latest ?? null);
  const rag = ragRating(
    { status: finding.status, targetDate: finding.targetDate, lastUpdateAt: context.lastUpdateAt ?? null },
    today,
  );
  return {
    reference: finding.reference,
    href: `/findings/${encodeURIComponent(finding.reference)}`,
    title: finding.title,
    kind: finding.kind,
    kindLabel: FINDING_KINDS[finding.kind].label,
    status: finding.status,
    statusLabel: FINDING_STATUSES[finding.status].label,
    implementation: state,
    implementationLabel: IMPLEMENTATION_STATES[state].label,
    owner: finding.owner,
    theme: finding.theme,
    targetDate: finding.targetDate,
    overdue: isOverdue(finding.status, finding.targetDate, today),
    rag: rag.rating,
    ragLabel: rag.rating ? RAG_RATINGS[rag.rating].label : null,
    ragReason: rag.reason,
    year: finding.year,
    force: finding.force ? { code: finding.force.code, name: finding.force.name } : null,
    report: finding.report
      ? {
          key: finding.report.key,
          title: finding.report.title,
          period: finding.report.period,
          href: `/reports/${finding.report.key}`,
        }
      : null,
    exampleData: finding.exampleData,
  };
}

/** How many of the oldest unimplemented findings the dashboard lists; the findings list has them all. */
export const UNIMPLEMENTED_SHOWN = 50;

/** One entry of a finding's history, as its page reads it. */
type HistoryEntry = Pick<FindingUpdate, 'type' | 'fromValue' | 'toValue' | 'commentary' | 'author' | 'createdAt'>;

@Injectable()
export class FindingsService {
  constructor(
    @InjectRepository(FindingSource) private readonly sources: Repository<FindingSource>,
    @InjectRepository(FindingLink) private readonly links: Repository<FindingLink>,
    @InjectRepository(Assessment) private readonly assessments: Repository<Assessment>,
    @InjectRepository(Action) private readonly actions: Repository<Action>,
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
    @InjectRepository(FindingUpdate) private readonly updates: Repository<FindingUpdate>,
    @InjectRepository(Verification) private readonly verifications: Repository<Verification>,
    @InjectRepository(Force) private readonly forces: Repository<Force>,
    @InjectRepository(Report) private readonly reports: Repository<Report>,
    private readonly queries: FindingQueries,
  ) {}

  /** One page of findings matching the filters, with the total and counts by status and kind. */
  async list(query: ListFindingsQuery, scope: Scope) {
    const page = query.page ?? 1;
    const sort = query.sort ?? 'report';
    const direction = (query.dir ?? 'asc').toUpperCase() as 'ASC' | 'DESC';

    // The total and both breakdowns come from one grouped query on findings alone (the filters need no join).
    const [counts, rows] = await Promise.all([
      groupedCounts(this.filteredQuery(query, scope, { ranked: false })),
      this.pageOfRows(query, scope, { sort, direction, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    ]);
    const { total, byStatus: statusRows, byKind: kindRows } = counts;

    return {
      total,
      page,
      pageSize: PAGE_SIZE,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      sort,
      dir: query.dir ?? 'asc',
      // A search's results carry the text it matched, to show the passage.
      items: (await this.summarise(rows, scope)).map((item, index) =>
        query.q ? { ...item, text: rows[index].text } : { ...item, text: undefined },
      ),
      countsByStatus: FINDING_STATUS_VALUES.map((status) => ({
        status,
        label: FINDING_STATUSES[status].label,
        count: statusRows.get(status) ?? 0,
        href: findingsUrl(query, { status, page: undefined }),
      })),
      countsByKind: FINDING_KIND_VALUES.map((kind) => ({
        kind,
        label: FINDING_KINDS[kind].label,
        count: kindRows.get(kind) ?? 0,
        href: findingsUrl(query, { kind, page: undefined }),
      })),
    };
  }

  /**
   * One page of the filtered findings in the chosen order, with their reports and forces: the page's ids first, from
   * findings alone (joined to reports for the report order), so the order walks an index; then those rows' columns.
   */
  private async pageOfRows(
    query: ListFindingsQuery,
    scope: Scope,
    page: { sort: keyof typeof SORT_COLUMNS; direction: 'ASC' | 'DESC'; offset: number; limit: number },
  ): Promise<(ListedFinding & { text?: string })[]> {
    const ordered = this.orderedIds(query, scope, page.sort, page.direction);
    const ids = (await ordered.offset(page.offset).limit(page.limit).getRawMany<{ id: number }>()).map((row) =>
      Number(row.id),
    );
    if (ids.length === 0) {
      return [];
    }
    const rows = await this.queries
      .visibleTo(scope)
      .findings()
      .innerJoin('finding.report', 'report')
      .leftJoin('finding.force', 'force')
      .select(LISTED_COLUMNS.map(([column, alias]) => `${column} AS "${alias}"`))
      .addSelect(query.q ? 'finding.text' : 'NULL', 'text')
      .andWhere('finding.id IN (:...ids)', { ids })
      .getRawMany<ListedRow & { text: string | null }>();
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    return ids.map((id) => {
      const row = byId.get(id)!;
      return { ...listedFinding(row), text: row.text ?? undefined };
    });
  }

  /**
   * The ids of the filtered findings in the chosen order, from findings alone (joined to reports for the report order).
   * The report order's ties (the records of one national recommendation share a report and position) are broken by
   * the id. On SQLite they already come in id order, from the walk of (report_id, position), whose entries follow the
   * row id within equal keys; naming the id there makes SQLite's planner give up that walk and sort every row of a
   * filter instead (a status filter at 100,000 findings: 0.1 ms against 375 ms). On PostgreSQL, which sorts anyway,
   * it is named.
   */
  private orderedIds(
    query: ListFindingsQuery,
    scope: Scope,
    sort: keyof typeof SORT_COLUMNS,
    direction: 'ASC' | 'DESC',
  ): SelectQueryBuilder<Finding> {
    const ordered = this.filteredQuery(query, scope, { ranked: !query.sort });
    if (sort === 'report') {
      ordered.innerJoin('finding.report', 'report');
    }
    SORT_COLUMNS[sort].forEach((column) => ordered.addOrderBy(column, direction));
    if (sort === 'report' && this.reports.manager.connection.options.type === 'postgres') {
      ordered.addOrderBy('finding.id', direction);
    }
    return ordered;
  }

  /** The choices offered by the findings filters, within the reader's scope. */
  async filterOptions(scope: Scope) {
    const visible = this.queries.visibleTo(scope);
    const reportsInScope = scopeCondition(scope, 'report.forceId');
    const [forces, reports, years, owners, themes] = await Promise.all([
      // Only the columns the choices show, as plain rows: every report in scope is a choice (460 at national scale).
      this.forces
        .createQueryBuilder('force')
        .select('force.code', 'code')
        .addSelect('force.name', 'name')
        .where('EXISTS (SELECT 1 FROM findings f WHERE f.force_id = force.id)')
        .andWhere(scope.forceId === null ? '1 = 1' : 'force.id = :forceId', { forceId: scope.forceId })
        .orderBy('force.name')
        .getRawMany<{ code: string; name: string }>(),
      this.reports
        .createQueryBuilder('report')
        .select('report.key', 'key')
        .addSelect('report.title', 'title')
        .addSelect('report.period', 'period')
        .where(reportsInScope.sql, reportsInScope.parameters)
        .orderBy('report.displayOrder', 'ASC')
        .getRawMany<{ key: string; title: string; period: string }>(),
      visible.distinctValues('year'),
      visible.distinctValues('owner'),
      visible.distinctValues('theme'),
    ]);
    return {
      forces: forces.map((force) => ({ value: force.code, label: force.name })),
      reports: reports.map((report) => ({ value: report.key, label: `${report.title} (${report.period})` })),
      years: years.map((year) => ({ value: year, label: year })),
      kinds: FINDING_KIND_VALUES.map((kind) => ({ value: kind, label: FINDING_KINDS[kind].label })),
      statuses: [
        { value: 'unimplemented', label: 'Remains unimplemented' },
        ...FINDING_STATUS_VALUES.map((status) => ({ value: status, label: FINDING_STATUSES[status].label })),
      ],
      owners: owners.map((owner) => ({ value: owner, label: owner })),
      themes: themes.map((theme) => ({ value: theme, label: theme })),
    };
  }

  /** The finding with this reference, if the reader may see it; otherwise a 404, as if it did not exist. */
  async findVisible(reference: string, scope: Scope): Promise<Finding> {
    const finding = await this.queries.visibleTo(scope).withReference(reference);
    if (!finding) {
      throw new NotFoundException(`No finding has the reference ${reference}`);
    }
    return finding;
  }

  /**
   * The links from these findings and to them, both ways in one query, each with what the page shows of the finding at
   * either end (a summary, and what decides whether the reader may see it) and of its report. Hand-written: built
   * through the query builder with both findings and both reports, the query cost several times more than running it.
   */
  private async linksOf(findingIds: readonly number[]): Promise<PageLink[]> {
    const end = (alias: string, report: string) =>
      LINKED_COLUMNS.map(([column, name]) => `${alias}.${column} AS "${alias}_${name}"`)
        .concat(
          `${report}.key AS "${alias}_reportKey"`,
          `${report}.title AS "${alias}_reportTitle"`,
          `${report}.period AS "${alias}_reportPeriod"`,
          `${report}.published_on AS "${alias}_reportPublishedOn"`,
        )
        .join(', ');
    const rows = await runSql<Record<string, string | number | boolean | null>>(
      this.links.manager,
      `SELECT link.id AS "id", link.type AS "type", link.reason AS "reason", ${end('fromFinding', 'fromReport')},
          ${end('toFinding', 'toReport')}
        FROM finding_links link
        JOIN findings fromFinding ON fromFinding.id = link.from_finding_id
        JOIN reports fromReport ON fromReport.id = fromFinding.report_id
        JOIN findings toFinding ON toFinding.id = link.to_finding_id
        JOIN reports toReport ON toReport.id = toFinding.report_id
       WHERE link.from_finding_id IN (:...findingIds) OR link.to_finding_id IN (:...findingIds)
       ORDER BY link.id`,
      { findingIds: [...new Set(findingIds)] },
      { prepared: true },
    );
    const linked = (row: Record<string, string | number | boolean | null>, alias: string): LinkedFinding => {
      const own = (name: string) => row[`${alias}_${name}`];
      const forceId = own('forceId');
      const nationalFindingId = own('nationalFindingId');
      return {
        ...listedFinding({
          ...(Object.fromEntries(LISTED_COLUMNS.map(([, name]) => [name, own(name) ?? null])) as ListedRow),
          // What the page showed of a linked finding before: its report, not its organisation.
          forceCode: null,
          forceName: null,
        }),
        forceId: forceId === null ? null : Number(forceId),
        nationalFindingId: nationalFindingId === null ? null : Number(nationalFindingId),
      };
    };
    return rows.map((row) => {
      const fromFinding = linked(row, 'fromFinding');
      const toFinding = linked(row, 'toFinding');
      return {
        id: Number(row.id),
        type: row.type as LinkType,
        reason: row.reason === null ? null : String(row.reason),
        fromFindingId: fromFinding.id,
        toFindingId: toFinding.id,
        fromFinding,
        toFinding,
      };
    });
  }

  /**
   * A finding's history, newest first, as the page shows it: only the columns it reads, as plain rows (a finding
   * followed for years has hundreds of entries).
   */
  private historyOf(findingId: number): Promise<HistoryEntry[]> {
    return runSql<HistoryEntry>(
      this.updates.manager,
      `SELECT type AS "type", from_value AS "fromValue", to_value AS "toValue", commentary AS "commentary",
          author AS "author", created_at AS "createdAt"
        FROM finding_updates WHERE finding_id = :findingId ORDER BY created_at DESC, id DESC`,
      { findingId },
      { prepared: true },
    );
  }

  /** The reports a finding was published in (role and section), with what the page shows of each report. */
  private async sourcesOf(findingId: number): Promise<PageSource[]> {
    const rows = await runSql<Record<string, string | number | null>>(
      this.sources.manager,
      `SELECT s.role AS "role", s.section AS "section", r.force_id AS "forceId", r.key AS "key", r.title AS "title",
          r.period AS "period", r.published_on AS "publishedOn"
        FROM finding_sources s JOIN reports r ON r.id = s.report_id
       WHERE s.finding_id = :findingId ORDER BY s.role, s.id`,
      { findingId },
      { prepared: true },
    );
    return rows.map((row) => ({
      role: row.role as FindingSource['role'],
      section: row.section === null ? null : String(row.section),
      report: {
        forceId: row.forceId === null ? null : Number(row.forceId),
        key: String(row.key),
        title: String(row.title),
        period: String(row.period),
        publishedOn: row.publishedOn === null ? null : String(row.publishedOn),
      },
    }));
  }

  /** Everything the finding page shows, or a 404 for an unknown (or not visible) reference. */
  async getByReference(reference: string, scope: Scope) {
    const visible = this.queries.visibleTo(scope);
    const finding = await visible.pageFinding(reference);
    if (!finding) {
      throw new NotFoundException(`No finding has the reference ${reference}`);
    }
    // A recipient's record reads what the inspectorate said (sources, links) from its statement, beside its own links.
    const statementId = finding.nationalFindingId ?? finding.id;
    const ownIds = [...new Set([finding.id, statementId])];
    const [sources, children, links, assessments, actions, evidence, updates, verifications, records, statement] =
      await Promise.all([
        this.sourcesOf(statementId),
        visible
          .findings()
          .leftJoinAndSelect('finding.report', 'report')
          .andWhere('finding.parentId = :parentId', { parentId: finding.id })
          .orderBy('finding.position', 'ASC')
          .getMany(),
        this.linksOf(ownIds),
        visible.assessmentsOf([finding.id]),
        this.actions.find({ where: { findingId: finding.id }, order: { id: 'ASC' } }),
        this.evidence.find({ where: { findingId: finding.id }, order: { createdAt: 'DESC', id: 'DESC' } }),
        this.historyOf(finding.id),
        this.verifications.find({ where: { findingId: finding.id }, order: { decidedAt: 'DESC', id: 'DESC' } }),
        isStatement(finding) ? visible.recordsOf(finding.id) : Promise.resolve([]),
        visible.statementOf(finding),
      ]);
    const outgoing = links.filter((link) => ownIds.includes(link.fromFindingId));
    const incoming = links.filter((link) => ownIds.includes(link.toFindingId));
    // A statement linked to a force's finding reads as that force's record of it (a force's reader: their own).
    const recordsForce = finding.forceId ?? scope.forceId;
    const forceRecords = await visible.recordsFor(
      [...outgoing.map((link) => link.toFinding), ...incoming.map((link) => link.fromFinding)]
        .filter(isStatement)
        .map((statement) => statement.id),
      recordsForce,
    );
    const asSeen = (other: LinkedFinding): LinkedFinding | null =>
      isStatement(other) && recordsForce !== null
        ? (forceRecords.get(other.id) ?? null)
        : visible.canSee(other)
          ? other
          : null;
    const visibleOutgoing = outgoing.flatMap((link) => {
      const other = asSeen(link.toFinding);
      return other && other.id !== finding.id ? [{ ...link, toFinding: other }] : [];
    });
    const visibleIncoming = incoming.flatMap((link) => {
      const other = asSeen(link.fromFinding);
      return other && other.id !== finding.id ? [{ ...link, fromFinding: other }] : [];
    });
    // A record takes its statement's national sources and its own force's citing reports (as sourcedFrom() does).
    const visibleSources = sources.filter(
      (source) =>
        source.report.forceId === null ||
        (finding.nationalFindingId === null
          ? visible.includes(source.report.forceId)
          : source.report.forceId === finding.forceId),
    );
    const related = [
      ...visibleOutgoing.map((link) => link.toFinding),
      ...visibleIncoming.map((link) => link.fromFinding),
      ...children,
    ];
    // The finding's own latest assessment and last update come from its assessments and history, read above.
    const context = await this.summaryContexts([...related, ...records], scope);
    const today = todayIso();
    const latest = latestAssessment(assessments);
    const summaryOf = (item: ListedFinding) => summariseFinding(item, { ...context.get(item.id), today });
    const linked = (link: Pick<PageLink, 'type' | 'reason'>, other: LinkedFinding, label: string) => {
      const assessment = context.get(other.id)?.latest ?? null;
      return {
        type: link.type,
        label,
        reason: link.reason,
        finding: summaryOf(other),
        latestAssessment: assessment ? describeAssessment(assessment) : null,
      };
    };
    const visibleAssessments = [...assessments].sort((a, b) =>
      (b.assessedOn ?? b.createdAt).localeCompare(a.assessedOn ?? a.createdAt),
    );

    return {
      ...summariseFinding(finding, { latest, lastUpdateAt: updates[0]?.createdAt ?? null, today }),
      id: finding.id,
      version: finding.version,
      forceId: finding.forceId,
      text: finding.text,
      subPoints: finding.subPoints,
      section: finding.section,
      actionOwners: finding.actionOwners,
      statusMeaning: FINDING_STATUSES[finding.status].meaning,
      parent: finding.parent ? summariseFinding(finding.parent, { today }) : null,
      children: children.map(summaryOf),
      statement: statement
        ? {
            reference: statement.reference,
            href: scope.forceId === null ? `/findings/${encodeURIComponent(statement.reference)}` : null,
          }
        : null,
      organisation: finding.force ? { code: finding.force.code, name: finding.force.name } : null,
      isStatement: isStatement(finding),
      recipients: records.map((record) => {
        const recordContext = context.get(record.id);
        return {
          ...summaryOf(record),
          organisation: record.force ? { code: record.force.code, name: record.force.name } : null,
          lastUpdateAt: recordContext?.lastUpdateAt ?? null,
          latestAssessment: recordContext?.latest ? describeAssessment(recordContext.latest) : null,
        };
      }),
      recipientGroup: RECIPIENT_GROUPS[finding.recipients ?? 'police_forces'],
      sources: visibleSources.map((source) => ({
        roleLabel: SOURCE_ROLES[source.role],
        role: source.role,
        section: source.section,
        report: {
          key: source.report.key,
          title: source.report.title,
          period: source.report.period,
          href: `/reports/${source.report.key}`,
          publishedOn: source.report.publishedOn,
        },
      })),
      earlier: visibleOutgoing.map((link) => linked(link, link.toFinding, LINK_TYPES[link.type].label)),
      later: visibleIncoming.map((link) => linked(link, link.fromFinding, LINK_TYPES[link.type].inverse)),
      latestAssessment: latest ? describeAssessment(latest) : null,
      assessments: visibleAssessments.map(describeAssessment),
      actions: actions.map((action) => ({
        id: action.id,
        version: action.version,
        description: action.description,
        owner: action.owner,
        dueDate: action.dueDate,
        status: action.status,
        statusLabel: ACTION_STATUSES[action.status].label,
        overdue: isActionOverdue(action, today),
      })),
      evidence: evidence.map((item) => ({
        id: item.id,
        kind: item.kind,
        kindLabel: EVIDENCE_KINDS[item.kind],
        title: item.title,
        description: item.description,
        url: item.url,
        fileName: item.fileName,
        downloadHref:
          item.kind === 'file'
            ? `/findings/${encodeURIComponent(finding.reference)}/evidence/${item.id}/download`
            : null,
        sizeBytes: item.sizeBytes,
        sha256: item.sha256,
        reviewState: item.reviewState,
        reviewLabel: EVIDENCE_REVIEW_STATES[item.reviewState].label,
        reviewReason: item.reviewReason,
        withdrawn: item.withdrawnAt !== null,
        withdrawnReason: item.withdrawnReason,
        addedBy: item.addedBy,
        createdAt: item.createdAt,
      })),
      activeEvidenceCount: evidence.filter((item) => item.withdrawnAt === null && item.reviewState !== 'rejected')
        .length,
      slippage: updates
        .filter((update) => update.type === 'target_date_change')
        .map((update) => ({
          from: update.fromValue,
          to: update.toValue,
          reason: update.commentary,
          author: update.author,
          at: update.createdAt,
        })),
      verifications: verifications.map((verification) => ({
        decision: verification.decision,
        decisionLabel: VERIFICATION_DECISIONS[verification.decision],
        reason: verification.reason,
        decidedBy: verification.decidedBy,
        decidedAt: verification.decidedAt,
        snapshot: describeSnapshot(verification.snapshot),
      })),
      history: updates.map((update) => ({
        type: update.type,
        label: UPDATE_TYPES[update.type],
        fromValue: describeValue(update.type, update.fromValue),
        toValue: describeValue(update.type, update.toValue),
        commentary: update.commentary,
        author: update.author,
        createdAt: update.createdAt,
      })),
    };
  }

  /**
   * The formal findings that remain unimplemented, oldest first (at most `limit`), with their age (from the
   * report's publication) and the latest assessment's verdict and quote, and how many there are in all.
   */
  async unimplemented(scope: Scope, today: string = todayIso(), limit = UNIMPLEMENTED_SHOWN) {
    const [total, rows] = await Promise.all([
      this.filteredQuery({ status: 'unimplemented' }, scope, { ranked: false }).getCount(),
      this.pageOfRows({ status: 'unimplemented' }, scope, { sort: 'report', direction: 'ASC', offset: 0, limit }),
    ]);
    const context = await this.summaryContexts(rows, scope);
    const items = rows.map((row) => {
      const rowContext = context.get(row.id);
      const assessment = rowContext?.latest ?? null;
      const ageDays = ageInDays(row.report?.publishedOn ?? null, row.year, today);
      return {
        ...summariseFinding(row, { ...rowContext, today }),
        ageDays,
        age: describeAge(ageDays),
        latestAssessment: assessment
          ? {
              verdictLabel: ASSESSMENT_VERDICTS[assessment.verdict].label,
              verdict: assessment.verdict,
              quote: assessment.quote,
            }
          : null,
      };
    });
    return { total, items };
  }

  /**
   * Findings a later report raised again: the target of a "repeats" or "cites" link from a finding
   * of a later report, or assessed by a later report as not (or only partly) implemented.
   */
  async reRaised(scope: Scope, limit = UNIMPLEMENTED_SHOWN) {
    const visible = this.queries.visibleTo(scope);
    // Which findings, and how many, in SQL; then what raised them again for at most `limit` of them.
    const [total, page] = await Promise.all([
      this.filteredQuery({ raised: 'again' }, scope, { ranked: false }).getCount(),
      this.pageOfRows({ raised: 'again' }, scope, { sort: 'report', direction: 'ASC', offset: 0, limit }),
    ]);
    const ids = page.map((finding) => finding.id);
    if (ids.length === 0) {
      return { total, items: [] };
    }
    const assessmentsQuery = this.assessments
      .createQueryBuilder('assessment')
      .innerJoinAndSelect('assessment.report', 'assessingReport')
      .innerJoinAndSelect('assessment.finding', 'earlier')
      .innerJoinAndSelect('earlier.report', 'earlierReport')
      .leftJoinAndSelect('earlier.force', 'earlierForce')
      .where("assessment.verdict IN ('not_implemented', 'partially_implemented')")
      .andWhere('assessingReport.displayOrder > earlierReport.displayOrder')
      .andWhere('earlier.id IN (:...ids)', { ids });
    const [links, assessments] = await Promise.all([
      visible.laterLinksTo(ids).orderBy('link.id', 'ASC').getMany() as Promise<
        Array<FindingLink & { earlier: Finding }>
      >,
      visible.limit(visible.limit(assessmentsQuery, 'earlier'), 'assessment').orderBy('assessment.id', 'ASC').getMany(),
    ]);
    const byFinding = new Map<number, Array<{ label: string; href: string; how: string }>>();
    const add = (finding: Finding, entry: { label: string; href: string; how: string }) => {
      const by = byFinding.get(finding.id) ?? [];
      if (!by.some((existing) => existing.label === entry.label && existing.how === entry.how)) {
        by.push(entry);
      }
      byFinding.set(finding.id, by);
    };
    for (const link of links) {
      add(link.earlier, {
        label: `${link.fromFinding.reference} (${link.fromFinding.report.period})`,
        href: `/findings/${encodeURIComponent(link.fromFinding.reference)}`,
        how: LINK_TYPES[link.type].inverse,
      });
    }
    for (const assessment of assessments) {
      add(assessment.finding, {
        label: `${assessment.report!.title} (${assessment.report!.period})`,
        href: `/reports/${assessment.report!.key}`,
        how: `Assessed as ${ASSESSMENT_VERDICTS[assessment.verdict].label.toLowerCase()}`,
      });
    }
    const entries = page.flatMap((finding) => {
      const by = byFinding.get(finding.id);
      return by ? [{ finding, by }] : [];
    });
    const summaries = await this.summarise(
      entries.map((entry) => entry.finding),
      scope,
    );
    return { total, items: entries.map((entry, index) => ({ ...summaries[index], reRaisedBy: entry.by })) };
  }

  /** Counts of the findings in scope by status and by kind, each linked to the list (of `force`, when given). */
  async counts(scope: Scope, force?: string) {
    const { total, byStatus, byKind } = await groupedCounts(this.queries.visibleTo(scope).findings());
    return {
      total,
      byStatus: FINDING_STATUS_VALUES.map((status) => ({
        status,
        label: FINDING_STATUSES[status].label,
        meaning: FINDING_STATUSES[status].meaning,
        count: byStatus.get(status) ?? 0,
        href: findingsUrl({ status, force }),
      })),
      byKind: FINDING_KIND_VALUES.map((kind) => ({
        kind,
        label: FINDING_KINDS[kind].label,
        count: byKind.get(kind) ?? 0,
        href: findingsUrl({ kind, force }),
      })),
    };
  }

  /**
   * Summaries of findings (in the given order), with their latest assessments and last updates loaded in two queries.
   */
  async summarise(rows: ListedFinding[], scope: Scope): Promise<FindingSummary[]> {
    const context = await this.summaryContexts(rows, scope);
    const today = todayIso();
    return rows.map((row) => summariseFinding(row, { ...context.get(row.id), today }));
  }

  /** For each finding: its latest assessment and when it was last updated. */
  private async summaryContexts(rows: ListedFinding[], scope: Scope): Promise<Map<number, SummaryContext>> {
    const ids = [...new Set(rows.map((row) => row.id))];
    const result = new Map<number, SummaryContext>(ids.map((id) => [id, { latest: null, lastUpdateAt: null }]));
    if (ids.length === 0) {
      return result;
    }
    const [latest, lastUpdates] = await Promise.all([
      this.queries.visibleTo(scope).latestAssessments(ids),
      this.updates
        .createQueryBuilder('update')
        .select('update.findingId', 'findingId')
        .addSelect('MAX(update.createdAt)', 'lastUpdateAt')
        .where('update.findingId IN (:...ids)', { ids })
        .groupBy('update.findingId')
        .getRawMany<{ findingId: number; lastUpdateAt: string }>(),
    ]);
    for (const [id, assessment] of latest) {
      result.get(id)!.latest = assessment;
    }
    for (const row of lastUpdates) {
      result.get(Number(row.findingId))!.lastUpdateAt = row.lastUpdateAt;
    }
    return result;
  }

  /**
   * The ids of the findings matching the filters, within the scope, from findings alone: no filter needs a join. A
   * search ranks its matches (`ranked`, the best first) or only limits to them.
   */
  private filteredQuery(
    query: ListFindingsQuery,
    scope: Scope,
    options: { ranked: boolean },
  ): SelectQueryBuilder<Finding> {
    const visible = this.queries.visibleTo(scope);
    const builder = visible.findings().select('finding.id', 'id');
    if (query.force) {
      builder.andWhere('finding.forceId = (SELECT f0.id FROM forces f0 WHERE f0.code = :force)', {
        force: query.force.toUpperCase(),
      });
    }
    if (query.report) {
      sourcedFrom(builder, query.report);
    }
    if (query.year !== undefined) {
      builder.andWhere('finding.year = :year', { year: query.year });
    }
    if (query.kind) {
      builder.andWhere('finding.kind = :kind', { kind: query.kind });
    }
    if (query.raised === 'again') {
      builder.andWhere(visible.raisedAgainCondition());
    }
    if (query.status === 'unimplemented') {
      visible.remainingUnimplemented(builder);
    } else if (query.status) {
      builder.andWhere('finding.status = :status', { status: query.status });
    }
    if (query.owner) {
      builder.andWhere('finding.owner = :owner', { owner: query.owner });
    }
    if (query.theme) {
      builder.andWhere('finding.theme = :theme', { theme: query.theme });
    }
    if (query.q) {
      // Searched, and no order chosen: the best matches first.
      const ranked = visible.matching(builder, query.q, { ranked: options.ranked });
      if (ranked) {
        builder.orderBy('search_rank', ranked.direction);
      }
    }
    return builder;
  }

  /**
   * Every finding the list shows for these filters (all its pages, whatever `page` says), in the list's order, as
   * summaries in chunks of `chunkSize`, for an export: each chunk's ids in one query on the list's filters and order
   * (which ends with a unique column, so each finding comes exactly once), then those rows, so an export of any size
   * streams and no query grows with it.
   */
  async *exportChunks(
    query: ListFindingsQuery,
    scope: Scope,
    chunkSize = EXPORT_CHUNK_SIZE,
  ): AsyncGenerator<FindingSummary[]> {
    const sort = query.sort ?? 'report';
    const direction = (query.dir ?? 'asc').toUpperCase() as 'ASC' | 'DESC';
    for (let offset = 0; ; offset += chunkSize) {
      const ordered = this.orderedIds(query, scope, sort, direction);
      const ids = (await ordered.offset(offset).limit(chunkSize).getRawMany<{ id: number }>()).map((row) =>
        Number(row.id),
      );
      if (ids.length === 0) {
        return;
      }
      // Those rows' columns, as a list's page reads them.
      const rows = await this.queries
        .visibleTo(scope)
        .findings()
        .innerJoin('finding.report', 'report')
        .leftJoin('finding.force', 'force')
        .select(LISTED_COLUMNS.map(([column, alias]) => `${column} AS "${alias}"`))
        .andWhere('finding.id IN (:...ids)', { ids })
        .getRawMany<ListedRow>();
      const byId = new Map(rows.map((row) => [Number(row.id), listedFinding(row)]));
      yield await this.summarise(
        ids.flatMap((id) => byId.get(id) ?? []),
        scope,
      );
      if (ids.length < chunkSize) {
        return;
      }
    }
  }
}

/** How many findings an export reads at a time. */
export const EXPORT_CHUNK_SIZE = 500;

/** The findings a query selects, counted in one grouped query: in all, by status and by kind. */
async function groupedCounts(builder: SelectQueryBuilder<Finding>) {
  const rows = await builder
    .select('finding.status', 'status')
    .addSelect('finding.kind', 'kind')
    .addSelect('COUNT(*)', 'count')
    .groupBy('finding.status')
    .addGroupBy('finding.kind')
    .getRawMany<{ status: string; kind: string; count: string | number }>();
  const byStatus = new Map<string, number>();
  const byKind = new Map<string, number>();
  let total = 0;
  for (const row of rows) {
    const count = Number(row.count);
    byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + count);
    byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + count);
    total += count;
  }
  return { total, byStatus, byKind };
}

/** The columns a list reads of each finding on its page (entity property paths), and their names in the raw row. */
const LISTED_COLUMNS = [
  ['finding.id', 'id'],
  ['finding.reference', 'reference'],
  ['finding.title', 'title'],
  ['finding.kind', 'kind'],
  ['finding.status', 'status'],
  ['finding.owner', 'owner'],
  ['finding.theme', 'theme'],
  ['finding.targetDate', 'targetDate'],
  ['finding.year', 'year'],
  ['finding.exampleData', 'exampleData'],
  ['report.key', 'reportKey'],
  ['report.title', 'reportTitle'],
  ['report.period', 'reportPeriod'],
  ['report.publishedOn', 'reportPublishedOn'],
  ['force.code', 'forceCode'],
  ['force.name', 'forceName'],
] as const;

type ListedRow = Record<(typeof LISTED_COLUMNS)[number][1], string | number | boolean | null>;

/** The columns of a linked finding its page reads (by their column names), named as in a listed row. */
const LINKED_COLUMNS = [
  ['id', 'id'],
  ['reference', 'reference'],
  ['title', 'title'],
  ['kind', 'kind'],
  ['status', 'status'],
  ['owner', 'owner'],
  ['theme', 'theme'],
  ['target_date', 'targetDate'],
  ['year', 'year'],
  ['example_data', 'exampleData'],
  ['force_id', 'forceId'],
  ['national_finding_id', 'nationalFindingId'],
] as const;

/** A report a finding was published in, as its page reads it. */
interface PageSource {
  role: FindingSource['role'];
  section: string | null;
  report: { forceId: number | null; key: string; title: string; period: string; publishedOn: string | null };
}

/** A finding at the other end of a link, as its page reads it. */
type LinkedFinding = ListedFinding & Pick<Finding, 'forceId' | 'nationalFindingId'>;

/** A link on a finding's page, with both of its findings. */
interface PageLink extends Pick<FindingLink, 'id' | 'type' | 'reason' | 'fromFindingId' | 'toFindingId'> {
  fromFinding: LinkedFinding;
  toFinding: LinkedFinding;
}

function listedFinding(row: ListedRow): ListedFinding {
  return {
    id: Number(row.id),
    reference: String(row.reference),
    title: String(row.title),
    kind: row.kind as ListedFinding['kind'],
    status: row.status as ListedFinding['status'],
    owner: row.owner === null ? null : String(row.owner),
    theme: String(row.theme),
    targetDate: row.targetDate === null ? null : String(row.targetDate),
    year: Number(row.year),
    exampleData: row.exampleData === true || Number(row.exampleData) === 1,
    force: row.forceCode === null ? null : { code: String(row.forceCode), name: String(row.forceName) },
    report: {
      key: String(row.reportKey),
      title: String(row.reportTitle),
      period: String(row.reportPeriod),
      publishedOn: row.reportPublishedOn === null ? null : String(row.reportPublishedOn),
    },
  };
}

/** An assessment as the finding page shows it (from an entity, or from a row of the same fields). */
export function describeAssessment(
  assessment: Pick<Assessment, 'verdict' | 'quote' | 'commentary' | 'assessedOn' | 'recordedBy'> & {
    force?: { name: string } | null;
    report?: { key: string; title: string; period: string } | null;
  },
) {
  return {
    verdict: assessment.verdict,
    verdictLabel: ASSESSMENT_VERDICTS[assessment.verdict].label,
    quote: assessment.quote,
    commentary: assessment.commentary,
    assessedOn: assessment.assessedOn,
    recordedBy: assessment.recordedBy,
    force: assessment.force ? assessment.force.name : null,
    report: assessment.report
      ? {
          key: assessment.report.key,
          title: assessment.report.title,
          period: assessment.report.period,
          href: `/reports/${assessment.report.key}`,
        }
      : null,
  };
}

/** What a verification decision was based on, as it was kept (codes), with the words the page shows. */
interface VerificationSnapshot {
  finding?: { status?: string };
  evidence?: Array<{ reviewState?: string }>;
}

function describeSnapshot(kept: string): unknown {
  const snapshot = JSON.parse(kept) as VerificationSnapshot;
  const status = snapshot.finding?.status;
  return {
    ...snapshot,
    finding: snapshot.finding && {
      ...snapshot.finding,
      statusLabel:
        status && status in FINDING_STATUSES ? FINDING_STATUSES[status as keyof typeof FINDING_STATUSES].label : status,
    },
    evidence: (snapshot.evidence ?? []).map((item) => ({
      ...item,
      reviewLabel:
        item.reviewState && item.reviewState in EVIDENCE_REVIEW_STATES
          ? EVIDENCE_REVIEW_STATES[item.reviewState as keyof typeof EVIDENCE_REVIEW_STATES].label.toLowerCase()
          : item.reviewState,
    })),
  };
}

/** A history entry's value as the page shows it: a status by its label, a date in UK form. */
export function describeValue(type: string, value: string | null): string | null {
  if (value && type === 'status_change' && value in FINDING_STATUSES) {
    return FINDING_STATUSES[value as keyof typeof FINDING_STATUSES].label;
  }
  if (value && type === 'target_date_change' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return formatUkDate(value);
  }
  return value;
}

export function ageInDays(publishedOn: string | null, year: number, today: string): number {
  return daysBetween(publishedOn ?? `${year}-01-01`, today);
}
