export const UPDATE_TYPES = {
  recorded: 'Recorded',
  status_change: 'Status changed',
  progress_note: 'Progress note',
  target_date_change: 'Target date changed',
  owner_change: 'Owner changed',
  action_added: 'Action added',
  action_update: 'Action updated',
  evidence_added: 'Evidence added',
  assessment: 'Assessment recorded',
  board_decision: 'Board decision',
} as const;
export type UpdateType = keyof typeof UPDATE_TYPES;
