/**
 * The kinds of entry in a finding's history, with the label the history shows. `stated_status` is the
 * status a board paper, minutes or tracker gives the finding (its value as written, the paper named in
 * the commentary): a record of what the paper says, never a change of the finding's own status.
 */
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
  stated_status: 'Status stated in a paper',
} as const;
export type UpdateType = keyof typeof UPDATE_TYPES;
