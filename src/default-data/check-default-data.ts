import { ACTION_STATUS_VALUES } from '../findings/action-status';
import { FINDING_KIND_VALUES } from '../findings/finding-kind';
import {
  ASSESSMENT_VERDICT_VALUES,
  FINDING_STATUS_VALUES,
  LINK_TYPE_VALUES,
  RAG_VALUES,
  SOURCE_ROLES,
} from '../findings/finding-status';
import { GRADES, INSPECTORATES, PILLARS, REPORT_TYPES } from '../reports/report-types';
import type { DefaultData } from './default-data.types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks the default data file before it is loaded: every value in its allowed set, every
 * reference and report key resolvable, references unique, each finding with an origin source and
 * the force the tracker files it under (its origin report's; none for a national recommendation).
 * Returns the problems found (empty when the file is sound).
 */
export function checkDefaultData(data: DefaultData): string[] {
  const problems: string[] = [];
  const oneOf = (where: string, value: unknown, allowed: readonly unknown[]) => {
    if (!allowed.includes(value)) {
      problems.push(`${where}: "${String(value)}" is not one of ${allowed.join(', ')}`);
    }
  };
  const date = (where: string, value: string | null) => {
    if (value !== null && !ISO_DATE.test(value)) {
      problems.push(`${where}: "${value}" is not a YYYY-MM-DD date`);
    }
  };

  const forceCodes = new Set(data.forces.map((force) => force.code));
  const reportKeys = new Set<string>();
  const reportForces = new Map(data.reports.map((report) => [report.key, report.forceCode]));
  for (const report of data.reports) {
    if (reportKeys.has(report.key)) {
      problems.push(`report ${report.key}: duplicate key`);
    }
    reportKeys.add(report.key);
    oneOf(`report ${report.key} inspectorate`, report.inspectorate, INSPECTORATES);
    oneOf(`report ${report.key} type`, report.type, Object.keys(REPORT_TYPES));
    date(`report ${report.key} publishedOn`, report.publishedOn);
    if (report.forceCode !== null && !forceCodes.has(report.forceCode)) {
      problems.push(`report ${report.key}: unknown force ${report.forceCode}`);
    }
    if (!/^\d{4}/.test(report.period)) {
      problems.push(`report ${report.key}: period "${report.period}" does not start with a year`);
    }
  }
  for (const judgment of data.judgments) {
    const where = `judgment "${judgment.area}" in ${judgment.reportKey}`;
    if (!reportKeys.has(judgment.reportKey)) {
      problems.push(`${where}: unknown report`);
    }
    oneOf(`${where} grade`, judgment.grade, Object.keys(GRADES));
    if (judgment.pillar !== null) {
      oneOf(`${where} pillar`, judgment.pillar, PILLARS);
    }
  }

  const references = new Set<string>();
  for (const finding of data.findings) {
    if (references.has(finding.reference)) {
      problems.push(`finding ${finding.reference}: duplicate reference`);
    }
    references.add(finding.reference);
  }
  for (const finding of data.findings) {
    const where = `finding ${finding.reference}`;
    oneOf(`${where} kind`, finding.kind, FINDING_KIND_VALUES);
    oneOf(`${where} status`, finding.status, FINDING_STATUS_VALUES);
    if (finding.rag !== null) {
      oneOf(`${where} rag`, finding.rag, RAG_VALUES);
    }
    date(`${where} targetDate`, finding.targetDate);
    if (!finding.text.trim()) {
      problems.push(`${where}: empty text`);
    }
    if (finding.forceCode !== null && !forceCodes.has(finding.forceCode)) {
      problems.push(`${where}: unknown force ${finding.forceCode}`);
    }
    if (finding.parentReference !== null && !references.has(finding.parentReference)) {
      problems.push(`${where}: unknown parent ${finding.parentReference}`);
    }
    const origins = finding.sources.filter((source) => source.role === 'origin');
    if (origins.length !== 1) {
      problems.push(`${where}: needs exactly one origin source`);
    } else if (reportForces.has(origins[0].reportKey)) {
      // The tracker files a finding under its origin report's force (ReportRecorder); the file must agree.
      const force = finding.kind === 'national_recommendation' ? null : reportForces.get(origins[0].reportKey)!;
      if (finding.forceCode !== force) {
        problems.push(
          `${where}: force ${finding.forceCode ?? 'none'} should be ${force ?? 'none'} (${finding.kind === 'national_recommendation' ? 'a national recommendation has none' : 'its origin report’s'})`,
        );
      }
    }
    for (const source of finding.sources) {
      oneOf(`${where} source role`, source.role, Object.keys(SOURCE_ROLES));
      if (source.position !== null && !Number.isInteger(source.position)) {
        problems.push(`${where}: source position must be a whole number or null`);
      }
      if (!reportKeys.has(source.reportKey)) {
        problems.push(`${where}: unknown source report ${source.reportKey}`);
      }
    }
    for (const action of finding.actions) {
      oneOf(`${where} action status`, action.status, ACTION_STATUS_VALUES);
      date(`${where} action dueDate`, action.dueDate);
    }
  }
  for (const assessment of data.assessments) {
    const where = `assessment of ${assessment.findingReference}`;
    if (!references.has(assessment.findingReference)) {
      problems.push(`${where}: unknown finding`);
    }
    if (!reportKeys.has(assessment.reportKey)) {
      problems.push(`${where}: unknown report ${assessment.reportKey}`);
    }
    oneOf(`${where} verdict`, assessment.verdict, ASSESSMENT_VERDICT_VALUES);
    date(`${where} assessedOn`, assessment.assessedOn);
  }
  for (const link of data.links) {
    const where = `link ${link.fromReference} → ${link.toReference}`;
    oneOf(`${where} type`, link.type, LINK_TYPE_VALUES);
    for (const reference of [link.fromReference, link.toReference]) {
      if (!references.has(reference)) {
        problems.push(`${where}: unknown finding ${reference}`);
      }
    }
  }
  return problems;
}
