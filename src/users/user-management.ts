import type { CurrentUser } from '../access/current-user';
import { can, FORCE_ROLES, ROLE_VALUES, type Role } from '../access/roles';

type Manager = Pick<CurrentUser, 'role' | 'forceId' | 'forceCode'>;

/** Roles a user may give: an administrator any; a force lead only the force roles, in their own force. */
export function assignableRoles(user: Pick<CurrentUser, 'role'>): Role[] {
  return can(user.role, 'manageAllUsers') ? [...ROLE_VALUES] : [...FORCE_ROLES];
}

/**
 * The force of a new account: the one chosen by someone who manages every force's users, else the
 * manager's own; none for a role that is not tied to a force.
 */
export function forceOfNewUser(manager: Manager, role: Role, chosenForceCode: string | undefined): string | null {
  if (!FORCE_ROLES.includes(role)) {
    return null;
  }
  return can(manager.role, 'manageAllUsers') ? (chosenForceCode ?? null) : manager.forceCode;
}

/** Whether the manager may change this account: any account, or (a force lead) those of their own force. */
export function mayManageAccount(manager: Manager, account: { forceId: number | null }): boolean {
  return can(manager.role, 'manageAllUsers') || account.forceId === manager.forceId;
}

/** Whose accounts the manager lists: every force's (null), or their own force's. */
export function managedForce(manager: Manager): number | null {
  return can(manager.role, 'manageAllUsers') ? null : manager.forceId;
}
