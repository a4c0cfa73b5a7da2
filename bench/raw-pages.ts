/**
 * The raw baseline's finding page and dashboard (bench/raw-server.ts): the same view models as the app's
 * (FindingsService.getByReference + findingPage(), DashboardService.overview()), read with hand-written SQL through
 * better-sqlite3 and shaped with the app's own pure functions (summariseFinding, latestAssessment, describeReport,
 * describeJudgment, findingsUrl…), so the HTML is the app's byte for byte and any difference in time is the stack's.
 * Every read is limited to the reader's scope as FindingQueries does: a force's reader sees their force's items of
 * work and national reports and assessments; inspectors and administrators every force's.
 */
import type { CurrentUser } from '../src/access/current-user';
import { inScope, scopeOf, type Scope } from '../src/access/scope';
import { describeAge, todayIso } from '../src/common/dates';
import { EVIDENCE_KINDS, EVIDENCE_REVIEW_STATES, type EvidenceKind } from '../src/evidence/evidence.entity';
import { ACTION_STATUSES, type ActionStatus } from '../src/findings/action-status';
import { FINDING_KINDS, FINDING_KIND_VALUES, type FindingKind } from '../src/findings/finding-kind';
import { findingPage } from '../src/findings/finding-page.view';
import {
  ASSESSMENT_VERDICTS,
  FINDING_STATUSES,
  FINDING_STATUS_VALUES,
  LINK_TYPES,
  SOURCE_ROLES,
  type AssessmentVerdict,
  type FindingStatus,
  type LinkType,
  type SourceRole,
} from '../src/findings/finding-status';
import type { Finding } from '../src/findings/finding.entity';
import {
  ageInDays,
  describeAssessment,
  describeValue,
  summariseFinding,
  UNIMPLEMENTED_SHOWN,
  type SummaryContext,
} from '../src/findings/findings.service';
import { findingsUrl } from '../src/findings/findings-url';
import { latestAssessment } from '../src/findings/implementation-state';
import { isActionOverdue } from '../src/findings/rag';
import { isStatement, RECIPIENT_GROUPS, type RecipientGroup } from '../src/findings/recipient-records';
import { UPDATE_TYPES, type UpdateType } from '../src/findings/update-type';
import { VERIFICATION_DECISIONS, type VerificationDecision } from '../src/findings/verification.entity';
import { TIMELINE_SHOWN } from '../src/dashboard/dashboard.service';
import { describeJudgment, describeReport } from '../src/reports/reports.service';
import type { Judgment } from '../src/reports/judgment.entity';
import type { Report } from '../src/reports/report.entity';
import type { SqliteStatement } from './sqlite';

/** A prepared statement for this SQL (cached by the caller). */
export type Prepare = (sql: string) => SqliteStatement;

type SqlParameters = Record<string, string | number | null>;

/** Items of work (alias `alias`, a finding) within the scope: the rule of VisibleFindings.limit(). */
export function itemsInScope(scopeForceId: number | null, alias: string): string {
  return scopeForceId === null ? `${alias}.force_id IS NOT NULL` : `${alias}.force_id = @scopeForceId`;
}

/** A finding (alias f) still to be implemented, its latest verdict in finding_standings (remainingUnimplemented()). */
export const UNIMPLEMENTED_SQL = `f.kind <> 'observation' AND f.status NOT IN ('verified_closed', 'superseded')
  AND f.id NOT IN (SELECT s.finding_id FROM finding_standings s WHERE s.latest_verdict IN ('implemented', 'superseded'))`;

/** A finding (alias f) raised again by a later report of its own organisation (raisedAgainCondition()). */
export const RAISED_AGAIN_SQL = 'f.id IN (SELECT s.finding_id FROM finding_standings s WHERE s.raised_again = TRUE)';

/** The columns of a finding (alias `alias`) the pages read, as the row fields of FindingRow. */
function findingColumns(alias: string): string {
  return `${alias}.id, ${alias}.reference, ${alias}.kind, ${alias}.title, ${alias}.text, ${alias}.sub_points AS subPoints,
    ${alias}.parent_id AS parentId, ${alias}.force_id AS forceId, ${alias}.national_finding_id AS nationalFindingId,
    ${alias}.recipients, ${alias}.report_id AS reportId, ${alias}.year, ${alias}.position, ${alias}.section,
    ${alias}.theme, ${alias}.owner, ${alias}.action_owners AS actionOwners, ${alias}.status,
    ${alias}.target_date AS targetDate, ${alias}.example_data AS exampleData, ${alias}.version`;
}

