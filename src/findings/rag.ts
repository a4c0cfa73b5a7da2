import { addDays, daysBetween } from '../common/dates';
import type { ActionStatus } from './action-status';
import type { FindingStatus, RagRating } from './finding-status';

/** Days without an update after which an open finding turns amber, then red. */
export const STALE_AMBER_DAYS = 60;
export const STALE_RED_DAYS = 90;
/** A target date this close turns an open finding amber. */
export const DUE_SOON_DAYS = 30;

const OPEN_STATUSES: readonly FindingStatus[] = ['not_started', 'in_progress'];

/** Past its target date and not yet claimed, verified or superseded. */
export function isOverdue(status: FindingStatus, targetDate: string | null, today: string): boolean {
  return OPEN_STATUSES.includes(status) && targetDate !== null && targetDate < today;
}

/** An action past its due date and not done. */
export function isActionOverdue(action: { status: ActionStatus; dueDate: string | null }, today: string): boolean {
  return action.status !== 'done' && action.dueDate !== null && action.dueDate < today;
}

export interface RagResult {
  rating: RagRating | null;
  reason: string;
}

/**
 * The RAG rating, derived (never typed in), so every board paper applies the same rules:
 * - no rating for a superseded finding;
 * - green when implemented (claimed or verified);
 * - red when overdue, or when there has been no update for 90 days;
 * - amber when there is no target date, the target date is within 30 days, or there has been
 *   no update for 60 days;
 * - green otherwise (on track).
 */
export function ragRating(
  input: { status: FindingStatus; targetDate: string | null; lastUpdateAt: string | null },
  today: string,
): RagResult {
  const { status, targetDate } = input;
  if (status === 'superseded') {
    return { rating: null, reason: 'Superseded by a later finding' };
  }
  if (status === 'implemented' || status === 'verified_closed') {
    return { rating: 'green', reason: status === 'verified_closed' ? 'Verified closed' : 'Claimed implemented' };
  }
  const daysSinceUpdate = input.lastUpdateAt
    ? daysBetween(input.lastUpdateAt.slice(0, 10), today)
    : Number.POSITIVE_INFINITY;
  if (isOverdue(status, targetDate, today)) {
    return { rating: 'red', reason: 'Past its target date' };
  }
  if (daysSinceUpdate >= STALE_RED_DAYS) {
    return { rating: 'red', reason: `No update for ${STALE_RED_DAYS} days or more` };
  }
  if (targetDate === null) {
    return { rating: 'amber', reason: 'No target date set' };
  }
  if (targetDate <= addDays(today, DUE_SOON_DAYS)) {
    return { rating: 'amber', reason: `Target date within ${DUE_SOON_DAYS} days` };
  }
  if (daysSinceUpdate >= STALE_AMBER_DAYS) {
    return { rating: 'amber', reason: `No update for ${STALE_AMBER_DAYS} days or more` };
  }
  return { rating: 'green', reason: 'On track' };
}
