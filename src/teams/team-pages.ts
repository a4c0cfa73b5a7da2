import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../access/current-user';
import { can } from '../access/roles';
import { scopeOf } from '../access/scope';
import type { TrackerRequest } from '../auth/session.middleware';
import { errorsForView, type FieldError } from '../common/form-error';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import { TeamsService } from './teams.service';

/** The teams' one form: adding a team (it sits on the list's page). */
export type TeamForm = 'new';

/**
 * The page of a force's teams: the force chosen (inspectors and administrators choose), the teams offered and those
 * retired, and, for force leads and administrators, the form to add one and a button to retire each; shown again
 * with what was typed and the error beside the field when an addition is refused.
 */
@Injectable()
export class TeamPages implements FormPageProvider<TeamForm> {
  constructor(private readonly teams: TeamsService) {}

  async page(
    user: CurrentUser,
    forceCode: string | undefined,
    values: Record<string, unknown>,
    errors: FieldError[] | null,
  ) {
    const force = await this.teams.forceFor(user, forceCode);
    const chooseForce = scopeOf(user).forceId === null;
    const teams = await this.teams.list(force.id);
    return {
      pageTitle: `Teams of ${force.name}`,
      nav: 'teams',
      force: { code: force.code, name: force.name },
      forces: chooseForce
        ? (await this.teams.allForces()).map((item) => ({
            value: item.code,
            label: item.name,
            selected: item.id === force.id,
          }))
        : null,
      mayManage: can(user.role, 'manageUsers'),
      active: teams
        .filter((team) => team.retiredAt === null)
        .map((team) => ({ id: team.id, name: team.name, createdAt: team.createdAt, createdBy: team.createdBy })),
      retired: teams
        .filter((team) => team.retiredAt !== null)
        .map((team) => ({ id: team.id, name: team.name, retiredAt: team.retiredAt })),
      values,
      errors: errors ? errorsForView(errors) : null,
    };
  }

  async refusedPage(_form: TeamForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    const user = (request as TrackerRequest).user!;
    const force = typeof typed.force === 'string' && typed.force.trim() !== '' ? typed.force.trim() : undefined;
    return { view: 'teams/index', model: await this.page(user, force, typed, errors) };
  }
}