/** The report's columns (alias `alias`) for a finding's summary. */
function reportColumns(alias: string): string {
  return `${alias}.key AS reportKey, ${alias}.title AS reportTitle, ${alias}.period AS reportPeriod,
    ${alias}.published_on AS reportPublishedOn`;
}

interface FindingRow {
  id: number;
  reference: string;
  kind: FindingKind;
  title: string;
  text: string;
  subPoints: string;
  parentId: number | null;
  forceId: number | null;
  nationalFindingId: number | null;
  recipients: RecipientGroup | null;
  reportId: number;
  year: number;
  position: number;
  section: string | null;
  theme: string;
  owner: string | null;
  actionOwners: string;
  status: FindingStatus;
  targetDate: string | null;
  exampleData: number;
  version: number;
  forceCode?: string | null;
  forceName?: string | null;
  reportKey?: string | null;
  reportTitle?: string | null;
  reportPeriod?: string | null;
  reportPublishedOn?: string | null;
}

/** A finding as the pure functions read it, with the force and report this query joined (and only those). */
interface FindingItem {
  id: number;
  reference: string;
  kind: FindingKind;
  title: string;
  text: string;
  subPoints: string[];
  forceId: number | null;
  nationalFindingId: number | null;
  recipients: RecipientGroup | null;
  year: number;
  section: string | null;
  theme: string;
  owner: string | null;
  actionOwners: string[];
  status: FindingStatus;
  targetDate: string | null;
  exampleData: boolean;
  version: number;
  force: { code: string; name: string } | null;
  report: { key: string; title: string; period: string; publishedOn: string | null } | null;
}

function findingItem(row: FindingRow): FindingItem {
  return {
    id: Number(row.id),
    reference: row.reference,
    kind: row.kind,
    title: row.title,
    text: row.text,
    subPoints: JSON.parse(row.subPoints) as string[],
    forceId: row.forceId,
    nationalFindingId: row.nationalFindingId,
    recipients: row.recipients,
    year: row.year,
    section: row.section,
    theme: row.theme,
    owner: row.owner,
    actionOwners: JSON.parse(row.actionOwners) as string[],
    status: row.status,
    targetDate: row.targetDate,
    exampleData: Boolean(row.exampleData),
    version: row.version,
    force: row.forceCode ? { code: row.forceCode, name: row.forceName! } : null,
    report: row.reportKey
      ? {
          key: row.reportKey,
          title: row.reportTitle!,
          period: row.reportPeriod!,
          publishedOn: row.reportPublishedOn ?? null,
        }
      : null,
  };
}

/** The summary's input is an entity; the pure function reads only the fields FindingItem has. */
const asEntity = (item: FindingItem) => item as unknown as Finding;

interface AssessmentRow {
  id: number;
  findingId: number;
  verdict: AssessmentVerdict;
  quote: string | null;
  commentary: string | null;
  assessedOn: string | null;
  recordedBy: string;
  createdAt: string;
  forceId: number | null;
  forceName: string | null;
  reportKey: string | null;
  reportTitle: string | null;
  reportPeriod: string | null;
}

/** The app's describeAssessment(), from the row. */
function describeAssessmentRow(assessment: AssessmentRow) {
  return describeAssessment({
    ...assessment,
    force: assessment.forceName === null ? null : { name: assessment.forceName },
    report:
      assessment.reportKey === null
        ? null
        : { key: assessment.reportKey, title: assessment.reportTitle!, period: assessment.reportPeriod! },
  });
}

/** The assessments of these findings within the scope: of the scope's force, or of none (assessmentsOf()). */
function assessmentsOf(prepare: Prepare, ids: readonly number[], scopeForceId: number | null): AssessmentRow[] {
  if (ids.length === 0) {
    return [];
  }
  return prepare(
    `SELECT a.id, a.finding_id AS findingId, a.verdict, a.quote, a.commentary, a.assessed_on AS assessedOn,
        a.recorded_by AS recordedBy, a.created_at AS createdAt, a.force_id AS forceId, fo.name AS forceName,
        r.key AS reportKey, r.title AS reportTitle, r.period AS reportPeriod
      FROM assessments a LEFT JOIN reports r ON r.id = a.report_id LEFT JOIN forces fo ON fo.id = a.force_id
      WHERE a.finding_id IN (SELECT value FROM json_each(@ids))
        AND ${scopeForceId === null ? '1 = 1' : '(a.force_id = @scopeForceId OR a.force_id IS NULL)'}
      ORDER BY a.id`,
  ).all({ ids: JSON.stringify([...new Set(ids)]), scopeForceId }) as AssessmentRow[];
}

