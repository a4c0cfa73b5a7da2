import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../access/current-user';
import { can, ROLES } from '../access/roles';
import type { TrackerRequest } from '../auth/session.middleware';
import { errorsForView, type FieldError } from '../common/form-error';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import type { User } from './user.entity';
import { assignableRoles } from './user-management';
import { UsersService } from './users.service';

/** The users' forms: adding a user, and changing one. */
export type UserForm = 'new' | 'edit';

/** The roles a user may give, as radios, the one in `values.role` checked. */
function roleChoices(user: CurrentUser, values: Record<string, unknown>) {
  return assignableRoles(user).map((role) => ({
    value: role,
    label: ROLES[role].label,
    hint: ROLES[role].description,
    checked: role === values.role,
  }));
}

/** The page to add a user: the roles this user may give, and the force the new user will belong to. */
export function newUserPage(user: CurrentUser, values: Record<string, unknown>, errors: FieldError[] | null) {
  return {
    pageTitle: 'Add a user',
    nav: 'users',
    breadcrumbs: [{ text: 'Users', href: '/users' }],
    values,
    errors: errors ? errorsForView(errors) : null,
    roles: roleChoices(user, values),
    chooseForce: can(user.role, 'manageAllUsers'),
    forceName: user.forceName,
  };
}

/** The form's values for an account as it is. */
export function accountValues(account: User): Record<string, unknown> {
  return {
    displayName: account.displayName,
    role: account.role,
    forceCode: account.force?.code ?? '',
    team: account.team ?? '',
    email: account.email ?? '',
  };
}

/**
 * The page to change an account: its name, role, force (an administrator chooses it; a lead's users
 * stay in the lead's force) and team, with the password reset and the disable or enable button,
 * which nobody uses on their own account.
 */
export function editUserPage(
  user: CurrentUser,
  account: User,
  values: Record<string, unknown>,
  errors: FieldError[] | null,
) {
  const isOwn = account.username === user.username;
  return {
    pageTitle: `Change ${account.displayName}`,
    nav: 'users',
    breadcrumbs: [{ text: 'Users', href: '/users' }],
    account: {
      username: account.username,
      displayName: account.displayName,
      disabled: account.disabled,
      lastSignInAt: account.lastSignInAt,
      href: `/users/${encodeURIComponent(account.username)}`,
    },
    values,
    errors: errors ? errorsForView(errors) : null,
    roles: roleChoices(user, values),
    chooseForce: can(user.role, 'manageAllUsers'),
    forceName: user.forceName,
    mayChangeAccess: !isOwn,
  };
}

/** A refused form shown again as typed (a new user's password excepted), with each error beside its field. */
@Injectable()
export class UserFormPages implements FormPageProvider<UserForm> {
  constructor(private readonly users: UsersService) {}

  async refusedPage(form: UserForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    const user = (request as TrackerRequest).user!;
    switch (form) {
      case 'new':
        return { view: 'users/new', model: newUserPage(user, { ...typed, password: '' }, errors) };
      case 'edit': {
        // Another force's account is a 404 here too, whatever was wrong with the form.
        const account = await this.users.managedAccount(user, String(request.params.username));
        return { view: 'users/edit', model: editUserPage(user, account, typed, errors) };
      }
    }
  }
}
