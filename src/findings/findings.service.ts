import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, Repository, SelectQueryBuilder } from 'typeorm';
import { ACTION_STATUSES } from '../actions/action-status';
import { Action } from '../actions/action.entity';
import { daysBetween, describeAge, todayIso } from '../common/dates';
import { EVIDENCE_KINDS, EVIDENCE_REVIEW_STATES, Evidence } from '../evidence/evidence.entity';
import { Force } from '../forces/force.entity';
import { FindingUpdate } from '../history/finding-update.entity';
import { UPDATE_TYPES } from '../history/update-type';
import { Report } from '../reports/report.entity';
import { Assessment } from './assessment.entity';
import { FINDING_SORTS, ListFindingsQuery } from './dto/list-findings.query';
import { FindingLink } from './finding-link.entity';
import { FINDING_KINDS, FINDING_KIND_VALUES } from './finding-kind';
import { FindingSource } from './finding-source.entity';
import { ASSESSMENT_VERDICTS, FINDING_STATUSES, FINDING_STATUS_VALUES, LINK_TYPES, RAG_RATINGS, SOURCE_ROLES } from './finding-status';
import { Finding } from './finding.entity';
import { escapeLike, findingsUrl } from './findings-url';
import { IMPLEMENTATION_STATES, implementationState, latestAssessment } from './implementation-state';

export const PAGE_SIZE = 20;

/** SQL for the verdict of a finding's latest assessment (same rule as latestAssessment()). */
const LATEST_VERDICT_SQL = `(SELECT a.verdict FROM assessments a WHERE a.finding_id = finding.id
  ORDER BY COALESCE(a.assessed_on, SUBSTR(a.created_at, 1, 10)) DESC, a.created_at DESC LIMIT 1)`;

const SORT_COLUMNS: Record<(typeof FINDING_SORTS)[number], string[]> = {
  report: ['report.displayOrder', 'finding.position'],
  reference: ['finding.reference'],
  title: ['finding.title'],
  kind: ['finding.kind', 'finding.reference'],
  status: ['finding.status', 'finding.reference'],
  owner: ['finding.owner', 'finding.reference'],
  target: ['finding.targetDate', 'finding.reference'],
};

export type FindingSummary = ReturnType<typeof summariseFinding>;

/** The fields every list shows for a finding, with labels and tag classes decided here, not in views. */
export function summariseFinding(finding: Finding, latest: Pick<Assessment, 'verdict'> | null = null) {
  const state = implementationState(finding.status, latest);
  return {
    reference: finding.reference,
    href: `/findings/${encodeURIComponent(finding.reference)}`,
    title: finding.title,
    kind: finding.kind,
    kindLabel: FINDING_KINDS[finding.kind].label,
    status: finding.status,
    statusLabel: FINDING_STATUSES[finding.status].label,
    statusTag: FINDING_STATUSES[finding.status].tag,
    implementation: state,
    implementationLabel: IMPLEMENTATION_STATES[state].label,
    implementationTag: IMPLEMENTATION_STATES[state].tag,
    owner: finding.owner,
    theme: finding.theme,
    targetDate: finding.targetDate,
    rag: finding.rag,
    ragLabel: finding.rag ? RAG_RATINGS[finding.rag].label : null,
    ragTag: finding.rag ? RAG_RATINGS[finding.rag].tag : null,
    year: finding.year,
    force: finding.force ? { code: finding.force.code, name: finding.force.name } : null,
    report: finding.report
      ? { key: finding.report.key, title: finding.report.title, period: finding.report.period, href: `/reports/${finding.report.key}` }
      : null,
    exampleData: finding.exampleData,
  };
}

@Injectable()
export class FindingsService {
  constructor(
    @InjectRepository(Finding) private readonly findings: Repository<Finding>,
    @InjectRepository(FindingSource) private readonly sources: Repository<FindingSource>,
    @InjectRepository(FindingLink) private readonly links: Repository<FindingLink>,
    @InjectRepository(Assessment) private readonly assessments: Repository<Assessment>,
    @InjectRepository(Action) private readonly actions: Repository<Action>,
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
    @InjectRepository(FindingUpdate) private readonly updates: Repository<FindingUpdate>,
    @InjectRepository(Force) private readonly forces: Repository<Force>,
    @InjectRepository(Report) private readonly reports: Repository<Report>,
  ) {}