interface Context {
  latest: AssessmentRow | null;
  lastUpdateAt: string | null;
}

/** For each finding: its latest assessment within the scope and its last update (summaryContexts()). */
function contextsOf(prepare: Prepare, ids: readonly number[], scopeForceId: number | null): Map<number, Context> {
  const result = new Map<number, Context>(ids.map((id) => [id, { latest: null, lastUpdateAt: null }]));
  if (ids.length === 0) {
    return result;
  }
  const byFinding = new Map<number, AssessmentRow[]>();
  for (const row of assessmentsOf(prepare, ids, scopeForceId)) {
    byFinding.set(row.findingId, [...(byFinding.get(row.findingId) ?? []), row]);
  }
  for (const [id, rows] of byFinding) {
    result.get(id)!.latest = latestAssessment(rows);
  }
  const updates = prepare(
    `SELECT finding_id AS findingId, MAX(created_at) AS lastUpdateAt FROM finding_updates
      WHERE finding_id IN (SELECT value FROM json_each(@ids)) GROUP BY finding_id`,
  ).all({ ids: JSON.stringify([...new Set(ids)]) }) as Array<{ findingId: number; lastUpdateAt: string }>;
  for (const row of updates) {
    result.get(Number(row.findingId))!.lastUpdateAt = row.lastUpdateAt;
  }
  return result;
}

/** The summary's context from ours (the pure function reads verdict, assessedOn and createdAt of the latest). */
const summaryContext = (context: Context | undefined, today: string): SummaryContext => ({
  latest: (context?.latest ?? null) as SummaryContext['latest'],
  lastUpdateAt: context?.lastUpdateAt ?? null,
  today,
});

interface LinkRow extends FindingRow {
  linkId: number;
  linkType: LinkType;
  linkReason: string | null;
}

/**
 * The view model of a finding's page (findingPage() of getByReference()), or null for a reference the reader may
 * not open (a 404, as the app gives).
 */
