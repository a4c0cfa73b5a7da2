import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../access/current-user';
import { errorsForView, type FieldError } from '../common/form-error';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import { API_TOKEN_SCOPES, API_TOKEN_SCOPE_VALUES } from './api-token.entity';
import { API_TOKEN_LIFETIMES, ApiTokensService } from './api-tokens.service';
import type { TrackerRequest } from './session.middleware';

export type ApiTokenForm = 'new';

const DEFAULT_DAYS = 90;

/**
 * `/account/api-tokens`: the signed-in user's personal API tokens (name, scope, made, expires, last used, revoked)
 * and the form to make one, shown again with each error beside its field when refused.
 */
@Injectable()
export class ApiTokenPages implements FormPageProvider<ApiTokenForm> {
  constructor(private readonly tokens: ApiTokensService) {}

  async page(user: CurrentUser, values: Record<string, unknown>, errors: FieldError[] | null) {
    const tokens = await this.tokens.list(user);
    const scope = typeof values.scope === 'string' ? values.scope : 'read';
    const days = Number(values.days ?? DEFAULT_DAYS);
    return {
      pageTitle: 'API tokens',
      tokens: tokens.map((token) => ({
        ...token,
        active: token.state === 'active',
        stateLabel: { active: 'Active', expired: 'Expired', revoked: 'Revoked' }[token.state],
      })),
      scopes: API_TOKEN_SCOPE_VALUES.map((value) => ({
        value,
        label: API_TOKEN_SCOPES[value].label,
        checked: value === scope,
      })),
      lifetimes: API_TOKEN_LIFETIMES.map((value) => ({ value, checked: value === days })),
      values,
      errors: errors ? errorsForView(errors) : null,
    };
  }

  async refusedPage(_form: ApiTokenForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    const user = (request as TrackerRequest).user!;
    return { view: 'api-tokens/index', model: await this.page(user, typed, errors) };
  }
}
