import { formatUkDate } from '../common/dates';
import type { MessageContent } from '../notifications/notification-message';

/** One line of a digest: an item or an action, and the date that puts it there. */
export interface DigestEntry {
  reference: string;
  /** The finding's title, or the action's description. */
  text: string;
  /** An action of the finding (false: the finding itself). */
  action: boolean;
  /** Its target or due date (YYYY-MM-DD); for a claim, when it was claimed. */
  date: string;
  owner: string | null;
  forceName?: string;
}

/** What one person's digest holds, by section (empty sections are left out). */
export interface DigestSections {
  overdue: DigestEntry[];
  dueSoon: DigestEntry[];
  /** A lead's whole force. */
  forceOverdue: DigestEntry[];
  forceDueSoon: DigestEntry[];
  /** An inspector's claims awaiting verification, oldest first. */
  claims: DigestEntry[];
}

/** Lines per section at most; the rest are counted and found on the tracker's pages. */
export const DIGEST_SECTION_LIMIT = 50;

/** Whether there is anything to tell. */
export function hasDigestContent(sections: DigestSections): boolean {
  return Object.values(sections).some((entries: DigestEntry[]) => entries.length > 0);
}

function line(entry: DigestEntry, dateLabel: string): string {
  const what = entry.action ? `Action on ${entry.reference}: ${entry.text}` : `${entry.reference} ${entry.text}`;
  const owner = entry.owner ? ` (owner: ${entry.owner})` : '';
  const force = entry.forceName ? `, ${entry.forceName}` : '';
  return `- ${what} – ${dateLabel} ${formatUkDate(entry.date)}${owner}${force}`;
}

function section(heading: string, entries: DigestEntry[], dateLabel: string): string[] {
  if (entries.length === 0) {
    return [];
  }
  const shown = entries.slice(0, DIGEST_SECTION_LIMIT).map((entry) => line(entry, dateLabel));
  const more = entries.length - shown.length;
  return [`${heading} (${entries.length}):`, [...shown, ...(more > 0 ? [`- and ${more} more`] : [])].join('\n')];
}

/**
 * The digest of one person for one day: their own items and actions overdue and due in the next 14 days, a lead's
 * whole force, an inspector's claims awaiting verification (oldest first). The same words go in the email and on the
 * notifications page.
 */
export function composeDigest(day: string, sections: DigestSections): MessageContent {
  const own = sections.overdue.length + sections.dueSoon.length;
  const counts = [
    sections.overdue.length + sections.forceOverdue.length > 0
      ? `${sections.overdue.length + sections.forceOverdue.length} overdue`
      : '',
    sections.dueSoon.length + sections.forceDueSoon.length > 0
      ? `${sections.dueSoon.length + sections.forceDueSoon.length} due soon`
      : '',
    sections.claims.length > 0 ? `${sections.claims.length} claims to verify` : '',
  ].filter(Boolean);
  const blocks = [
    ...section('Yours, overdue', sections.overdue, 'target'),
    ...section('Yours, due in the next 14 days', sections.dueSoon, 'target'),
    ...section('Your force, overdue', sections.forceOverdue, 'target'),
    ...section('Your force, due in the next 14 days', sections.forceDueSoon, 'target'),
    ...section('Claims awaiting your verification, oldest first', sections.claims, 'claimed'),
  ];
  return {
    title: `Your digest for ${formatUkDate(day)}: ${counts.length > 0 ? counts.join(', ') : 'nothing due'}`,
    body: [
      hasDigestContent(sections)
        ? own > 0 || sections.claims.length > 0
          ? 'What needs your attention in the tracker today.'
          : 'Nothing of yours is overdue or due in the next 14 days.'
        : 'Nothing of yours is overdue or due in the next 14 days, and nothing awaits you.',
      ...blocks,
    ].join('\n\n'),
    link: '/my-work',
  };
}

/** The day (YYYY-MM-DD) and hour in the UK at this moment: the digests are sent at an hour of the UK day. */
export function ukClock(now: Date): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}
