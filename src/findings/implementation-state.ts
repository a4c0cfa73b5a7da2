import type { FindingKind } from './finding-kind';
import { FORMAL_KINDS } from './finding-kind';
import type { AssessmentVerdict, FindingStatus } from './finding-status';

export const IMPLEMENTATION_STATES = {
  open: { label: 'Not yet implemented' },
  awaiting_verification: { label: 'Awaiting verification' },
  implemented: { label: 'Implemented' },
  superseded: { label: 'Superseded' },
} as const;
export type ImplementationState = keyof typeof IMPLEMENTATION_STATES;

export interface AssessmentLike {
  verdict: AssessmentVerdict;
  assessedOn: string | null;
  createdAt: string;
}

/** The most recent assessment: by the date it was made, then by when it was recorded. */
export function latestAssessment<T extends AssessmentLike>(assessments: readonly T[]): T | null {
  let latest: T | null = null;
  for (const assessment of assessments) {
    if (!latest || compareAssessments(assessment, latest) > 0) {
      latest = assessment;
    }
  }
  return latest;
}

function compareAssessments(a: AssessmentLike, b: AssessmentLike): number {
  const byDate = (a.assessedOn ?? a.createdAt.slice(0, 10)).localeCompare(b.assessedOn ?? b.createdAt.slice(0, 10));
  return byDate !== 0 ? byDate : a.createdAt.localeCompare(b.createdAt);
}

/**
 * Whether a finding has been implemented, from the force's own status and the latest assessment:
 * - superseded (by status or by a later report's verdict) → superseded;
 * - verified closed by an inspector, or a later report says implemented → implemented;
 * - the force claims implemented, not yet verified → awaiting verification;
 * - otherwise (including a later report saying not or only partly implemented) → open.
 */
export function implementationState(
  status: FindingStatus,
  latest: Pick<AssessmentLike, 'verdict'> | null,
): ImplementationState {
  if (status === 'superseded' || latest?.verdict === 'superseded') {
    return 'superseded';
  }
  if (status === 'verified_closed' || latest?.verdict === 'implemented') {
    return 'implemented';
  }
  if (status === 'implemented') {
    return 'awaiting_verification';
  }
  return 'open';
}

/** "Remains unimplemented": a formal finding (not an observation) that is open or awaiting verification. */
export function remainsUnimplemented(kind: FindingKind, state: ImplementationState): boolean {
  return FORMAL_KINDS.includes(kind) && (state === 'open' || state === 'awaiting_verification');
}
