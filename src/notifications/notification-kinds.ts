/** The kinds of message the tracker sends, each with its own unsubscribe link and preference. */
export const NOTIFICATION_KINDS = {
  claim_decided: {
    label: 'A claim verified or rejected',
    description: 'When an inspector verifies or rejects a claim you made or on an item you own',
  },
  evidence_rejected: {
    label: 'Evidence rejected',
    description: 'When evidence you added is rejected',
  },
  assigned: {
    label: 'An item assigned to you',
    description: 'When you or your team are made the owner of an item',
  },
  board_decision: {
    label: 'A board decision on your item',
    description: 'When the board approves or returns an item you own or claimed',
  },
  digest: {
    label: 'Digest',
    description:
      'Daily or weekly, as your organisation sets: your items and actions overdue, due in the next 14 days or with no update for 60 days, and evidence or claims returned to you (for leads, the whole force with target dates moved and claims made; for inspectors, claims awaiting verification and section 55 responses due)',
  },
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NOTIFICATION_KIND_VALUES = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KIND_VALUES as string[]).includes(value);
}
