import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTION_STATUS_VALUES } from '../../findings/action-status';
import { FINDING_KIND_VALUES } from '../../findings/finding-kind';
import {
  ASSESSMENT_VERDICT_VALUES,
  FINDING_STATUS_VALUES,
  LINK_TYPE_VALUES,
  RAG_VALUES,
} from '../../findings/finding-status';
import { IMPLEMENTATION_STATES } from '../../findings/implementation-state';
import { UPDATE_TYPES } from '../../findings/update-type';
import { GRADES, REPORT_TYPES } from '../../reports/report-types';

/*
 * What /api/v1 answers, as data: codes with their labels, dates as YYYY-MM-DD and times as ISO 8601 UTC, and the
 * addresses of the API's own resources. These classes are the OpenAPI description's schemas (nothing of the pages'
 * presentation: no tag colours, no forms); api-v1.mapper.ts fills them from the services' read models.
 */

const DATE = { type: String, format: 'date', example: '2026-03-31' } as const;
const DATE_TIME = { type: String, format: 'date-time' } as const;

export class OrganisationRef {
  @ApiProperty({ example: 'CHE' }) code: string;
  @ApiProperty({ example: 'Cheshire Constabulary' }) name: string;
}

export class ReportRef {
  @ApiProperty({ example: 'che-2025-peel' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '2025' }) period: string;
  @ApiProperty({ description: 'This report in the API', example: '/api/v1/reports/che-2025-peel' }) url: string;
}

export class Judgment {
  @ApiProperty({ type: String, nullable: true, example: 'effectiveness' }) pillar: string | null;
  @ApiProperty() area: string;
  @ApiProperty({ enum: Object.keys(GRADES) }) grade: string;
  @ApiProperty() gradeLabel: string;
  @ApiProperty({ type: String, nullable: true }) lastInspected: string | null;
}

export class ReportSummary {
  @ApiProperty({ example: 'che-2025-peel' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'HMICFRS' }) inspectorate: string;
  @ApiProperty({ enum: Object.keys(REPORT_TYPES) }) type: string;
  @ApiProperty() typeLabel: string;
  @ApiProperty({ type: () => OrganisationRef, nullable: true, description: 'null for a national report' })
  organisation: OrganisationRef | null;
  @ApiProperty({ description: 'A national (thematic) report, about no one force' }) national: boolean;
  @ApiProperty({ example: '2025' }) period: string;
  @ApiProperty({ type: 'integer', example: 2025 }) year: number;
  @ApiProperty({ ...DATE, nullable: true }) publishedOn: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Where the inspectorate publishes it' })
  sourceUrl: string | null;
  @ApiProperty() inspectionTitle: string;
  @ApiProperty({ type: 'integer', description: 'Findings the report publishes' }) findingCount: number;
  @ApiProperty({ type: () => [Judgment] }) judgments: Judgment[];
  @ApiProperty({ description: 'This report in the API' }) url: string;
}

export class ReportList {
  @ApiProperty({ type: () => [ReportSummary] }) items: ReportSummary[];
}

export class FindingSummary {
  @ApiProperty({ example: 'CHE-2025-AFI-01' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: FINDING_KIND_VALUES }) kind: string;
  @ApiProperty() kindLabel: string;
  @ApiProperty({ enum: FINDING_STATUS_VALUES }) status: string;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ enum: Object.keys(IMPLEMENTATION_STATES), description: 'Derived: does it remain unimplemented?' })
  implementation: string;
  @ApiProperty() implementationLabel: string;
  @ApiProperty({ type: String, nullable: true }) owner: string | null;
  @ApiProperty() theme: string;
  @ApiProperty({ ...DATE, nullable: true }) targetDate: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ enum: RAG_VALUES, nullable: true }) rag: string | null;
  @ApiProperty({ type: String, nullable: true }) ragLabel: string | null;
  @ApiProperty({ type: String, nullable: true }) ragReason: string | null;
  @ApiProperty({ type: 'integer', example: 2025 }) year: number;
  @ApiProperty({ type: () => OrganisationRef, nullable: true, description: 'null for a national recommendation' })
  organisation: OrganisationRef | null;
  @ApiProperty({ type: () => ReportRef, nullable: true, description: 'The report it comes from' })
  report: ReportRef | null;
  @ApiProperty({ description: 'Owners, dates and actions are illustrative (the default data)' }) exampleData: boolean;
  @ApiProperty({ description: 'This finding in the API', example: '/api/v1/findings/CHE-2025-AFI-01' }) url: string;
}

