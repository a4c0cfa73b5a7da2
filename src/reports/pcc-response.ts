import { addDays, daysBetween } from '../common/dates';

/** Section 55 of the Police Act 1996: the PCC publishes comments within 56 days of publication. */
export const PCC_RESPONSE_DAYS = 56;

export type PccResponseState = 'published' | 'due' | 'overdue' | 'not_required' | 'unknown';

export interface PccResponse {
  state: PccResponseState;
  dueOn: string | null;
  publishedOn: string | null;
  url: string | null;
  label: string;
}

const LABELS: Record<PccResponseState, string> = {
  published: 'Published',
  due: 'Due',
  overdue: 'Overdue',
  not_required: 'Not required',
  unknown: 'Publication date unknown',
};

/** Report types that ask for no PCC response (beside a national report, of no force). */
export const PCC_NOT_REQUIRED_TYPES: readonly string[] = ['press_release', 'web_summary'];

/**
 * The rule of `pccResponse()` in SQL, on a report (`alias`): a response is required and not yet published, and the
 * report's publication date is known, so the response is due or overdue (due `PCC_RESPONSE_DAYS` after publication:
 * ordered by publication, the earliest due first).
 */
export function pccResponsePendingCondition(alias = 'report'): {
  sql: string;
  parameters: { pccNotRequired: string[] };
} {
  return {
    sql: `(${alias}.forceId IS NOT NULL AND ${alias}.type NOT IN (:...pccNotRequired) AND ${alias}.pccResponsePublishedOn IS NULL AND ${alias}.publishedOn IS NOT NULL)`,
    parameters: { pccNotRequired: [...PCC_NOT_REQUIRED_TYPES] },
  };
}

/**
 * The PCC's section 55 response for a report: required only for a force's own inspection report
 * (not a national report, a press release or a web summary), due 56 days after publication.
 */
export function pccResponse(
  report: {
    forceId: number | null;
    type: string;
    publishedOn: string | null;
    pccResponsePublishedOn: string | null;
    pccResponseUrl: string | null;
  },
  today: string,
): PccResponse {
  const required = report.forceId !== null && !PCC_NOT_REQUIRED_TYPES.includes(report.type);
  const dueOn = required && report.publishedOn ? addDays(report.publishedOn, PCC_RESPONSE_DAYS) : null;
  let state: PccResponseState;
  if (!required) {
    state = 'not_required';
  } else if (report.pccResponsePublishedOn) {
    state = 'published';
  } else if (!dueOn) {
    state = 'unknown';
  } else {
    state = daysBetween(today, dueOn) < 0 ? 'overdue' : 'due';
  }
  return { state, dueOn, publishedOn: report.pccResponsePublishedOn, url: report.pccResponseUrl, label: LABELS[state] };
}