  /** One page of findings matching the filters, with the total and counts by status and kind. */
  async list(query: ListFindingsQuery) {
    const page = query.page ?? 1;
    const sort = query.sort ?? 'report';
    const direction = (query.dir ?? 'asc').toUpperCase() as 'ASC' | 'DESC';

    const filtered = this.filteredQuery(query);
    const [total, statusRows, kindRows] = await Promise.all([
      filtered.clone().getCount(),
      filtered.clone().select('finding.status', 'key').addSelect('COUNT(*)', 'count').groupBy('finding.status').getRawMany<{ key: string; count: string | number }>(),
      filtered.clone().select('finding.kind', 'key').addSelect('COUNT(*)', 'count').groupBy('finding.kind').getRawMany<{ key: string; count: string | number }>(),
    ]);

    const ordered = filtered.clone();
    SORT_COLUMNS[sort].forEach((column, index) =>
      index === 0 ? ordered.orderBy(column, direction) : ordered.addOrderBy(column, direction),
    );
    const rows = await ordered
      .offset((page - 1) * PAGE_SIZE)
      .limit(PAGE_SIZE)
      .getMany();
    const latestByFinding = await this.latestAssessments(rows.map((row) => row.id));

    const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const countOf = (rowsByKey: Array<{ key: string; count: string | number }>, key: string) =>
      Number(rowsByKey.find((row) => row.key === key)?.count ?? 0);

    return {
      total,
      page,
      pageSize: PAGE_SIZE,
      pageCount,
      sort,
      dir: query.dir ?? 'asc',
      items: rows.map((row) => summariseFinding(row, latestByFinding.get(row.id) ?? null)),
      countsByStatus: FINDING_STATUS_VALUES.map((status) => ({
        status,
        label: FINDING_STATUSES[status].label,
        count: countOf(statusRows, status),
        href: findingsUrl(query, { status, page: undefined }),
      })),
      countsByKind: FINDING_KIND_VALUES.map((kind) => ({
        kind,
        label: FINDING_KINDS[kind].label,
        count: countOf(kindRows, kind),
        href: findingsUrl(query, { kind, page: undefined }),
      })),
    };
  }

  /** The choices offered by the findings filters. */
  async filterOptions() {
    const [forces, reports, years, owners, themes] = await Promise.all([
      this.forces
        .createQueryBuilder('force')
        .where('EXISTS (SELECT 1 FROM findings f WHERE f.force_id = force.id)')
        .orderBy('force.name')
        .getMany(),
      this.reports.find({ order: { displayOrder: 'ASC' } }),
      this.findings.createQueryBuilder('finding').select('DISTINCT finding.year', 'year').orderBy('year', 'ASC').getRawMany<{ year: number }>(),
      this.findings
        .createQueryBuilder('finding')
        .select('DISTINCT finding.owner', 'owner')
        .where('finding.owner IS NOT NULL')
        .orderBy('owner', 'ASC')
        .getRawMany<{ owner: string }>(),
      this.findings.createQueryBuilder('finding').select('DISTINCT finding.theme', 'theme').orderBy('theme', 'ASC').getRawMany<{ theme: string }>(),
    ]);
    return {
      forces: forces.map((force) => ({ value: force.code, label: force.name })),
      reports: reports.map((report) => ({ value: report.key, label: `${report.title} (${report.period})` })),
      years: years.map((row) => ({ value: String(row.year), label: String(row.year) })),
      kinds: FINDING_KIND_VALUES.map((kind) => ({ value: kind, label: FINDING_KINDS[kind].label })),
      statuses: [
        { value: 'unimplemented', label: 'Remains unimplemented' },
        ...FINDING_STATUS_VALUES.map((status) => ({ value: status, label: FINDING_STATUSES[status].label })),
      ],
      owners: owners.map((row) => ({ value: row.owner, label: row.owner })),
      themes: themes.map((row) => ({ value: row.theme, label: row.theme })),
    };
  }

