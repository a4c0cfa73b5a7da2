export const ACTION_STATUSES = {
  not_started: { label: 'Not started', tag: 'govuk-tag--grey' },
  in_progress: { label: 'In progress', tag: 'govuk-tag--blue' },
  done: { label: 'Done', tag: 'govuk-tag--green' },
} as const;
export type ActionStatus = keyof typeof ACTION_STATUSES;
export const ACTION_STATUS_VALUES = Object.keys(ACTION_STATUSES) as ActionStatus[];