export class ReportFinding extends FindingSummary {
  @ApiProperty({ type: String, nullable: true, description: 'The section of the report it is in' })
  section: string | null;
  @ApiProperty({ enum: ['origin', 'also_published_in', 'cited_by'] }) role: string;
}

export class ReportDetail extends ReportSummary {
  @ApiProperty({ type: () => [ReportRef], description: 'The other documents of the same inspection' })
  otherDocuments: ReportRef[];
  @ApiProperty({ type: () => [ReportFinding], description: 'Its findings, in report order' })
  findings: ReportFinding[];
}

export class FindingsPage {
  @ApiProperty({ type: 'integer', description: 'Findings matching the filters' }) total: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ type: 'integer' }) pageCount: number;
  @ApiProperty({ example: 'report' }) sort: string;
  @ApiProperty({ enum: ['asc', 'desc'] }) dir: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Matching findings by status code',
  })
  countsByStatus: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Matching findings by kind' })
  countsByKind: Record<string, number>;
  @ApiProperty({ type: () => [FindingSummary] }) items: FindingSummary[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The next page, when there is one' })
  next?: string | null;
}

export class Source {
  @ApiProperty({ enum: ['origin', 'also_published_in', 'cited_by'] }) role: string;
  @ApiProperty() roleLabel: string;
  @ApiProperty({ type: String, nullable: true }) section: string | null;
  @ApiProperty({ type: () => ReportRef }) report: ReportRef;
  @ApiProperty({ ...DATE, nullable: true }) publishedOn: string | null;
}

export class Assessment {
  @ApiProperty({ enum: ASSESSMENT_VERDICT_VALUES }) verdict: string;
  @ApiProperty() verdictLabel: string;
  @ApiProperty({ type: String, nullable: true, description: 'The words of the assessing report' }) quote: string | null;
  @ApiProperty({ type: String, nullable: true }) commentary: string | null;
  @ApiProperty({ ...DATE, nullable: true }) assessedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) recordedBy: string | null;
  @ApiProperty({ type: () => ReportRef, nullable: true }) report: ReportRef | null;
}

export class LinkedFinding {
  @ApiProperty({ enum: LINK_TYPE_VALUES }) type: string;
  @ApiProperty({ example: 'Repeats' }) label: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: () => FindingSummary }) finding: FindingSummary;
  @ApiProperty({ type: () => Assessment, nullable: true }) latestAssessment: Assessment | null;
}

export class FindingAction {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer', description: 'The action’s own version' }) version: number;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, nullable: true }) owner: string | null;
  @ApiProperty({ ...DATE, nullable: true }) dueDate: string | null;
  @ApiProperty({ enum: ACTION_STATUS_VALUES }) status: string;
  @ApiProperty() statusLabel: string;
  @ApiProperty() overdue: boolean;
}

export class EvidenceItem {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ enum: ['note', 'link', 'file'] }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'For a link' }) url: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'For a file' }) fileName: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) sizeBytes: number | null;
  @ApiProperty({ type: String, nullable: true }) sha256: string | null;
  @ApiProperty({ enum: ['submitted', 'accepted', 'rejected'] }) reviewState: string;
  @ApiProperty() reviewLabel: string;
  @ApiProperty({ type: String, nullable: true }) reviewReason: string | null;
  @ApiProperty() withdrawn: boolean;
  @ApiProperty() addedBy: string;
  @ApiProperty(DATE_TIME) createdAt: string;
}

