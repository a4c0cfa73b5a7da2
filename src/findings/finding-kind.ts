export const FINDING_KINDS = {
  area_for_improvement: { label: 'Area for improvement', code: 'AFI' },
  cause_of_concern: { label: 'Cause of concern', code: 'COC' },
  recommendation: { label: 'Recommendation', code: 'REC' },
  national_recommendation: { label: 'National recommendation', code: 'REC' },
  observation: { label: 'Observation', code: 'OBS' },
} as const;
export type FindingKind = keyof typeof FINDING_KINDS;
export const FINDING_KIND_VALUES = Object.keys(FINDING_KINDS) as FindingKind[];

/** Kinds a force formally has to act on; observations ("the force should…" sentences) are weaker. */
export const FORMAL_KINDS: readonly FindingKind[] = [
  'area_for_improvement',
  'cause_of_concern',
  'recommendation',
  'national_recommendation',
];

export function kindLabel(kind: FindingKind): string {
  return FINDING_KINDS[kind].label;
}