  /** Everything the finding page shows, or a 404 for an unknown reference. */
  async getByReference(reference: string) {
    const finding = await this.findings.findOne({
      where: { reference },
      relations: { force: true, report: true, parent: true },
    });
    if (!finding) {
      throw new NotFoundException(`No finding has the reference ${reference}`);
    }
    const [sources, children, outgoing, incoming, assessments, actions, evidence, updates] = await Promise.all([
      this.sources.find({ where: { findingId: finding.id }, relations: { report: true }, order: { role: 'ASC', id: 'ASC' } }),
      this.findings.find({ where: { parentId: finding.id }, relations: { report: true }, order: { position: 'ASC' } }),
      this.links.find({ where: { fromFindingId: finding.id }, relations: { toFinding: { report: true } }, order: { id: 'ASC' } }),
      this.links.find({ where: { toFindingId: finding.id }, relations: { fromFinding: { report: true } }, order: { id: 'ASC' } }),
      this.assessments.find({ where: { findingId: finding.id }, relations: { report: true, force: true } }),
      this.actions.find({ where: { findingId: finding.id }, order: { id: 'ASC' } }),
      this.evidence.find({ where: { findingId: finding.id }, order: { createdAt: 'DESC', id: 'DESC' } }),
      this.updates.find({ where: { findingId: finding.id }, order: { createdAt: 'DESC', id: 'DESC' } }),
    ]);
    const latest = latestAssessment(assessments);
    const linkedLatest = await this.latestAssessments([
      ...outgoing.map((link) => link.toFindingId),
      ...incoming.map((link) => link.fromFindingId),
      ...children.map((child) => child.id),
    ]);
    const today = todayIso();
    const sortedAssessments = [...assessments].sort((a, b) =>
      (b.assessedOn ?? b.createdAt).localeCompare(a.assessedOn ?? a.createdAt),
    );

    return {
      ...summariseFinding(finding, latest),
      text: finding.text,
      subPoints: finding.subPoints,
      section: finding.section,
      actionOwners: finding.actionOwners,
      statusMeaning: FINDING_STATUSES[finding.status].meaning,
      overdue: isOverdue(finding.targetDate, finding.status, today),
      parent: finding.parent ? summariseFinding(finding.parent) : null,
      children: children.map((child) => summariseFinding(child, linkedLatest.get(child.id) ?? null)),
      sources: sources.map((source) => ({
        roleLabel: SOURCE_ROLES[source.role],
        role: source.role,
        section: source.section,
        report: { key: source.report.key, title: source.report.title, period: source.report.period, href: `/reports/${source.report.key}`, publishedOn: source.report.publishedOn },
      })),
      earlier: outgoing.map((link) => {
        const assessment = linkedLatest.get(link.toFindingId) ?? null;
        return {
          type: link.type,
          label: LINK_TYPES[link.type].label,
          reason: link.reason,
          finding: summariseFinding(link.toFinding, assessment),
          latestAssessment: assessment ? describeAssessment(assessment) : null,
        };
      }),
      later: incoming.map((link) => {
        const assessment = linkedLatest.get(link.fromFindingId) ?? null;
        return {
          type: link.type,
          label: LINK_TYPES[link.type].inverse,
          reason: link.reason,
          finding: summariseFinding(link.fromFinding, assessment),
          latestAssessment: assessment ? describeAssessment(assessment) : null,
        };
      }),
      latestAssessment: latest ? describeAssessment(latest) : null,
      assessments: sortedAssessments.map(describeAssessment),
      actions: actions.map((action) => ({
        id: action.id,
        description: action.description,
        owner: action.owner,
        dueDate: action.dueDate,
        status: action.status,
        statusLabel: ACTION_STATUSES[action.status].label,
        statusTag: ACTION_STATUSES[action.status].tag,
        overdue: action.status !== 'done' && !!action.dueDate && action.dueDate < today,
      })),
      evidence: evidence.map((item) => ({
        id: item.id,
        kind: item.kind,
        kindLabel: EVIDENCE_KINDS[item.kind],
        title: item.title,
        description: item.description,
        url: item.url,
        fileName: item.fileName,
        reviewLabel: EVIDENCE_REVIEW_STATES[item.reviewState].label,
        reviewTag: EVIDENCE_REVIEW_STATES[item.reviewState].tag,
        withdrawn: item.withdrawnAt !== null,
        addedBy: item.addedBy,
        createdAt: item.createdAt,
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
   * Every formal finding that remains unimplemented, oldest first, with its age (from its
   * report's publication) and the latest assessment's verdict and quote.
   */
  async unimplemented(today: string = todayIso()) {
    const rows = await this.filteredQuery({ status: 'unimplemented' })
      .orderBy('report.displayOrder', 'ASC')
      .addOrderBy('finding.position', 'ASC')
      .getMany();
    const latest = await this.latestAssessments(rows.map((row) => row.id));
    return rows.map((row) => {
      const assessment = latest.get(row.id) ?? null;
      const ageDays = ageInDays(row.report.publishedOn, row.year, today);
      return {
        ...summariseFinding(row, assessment),
        ageDays,
        age: describeAge(ageDays),
        latestAssessment: assessment ? { verdictLabel: ASSESSMENT_VERDICTS[assessment.verdict].label, verdictTag: ASSESSMENT_VERDICTS[assessment.verdict].tag, quote: assessment.quote } : null,
      };
    });
  }

  /**
   * Findings a later report raised again: the target of a "repeats" or "cites" link from a finding
   * of a later report, or assessed by a later report as not (or only partly) implemented.
   */
  async reRaised() {
    const [links, assessments] = await Promise.all([
      this.links
        .createQueryBuilder('link')
        .innerJoinAndSelect('link.fromFinding', 'later')
        .innerJoinAndSelect('later.report', 'laterReport')
        .innerJoinAndSelect('link.toFinding', 'earlier')
        .innerJoinAndSelect('earlier.report', 'earlierReport')
        .leftJoinAndSelect('earlier.force', 'earlierForce')
        .where("link.type IN ('repeats', 'cites')")
        .andWhere('laterReport.displayOrder > earlierReport.displayOrder')
        .getMany(),
      this.assessments
        .createQueryBuilder('assessment')
        .innerJoinAndSelect('assessment.report', 'assessingReport')
        .innerJoinAndSelect('assessment.finding', 'earlier')
        .innerJoinAndSelect('earlier.report', 'earlierReport')
        .leftJoinAndSelect('earlier.force', 'earlierForce')
        .where("assessment.verdict IN ('not_implemented', 'partially_implemented')")
        .andWhere('assessingReport.displayOrder > earlierReport.displayOrder')
        .getMany(),
    ]);
    const byFinding = new Map<number, { finding: Finding; by: Array<{ label: string; href: string; how: string }> }>();
    const add = (finding: Finding, entry: { label: string; href: string; how: string }) => {
      const current = byFinding.get(finding.id) ?? { finding, by: [] };
      if (!current.by.some((existing) => existing.label === entry.label && existing.how === entry.how)) {
        current.by.push(entry);
      }
      byFinding.set(finding.id, current);
    };
    for (const link of links) {
      add(link.toFinding, {
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
    const latest = await this.latestAssessments([...byFinding.keys()]);
    return [...byFinding.values()]
      .sort((a, b) => a.finding.report.displayOrder - b.finding.report.displayOrder || a.finding.position - b.finding.position)
      .map(({ finding, by }) => ({ ...summariseFinding(finding, latest.get(finding.id) ?? null), reRaisedBy: by }));
  }

  /** Counts of every finding by status and by kind. */
  async counts() {
    const [byStatus, byKind] = await Promise.all([
      this.findings.createQueryBuilder('finding').select('finding.status', 'key').addSelect('COUNT(*)', 'count').groupBy('finding.status').getRawMany<{ key: string; count: string | number }>(),
      this.findings.createQueryBuilder('finding').select('finding.kind', 'key').addSelect('COUNT(*)', 'count').groupBy('finding.kind').getRawMany<{ key: string; count: string | number }>(),
    ]);
    const countOf = (rows: Array<{ key: string; count: string | number }>, key: string) => Number(rows.find((row) => row.key === key)?.count ?? 0);
    return {
      total: byStatus.reduce((sum, row) => sum + Number(row.count), 0),
      byStatus: FINDING_STATUS_VALUES.map((status) => ({
        status,
        label: FINDING_STATUSES[status].label,
        tag: FINDING_STATUSES[status].tag,
        meaning: FINDING_STATUSES[status].meaning,
        count: countOf(byStatus, status),
        href: findingsUrl({ status }),
      })),
      byKind: FINDING_KIND_VALUES.map((kind) => ({ kind, label: FINDING_KINDS[kind].label, count: countOf(byKind, kind), href: findingsUrl({ kind }) })),
    };
  }

  /** The latest assessment of each finding, in one query. */
  async latestAssessments(findingIds: number[]): Promise<Map<number, Assessment>> {
    const result = new Map<number, Assessment>();
    if (findingIds.length === 0) {
      return result;
    }
    const rows = await this.assessments.find({ where: { findingId: In([...new Set(findingIds)]) }, relations: { report: true, force: true } });
    const byFinding = new Map<number, Assessment[]>();
    for (const row of rows) {
      byFinding.set(row.findingId, [...(byFinding.get(row.findingId) ?? []), row]);
    }
    for (const [findingId, list] of byFinding) {
      const latest = latestAssessment(list);
      if (latest) {
        result.set(findingId, latest);
      }
    }
    return result;
  }

  private filteredQuery(query: ListFindingsQuery): SelectQueryBuilder<Finding> {
    const builder = this.findings
      .createQueryBuilder('finding')
      .leftJoinAndSelect('finding.report', 'report')
      .leftJoinAndSelect('finding.force', 'force');
    if (query.force) {
      // National recommendations are made to every force, so they appear under each force.
      builder.andWhere(
        new Brackets((where) =>
          where.where('force.code = :force', { force: query.force!.toUpperCase() }).orWhere('finding.forceId IS NULL'),
        ),
      );
    }
    if (query.report) {
      builder.andWhere(
        `(report.key = :report OR EXISTS (SELECT 1 FROM finding_sources s JOIN reports r ON r.id = s.report_id
          WHERE s.finding_id = finding.id AND r.key = :report))`,
        { report: query.report },
      );
    }
    if (query.year !== undefined) {
      builder.andWhere('finding.year = :year', { year: query.year });
    }
    if (query.kind) {
      builder.andWhere('finding.kind = :kind', { kind: query.kind });
    }
    if (query.status === 'unimplemented') {
      builder
        .andWhere("finding.kind <> 'observation'")
        .andWhere("finding.status NOT IN ('verified_closed', 'superseded')")
        .andWhere(`COALESCE(${LATEST_VERDICT_SQL}, 'none') NOT IN ('implemented', 'superseded')`);
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
      builder.andWhere(
        new Brackets((where) =>
          where
            .where("LOWER(finding.title) LIKE :q ESCAPE '\\'")
            .orWhere("LOWER(finding.text) LIKE :q ESCAPE '\\'")
            .orWhere("LOWER(finding.reference) LIKE :q ESCAPE '\\'"),
        ),
        { q: `%${escapeLike(query.q.toLowerCase())}%` },
      );
    }
    return builder;
  }
}

function isOverdue(targetDate: string | null, status: string, today: string): boolean {
  return !!targetDate && targetDate < today && (status === 'not_started' || status === 'in_progress');
}

function describeAssessment(assessment: Assessment) {
  return {
    verdict: assessment.verdict,
    verdictLabel: ASSESSMENT_VERDICTS[assessment.verdict].label,
    verdictTag: ASSESSMENT_VERDICTS[assessment.verdict].tag,
    quote: assessment.quote,
    commentary: assessment.commentary,
    assessedOn: assessment.assessedOn,
    recordedBy: assessment.recordedBy,
    force: assessment.force ? assessment.force.name : null,
    report: assessment.report ? { key: assessment.report.key, title: assessment.report.title, period: assessment.report.period, href: `/reports/${assessment.report.key}` } : null,
  };
}

function describeValue(type: string, value: string | null): string | null {
  if (value && type === 'status_change' && value in FINDING_STATUSES) {
    return FINDING_STATUSES[value as keyof typeof FINDING_STATUSES].label;
  }
  return value;
}

export function ageInDays(publishedOn: string | null, year: number, today: string): number {
  return daysBetween(publishedOn ?? `${year}-01-01`, today);
}