export class HistoryEntry {
  @ApiProperty({ enum: Object.keys(UPDATE_TYPES) }) type: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: String, nullable: true }) fromValue: string | null;
  @ApiProperty({ type: String, nullable: true }) toValue: string | null;
  @ApiProperty({ type: String, nullable: true }) commentary: string | null;
  @ApiProperty({ description: 'The username of who made the change' }) author: string;
  @ApiProperty(DATE_TIME) createdAt: string;
}

export class VerificationDecision {
  @ApiProperty({ enum: ['verified', 'rejected'] }) decision: string;
  @ApiProperty() decisionLabel: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty() decidedBy: string;
  @ApiProperty(DATE_TIME) decidedAt: string;
}

export class StatementRef {
  @ApiProperty({ example: 'NAT-2022-REC-01' }) reference: string;
}

export class FindingDetail extends FindingSummary {
  @ApiProperty({ type: 'integer', description: 'Changes with every change; the ETag is this number in quotes' })
  version: number;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String] }) subPoints: string[];
  @ApiProperty({ type: String, nullable: true }) section: string | null;
  @ApiProperty({ type: [String] }) actionOwners: string[];
  @ApiProperty() statusMeaning: string;
  @ApiProperty({ description: 'A national recommendation as the inspectorate made it (each recipient holds a record)' })
  isStatement: boolean;
  @ApiProperty({ type: () => StatementRef, nullable: true, description: 'For a recipient’s record: the statement' })
  statement: StatementRef | null;
  @ApiProperty({ type: () => FindingSummary, nullable: true, description: 'A recommendation’s cause of concern' })
  parent: FindingSummary | null;
  @ApiProperty({ type: () => [FindingSummary], description: 'A cause of concern’s recommendations' })
  children: FindingSummary[];
  @ApiProperty({ type: () => [FindingSummary], description: 'A statement’s recipients’ records (inspectors)' })
  recipients: FindingSummary[];
  @ApiProperty({ type: () => [Source], description: 'The reports that publish or cite it' }) sources: Source[];
  @ApiProperty({
    type: () => [LinkedFinding],
    description: 'Lineage: the earlier findings it cites, repeats or supersedes',
  })
  earlier: LinkedFinding[];
  @ApiProperty({
    type: () => [LinkedFinding],
    description: 'Lineage: the later findings that cite, repeat or supersede it',
  })
  later: LinkedFinding[];
  @ApiProperty({ type: () => Assessment, nullable: true }) latestAssessment: Assessment | null;
  @ApiProperty({ type: () => [Assessment] }) assessments: Assessment[];
  @ApiProperty({ type: () => [FindingAction] }) actions: FindingAction[];
  @ApiProperty({ type: () => [EvidenceItem] }) evidence: EvidenceItem[];
  @ApiProperty({ type: () => [HistoryEntry], description: 'Every change, newest first' }) history: HistoryEntry[];
  @ApiProperty({ type: () => [VerificationDecision] }) verifications: VerificationDecision[];
}

export class FieldProblem {
  @ApiProperty({ example: 'commentary' }) field: string;
  @ApiProperty({ example: 'Enter the progress note' }) message: string;
}

/** RFC 9457 problem details, the body of every error under /api/v1 (`application/problem+json`). */
export class Problem {
  @ApiProperty({ example: 'about:blank' }) type: string;
  @ApiProperty({ example: 'Not Found' }) title: string;
  @ApiProperty({ type: 'integer', example: 404 }) status: number;
  @ApiPropertyOptional({ example: 'No finding has the reference CHE-2025-AFI-99' }) detail?: string;
  @ApiProperty({ example: '/api/v1/findings/CHE-2025-AFI-99' }) instance: string;
  @ApiPropertyOptional({ type: () => [FieldProblem], description: 'For a refused request: each field’s problem' })
  errors?: FieldProblem[];
}
