/**
 * A report and its items as a plain description (ReportRecord), and the rules that turn it into
 * rows: what ReportRecorder writes, for a committed import and for the default data alike.
 */
import { isStatement, type RecipientGroup } from '../findings/recipient-records';
import type { ActionStatus } from '../findings/action-status';
import { FINDING_KINDS, type FindingKind } from '../findings/finding-kind';
import {
  SOURCE_ROLES,
  type AssessmentVerdict,
  type FindingStatus,
  type LinkType,
  type SourceRole,
} from '../findings/finding-status';
import type { FindingUpdate } from '../findings/finding-update.entity';
import type { Finding } from '../findings/finding.entity';
import type { Report } from './report.entity';
import type { Grade, Inspectorate, Pillar, ReportType } from './report-types';

/** A finding the record points at: item `item` of this record (0-based), or a reference. */
export type FindingRef = { item: number } | { reference: string };

export interface ReportToRecord {
  /** Its stable key; when absent, made from its force, period and type (`der-2025-integrity-inspection`, `…-2`). */
  key?: string;
  /**
   * A report already held, by key, that new findings are filed under (a force's tracker naming the report an item
   * came from): it is used as it is, and nothing else here is written for it.
   */
  heldKey?: string;
  /**
   * The inspection it is a document of, by key (made when not held yet); when absent, the
   * inspection held for the same force and period, made (keyed as the report) when there is none.
   */
  inspectionKey?: string;
  title: string;
  inspectorate: Inspectorate;
  type: ReportType;
  /** Null for a national report. */
  forceCode: string | null;
  period: string;
  publishedOn: string | null;
  sourceFile: string | null;
  sourceUrl: string | null;
  /** Its place among all reports; when absent, after every report held. */
  displayOrder?: number;
}

export interface JudgmentToRecord {
  /** Index into the record's reports. */
  report: number;
  pillar: Pillar | null;
  area: string;
  grade: Grade;
  lastInspected: string | null;
  position: number;
}

/** Where a finding is published: a report of this record (by index), its section, its role and position there. */
export interface SourceToRecord {
  report: number;
  section: string | null;
  role: SourceRole;
  position: number;
}

export interface ActionToRecord {
  description: string;
  owner: string | null;
  dueDate: string | null;
  status: ActionStatus;
}

/** A finding new to the tracker. */
export interface NewFindingToRecord {
  finding: {
    /** When absent, numbered after those held: FORCE-YEAR-CODE-NN (NAT for national recommendations). */
    reference?: string;
    kind: FindingKind;
    title: string;
    text: string;
    subPoints: string[];
    /** The cause of concern a recommendation belongs to: an earlier item of this record, or a reference. */
    parent: FindingRef | null;
    theme: string;
    /**
     * Every source, in order. The finding is filed under its origin source's report (section,
     * position); a national recommendation known only from a report citing it, under that report.
     */
    sources: SourceToRecord[];
    /** A national recommendation's recipients (null or absent: every police force). */
    recipients?: RecipientGroup | null;
    /**
     * The work already done (the default data's examples). On a national recommendation it is the work of the force
     * whose report in this record cites it (workingForceCode), recorded on that force's record.
     */
    owner?: string | null;
    actionOwners?: string[];
    /** Recorded as not started unless given (the default data's example statuses). */
    status?: FindingStatus;
    targetDate?: string | null;
    exampleData?: boolean;
    /** The day (YYYY-MM-DD) the given status was reached, when known; else the status is dated when recorded. */
    statusSince?: string | null;
    actions?: ActionToRecord[];
    /** The status one of its sources (a paper quoting it) gives it; that report is one of `sources`. */
    statedStatus?: StatedStatusToRecord | null;
  };
}

/**
 * The status a board paper, minutes or tracker gives a finding it quotes ("Green", "On track"), as
 * written, and the paper (a report of this record, by index) that gives it. Recorded in the history of
 * the finding it is about (for a national recommendation, the record of the paper's force), never as
 * the finding's own status.
 */
