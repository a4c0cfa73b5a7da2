import { daysBetween } from '../common/dates';
import type { FindingStatus } from '../findings/finding-status';

/** Statuses that still need work or a decision. */
export const OPEN_STATUSES: readonly FindingStatus[] = ['not_started', 'in_progress', 'implemented'];

export const AGE_BANDS = [
  { label: 'Under 1 year', maxDays: 365 },
  { label: '1 to 2 years', maxDays: 730 },
  { label: '2 to 5 years', maxDays: 1826 },
  { label: 'Over 5 years', maxDays: Number.POSITIVE_INFINITY },
] as const;

/** Which age band an open finding falls in, counting from its report's publication. */
export function ageBand(publishedOn: string, today: string): string {
  const days = daysBetween(publishedOn, today);
  return AGE_BANDS.find((band) => days < band.maxDays)!.label;
}

export interface StatusChange {
  at: string;
  to: FindingStatus;
}

/**
 * The finding's status at the end of a day, replaying its status changes: not yet published
 * (null) before its report, then its first status, then each change made by that day.
 */
export function statusAt(
  publishedOn: string,
  initial: FindingStatus,
  changes: readonly StatusChange[],
  day: string,
): FindingStatus | null {
  if (publishedOn > day) {
    return null;
  }
  let status = initial;
  for (const change of [...changes].sort((a, b) => a.at.localeCompare(b.at))) {
    if (change.at.slice(0, 10) <= day) {
      status = change.to;
    }
  }
  return status;
}

/** The last day of each of the last `count` quarters up to today, oldest first (e.g. 2026-09-30). */
export function quarterEnds(today: string, count: number): string[] {
  const [year, month] = today.split('-').map(Number);
  const ends: string[] = [];
  let quarterYear = year;
  let quarter = Math.floor((month - 1) / 3); // the current quarter; its end is after today
  for (let index = 0; index < count; index += 1) {
    quarter -= 1;
    if (quarter < 0) {
      quarter = 3;
      quarterYear -= 1;
    }
    const endMonth = quarter * 3 + 3;
    const lastDay = new Date(Date.UTC(quarterYear, endMonth, 0)).getUTCDate();
    ends.unshift(`${quarterYear}-${String(endMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`);
  }
  return [...ends, today];
}

export function quarterLabel(day: string, today: string): string {
  if (day === today) {
    return 'Today';
  }
  const [year, month] = day.split('-').map(Number);
  return `Q${Math.ceil(month / 3)} ${year}`;
}
