import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../access/current-user';
import type { TrackerRequest } from '../auth/session.middleware';
import { errorsForView, type FieldError } from '../common/form-error';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import { DIGEST_CADENCES, describeSchedule, EMAIL_DETAILS, WEEKDAYS } from './digest-schedule';
import { OrganisationNotificationPolicies, type OrganisationPolicy } from './organisation-notification-policies';

export type OrganisationSettingsForm = 'settings';

/**
 * The pages of organisations' notification settings: the list (a lead's own organisation; every one for an
 * administrator) and one organisation's form, shown again with what was typed and each error beside its field.
 */
@Injectable()
export class OrganisationSettingsPages implements FormPageProvider<OrganisationSettingsForm> {
  constructor(private readonly policies: OrganisationNotificationPolicies) {}

  async list(user: CurrentUser) {
    const organisations = await this.policies.listFor(user);
    return {
      pageTitle: 'Organisations’ digests and emails',
      breadcrumbs: [
        { text: 'Notifications', href: '/notifications' },
        { text: 'Email settings', href: '/notifications/preferences' },
      ],
      organisations: organisations.map((item) => ({
        name: item.force.name,
        href: `/notifications/organisations/${encodeURIComponent(item.force.code)}`,
        schedule: describeSchedule(item.policy),
        emailDetail: EMAIL_DETAILS[item.policy.emailDetail].label,
        isDefault: item.changed === null,
      })),
    };
  }

  async form(user: CurrentUser, code: string, typed: Record<string, unknown> | null, errors: FieldError[] | null) {
    const current = await this.policies.forUser(user, code);
    const values = typed ?? valuesOf(current);
    return {
      pageTitle: `Digests and emails: ${current.force.name}`,
      breadcrumbs: [
        { text: 'Notifications', href: '/notifications' },
        { text: 'Organisations’ digests and emails', href: '/notifications/organisations' },
      ],
      organisation: current.force,
      action: `/notifications/organisations/${encodeURIComponent(current.force.code)}`,
      changed: current.changed,
      schedule: describeSchedule(current.policy),
      cadences: Object.entries(DIGEST_CADENCES).map(([value, label]) => ({
        value,
        label,
        checked: values.cadence === value,
      })),
      weekdays: WEEKDAYS.map((label, index) => ({
        value: String(index + 1),
        label,
        selected: values.weekday === String(index + 1) || values.weekday === index + 1,
      })),
      emailDetails: Object.entries(EMAIL_DETAILS).map(([value, detail]) => ({
        value,
        label: detail.label,
        description: detail.description,
        checked: values.emailDetail === value,
      })),
      values,
      errors: errors ? errorsForView(errors) : null,
    };
  }

  async refusedPage(_form: OrganisationSettingsForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    const user = (request as TrackerRequest).user!;
    const code = String(request.params.code ?? '');
    return { view: 'notifications/organisation-settings', model: await this.form(user, code, typed, errors) };
  }
}

function valuesOf(current: OrganisationPolicy): Record<string, unknown> {
  return {
    cadence: current.policy.cadence,
    weekday: current.policy.weekday === null ? '' : String(current.policy.weekday),
    hour: String(current.policy.hour),
    emailDetail: current.policy.emailDetail,
  };
}
