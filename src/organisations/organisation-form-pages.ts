import { Injectable } from '@nestjs/common';
import type { TrackerRequest } from '../auth/session.middleware';
import { errorsForView, type FieldError } from '../common/form-error';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import type { Force } from '../reports/force.entity';
import { stageChoices, stageView } from './organisation-page.view';
import { OrganisationsService } from './organisations.service';

/** The organisations' forms: changing the monitoring stage. */
export type OrganisationForm = 'stage';

/** The page to change an organisation's monitoring stage: the stage, the date it changed and the reason. */
export function stageFormPage(organisation: Force, values: Record<string, unknown>, errors: FieldError[] | null) {
  return {
    pageTitle: `Change the monitoring stage: ${organisation.name}`,
    nav: 'organisations',
    breadcrumbs: [
      { text: 'Organisations', href: '/organisations' },
      { text: organisation.name, href: `/organisations/${organisation.code}` },
    ],
    organisation: { code: organisation.code, name: organisation.name },
    current: stageView(organisation.monitoringStage, organisation.monitoringStageSince),
    stages: stageChoices(values.stage),
    values,
    errors: errors ? errorsForView(errors) : null,
  };
}

/** A refused change of stage shown again as typed, with each error beside its field. */
@Injectable()
export class OrganisationFormPages implements FormPageProvider<OrganisationForm> {
  constructor(private readonly organisations: OrganisationsService) {}

  async refusedPage(_form: OrganisationForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    const user = (request as TrackerRequest).user!;
    const organisation = await this.organisations.visible(user, String(request.params.code));
    return { view: 'organisations/stage', model: stageFormPage(organisation, typed, errors) };
  }
}