export function findingPageModel(prepare: Prepare, reference: string, user: CurrentUser) {
  const scope = scopeOf(user);
  const scopeForceId = scope.forceId;
  const includes = (forceId: number | null) => forceId !== null && (scopeForceId === null || forceId === scopeForceId);
  const canSee = (finding: Pick<FindingItem, 'forceId' | 'kind'>) => isStatement(finding) || includes(finding.forceId);

  // The finding, with its force, report and parent; a statement, for a force's reader, is their force's record of it.
  const withRelations = (where: string) =>
    `SELECT ${findingColumns('f')}, fo.code AS forceCode, fo.name AS forceName, ${reportColumns('r')},
        p.reference AS parentReference, p.title AS parentTitle, p.kind AS parentKind, p.status AS parentStatus,
        p.owner AS parentOwner, p.theme AS parentTheme, p.target_date AS parentTargetDate, p.year AS parentYear,
        p.example_data AS parentExampleData
      FROM findings f LEFT JOIN forces fo ON fo.id = f.force_id LEFT JOIN reports r ON r.id = f.report_id
        LEFT JOIN findings p ON p.id = f.parent_id
      WHERE ${where}`;
  type Found = FindingRow & Record<`parent${string}`, string | number | null>;
  let row = prepare(withRelations('f.reference = @reference')).get({ reference }) as Found | undefined;
  if (row && isStatement(row) && scopeForceId !== null) {
    row = prepare(withRelations('f.national_finding_id = @statementId AND f.force_id = @scopeForceId')).get({
      statementId: row.id,
      scopeForceId,
    }) as Found | undefined;
  }
  if (!row || !canSee(row)) {
    return null;
  }
  const finding = findingItem(row);
  const parent =
    row.parentReference === null
      ? null
      : ({
          reference: row.parentReference,
          title: row.parentTitle,
          kind: row.parentKind,
          status: row.parentStatus,
          owner: row.parentOwner,
          theme: row.parentTheme,
          targetDate: row.parentTargetDate,
          year: row.parentYear,
          exampleData: Boolean(row.parentExampleData),
          force: null,
          report: null,
        } as unknown as Finding);
  // A recipient's record reads what the inspectorate said (sources, links) from its statement.
  const statementId = finding.nationalFindingId ?? finding.id;
  const both = JSON.stringify([...new Set([finding.id, statementId])]);
  const parameters: SqlParameters = { id: finding.id, statementId, both, scopeForceId };

  const sources = prepare(
    `SELECT s.role, s.section, r.key, r.title, r.period, r.published_on AS publishedOn, r.force_id AS forceId
      FROM finding_sources s JOIN reports r ON r.id = s.report_id
      WHERE s.finding_id = @statementId ORDER BY s.role ASC, s.id ASC`,
  ).all(parameters) as Array<{
    role: SourceRole;
    section: string | null;
    key: string;
    title: string;
    period: string;
    publishedOn: string | null;
    forceId: number | null;
  }>;
  const children = (
    prepare(
      `SELECT ${findingColumns('f')}, ${reportColumns('r')} FROM findings f LEFT JOIN reports r ON r.id = f.report_id
        WHERE ${itemsInScope(scopeForceId, 'f')} AND f.parent_id = @id ORDER BY f.position ASC, f.id ASC`,
    ).all(parameters) as FindingRow[]
  ).map(findingItem);
  const linked = (direction: 'from' | 'to') =>
    (
      prepare(
        `SELECT l.id AS linkId, l.type AS linkType, l.reason AS linkReason, ${findingColumns('o')}, ${reportColumns('r')}
          FROM finding_links l JOIN findings o ON o.id = l.${direction === 'from' ? 'to' : 'from'}_finding_id
            LEFT JOIN reports r ON r.id = o.report_id
          WHERE l.${direction}_finding_id IN (SELECT value FROM json_each(@both)) ORDER BY l.id ASC`,
      ).all(parameters) as LinkRow[]
    ).map((link) => ({ id: link.linkId, type: link.linkType, reason: link.linkReason, other: findingItem(link) }));
  const outgoing = linked('from');
  const incoming = linked('to');
  const assessments = assessmentsOf(prepare, [finding.id], scopeForceId);
  const actions = prepare(
    `SELECT id, version, description, owner, due_date AS dueDate, status FROM actions WHERE finding_id = @id
      ORDER BY id ASC`,
  ).all(parameters) as Array<{
    id: number;
    version: number;
    description: string;
    owner: string | null;
    dueDate: string | null;
    status: ActionStatus;
  }>;
  const evidence = prepare(
    `SELECT id, kind, title, description, url, file_name AS fileName, size_bytes AS sizeBytes, sha256,
        review_state AS reviewState, review_reason AS reviewReason, withdrawn_at AS withdrawnAt,
        withdrawn_reason AS withdrawnReason, added_by AS addedBy, created_at AS createdAt
      FROM evidence WHERE finding_id = @id ORDER BY created_at DESC, id DESC`,
  ).all(parameters) as Array<{
    id: number;
    kind: EvidenceKind;
    title: string;
    description: string | null;
    url: string | null;
    fileName: string | null;
    sizeBytes: number | null;
    sha256: string | null;
    reviewState: keyof typeof EVIDENCE_REVIEW_STATES;
    reviewReason: string | null;
    withdrawnAt: string | null;
    withdrawnReason: string | null;
    addedBy: string;
    createdAt: string;
  }>;
  const updates = prepare(
    `SELECT type, from_value AS fromValue, to_value AS toValue, commentary, author, created_at AS createdAt
      FROM finding_updates WHERE finding_id = @id ORDER BY created_at DESC, id DESC`,
  ).all(parameters) as Array<{
    type: UpdateType;
    fromValue: string | null;
    toValue: string | null;
    commentary: string | null;
    author: string;
    createdAt: string;
  }>;
  const verifications = prepare(
    `SELECT decision, reason, decided_by AS decidedBy, decided_at AS decidedAt, snapshot FROM verifications
      WHERE finding_id = @id ORDER BY decided_at DESC, id DESC`,
  ).all(parameters) as Array<{
    decision: VerificationDecision;
    reason: string;
    decidedBy: string;
    decidedAt: string;
    snapshot: string;
  }>;
  const records = isStatement(finding)
    ? (
        prepare(
          `SELECT ${findingColumns('f')}, fo.code AS forceCode, fo.name AS forceName
            FROM findings f JOIN forces fo ON fo.id = f.force_id
            WHERE ${itemsInScope(scopeForceId, 'f')} AND f.national_finding_id = @id ORDER BY fo.name ASC`,
        ).all(parameters) as FindingRow[]
      ).map(findingItem)
    : [];
  const statement =
    finding.nationalFindingId === null
      ? null
      : (prepare('SELECT reference FROM findings WHERE id = @statementId').get(parameters) as
          { reference: string } | undefined);

  // A statement linked to a force's finding reads as that force's record of it (a force's reader: their own).
  const recordsForce = finding.forceId ?? scopeForceId;
  const linkedStatements = [...outgoing, ...incoming].map((link) => link.other).filter(isStatement);
  const forceRecords = new Map<number, FindingItem>();
  if (recordsForce !== null && includes(recordsForce) && linkedStatements.length > 0) {
    const rows = prepare(
      `SELECT ${findingColumns('f')}, ${reportColumns('r')} FROM findings f LEFT JOIN reports r ON r.id = f.report_id
        WHERE ${itemsInScope(scopeForceId, 'f')} AND f.force_id = @recordsForce
          AND f.national_finding_id IN (SELECT value FROM json_each(@statements))`,
    ).all({
      scopeForceId,
      recordsForce,
      statements: JSON.stringify([...new Set(linkedStatements.map((other) => other.id))]),
    }) as FindingRow[];
    for (const record of rows) {
      forceRecords.set(record.nationalFindingId!, findingItem(record));
    }
  }
  const asSeen = (other: FindingItem): FindingItem | null =>
    isStatement(other) && recordsForce !== null ? (forceRecords.get(other.id) ?? null) : canSee(other) ? other : null;
  const visibleLinks = (links: typeof outgoing) =>
    links.flatMap((link) => {
      const other = asSeen(link.other);
      return other && other.id !== finding.id ? [{ ...link, other }] : [];
    });
  const visibleOutgoing = visibleLinks(outgoing);
  const visibleIncoming = visibleLinks(incoming);
  // A record takes its statement's national sources and its own force's citing reports (as sourcedFrom() does).
  const visibleSources = sources.filter(
    (source) =>
      source.forceId === null ||
      (finding.nationalFindingId === null ? includes(source.forceId) : source.forceId === finding.forceId),
  );
  const related = [
    ...visibleOutgoing.map((link) => link.other),
    ...visibleIncoming.map((link) => link.other),
    ...children,
  ];
  const context = contextsOf(
    prepare,
    [...new Set([finding, ...related, ...records].map((item) => item.id))],
    scopeForceId,
  );
  const today = todayIso();
  const latest = latestAssessment(assessments);
  const summaryOf = (item: FindingItem) =>
    summariseFinding(asEntity(item), summaryContext(context.get(item.id), today));
  const describeLink = (link: (typeof visibleOutgoing)[number], label: string) => {
    const assessment = context.get(link.other.id)?.latest ?? null;
    return {
      type: link.type,
      label,
      reason: link.reason,
      finding: summaryOf(link.other),
      latestAssessment: assessment ? describeAssessmentRow(assessment) : null,
    };
  };
  const visibleAssessments = [...assessments].sort((a, b) =>
    (b.assessedOn ?? b.createdAt).localeCompare(a.assessedOn ?? a.createdAt),
  );

  const detail = {
    ...summariseFinding(asEntity(finding), {
      latest: latest as SummaryContext['latest'],
      lastUpdateAt: updates[0]?.createdAt ?? null,
      today,
    }),
    id: finding.id,
    version: finding.version,
    forceId: finding.forceId,
    text: finding.text,
    subPoints: finding.subPoints,
    section: finding.section,
    actionOwners: finding.actionOwners,
    statusMeaning: FINDING_STATUSES[finding.status].meaning,
    parent: parent ? summariseFinding(parent, { today }) : null,
    children: children.map(summaryOf),
    statement: statement
      ? {
          reference: statement.reference,
          href: scopeForceId === null ? `/findings/${encodeURIComponent(statement.reference)}` : null,
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
        latestAssessment: recordContext?.latest ? describeAssessmentRow(recordContext.latest) : null,
      };
    }),
    recipientGroup: RECIPIENT_GROUPS[finding.recipients ?? 'police_forces'],
    sources: visibleSources.map((source) => ({
      roleLabel: SOURCE_ROLES[source.role],
      role: source.role,
      section: source.section,
      report: {
        key: source.key,
        title: source.title,
        period: source.period,
        href: `/reports/${source.key}`,
        publishedOn: source.publishedOn,
      },
    })),
    earlier: visibleOutgoing.map((link) => describeLink(link, LINK_TYPES[link.type].label)),
    later: visibleIncoming.map((link) => describeLink(link, LINK_TYPES[link.type].inverse)),
    latestAssessment: latest ? describeAssessmentRow(latest) : null,
    assessments: visibleAssessments.map(describeAssessmentRow),
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
        item.kind === 'file' ? `/findings/${encodeURIComponent(finding.reference)}/evidence/${item.id}/download` : null,
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
    activeEvidenceCount: evidence.filter((item) => item.withdrawnAt === null && item.reviewState !== 'rejected').length,
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
      snapshot: JSON.parse(verification.snapshot) as unknown,
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
  return findingPage(detail, user);
}