export interface StatedStatusToRecord {
  status: string;
  report: number;
}

/** Another source of a finding already held (the same finding in another document, a citation). */
export interface SourceOfHeldFinding {
  sourceOf: string;
  source: SourceToRecord;
  /** The status this source gives the held finding; its report is `source.report`. */
  statedStatus?: string | null;
}

export type ItemToRecord = NewFindingToRecord | SourceOfHeldFinding;

export interface AssessmentToRecord {
  finding: FindingRef;
  /** The report that makes it (index into the record's reports). */
  report: number;
  verdict: AssessmentVerdict;
  quote: string | null;
  /** Null: the report's publication date. */
  assessedOn: string | null;
}

export interface LinkToRecord {
  from: FindingRef;
  to: FindingRef;
  type: LinkType;
  reason: string | null;
}

export interface ReportRecord {
  /** Who records it: the author of the history entries and the recorder of the assessments. */
  author: string;
  /** When (ISO timestamp): the rows' creation time. */
  at: string;
  /**
   * The document a person imported it from: its findings' history says so and is dated `at`.
   * Null for the shipped default data, a record of what was published: dated by publication.
   */
  importedFrom: string | null;
  reports: ReportToRecord[];
  judgments: JudgmentToRecord[];
  /** Findings new to the tracker and further sources of held ones, in order (parents before their recommendations). */
  items: ItemToRecord[];
  /** Assessments and links whose finding is not found are left out (and not counted). */
  assessments: AssessmentToRecord[];
  /** Links to the finding itself, twice in the record or already held are left out. */
  links: LinkToRecord[];
}

/** The year a report is filed under: its publication year, or the first year of its period. */
export function reportYear(report: { publishedOn: string | null; period: string }): number {
  return Number((report.publishedOn ?? report.period).slice(0, 4));
}

export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The key a new report (and its new inspection) is given when none is: `der-2018-19-web-summary`. */
export function baseReportKey(report: Pick<ReportToRecord, 'forceCode' | 'period' | 'type'>): string {
  return `${(report.forceCode ?? 'NAT').toLowerCase()}-${slug(report.period)}-${slug(report.type)}`;
}

/** What a new finding's reference starts with: `DER-2025-AFI-`, `NAT-2022-REC-`. */
export function referencePrefix(kind: FindingKind, forceCode: string | null, year: number): string {
  const owner = kind === 'national_recommendation' ? 'NAT' : (forceCode ?? 'NAT');
  return `${owner}-${year}-${FINDING_KINDS[kind].code}-`;
}

/** The number a reference carries after its prefix (0 when it has none). */
export function referenceNumber(prefix: string, reference: string): number {
  return reference.startsWith(prefix) ? Number(reference.slice(prefix.length)) || 0 : 0;
}

export function formatReference(prefix: string, number: number): string {
  return `${prefix}${String(number).padStart(2, '0')}`;
}

/** The source a finding is filed under: its origin, or (a national recommendation cited here) its first. */
export function homeSource(sources: readonly SourceToRecord[]): SourceToRecord {
  const home = sources.find((source) => source.role === 'origin') ?? sources[0];
  if (!home) {
    throw new Error('A finding is recorded with at least one source');
  }
  return home;
}

/** Whether a new finding comes with work done (an owner, a status, a target date or actions). */
export function hasWork(row: NewFindingToRecord['finding']): boolean {
  return Boolean(
    row.owner ||
    row.targetDate ||
    (row.status && row.status !== 'not_started') ||
    (row.actionOwners && row.actionOwners.length > 0) ||
    (row.actions && row.actions.length > 0),
  );
}

/**
 * Whose work a national recommendation is recorded with: the force of the first of its sources that is a force's
 * report in this record (the report citing it); null when none is.
 */
export function workingForceCode(
  row: Pick<NewFindingToRecord['finding'], 'sources'>,
  record: Pick<ReportRecord, 'reports'>,
): string | null {
  for (const source of row.sources) {
    const code = record.reports[source.report]?.forceCode;
    if (code) {
      return code;
    }
  }
  return null;
}

