import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { todayIso } from '../common/dates';
import { FindingSource } from '../findings/finding-source.entity';
import { SOURCE_ROLES } from '../findings/finding-status';
import { FindingQueries } from '../findings/finding-queries';
import { FindingsService } from '../findings/findings.service';
import { isStatement } from '../findings/recipient-records';
import { inScope, scopeCondition, type Scope } from '../access/scope';
import { Judgment } from './judgment.entity';
import { pccResponse } from './pcc-response';
import { GRADES, REPORT_TYPES } from './report-types';
import { Report } from './report.entity';

export function describeJudgment(judgment: Judgment) {
  return {
    pillar: judgment.pillar,
    pillarLabel: judgment.pillar ? judgment.pillar[0].toUpperCase() + judgment.pillar.slice(1) : null,
    area: judgment.area,
    isPillar: judgment.pillar !== null && judgment.area.toLowerCase() === judgment.pillar,
    grade: judgment.grade,
    gradeLabel: GRADES[judgment.grade],
    lastInspected: judgment.lastInspected,
  };
}

export function describeReport(report: Report, today: string) {
  return {
    key: report.key,
    href: `/reports/${report.key}`,
    title: report.title,
    inspectorate: report.inspectorate,
    type: report.type,
    typeLabel: REPORT_TYPES[report.type],
    force: report.force ? { code: report.force.code, name: report.force.name } : null,
    national: report.forceId === null,
    period: report.period,
    year: report.year,
    publishedOn: report.publishedOn,
    sourceFile: report.sourceFile,
    sourceUrl: report.sourceUrl,
    pccResponse: pccResponse(report, today),
  };
}

@Injectable()
export class ReportsService {
  constructor(
    @InjectRepository(Report) private readonly reports: Repository<Report>,
    @InjectRepository(Judgment) private readonly judgments: Repository<Judgment>,
    @InjectRepository(FindingSource) private readonly sources: Repository<FindingSource>,
    private readonly findingsService: FindingsService,
    private readonly queries: FindingQueries,
  ) {}

  /** Every report in date order, with its judgments and how many findings it publishes. */
  async list(scope: Scope) {
    const [reports, counts] = await Promise.all([
      this.reports.find({
        relations: { force: true, judgments: true, inspection: true },
        order: { displayOrder: 'ASC' },
      }),
      this.sources
        .createQueryBuilder('source')
        .select('source.reportId', 'reportId')
        .addSelect('COUNT(*)', 'count')
        .groupBy('source.reportId')
        .getRawMany<{ reportId: number; count: string | number }>(),
    ]);
    const today = todayIso();
    const countOf = new Map(counts.map((row) => [Number(row.reportId), Number(row.count)]));
    return reports
      .filter((report) => inScope(scope, report.forceId))
      .map((report) => ({
        ...describeReport(report, today),
        inspectionTitle: report.inspection.title,
        findingCount: countOf.get(report.id) ?? 0,
        judgments: [...report.judgments].sort((a, b) => a.position - b.position).map(describeJudgment),
      }));
  }

  /**
   * The most recent reports the reader may see (at most `limit`, newest first) with their judgments and how many
   * findings each publishes, and how many there are in all: the dashboard's timeline, of the same size at any scale.
   */
  async latest(scope: Scope, limit: number) {
    const visible = scopeCondition(scope, 'report.forceId');
    const base = () => this.reports.createQueryBuilder('report').where(visible.sql, visible.parameters);
    const [total, reports] = await Promise.all([
      base().getCount(),
      base()
        .leftJoinAndSelect('report.force', 'force')
        .leftJoinAndSelect('report.judgments', 'judgment')
        .leftJoinAndSelect('report.inspection', 'inspection')
        .orderBy('report.displayOrder', 'DESC')
        .take(limit)
        .getMany(),
    ]);
    const counts =
      reports.length === 0
        ? []
        : await this.sources
            .createQueryBuilder('source')
            .select('source.reportId', 'reportId')
            .addSelect('COUNT(*)', 'count')
            .where('source.reportId IN (:...ids)', { ids: reports.map((report) => report.id) })
            .groupBy('source.reportId')
            .getRawMany<{ reportId: number; count: string | number }>();
    const countOf = new Map(counts.map((row) => [Number(row.reportId), Number(row.count)]));
    const today = todayIso();
    return {
      total,
      items: reports.map((report) => ({
        ...describeReport(report, today),
        inspectionTitle: report.inspection.title,
        findingCount: countOf.get(report.id) ?? 0,
        judgments: [...report.judgments].sort((a, b) => a.position - b.position).map(describeJudgment),
      })),
    };
  }

  /** A report with its judgments and its findings in report order; 404 for an unknown key. */
  async getByKey(key: string, scope: Scope) {
    const report = await this.reports.findOne({ where: { key }, relations: { force: true, inspection: true } });
    if (!report || !inScope(scope, report.forceId)) {
      throw new NotFoundException(`No report has the identifier ${key}`);
    }
    const [judgments, sources, siblings] = await Promise.all([
      this.judgments.find({ where: { reportId: report.id }, order: { position: 'ASC' } }),
      this.sources.find({
        where: { reportId: report.id },
        relations: { finding: { report: true, force: true } },
        order: { position: 'ASC', id: 'ASC' },
      }),
      this.reports.find({ where: { inspectionId: report.inspectionId }, order: { displayOrder: 'ASC' } }),
    ]);
    const visible = this.queries.visibleTo(scope);
    // A force's report lists a national recommendation it cites as that force's record of it.
    const recordsForce = report.forceId ?? scope.forceId;
    const forceRecords = await visible.recordsFor(
      sources.filter((source) => isStatement(source.finding)).map((source) => source.finding.id),
      recordsForce,
    );
    const visibleSources = sources.flatMap((source) => {
      const finding =
        isStatement(source.finding) && recordsForce !== null
          ? forceRecords.get(source.finding.id)
          : visible.canSee(source.finding)
            ? source.finding
            : undefined;
      return finding ? [{ ...source, finding }] : [];
    });
    const summaries = await this.findingsService.summarise(
      visibleSources.map((source) => source.finding),
      scope,
    );
    const today = todayIso();
    return {
      ...describeReport(report, today),
      inspectionTitle: report.inspection.title,
      otherDocuments: siblings
        .filter((sibling) => sibling.id !== report.id)
        .map((sibling) => describeReport(sibling, today)),
      judgments: judgments.map(describeJudgment),
      findings: visibleSources.map((source, index) => ({
        ...summaries[index],
        section: source.section,
        role: source.role,
        roleLabel: SOURCE_ROLES[source.role],
      })),
    };
  }
}
