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
  const required = report.forceId !== null && report.type !== 'press_release' && report.type !== 'web_summary';
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
