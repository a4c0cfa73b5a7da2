/**
 * The JSON API's answers (/api/...), as far as the e2e tests read them. Supertest types a response's body as `any`;
 * a test says which of these it expects: `const body = response.body as FindingBody`.
 */

/** GET /api: the dashboard's figures. */
export interface DashboardBody {
  counts: { total: number };
  unimplemented: unknown[];
}

/** GET /api/reports */
export interface ReportListBody {
  items: Array<{ key: string }>;
}

/** GET /api/reports/:key */
export interface ReportBody {
  judgments: Array<{ grade: string }>;
  findings: Array<{ reference: string }>;
}

/** GET /api/findings */
export interface FindingListBody {
  total: number;
  countsByKind: Record<string, number>;
  items: Array<{ reference: string }>;
}

/** GET /api/findings/:reference */
export interface FindingBody {
  reference: string;
  owner: string | null;
  subPoints: string[];
  /** The findings this one links to (cites, relates to...), each with its latest assessment. */
  earlier: Array<{
    type: string;
    finding: { reference: string };
    latestAssessment: { verdict: string; quote: string | null } | null;
  }>;
  actions: Array<{ id: number; version: number; description: string }>;
  evidence: Array<{
    id: number;
    title: string;
    fileName: string | null;
    sha256: string | null;
    /** Set for a file, null for a link or a note. */
    downloadHref: string | null;
  }>;
  history: Array<{ commentary: string | null }>;
}

/** Any refusal or error, answered as JSON (src/common/http-error.filter.ts). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  messages: string[];
}
