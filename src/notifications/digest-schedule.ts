/** How often an organisation's people are sent their digest. */
export const DIGEST_CADENCES = { daily: 'Daily', weekly: 'Weekly' } as const;
export type DigestCadence = keyof typeof DIGEST_CADENCES;
export const DIGEST_CADENCE_VALUES = Object.keys(DIGEST_CADENCES) as DigestCadence[];

/** What an organisation allows in its people's emails: the items' titles, or their references only. */
export const EMAIL_DETAILS = {
  titles: {
    label: 'Titles and references',
    description: 'Each item’s reference with its title, each action’s description and a decision’s reason',
  },
  references: {
    label: 'References only',
    description:
      'Each item’s reference and a link to it, and no titles, action descriptions, reasons or quotes (the notifications page in the tracker still shows them)',
  },
} as const;
export type EmailDetail = keyof typeof EMAIL_DETAILS;
export const EMAIL_DETAIL_VALUES = Object.keys(EMAIL_DETAILS) as EmailDetail[];

/** ISO weekdays: 1 is Monday, 7 is Sunday. */
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** When an organisation's digests are sent and what its emails may say. */
export interface OrganisationNotificationPolicy {
  cadence: DigestCadence;
  /** For a weekly digest, the ISO weekday (1 Monday … 7 Sunday); null for daily. */
  weekday: number | null;
  /** The hour of the UK day (0 to 23). */
  hour: number;
  emailDetail: EmailDetail;
}

/** The moment, as the UK's clock shows it. */
export interface UkMoment {
  day: string;
  hour: number;
  /** ISO weekday, 1 Monday … 7 Sunday. */
  weekday: number;
}

/** An organisation that has set nothing (and people of no organisation): daily at DIGEST_HOUR, with titles. */
export function defaultPolicy(digestHour: number): OrganisationNotificationPolicy {
  return { cadence: 'daily', weekday: null, hour: digestHour, emailDetail: 'titles' };
}

/**
 * Whether a digest of this schedule is due at this moment: a daily digest from its hour each day, a weekly one from
 * its hour on its weekday. Once per day or week is the caller's: the day it was last built is kept.
 */
export function isDigestDue(
  policy: Pick<OrganisationNotificationPolicy, 'cadence' | 'weekday' | 'hour'>,
  at: UkMoment,
) {
  if (at.hour < policy.hour) {
    return false;
  }
  return policy.cadence === 'daily' || at.weekday === policy.weekday;
}

/** The schedule in words: "Daily at 07:00" or "Weekly on Monday at 07:00" (UK time). */
export function describeSchedule(policy: Pick<OrganisationNotificationPolicy, 'cadence' | 'weekday' | 'hour'>) {
  const at = `${String(policy.hour).padStart(2, '0')}:00`;
  return policy.cadence === 'weekly' && policy.weekday !== null
    ? `Weekly on ${WEEKDAYS[policy.weekday - 1]} at ${at}`
    : `Daily at ${at}`;
}

/** How many days a digest of this cadence covers: what "since the previous digest" means for a first digest. */
export function periodDays(cadence: DigestCadence): number {
  return cadence === 'weekly' ? 7 : 1;
}