/** The force a finding belongs to: none for a national recommendation, else its report's. */
export function findingForceId(kind: FindingKind, report: Pick<Report, 'forceId'>): number | null {
  return kind === 'national_recommendation' ? null : report.forceId;
}

type HistoryEntry = Pick<FindingUpdate, 'type' | 'fromValue' | 'toValue' | 'commentary' | 'createdAt'>;

/**
 * The history a new finding starts with: when it was recorded, and the status it was recorded
 * with when that is not "not started".
 */
export function newFindingHistory(
  report: Pick<Report, 'title' | 'period' | 'publishedOn' | 'year'>,
  finding: { status: FindingStatus; exampleData: boolean; statusSince?: string | null },
  record: Pick<ReportRecord, 'importedFrom' | 'at'>,
): HistoryEntry[] {
  const where = `${report.title} (${report.period})`;
  const history: HistoryEntry[] = [
    record.importedFrom === null
      ? {
          type: 'recorded',
          fromValue: null,
          toValue: null,
          commentary: `Published in ${where}.`,
          createdAt: `${report.publishedOn ?? `${report.year}-01-01`}T00:00:00.000Z`,
        }
      : {
          type: 'recorded',
          fromValue: null,
          toValue: null,
          commentary: `Imported from ${record.importedFrom}: published in ${where}.`,
          createdAt: record.at,
        },
  ];
  if (finding.status !== 'not_started') {
    history.push({
      type: 'status_change',
      fromValue: 'not_started',
      toValue: finding.status,
      commentary: finding.exampleData ? 'Example status for the default data.' : null,
      createdAt: finding.statusSince ? `${finding.statusSince}T00:00:00.000Z` : record.at,
    });
  }
  return history;
}

/** The history entry of a finding already held that is found in another document. */
export function furtherSourceHistory(
  report: Pick<Report, 'title'>,
  role: SourceRole,
  record: Pick<ReportRecord, 'importedFrom' | 'at'>,
): HistoryEntry {
  return {
    type: 'recorded',
    fromValue: null,
    toValue: null,
    commentary: `${SOURCE_ROLES[role]} ${report.title}${record.importedFrom === null ? '' : ` (imported from ${record.importedFrom})`}.`,
    createdAt: record.at,
  };
}

/** The longest stated status a history entry keeps (its value column holds 200 characters). */
export const STATED_STATUS_MAX_LENGTH = 200;

/**
 * Which finding takes the status a paper states about `finding`: the finding itself; for a national
 * recommendation's statement (which holds no work), the record of the paper's force; none when the
 * paper is no force's (a national document states no force's status).
 */
export function statedStatusHolder(
  finding: Pick<Finding, 'forceId' | 'kind'>,
  paper: Pick<Report, 'forceId'>,
): 'finding' | 'force_record' | null {
  if (!isStatement(finding)) {
    return 'finding';
  }
  return paper.forceId === null ? null : 'force_record';
}

/**
 * The history entry of a status a paper states for a finding: its value the status as written (cut to
 * fit), its commentary naming the paper and the file it was imported from. It changes no status: the
 * finding's status stays the force's and inspectors' to set.
 */
export function statedStatusHistory(
  paper: Pick<Report, 'title' | 'period'>,
  status: string,
  record: Pick<ReportRecord, 'importedFrom' | 'at'>,
): HistoryEntry {
  const written = status.replace(/\s+/g, ' ').trim();
  return {
    type: 'stated_status',
    fromValue: null,
    toValue:
      written.length <= STATED_STATUS_MAX_LENGTH ? written : `${written.slice(0, STATED_STATUS_MAX_LENGTH - 1)}…`,
    commentary: `Stated in ${paper.title} (${paper.period})${record.importedFrom === null ? '' : `, imported from ${record.importedFrom}`}. The finding's own status is not changed by it.`,
    createdAt: record.at,
  };
}
