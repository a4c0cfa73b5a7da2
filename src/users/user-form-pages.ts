import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../access/current-user';
import { can, ROLES } from '../access/roles';
import type { TrackerRequest } from '../auth/session.middleware';
import { errorsForView, type FieldError } from '../common/form-error';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import { assignableRoles } from './user-management';

/** The users' forms: adding a user. */
export type UserForm = 'new';

/** The page to add a user: the roles this user may give, and the force the new user will belong to. */
export function newUserPage(user: CurrentUser, values: Record<string, unknown>, errors: FieldError[] | null) {
  return {
    pageTitle: 'Add a user',
    nav: 'users',
    breadcrumbs: [{ text: 'Users', href: '/users' }],
    values,
    errors: errors ? errorsForView(errors) : null,
    roles: assignableRoles(user).map((role) => ({
      value: role,
      label: ROLES[role].label,
      hint: ROLES[role].description,
      checked: role === values.role,
    })),
    chooseForce: can(user.role, 'manageAllUsers'),
    forceName: user.forceName,
  };
}

/** A refused new user shown again as typed, except the password, with each error beside its field. */
@Injectable()
export class UserFormPages implements FormPageProvider<UserForm> {
  refusedPage(_form: UserForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    const user = (request as TrackerRequest).user!;
    return Promise.resolve({ view: 'users/new', model: newUserPage(user, { ...typed, password: '' }, errors) });
  }
}
