import type { ActionStatus } from '../findings/action-status';
import type { FindingKind } from '../findings/finding-kind';
import type { AssessmentVerdict, FindingStatus, LinkType, RagRating, SourceRole } from '../findings/finding-status';
import type { MonitoringStage } from '../reports/force.entity';
import type { Grade, Inspectorate, Pillar, ReportType } from '../reports/report-types';

/** The shape of the reviewed default data file (data/default/*.json); its README documents each field. */
export interface DefaultData {
  attribution: string;
  forces: Array<{
    code: string;
    name: string;
    monitoringStage: MonitoringStage | null;
    monitoringStageSince: string | null;
  }>;
  reports: Array<{
    key: string;
    inspectionKey: string;
    title: string;
    inspectorate: Inspectorate;
    type: ReportType;
    forceCode: string | null;
    period: string;
    publishedOn: string | null;
    sourceFile: string | null;
    sourceUrl: string | null;
    order: number;
  }>;
  judgments: Array<{
    reportKey: string;
    pillar: Pillar | null;
    area: string;
    grade: Grade;
    lastInspected: string | null;
    position: number;
  }>;
  findings: Array<{
    reference: string;
    kind: FindingKind;
    title: string;
    text: string;
    subPoints: string[];
    parentReference: string | null;
    /** Checked, not loaded (the tracker derives it): the origin report's force; null for a national recommendation. */
    forceCode: string | null;
    theme: string;
    /** position: order within that report; null where unknown (a national report not held). */
    sources: Array<{ reportKey: string; section: string | null; role: SourceRole; position: number | null }>;
    owner: string | null;
    actionOwners: string[];
    status: FindingStatus;
    targetDate: string | null;
    /** Ignored by the loader: the tracker derives RAG from its rules (src/findings/rag.ts). */
    rag: RagRating | null;
    exampleData: boolean;
    actions: Array<{ description: string; owner: string | null; dueDate: string | null; status: ActionStatus }>;
  }>;
  assessments: Array<{
    findingReference: string;
    reportKey: string;
    verdict: AssessmentVerdict;
    quote: string;
    assessedOn: string | null;
  }>;
  links: Array<{ fromReference: string; toReference: string; type: LinkType; reason: string | null }>;
}
