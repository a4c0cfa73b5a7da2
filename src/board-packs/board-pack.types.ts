/**
 * The board pack: everything a force improvement board reads about progress on inspection
 * findings, as plain data. The service builds it once; every format (HTML, PDF, Word, CSV, Excel)
 * renders this same object, so every format shows the same figures.
 */

/** The parameters a pack was made with, as saved with a snapshot. */
export interface BoardPackParameters {
  force: string;
  report?: string;
  theme?: string;
  kind?: string;
  owner?: string;
  /** A date (YYYY-MM-DD) or the moment the last pack was saved; null = since the beginning. */
  since: string | null;
  /** The pack's "today" (YYYY-MM-DD): RAG ratings, overdue items and the charts are as on this day. */
  until: string;
  staleDays: number;
}

export interface BoardPackRow {
  reference: string;
  title: string;
  kindLabel: string;
  report: string;
  owner: string | null;
  statusLabel: string;
  targetDate: string | null;
  ragLabel: string | null;
  overdue: boolean;
  /** The latest history entry, as one line ("23 November 2026: Progress note: …"). */
  latestUpdate: string | null;
}

export interface BoardPackEvidenceLine {
  title: string;
  kindLabel: string;
  reviewLabel: string;
  fileName: string | null;
  sha256: string | null;
}

export interface BoardPack {
  meta: {
    title: string;
    classification: 'OFFICIAL' | 'OFFICIAL-SENSITIVE';
    force: { code: string; name: string };
    /** Filters applied, in words, e.g. ["Theme: vetting"]; empty for all findings. */
    scope: string[];
    /**
     * Changes are reported since this date (YYYY-MM-DD) or, by default, the moment the last pack was saved
     * (ISO timestamp); null = since the beginning.
     */
    since: string | null;
    staleDays: number;
    generatedAt: string;
    generatedBy: string;
    /** The audit chain's head when the pack was made: a copy outside the database. */
    auditHead: { id: number; hash: string } | null;
  };
  summary: {
    total: number;
    open: number;
    byStatus: Array<{ key: string; label: string; count: number }>;
    byRag: Array<{ key: string; label: string; count: number }>;
    /** What changed since `since`, one line each. */
    changes: string[];
  };
  charts: {
    /** Findings by status for each report year. */
    statusByYear: { categories: string[]; series: Array<{ key: string; label: string; values: number[] }> };
    openByAgeBand: Array<{ label: string; count: number }>;
    openByOwner: Array<{ label: string; count: number }>;
    /** Open findings at the end of each period. */
    openTrend: Array<{ label: string; count: number }>;
  };
  overdueFindings: BoardPackRow[];
  overdueActions: Array<{
    reference: string;
    description: string;
    owner: string | null;
    dueDate: string;
    statusLabel: string;
  }>;
  staleFindings: Array<BoardPackRow & { lastUpdateAt: string | null }>;
  awaitingVerification: Array<BoardPackRow & { evidence: BoardPackEvidenceLine[] }>;
  verifiedSince: Array<BoardPackRow & { verifiedAt: string; verifiedBy: string; evidence: BoardPackEvidenceLine[] }>;
  nationalUnimplemented: Array<{
    reference: string;
    title: string;
    verdictLabel: string;
    quote: string | null;
    assessedBy: string | null;
  }>;
  slippage: Array<{
    reference: string;
    title: string;
    from: string | null;
    to: string | null;
    reason: string | null;
    changedAt: string;
    changedBy: string;
  }>;
  signOffQueue: Array<BoardPackRow & { boardDecision: string | null }>;
  pccResponses: Array<{ report: string; publishedOn: string | null; dueOn: string | null; stateLabel: string }>;
  appendix: BoardPackRow[];
  /**
   * The meeting a saved pack was saved for, with the lead's commentary on the whole pack and on findings (in the
   * appendix's order); kept in the snapshot's content, so hashed with it. Absent from a pack made now.
   */
  meeting?: BoardPackMeeting;
}

export interface BoardPackMeeting {
  name: string;
  /** YYYY-MM-DD */
  date: string;
  commentary: string | null;
  findings: Array<{ reference: string; title: string; commentary: string }>;
}

/** The appendix table's columns, in order, for every tabular format. */
export const APPENDIX_COLUMNS: Array<{ key: keyof BoardPackRow; heading: string }> = [
  { key: 'reference', heading: 'Reference' },
  { key: 'title', heading: 'Title' },
  { key: 'report', heading: 'Report' },
  { key: 'owner', heading: 'Owner' },
  { key: 'statusLabel', heading: 'Status' },
  { key: 'targetDate', heading: 'Target date' },
  { key: 'ragLabel', heading: 'RAG' },
  { key: 'latestUpdate', heading: 'Latest update' },
];