interface Organisation {
  id: number;
  code: string;
  name: string;
}

/** The dashboard's query (DashboardQuery): the organisation in view, trimmed, a code of letters; nothing else. */
export function validateDashboardQuery(raw: Record<string, unknown>): { force?: string } | { errors: string[] } {
  const unknown = Object.keys(raw).filter((name) => name !== 'force');
  if (unknown.length > 0) {
    return { errors: unknown.map((name) => `property ${name} should not exist`) };
  }
  // Anything but text with letters in it (absent, empty, given twice) is no choice, as DashboardQuery transforms it.
  const value = raw.force;
  const force = typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  if (force === undefined) {
    return {};
  }
  return /^[A-Za-z]{2,8}$/.test(force) ? { force } : { errors: ['Force must be a force code such as DER'] };
}

/**
 * The dashboard's view model (DashboardService.overview()): counts, the oldest unimplemented findings, those raised
 * again, the latest reports, of the reader's scope or the organisation chosen; null for a force not in the scope.
 */
export function dashboardModel(prepare: Prepare, user: CurrentUser, code: string | undefined) {
  const today = todayIso();
  const own = scopeOf(user);
  let scope: Scope = own;
  let force: Organisation | null = null;
  if (code) {
    force =
      (prepare('SELECT id, code, name FROM forces WHERE code = @code').get({ code: code.toUpperCase() }) as
        Organisation | undefined) ?? null;
    if (!force || !inScope(own, force.id)) {
      return null;
    }
    scope = { forceId: force.id };
  } else if (own.forceId !== null) {
    force =
      (prepare('SELECT id, code, name FROM forces WHERE id = @id').get({ id: own.forceId }) as
        Organisation | undefined) ?? null;
  }
  const scopeForceId = scope.forceId;
  const inView = itemsInScope(scopeForceId, 'f');

  // The counts by status and by kind: one grouped query on findings alone.
  const statusCounts = new Map<string, number>();
  const kindCounts = new Map<string, number>();
  for (const row of prepare(
    `SELECT f.status, f.kind, COUNT(*) AS count FROM findings f WHERE ${inView} GROUP BY f.status, f.kind`,
  ).all({ scopeForceId }) as Array<{ status: string; kind: string; count: number }>) {
    statusCounts.set(row.status, (statusCounts.get(row.status) ?? 0) + Number(row.count));
    kindCounts.set(row.kind, (kindCounts.get(row.kind) ?? 0) + Number(row.count));
  }
  const counts = {
    total: [...statusCounts.values()].reduce((sum, count) => sum + count, 0),
    byStatus: FINDING_STATUS_VALUES.map((status) => ({
      status,
      label: FINDING_STATUSES[status].label,
      meaning: FINDING_STATUSES[status].meaning,
      count: statusCounts.get(status) ?? 0,
      href: findingsUrl({ status, force: force?.code }),
    })),
    byKind: FINDING_KIND_VALUES.map((kind) => ({
      kind,
      label: FINDING_KINDS[kind].label,
      count: kindCounts.get(kind) ?? 0,
      href: findingsUrl({ kind, force: force?.code }),
    })),
  };

  /** How many findings meet the condition, and the oldest `UNIMPLEMENTED_SHOWN` with their report and force. */
  const oldest = (condition: string) => {
    const { total } = prepare(`SELECT COUNT(*) AS total FROM findings f WHERE ${inView} AND ${condition}`).get({
      scopeForceId,
    }) as { total: number };
    const rows = (
      prepare(
        `SELECT ${findingColumns('f')}, ${reportColumns('r')}, fo.code AS forceCode, fo.name AS forceName
          FROM findings f LEFT JOIN reports r ON r.id = f.report_id LEFT JOIN forces fo ON fo.id = f.force_id
          WHERE ${inView} AND ${condition} ORDER BY r.display_order ASC, f.position ASC, f.id ASC
          LIMIT ${UNIMPLEMENTED_SHOWN}`,
      ).all({ scopeForceId }) as FindingRow[]
    ).map(findingItem);
    return { total: Number(total), rows };
  };

  const unimplemented = oldest(UNIMPLEMENTED_SQL);
  const reRaised = oldest(RAISED_AGAIN_SQL);
  const context = contextsOf(
    prepare,
    [...new Set([...unimplemented.rows, ...reRaised.rows].map((row) => row.id))],
    scopeForceId,
  );

  // What raised each again: a later finding's link to it, then a later report's verdict of not (or partly) done.
  const ids = JSON.stringify(reRaised.rows.map((row) => row.id));
  const by = new Map<number, Array<{ label: string; href: string; how: string }>>();
  const add = (findingId: number, entry: { label: string; href: string; how: string }) => {
    const current = by.get(findingId) ?? [];
    if (!current.some((existing) => existing.label === entry.label && existing.how === entry.how)) {
      current.push(entry);
    }
    by.set(findingId, current);
  };
  if (reRaised.rows.length > 0) {
    const links = prepare(
      `SELECT earlier.id AS earlierId, l.type, later.reference AS laterReference, lr.period AS laterPeriod
        FROM finding_links l JOIN findings later ON later.id = l.from_finding_id
          JOIN reports lr ON lr.id = later.report_id
          JOIN findings cited ON cited.id = l.to_finding_id
          LEFT JOIN findings record ON record.national_finding_id = cited.id AND record.force_id = later.force_id
          JOIN findings earlier ON earlier.id = COALESCE(record.id, cited.id)
          JOIN reports er ON er.id = earlier.report_id
        WHERE l.type IN ('repeats', 'cites') AND lr.display_order > er.display_order
          AND ${itemsInScope(scopeForceId, 'earlier')} AND ${itemsInScope(scopeForceId, 'later')}
          AND earlier.id IN (SELECT value FROM json_each(@ids))
        ORDER BY l.id ASC`,
    ).all({ ids, scopeForceId }) as Array<{
      earlierId: number;
      type: LinkType;
      laterReference: string;
      laterPeriod: string;
    }>;
    for (const link of links) {
      add(link.earlierId, {
        label: `${link.laterReference} (${link.laterPeriod})`,
        href: `/findings/${encodeURIComponent(link.laterReference)}`,
        how: LINK_TYPES[link.type].inverse,
      });
    }
    const verdicts = prepare(
      `SELECT a.finding_id AS findingId, a.verdict, ar.key, ar.title, ar.period
        FROM assessments a JOIN reports ar ON ar.id = a.report_id
          JOIN findings earlier ON earlier.id = a.finding_id JOIN reports er ON er.id = earlier.report_id
        WHERE a.verdict IN ('not_implemented', 'partially_implemented') AND ar.display_order > er.display_order
          AND earlier.id IN (SELECT value FROM json_each(@ids))
          AND ${itemsInScope(scopeForceId, 'earlier')} AND ${itemsInScope(scopeForceId, 'a')}
        ORDER BY a.id ASC`,
    ).all({ ids, scopeForceId }) as Array<{
      findingId: number;
      verdict: AssessmentVerdict;
      key: string;
      title: string;
      period: string;
    }>;
    for (const verdict of verdicts) {
      add(verdict.findingId, {
        label: `${verdict.title} (${verdict.period})`,
        href: `/reports/${verdict.key}`,
        how: `Assessed as ${ASSESSMENT_VERDICTS[verdict.verdict].label.toLowerCase()}`,
      });
    }
  }

  // The timeline: the latest reports in the scope, with judgments and how many findings each publishes.
  const reportsInScope = scopeForceId === null ? '1 = 1' : '(r.force_id = @scopeForceId OR r.force_id IS NULL)';
  const { reportTotal } = prepare(`SELECT COUNT(*) AS reportTotal FROM reports r WHERE ${reportsInScope}`).get({
    scopeForceId,
  }) as { reportTotal: number };
  const reports = prepare(
    `SELECT r.id, r.key, r.title, r.inspectorate, r.type, r.force_id AS forceId, r.period, r.year,
        r.published_on AS publishedOn, r.source_file AS sourceFile, r.source_url AS sourceUrl,
        r.pcc_response_published_on AS pccResponsePublishedOn, r.pcc_response_url AS pccResponseUrl,
        fo.code AS forceCode, fo.name AS forceName, i.title AS inspectionTitle,
        (SELECT COUNT(*) FROM finding_sources s WHERE s.report_id = r.id) AS findingCount
      FROM reports r LEFT JOIN forces fo ON fo.id = r.force_id JOIN inspections i ON i.id = r.inspection_id
      WHERE ${reportsInScope} ORDER BY r.display_order DESC LIMIT ${TIMELINE_SHOWN}`,
  ).all({ scopeForceId }) as Array<
    Omit<Report, 'force' | 'inspection' | 'judgments'> & {
      forceCode: string | null;
      forceName: string | null;
      inspectionTitle: string;
      findingCount: number;
    }
  >;
  const judgments = new Map<number, Judgment[]>();
  if (reports.length > 0) {
    for (const judgment of prepare(
      `SELECT report_id AS reportId, pillar, area, grade, last_inspected AS lastInspected, position FROM judgments
        WHERE report_id IN (SELECT value FROM json_each(@ids)) ORDER BY report_id, position`,
    ).all({ ids: JSON.stringify(reports.map((report) => report.id)) }) as Judgment[]) {
      judgments.set(judgment.reportId, [...(judgments.get(judgment.reportId) ?? []), judgment]);
    }
  }
  const timeline = reports.map((report) => ({
    ...describeReport(
      {
        ...report,
        force: report.forceCode ? { code: report.forceCode, name: report.forceName } : null,
      } as unknown as Report,
      today,
    ),
    inspectionTitle: report.inspectionTitle,
    findingCount: Number(report.findingCount),
    judgments: (judgments.get(report.id) ?? []).map(describeJudgment),
  }));

  const choices =
    own.forceId === null
      ? (prepare('SELECT code, name FROM forces ORDER BY name ASC').all() as Array<{ code: string; name: string }>)
      : [];
  const summaryOf = (row: FindingItem) => summariseFinding(asEntity(row), summaryContext(context.get(row.id), today));
  const unimplementedItems = unimplemented.rows.map((row) => {
    const assessment = context.get(row.id)?.latest ?? null;
    const ageDays = ageInDays(row.report!.publishedOn, row.year, today);
    return {
      ...summaryOf(row),
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
  const reRaisedItems = reRaised.rows.flatMap((row) => {
    const reRaisedBy = by.get(row.id);
    return reRaisedBy ? [{ ...summaryOf(row), reRaisedBy }] : [];
  });
  return {
    pageTitle: 'Dashboard',
    nav: 'dashboard',
    dashboard: {
      today,
      force: force ? { code: force.code, name: force.name } : null,
      forces: choices.map((choice) => ({
        value: choice.code,
        label: choice.name,
        selected: choice.code === force?.code,
      })),
      counts,
      unimplemented: unimplementedItems,
      unimplementedTotal: unimplemented.total,
      unimplementedMore: unimplemented.total > unimplementedItems.length,
      unimplementedHref: findingsUrl({ status: 'unimplemented', force: force?.code }),
      reRaised: reRaisedItems,
      reRaisedTotal: reRaised.total,
      reRaisedMore: reRaised.total > reRaisedItems.length,
      reRaisedHref: findingsUrl({ raised: 'again', force: force?.code }),
      timeline,
      timelineTotal: Number(reportTotal),
      timelineMore: Number(reportTotal) > timeline.length,
    },
  };
}
