/**
 * The shape of an import proposal: what the findings extractor read from one inspection report.
 * `npm run import -- <file> --dry-run --json` prints exactly this object. Nothing here is stored;
 * committing a proposal to the database is a separate, later step.
 */
import type { FindingKind } from '../../findings/finding-kind';
import type { AssessmentVerdict } from '../../findings/finding-status';
import type { Grade, Inspectorate, ReportType } from '../../reports/report-types';

/** What the report says about itself. Each field is null when the text does not say it. */
export interface ProposedReport {
  title: string | null;
  /** The force's name as printed, e.g. "… Constabulary" or "… Police"; null for a national report. */
  force: string | null;
  inspectorate: Inspectorate | null;
  type: ReportType | null;
  /** "2016", "2018/19", "2024/25" … */
  period: string | null;
  /** Publication date, YYYY-MM-DD, only where the text states it ("Published on: 22 January 2025"). */
  published: string | null;
}

/** One graded judgment, with the area worded as printed. */
export interface ProposedJudgment {
  area: string;
  grade: Grade;
  /** Year of a grade carried over from an earlier inspection ("2016"), else null. */
  lastInspected: string | null;
}

/** One finding: an area for improvement, cause of concern, recommendation, national recommendation or observation. */
export interface ProposedFinding {
  kind: FindingKind;
  /** Verbatim text. A structured area for improvement is its heading sentence, "\n", then its lead-in. */
  text: string;
  /** Verbatim sub-points (the bullets under a lead-in ending "that:" or "should:"), bullet characters dropped. */
  subPoints: string[];
  /** The area heading, or "Area — subheading"; null before the first heading. */
  section: string | null;
  /** For a recommendation made under a cause of concern: the index (in `findings`) of that cause of concern. */
  parentIndex: number | null;
  /**
   * The status a board paper, minutes or tracker gives the finding it quotes ("Red", "Open - Actions on
   * going off track"), verbatim; absent when the document gives none (every inspection report).
   */
  statedStatus?: string;
}

/** What a report says became of an earlier recommendation or area for improvement. */
export interface ProposedAssessment {
  verdict: AssessmentVerdict;
  /** The sentence(s) that give the verdict, verbatim. */
  quote: string;
  /** The text of the finding in `findings` it assesses, or, when that is not in this report, the words that name it. */
  refersTo: string | null;
}

/** A link between two of the report's findings (indexes into `findings`), proposed for review. */
export interface ProposedLink {
  from: number;
  to: number;
  /** `cites`: the finding applies that national recommendation; `relates_to`: the same subject, in close wording. */
  type: 'cites' | 'relates_to';
  /**
   * How alike the two wordings are, 0 to 1, for `relates_to`;
   * null for a citation, which is read from the report's order.
   */
  score: number | null;
  reason: string;
}

/** Everything the extractor found in one report. */
export interface ImportProposal {
  report: ProposedReport;
  judgments: ProposedJudgment[];
  findings: ProposedFinding[];
  assessments: ProposedAssessment[];
  /** Proposed links between the findings above. Proposals stored before links were proposed have none. */
  links?: ProposedLink[];
}
