import type { FindingsService, FindingSummary as ServiceFindingSummary } from '../findings/findings.service';
import type { ReportsService } from '../reports/reports.service';
import type {
  Assessment,
  FindingDetail,
  FindingsPage,
  FindingSummary,
  Judgment,
  LinkedFinding,
  ReportDetail,
  ReportList,
  ReportRef,
  ReportSummary,
} from './dto/api-responses.dto';

/*
 * The services' read models (shared with the pages) as the API's data: the fields of the OpenAPI schemas in
 * dto/api-responses.dto.ts, the API's own addresses instead of the pages', and nothing only a page needs.
 */

type FindingDetailModel = Awaited<ReturnType<FindingsService['getByReference']>>;
type FindingsListModel = Awaited<ReturnType<FindingsService['list']>>;
type ReportListModel = Awaited<ReturnType<ReportsService['list']>>;
type ReportDetailModel = Awaited<ReturnType<ReportsService['getByKey']>>;
type AssessmentModel = FindingDetailModel['assessments'][number];
type JudgmentModel = ReportListModel[number]['judgments'][number];

export const API_V1 = '/api/v1';

export function findingUrl(reference: string): string {
  return `${API_V1}/findings/${encodeURIComponent(reference)}`;
}

export function reportUrl(key: string): string {
  return `${API_V1}/reports/${encodeURIComponent(key)}`;
}

/** The ETag of a finding's version (strong: the version changes with every change to the finding). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

function reportRef(report: { key: string; title: string; period: string }): ReportRef {
  return { key: report.key, title: report.title, period: report.period, url: reportUrl(report.key) };
}

export function findingSummary(item: ServiceFindingSummary): FindingSummary {
  return {
    reference: item.reference,
    title: item.title,
    kind: item.kind,
    kindLabel: item.kindLabel,
    status: item.status,
    statusLabel: item.statusLabel,
    implementation: item.implementation,
    implementationLabel: item.implementationLabel,
    owner: item.owner,
    theme: item.theme,
    targetDate: item.targetDate,
    overdue: item.overdue,
    rag: item.rag ?? null,
    ragLabel: item.ragLabel,
    ragReason: item.ragReason ?? null,
    year: item.year,
    organisation: item.force ? { code: item.force.code, name: item.force.name } : null,
    report: item.report ? reportRef(item.report) : null,
    exampleData: item.exampleData,
    url: findingUrl(item.reference),
  };
}

export function findingsPage(list: FindingsListModel, next: string | null): FindingsPage {
  return {
    total: list.total,
    page: list.page,
    pageSize: list.pageSize,
    pageCount: list.pageCount,
    sort: list.sort,
    dir: list.dir,
    countsByStatus: Object.fromEntries(list.countsByStatus.map((row) => [row.status, row.count])),
    countsByKind: Object.fromEntries(list.countsByKind.map((row) => [row.kind, row.count])),
    items: list.items.map(findingSummary),
    next,
  };
}

function assessment(item: AssessmentModel): Assessment {
  return {
    verdict: item.verdict,
    verdictLabel: item.verdictLabel,
    quote: item.quote,
    commentary: item.commentary,
    assessedOn: item.assessedOn,
    recordedBy: item.recordedBy,
    report: item.report ? reportRef(item.report) : null,
  };
}

function linked(link: FindingDetailModel['earlier'][number]): LinkedFinding {
  return {
    type: link.type,
    label: link.label,
    reason: link.reason,
    finding: findingSummary(link.finding),
    latestAssessment: link.latestAssessment ? assessment(link.latestAssessment) : null,
  };
}

export function findingDetail(model: FindingDetailModel): FindingDetail {
  return {
    ...findingSummary(model),
    version: model.version,
    text: model.text,
    subPoints: model.subPoints,
    section: model.section,
    actionOwners: model.actionOwners,
    statusMeaning: model.statusMeaning,
    isStatement: model.isStatement,
    statement: model.statement ? { reference: model.statement.reference } : null,
    parent: model.parent ? findingSummary(model.parent) : null,
    children: model.children.map(findingSummary),
    recipients: model.recipients.map(findingSummary),
    sources: model.sources.map((source) => ({
      role: source.role,
      roleLabel: source.roleLabel,
      section: source.section,
      report: reportRef(source.report),
      publishedOn: source.report.publishedOn,
    })),
    earlier: model.earlier.map(linked),
    later: model.later.map(linked),
    latestAssessment: model.latestAssessment ? assessment(model.latestAssessment) : null,
    assessments: model.assessments.map(assessment),
    actions: model.actions.map((action) => ({
      id: action.id,
      version: action.version,
      description: action.description,
      owner: action.owner,
      dueDate: action.dueDate,
      status: action.status,
      statusLabel: action.statusLabel,
      overdue: action.overdue,
    })),
    evidence: model.evidence.map((item) => ({
      id: item.id,
      kind: item.kind,
      title: item.title,
      description: item.description,
      url: item.url,
      fileName: item.fileName,
      sizeBytes: item.sizeBytes,
      sha256: item.sha256,
      reviewState: item.reviewState,
      reviewLabel: item.reviewLabel,
      reviewReason: item.reviewReason,
      withdrawn: item.withdrawn,
      addedBy: item.addedBy,
      createdAt: item.createdAt,
    })),
    history: model.history.map((entry) => ({
      type: entry.type,
      label: entry.label,
      fromValue: entry.fromValue,
      toValue: entry.toValue,
      commentary: entry.commentary,
      author: entry.author,
      createdAt: entry.createdAt,
    })),
    verifications: model.verifications.map((verification) => ({
      decision: verification.decision,
      decisionLabel: verification.decisionLabel,
      reason: verification.reason,
      decidedBy: verification.decidedBy,
      decidedAt: verification.decidedAt,
    })),
  };
}

function judgment(item: JudgmentModel): Judgment {
  return {
    pillar: item.pillar,
    area: item.area,
    grade: item.grade,
    gradeLabel: item.gradeLabel,
    lastInspected: item.lastInspected,
  };
}

function reportSummary(report: ReportListModel[number]): ReportSummary {
  return {
    key: report.key,
    title: report.title,
    inspectorate: report.inspectorate,
    type: report.type,
    typeLabel: report.typeLabel,
    organisation: report.force ? { code: report.force.code, name: report.force.name } : null,
    national: report.national,
    period: report.period,
    year: report.year,
    publishedOn: report.publishedOn,
    sourceUrl: report.sourceUrl,
    inspectionTitle: report.inspectionTitle,
    findingCount: report.findingCount,
    judgments: report.judgments.map(judgment),
    url: reportUrl(report.key),
  };
}

export function reportList(reports: ReportListModel): ReportList {
  return { items: reports.map(reportSummary) };
}

export function reportDetail(report: ReportDetailModel): ReportDetail {
  return {
    ...reportSummary({ ...report, findingCount: report.findings.length }),
    otherDocuments: report.otherDocuments.map(reportRef),
    findings: report.findings.map((finding) => ({
      ...findingSummary(finding),
      section: finding.section,
      role: finding.role,
    })),
  };
}
