export const FINDING_STATUSES = {
  not_started: {
    label: 'Not started',
    meaning: 'No action has begun on this finding yet.',
  },
  in_progress: {
    label: 'In progress',
    meaning: 'The force is working on actions to address this finding.',
  },
  implemented: {
    label: 'Implemented – awaiting verification',
    meaning: 'The force says it has done what the finding asks; an inspector has not yet verified it.',
  },
  verified_closed: {
    label: 'Verified closed',
    meaning: 'An inspector has verified the force’s evidence and closed the finding.',
  },
  superseded: {
    label: 'Superseded',
    meaning: 'A later finding replaces this one; follow the link to what supersedes it.',
  },
} as const;
export type FindingStatus = keyof typeof FINDING_STATUSES;
export const FINDING_STATUS_VALUES = Object.keys(FINDING_STATUSES) as FindingStatus[];

export const RAG_RATINGS = {
  red: { label: 'Red' },
  amber: { label: 'Amber' },
  green: { label: 'Green' },
} as const;
export type RagRating = keyof typeof RAG_RATINGS;
export const RAG_VALUES = Object.keys(RAG_RATINGS) as RagRating[];

export const ASSESSMENT_VERDICTS = {
  implemented: { label: 'Implemented' },
  partially_implemented: { label: 'Partially implemented' },
  not_implemented: { label: 'Not implemented' },
  superseded: { label: 'Superseded' },
} as const;
export type AssessmentVerdict = keyof typeof ASSESSMENT_VERDICTS;
export const ASSESSMENT_VERDICT_VALUES = Object.keys(ASSESSMENT_VERDICTS) as AssessmentVerdict[];

export const LINK_TYPES = {
  same_as: { label: 'Same finding published twice', inverse: 'Same finding published twice' },
  repeats: { label: 'Repeats an earlier finding', inverse: 'Repeated by a later finding' },
  supersedes: { label: 'Supersedes', inverse: 'Superseded by' },
  cites: { label: 'Cites', inverse: 'Cited by' },
  relates_to: { label: 'Relates to', inverse: 'Related to' },
} as const;
export type LinkType = keyof typeof LINK_TYPES;
export const LINK_TYPE_VALUES = Object.keys(LINK_TYPES) as LinkType[];

export const SOURCE_ROLES = {
  origin: 'Published in',
  also_published_in: 'Also published in',
  cited_by: 'Cited in',
} as const;
export type SourceRole = keyof typeof SOURCE_ROLES;
