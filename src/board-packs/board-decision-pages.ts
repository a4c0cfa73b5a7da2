import { Injectable } from '@nestjs/common';
import type { CurrentUser } from '../access/current-user';
import { scopeOf } from '../access/scope';
import type { TrackerRequest } from '../auth/session.middleware';
import { errorsForView, type FieldError } from '../common/form-error';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import { FindingsService } from '../findings/findings.service';

/** The board packs' forms: the board's decision on a finding awaiting sign-off. */
export type BoardDecisionForm = 'board-decision';

const DECISIONS = [
  { value: 'approved', label: 'Approved to close' },
  { value: 'returned', label: 'Returned' },
] as const;

/**
 * The form for the board's decision on one finding (the board pack's sign-off section posts the same form), shown on
 * its own page when opened from there or when refused: what was typed kept, each error beside its field.
 */
@Injectable()
export class BoardDecisionPages implements FormPageProvider<BoardDecisionForm> {
  constructor(private readonly findingsService: FindingsService) {}

  async page(reference: string, user: CurrentUser, values: Record<string, unknown>, errors: FieldError[] | null) {
    const finding = await this.findingsService.findVisible(reference, scopeOf(user));
    const backHref = `/board-packs/current?force=${encodeURIComponent(user.forceCode ?? '')}#sign-off`;
    return {
      pageTitle: `${errors ? 'Error: ' : ''}Record the board’s decision on ${finding.reference}`,
      nav: 'board-packs',
      breadcrumbs: [
        { text: 'Board packs', href: '/board-packs' },
        { text: 'Current pack', href: backHref },
      ],
      finding: {
        reference: finding.reference,
        title: finding.title,
        href: `/findings/${encodeURIComponent(finding.reference)}`,
      },
      backHref,
      decisions: DECISIONS.map((decision) => ({ ...decision, checked: values.decision === decision.value })),
      values,
      errors: errors ? errorsForView(errors) : null,
    };
  }

  async refusedPage(_form: BoardDecisionForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    const user = (request as TrackerRequest).user!;
    const model = await this.page(String(request.params.reference), user, typed, errors);
    return { view: 'board-packs/board-decision', model };
  }
}
