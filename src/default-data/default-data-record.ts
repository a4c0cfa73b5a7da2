/**
 * The default data file as a ReportRecord: every report, judgment, finding (with its sources,
 * example status and actions), assessment and link, as ReportRecorder writes them. Pure.
 */
import type { ReportRecord } from '../reports/report-record';
import type { DefaultData } from './default-data.types';

type DefaultFinding = DefaultData['findings'][number];

/**
 * The day a finding's example status was reached, from the data's own dates: the latest of its sources' publication
 * dates (the status is as the latest report saw it) and the due dates of its completed actions. Null when not started
 * or when the data gives no date.
 */
export function exampleStatusSince(
  row: DefaultFinding,
  publishedOn: (reportKey: string) => string | null,
): string | null {
  if (row.status === 'not_started') {
    return null;
  }
  const dates = [
    ...row.sources.map((source) => publishedOn(source.reportKey)),
    ...row.actions.filter((action) => action.status === 'done').map((action) => action.dueDate),
  ].filter((day): day is string => day !== null);
  return dates.length ? dates.reduce((latest, day) => (day > latest ? day : latest)) : null;
}

export function recordOfDefaultData(data: DefaultData, author: string, at: string): ReportRecord {
  const reports = [...data.reports].sort((a, b) => a.order - b.order);
  const reportIndex = new Map(reports.map((report, index) => [report.key, index]));
  const report = (key: string): number => {
    const index = reportIndex.get(key);
    if (index === undefined) {
      throw new Error(`The default data has no report ${key}`);
    }
    return index;
  };
  const publishedOn = (key: string) => reports[report(key)].publishedOn;
  // Parents first, so a recommendation can point at its cause of concern.
  const findings = [...data.findings].sort(
    (a, b) => Number(a.parentReference !== null) - Number(b.parentReference !== null),
  );
  return {
    author,
    at,
    importedFrom: null,
    reports: reports.map((row) => ({
      key: row.key,
      inspectionKey: row.inspectionKey,
      title: row.title,
      inspectorate: row.inspectorate,
      type: row.type,
      forceCode: row.forceCode,
      period: row.period,
      publishedOn: row.publishedOn,
      sourceFile: row.sourceFile,
      sourceUrl: row.sourceUrl,
      displayOrder: row.order,
    })),
    judgments: data.judgments.map((row) => ({
      report: report(row.reportKey),
      pillar: row.pillar,
      area: row.area,
      grade: row.grade,
      lastInspected: row.lastInspected,
      position: row.position,
    })),
    items: findings.map((row, index) => ({
      finding: {
        reference: row.reference,
        kind: row.kind,
        title: row.title,
        text: row.text,
        subPoints: row.subPoints,
        parent: row.parentReference ? { reference: row.parentReference } : null,
        theme: row.theme,
        sources: row.sources.map((source) => ({
          report: report(source.reportKey),
          section: source.section,
          role: source.role,
          // Where the position within a report is unknown, the file's order stands in for it.
          position: source.position ?? data.findings.length + index,
        })),
        owner: row.owner,
        actionOwners: row.actionOwners,
        status: row.status,
        targetDate: row.targetDate,
        exampleData: row.exampleData,
        statusSince: exampleStatusSince(row, publishedOn),
        actions: row.actions,
      },
    })),
    assessments: data.assessments.map((row) => ({
      finding: { reference: row.findingReference },
      report: report(row.reportKey),
      verdict: row.verdict,
      quote: row.quote,
      assessedOn: row.assessedOn,
    })),
    links: data.links.map((row) => ({
      from: { reference: row.fromReference },
      to: { reference: row.toReference },
      type: row.type,
      reason: row.reason,
    })),
  };
}
