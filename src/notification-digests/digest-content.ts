import { formatUkDate } from '../common/dates';
import type { EmailDetail, UkMoment } from '../notifications/digest-schedule';
import type { MessageContent } from '../notifications/notification-message';
import type { TellContent } from '../notifications/notifications.service';

/** One line of a digest: an item, an action, evidence, a claim, a change, or a report, with the page it links to. */
export interface DigestEntry {
  /** The item's reference (a report's key for a section 55 response). */
  reference: string;
  /** The page of the app it links to. */
  link: string;
  /** What the line is about beside the item itself: its action, its evidence, its claim; null for the item. */
  about: 'action' | 'evidence' | 'claim' | null;
  /**
   * The finding's title, the action's description, the evidence's title, the report's title: left out of emails
   * whose organisation allows references only.
   */
  text: string | null;
  /** The date that puts it there (YYYY-MM-DD). */
  date: string;
  /** For a target date moved: the date it was before. */
  fromDate?: string | null;
  /** For a target date moved: the new target. */
  toDate?: string | null;
  owner: string | null;
  forceName?: string;
}

/** One section: how many there are (counted in SQL) and the first of them (at most DIGEST_SECTION_LIMIT). */
export interface DigestSection {
  total: number;
  entries: DigestEntry[];
}

/** The sections of a digest, in the order they are shown, with their headings and how each line dates itself. */
export const DIGEST_SECTIONS = {
  overdue: { heading: 'Yours, overdue', date: 'target' },
  dueSoon: { heading: 'Yours, due in the next 14 days', date: 'target' },
  stale: { heading: 'Yours, with no update for 60 days', date: 'last updated' },
  returned: { heading: 'Returned to you since your last digest', date: 'rejected' },
  forceOverdue: { heading: 'Your force, overdue', date: 'target' },
  forceDueSoon: { heading: 'Your force, due in the next 14 days', date: 'target' },
  forceStale: { heading: 'Your force, with no update for 60 days', date: 'last updated' },
  forceReturned: { heading: 'Your force, evidence and claims rejected since your last digest', date: 'rejected' },
  targetDatesMoved: { heading: 'Your force, target dates moved since your last digest', date: 'moved' },
  claimsMade: { heading: 'Your force, claims made since your last digest', date: 'claimed' },
  claims: { heading: 'Claims awaiting your verification, oldest first', date: 'claimed' },
  pccResponses: { heading: 'Section 55 responses due, not yet published', date: 'response due' },
} as const;
export type DigestSectionKey = keyof typeof DIGEST_SECTIONS;
export const DIGEST_SECTION_KEYS = Object.keys(DIGEST_SECTIONS) as DigestSectionKey[];

/** What one person's digest holds, by section (empty sections are left out). */
export type DigestSections = Record<DigestSectionKey, DigestSection>;

/** Lines per section at most, in the digest and in the SQL that reads it; the rest are counted. */
export const DIGEST_SECTION_LIMIT = 50;

/** A digest with every section empty. */
export function emptySections(): DigestSections {
  return Object.fromEntries(
    DIGEST_SECTION_KEYS.map((key) => [key, { total: 0, entries: [] }]),
  ) as unknown as DigestSections;
}

/** Whether there is anything to tell. */
export function hasDigestContent(sections: DigestSections): boolean {
  return DIGEST_SECTION_KEYS.some((key) => sections[key].total > 0);
}

/**
 * Findings and actions of one section, read as two bounded queries, as one: by date then reference, the first
 * DIGEST_SECTION_LIMIT, with the total of both counts.
 */
export function mergeSections(...parts: DigestSection[]): DigestSection {
  const entries = parts
    .flatMap((part) => part.entries)
    .sort((a, b) => a.date.localeCompare(b.date) || a.reference.localeCompare(b.reference))
    .slice(0, DIGEST_SECTION_LIMIT);
  return { total: parts.reduce((sum, part) => sum + part.total, 0), entries };
}

function line(key: DigestSectionKey, entry: DigestEntry, detail: EmailDetail): string {
  const about = entry.about ? ` ${entry.about}` : '';
  const text = detail === 'titles' && entry.text ? ` “${entry.text}”` : '';
  const when =
    key === 'targetDatesMoved'
      ? `target moved from ${entry.fromDate ? formatUkDate(entry.fromDate) : 'none'} to ${entry.toDate ? formatUkDate(entry.toDate) : 'none'} on ${formatUkDate(entry.date)}`
      : `${DIGEST_SECTIONS[key].date} ${formatUkDate(entry.date)}`;
  const owner = entry.owner ? ` (owner: ${entry.owner})` : '';
  const force = entry.forceName ? `, ${entry.forceName}` : '';
  return `- [${entry.reference}](${entry.link})${about}${text} – ${when}${owner}${force}`;
}

function block(key: DigestSectionKey, section: DigestSection, detail: EmailDetail): string[] {
  if (section.total === 0) {
    return [];
  }
  const shown = section.entries.slice(0, DIGEST_SECTION_LIMIT).map((entry) => line(key, entry, detail));
  const more = section.total - shown.length;
  return [
    `${DIGEST_SECTIONS[key].heading} (${section.total}):`,
    [...shown, ...(more > 0 ? [`- and ${more} more in the tracker`] : [])].join('\n'),
  ];
}

/**
 * The digest of one person for one day, with the detail the organisation allows in email: `titles` (the items'
 * titles, actions' descriptions, evidence's and reports' titles) or `references` (references and links only). Each
 * line starts with a link to its item. The in-app notification is always the one with titles.
 */
export function composeDigest(day: string, sections: DigestSections, detail: EmailDetail = 'titles'): MessageContent {
  const total = (...keys: DigestSectionKey[]) => keys.reduce((sum, key) => sum + sections[key].total, 0);
  const overdue = total('overdue', 'forceOverdue');
  const dueSoon = total('dueSoon', 'forceDueSoon');
  const counts = [
    overdue > 0 ? `${overdue} overdue` : '',
    dueSoon > 0 ? `${dueSoon} due soon` : '',
    sections.returned.total > 0 ? `${sections.returned.total} returned to you` : '',
    sections.claims.total > 0 ? `${sections.claims.total} claims to verify` : '',
    sections.pccResponses.total > 0 ? `${sections.pccResponses.total} section 55 responses due` : '',
  ].filter(Boolean);
  const own = total('overdue', 'dueSoon', 'stale', 'returned', 'claims', 'pccResponses');
  return {
    title: `Your digest for ${formatUkDate(day)}: ${counts.length > 0 ? counts.join(', ') : 'nothing due'}`,
    body: [
      hasDigestContent(sections)
        ? own > 0
          ? 'What needs your attention in the tracker.'
          : 'Nothing of yours is overdue, due in the next 14 days or waiting for an update.'
        : 'Nothing of yours is overdue, due in the next 14 days or waiting for an update, and nothing awaits you.',
      ...DIGEST_SECTION_KEYS.flatMap((key) => block(key, sections[key], detail)),
    ].join('\n\n'),
    link: '/my-work',
  };
}

/** A digest as it is told: in full in the app, and in emails as the organisation allows. */
export function digestMessage(day: string, sections: DigestSections): TellContent {
  return { ...composeDigest(day, sections, 'titles'), referencesOnly: composeDigest(day, sections, 'references') };
}

/** The day (YYYY-MM-DD), hour and weekday in the UK at this moment: the digests are sent at an hour of the UK day. */
export function ukClock(now: Date): UkMoment {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  const day = `${part('year')}-${part('month')}-${part('day')}`;
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return { day, hour: Number(part('hour')), weekday: weekday === 0 ? 7 : weekday };
}
