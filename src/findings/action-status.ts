export const ACTION_STATUSES = {
  not_started: { label: 'Not started' },
  in_progress: { label: 'In progress' },
  done: { label: 'Done' },
} as const;
export type ActionStatus = keyof typeof ACTION_STATUSES;
export const ACTION_STATUS_VALUES = Object.keys(ACTION_STATUSES) as ActionStatus[];
