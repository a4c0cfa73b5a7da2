import { formatUkDate } from '../common/dates';

/*
 * The checks of what a form says about a finding that cannot be true (refused), and of what is unusual (asked to
 * be confirmed). Pure functions of the values and today's date, so each rule is tested on its own.
 */

/** Why an assessment's date cannot be true: after today, or before the report it judges was published. */
export function assessmentDateProblem(
  assessedOn: string,
  today: string,
  reportPublishedOn: string | null,
): string | null {
  if (assessedOn > today) {
    return `The date of the assessment cannot be in the future (today is ${formatUkDate(today)})`;
  }
  if (reportPublishedOn !== null && assessedOn < reportPublishedOn) {
    return `The date of the assessment cannot be before the report was published on ${formatUkDate(reportPublishedOn)}`;
  }
  return null;
}

/**
 * Whether a date set on a form needs the user's confirmation: a new or changed date that is in the past (a date
 * left as it was does not ask again).
 */
export function isNewPastDate(
  date: string | null | undefined,
  previous: string | null | undefined,
  today: string,
): boolean {
  return Boolean(date) && date !== previous && date! < today;
}

export const MIN_REASON_LENGTH = 10;

/** Why a reason given for a change is not a real reason (too short, or no words), or null when it is one. */
export function reasonProblem(reason: string, what: string): string | null {
  const trimmed = reason.trim();
  if (trimmed === '') {
    return `Give the reason ${what}`;
  }
  if (!/\p{L}/u.test(trimmed)) {
    return `Give the reason ${what} in words`;
  }
  if (trimmed.length < MIN_REASON_LENGTH) {
    return `Give the reason ${what} in at least ${MIN_REASON_LENGTH} characters`;
  }
  return null;
}

/** A report as far as ordering findings in time goes. */
export interface ReportTime {
  id: number;
  publishedOn: string | null;
  year: number;
}

/** Why "repeats an earlier finding" cannot hold between a finding's report and the other finding's report. */
export function repeatProblem(own: ReportTime, other: ReportTime, otherReference: string): string | null {
  if (own.id === other.id) {
    return `${otherReference} is in the same report: a repeat points to a finding of an earlier report`;
  }
  const later =
    own.publishedOn !== null && other.publishedOn !== null
      ? other.publishedOn >= own.publishedOn
      : other.year > own.year;
  return later ? `${otherReference} is in a later report: a repeat points to a finding of an earlier report` : null;
}

/** An action as the claim's check reads it. */
export interface ActionState {
  description: string;
  status: 'not_started' | 'in_progress' | 'done';
  dueDate: string | null;
}

/**
 * The actions not done (not started or in progress), each said with its state, e.g. "Train staff (not started,
 * overdue since 1 March 2026)".
 */
export function unfinishedActions(actions: readonly ActionState[], today: string): string[] {
  return actions
    .filter((action) => action.status !== 'done')
    .map((action) => {
      const state = action.status === 'not_started' ? 'not started' : 'in progress';
      const overdue =
        action.dueDate !== null && action.dueDate < today ? `, overdue since ${formatUkDate(action.dueDate)}` : '';
      return `${action.description} (${state}${overdue})`;
    });
}
