import { can, type Permission, type Role } from '../access/roles';
import { FINDING_STATUSES, type FindingStatus } from './finding-status';

export interface Transition {
  name: 'start' | 'claim' | 'verify' | 'reject' | 'reopen' | 'supersede';
  label: string;
  from: readonly FindingStatus[];
  to: FindingStatus;
  permission: Permission;
  /** What the form must say: why (commentary), and for a supersession, what supersedes it. */
  needsCommentary: boolean;
  needsEvidence: boolean;
  needsSupersededBy: boolean;
}

/**
 * The status workflow. A finding moves not started → in progress → implemented (the force's
 * claim, awaiting verification) → verified closed; or to superseded, naming what supersedes it.
 * Only an inspector verifies or rejects a claim; re-opening a closed finding says why.
 */
export const TRANSITIONS: readonly Transition[] = [
  {
    name: 'start',
    label: 'Start work (in progress)',
    from: ['not_started'],
    to: 'in_progress',
    permission: 'work',
    needsCommentary: false,
    needsEvidence: false,
    needsSupersededBy: false,
  },
  {
    name: 'claim',
    label: 'Claim implemented (for verification)',
    from: ['not_started', 'in_progress'],
    to: 'implemented',
    permission: 'work',
    needsCommentary: true,
    needsEvidence: true,
    needsSupersededBy: false,
  },
  {
    name: 'verify',
    label: 'Verify and close',
    from: ['implemented'],
    to: 'verified_closed',
    permission: 'inspect',
    needsCommentary: true,
    needsEvidence: false,
    needsSupersededBy: false,
  },
  {
    name: 'reject',
    label: 'Reject the claim (back to in progress)',
    from: ['implemented'],
    to: 'in_progress',
    permission: 'inspect',
    needsCommentary: true,
    needsEvidence: false,
    needsSupersededBy: false,
  },
  {
    name: 'reopen',
    label: 'Re-open',
    from: ['verified_closed'],
    to: 'in_progress',
    permission: 'curate',
    needsCommentary: true,
    needsEvidence: false,
    needsSupersededBy: false,
  },
  {
    name: 'supersede',
    label: 'Mark superseded',
    from: ['not_started', 'in_progress', 'implemented'],
    to: 'superseded',
    permission: 'curate',
    needsCommentary: true,
    needsEvidence: false,
    needsSupersededBy: true,
  },
];

export type TransitionName = Transition['name'];
export const TRANSITION_NAMES = TRANSITIONS.map((transition) => transition.name);

/** The transitions this role may make from this status. */
export function availableTransitions(status: FindingStatus, role: Role): Transition[] {
  return TRANSITIONS.filter((transition) => transition.from.includes(status) && can(role, transition.permission));
}

export interface TransitionRequest {
  name: string;
  commentary: string;
  supersededBy: string;
  /** Evidence items not withdrawn or rejected. */
  activeEvidence: number;
}

export type TransitionCheck =
  | { ok: true; transition: Transition }
  | { ok: false; errors: Array<{ field: 'transition' | 'commentary' | 'supersededBy'; message: string }> };

/** Whether the role may make the requested change now, with a message beside each field that is wrong. */
export function checkTransition(status: FindingStatus, role: Role, request: TransitionRequest): TransitionCheck {
  const transition = TRANSITIONS.find((candidate) => candidate.name === request.name);
  if (!transition) {
    return { ok: false, errors: [{ field: 'transition', message: 'Select what to do' }] };
  }
  if (!can(role, transition.permission)) {
    return {
      ok: false,
      errors: [{ field: 'transition', message: `Your role cannot ${transition.label.toLowerCase()}` }],
    };
  }
  if (!transition.from.includes(status)) {
    return {
      ok: false,
      errors: [
        {
          field: 'transition',
          message: `A finding that is ${FINDING_STATUSES[status].label.toLowerCase()} cannot be moved to ${FINDING_STATUSES[transition.to].label.toLowerCase()}`,
        },
      ],
    };
  }
  const errors: Array<{ field: 'transition' | 'commentary' | 'supersededBy'; message: string }> = [];
  if (transition.needsEvidence && request.activeEvidence === 0) {
    errors.push({
      field: 'transition',
      message: 'Add at least one piece of evidence before claiming the finding is implemented',
    });
  }
  if (transition.needsCommentary && request.commentary.trim() === '') {
    errors.push({
      field: 'commentary',
      message: transition.name === 'claim' ? 'Say what was done and how the evidence shows it' : 'Give the reason',
    });
  }
  if (transition.needsSupersededBy && request.supersededBy.trim() === '') {
    errors.push({ field: 'supersededBy', message: 'Enter the reference of the finding that supersedes this one' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, transition };
}
