import type { CurrentUser } from '../access/current-user';
import { can, FORCE_ROLES, ROLE_VALUES, type Role } from '../access/roles';
import { inScope, scopeOf } from '../access/scope';
import type { FieldError } from '../common/form-error';

type Manager = Pick<CurrentUser, 'role' | 'forceId' | 'forceCode'>;

/** Roles a user may give: an administrator any; a force lead only the force roles, in their own force. */
export function assignableRoles(user: Pick<CurrentUser, 'role'>): Role[] {
  return can(user.role, 'manageAllUsers') ? [...ROLE_VALUES] : [...FORCE_ROLES];
}

/**
 * The force of a new account: the one chosen by someone who manages every force's users, else the
 * manager's own; none for a role that is not tied to a force. The same rule places a changed account.
 */
export function forceOfNewUser(manager: Manager, role: Role, chosenForceCode: string | undefined): string | null {
  if (!FORCE_ROLES.includes(role)) {
    return null;
  }
  return can(manager.role, 'manageAllUsers') ? (chosenForceCode?.toUpperCase() ?? null) : manager.forceCode;
}

/**
 * Whether the manager may change this account: any account, or (a force lead) those of their own
 * force, by the scope rule; an account with no force (an inspector, an administrator) is not a
 * force's account, so only those who manage every account may change it.
 */
export function mayManageAccount(manager: Manager, account: { forceId: number | null }): boolean {
  if (can(manager.role, 'manageAllUsers')) {
    return true;
  }
  return account.forceId !== null && inScope(scopeOf(manager), account.forceId);
}

/** Whose accounts the manager lists: every force's (null), or their own force's. */
export function managedForce(manager: Manager): number | null {
  return can(manager.role, 'manageAllUsers') ? null : manager.forceId;
}

/** A change to an account as the edit form asks for it, the force already placed by `forceOfNewUser`. */
export interface AccountChange {
  role: Role;
  forceCode: string | null;
}

/**
 * The problems with a change of an account's role and force, each on its field: a role the
 * manager may not give, one's own role (nobody locks themselves out), a force role without a
 * force, a force that does not exist.
 */
export function accountChangeProblems(
  manager: Manager,
  account: { role: Role; isOwn: boolean },
  change: AccountChange,
  forceExists: boolean,
): FieldError[] {
  const problems: FieldError[] = [];
  if (!assignableRoles(manager).includes(change.role)) {
    problems.push({ field: 'role', message: 'You cannot give that role' });
  } else if (account.isOwn && change.role !== account.role) {
    problems.push({ field: 'role', message: 'You cannot change your own role' });
  }
  if (FORCE_ROLES.includes(change.role) && !change.forceCode) {
    problems.push({ field: 'forceCode', message: 'A force staff, force lead or board member account needs a force' });
  } else if (change.forceCode && !forceExists) {
    problems.push({ field: 'forceCode', message: `There is no force with the code ${change.forceCode}` });
  }
  return problems;
}

/** What the edit form changes on an account, as the audit entry records it. */
export interface AccountFields {
  displayName: string;
  role: Role;
  /** The force's code, or null. */
  force: string | null;
  team: string | null;
}

/** The fields that differ, each as [before, after], for the audit entry. */
export function accountChanges(before: AccountFields, after: AccountFields): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const field of ['displayName', 'role', 'force', 'team'] as const) {
    if (before[field] !== after[field]) {
      changes[field] = [before[field], after[field]];
    }
  }
  return changes;
}
