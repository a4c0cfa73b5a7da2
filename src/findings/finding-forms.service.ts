import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ACTION_STATUSES, ACTION_STATUS_VALUES } from './action-status';
import { Action } from './action.entity';
import type { CurrentUser } from '../access/current-user';
import { scopeOf } from '../access/scope';
import type { TrackerRequest } from '../auth/session.middleware';
import { datePartsOf } from '../common/date-input';
import { formatUkDate, nowIso, todayIso } from '../common/dates';
import { errorsForView } from '../common/form-error';
import type { FormPageProvider, FormPageView, RefusedForm } from '../common/form-page';
import { EnvironmentVariables } from '../config/env.validation';
import { Force } from '../reports/force.entity';
import { TeamsService } from '../teams/teams.service';
import { ASSESSMENT_VERDICTS, ASSESSMENT_VERDICT_VALUES, LINK_TYPES, LINK_TYPE_VALUES } from './finding-status';
import { FindingsService } from './findings.service';
import { availableTransitions } from './status-workflow';
import { unfinishedActions } from './work-rules';

/** The forms' date fields (GOV.UK date inputs): their values are the day, month and year typed. */
const DATE_FIELDS = ['dueDate', 'targetDate', 'assessedOn'] as const;

export const FINDING_FORMS = {
  status: { view: 'findings/forms/status', title: 'Change the status' },
  note: { view: 'findings/forms/note', title: 'Post a progress note' },
  'action-new': { view: 'findings/forms/action', title: 'Add an action' },
  'action-edit': { view: 'findings/forms/action', title: 'Update an action' },
  assign: { view: 'findings/forms/assign', title: 'Assign the owner and target date' },
  assessment: { view: 'findings/forms/assessment', title: 'Record an assessment' },
  link: { view: 'findings/forms/link', title: 'Link to another finding' },
  recipient: { view: 'findings/forms/recipient', title: 'Add a recipient' },
  evidence: { view: 'findings/forms/evidence', title: 'Add evidence' },
  'evidence-review': { view: 'findings/forms/evidence-review', title: 'Review evidence' },
  'evidence-withdraw': { view: 'findings/forms/evidence-withdraw', title: 'Withdraw evidence' },
} as const;
export type FindingForm = keyof typeof FINDING_FORMS;

const options = <K extends string>(
  values: readonly K[],
  labels: Record<K, { label: string } | string>,
  selected?: string,
) =>
  values.map((value) => {
    const label = labels[value];
    return { value, label: typeof label === 'string' ? label : label.label, selected: value === selected };
  });

/**
 * The view model of each form page about a finding: the finding, the choices, and the current values;
 * and the same page again when the form is refused (see FormPage).
 */
@Injectable()
export class FindingFormsService implements FormPageProvider<FindingForm> {
  constructor(
    private readonly findingsService: FindingsService,
    @InjectRepository(Action) private readonly actions: Repository<Action>,
    @InjectRepository(Force) private readonly forces: Repository<Force>,
    private readonly teams: TeamsService,
    private readonly env: EnvironmentVariables,
  ) {}

  /** The form with what was typed over its current values (not the version it was loaded at), and the errors. */
  async refusedPage(form: FindingForm, { request, typed, errors }: RefusedForm): Promise<FormPageView> {
    const params = request.params as Record<string, string>;
    const page = await this.page(form, params.reference, (request as TrackerRequest).user!, {
      actionId: Number(params.actionId),
      evidenceId: Number(params.evidenceId),
    });
    const { version: _version, loadedAt: _loadedAt, ...values } = typed;
    for (const field of DATE_FIELDS) {
      if (field in values) {
        values[field] = datePartsOf(values[field]);
      }
    }
    const shown = errorsForView(errors);
    const byField = shown.byField;
    return {
      view: FINDING_FORMS[form].view,
      model: {
        ...page,
        values: { ...page.values, ...values },
        errors: shown,
        // What is unusual is asked about once the form has said so, and stays asked while the form comes back.
        askPastDate: Boolean(byField.confirmPastDate || values.confirmPastDate),
        askConfirmation: Boolean(byField.confirmed || byField.confirmReason || values.confirmed),
      },
    };
  }

  fileTooLargeMessage(): string {
    return `The selected file is larger than the upload limit of ${this.env.MAX_UPLOAD_MB} MB`;
  }

  async page(
    form: FindingForm,
    reference: string,
    user: CurrentUser,
    params: { actionId?: number; evidenceId?: number } = {},
  ) {
    const finding = await this.findingsService.getByReference(reference, scopeOf(user));
    const base = {
      pageTitle: `${FINDING_FORMS[form].title}: ${finding.reference}`,
      heading: FINDING_FORMS[form].title,
      nav: 'findings',
      breadcrumbs: [
        { text: 'Findings', href: '/findings' },
        { text: finding.reference, href: finding.href },
      ],
      form,
      finding,
      loadedAt: nowIso(),
      values: {} as Record<string, unknown>,
    };
    // The owners offered (typed owners stay allowed): the teams of the finding's force, or of the user's own force
    // for a national recommendation.
    const ownerTeams = () => this.teams.offeredNames(finding.forceId ?? user.forceId);
    switch (form) {
      case 'status':
        return {
          ...base,
          transitions: availableTransitions(finding.status, user.role),
          unfinishedActions: unfinishedActions(finding.actions, todayIso()),
        };
      case 'action-new':
        return {
          ...base,
          action: null,
          ownerTeams: await ownerTeams(),
          values: { status: 'not_started' },
          statuses: options(ACTION_STATUS_VALUES, ACTION_STATUSES, 'not_started'),
        };
      case 'action-edit': {
        const action = await this.actions.findOne({ where: { id: params.actionId, findingId: finding.id } });
        if (!action) {
          throw new NotFoundException(`${finding.reference} has no action ${params.actionId}`);
        }
        return {
          ...base,
          action,
          ownerTeams: await ownerTeams(),
          values: {
            description: action.description,
            owner: action.owner,
            dueDate: datePartsOf(action.dueDate),
            status: action.status,
          },
          statuses: options(ACTION_STATUS_VALUES, ACTION_STATUSES, action.status),
        };
      }
      case 'assign':
        return {
          ...base,
          ownerTeams: await ownerTeams(),
          values: {
            owner: finding.owner,
            actionOwners: finding.actionOwners.join('\n'),
            targetDate: datePartsOf(finding.targetDate),
          },
          targetDateHint: `For example, 31 3 2027.${finding.targetDate ? ` Currently ${formatUkDate(finding.targetDate)}.` : ''}`,
        };
      case 'assessment': {
        // A national recommendation is assessed for one recipient: any organisation (a record is made if need be).
        const forces = finding.isStatement ? await this.forces.find({ order: { kind: 'DESC', name: 'ASC' } }) : [];
        return {
          ...base,
          values: { assessedOn: datePartsOf(todayIso()) },
          assessedOnHint: 'For example, 31 3 2026: not after today, nor before the report was published',
          verdicts: options(ASSESSMENT_VERDICT_VALUES, ASSESSMENT_VERDICTS),
          forces: forces.map((force) => ({ value: force.code, label: force.name, selected: false })),
        };
      }
      case 'recipient': {
        const held = new Set(finding.recipients.map((record) => record.organisation?.code));
        const organisations = await this.forces.find({ order: { kind: 'ASC', name: 'ASC' } });
        return {
          ...base,
          organisations: organisations
            .filter((organisation) => !held.has(organisation.code))
            .map((organisation) => ({
              value: organisation.code,
              label: `${organisation.name} (${organisation.kind === 'police' ? 'police force' : organisation.kind === 'fire' ? 'fire and rescue service' : 'national body'})`,
              selected: false,
            })),
        };
      }
      case 'link':
        return {
          ...base,
          linkTypes: options(
            LINK_TYPE_VALUES,
            Object.fromEntries(LINK_TYPE_VALUES.map((type) => [type, LINK_TYPES[type].label])) as Record<
              string,
              string
            >,
          ),
        };
      case 'evidence':
        return {
          ...base,
          values: { kind: 'note' },
          actions: finding.actions.map((action) => ({
            value: String(action.id),
            label: action.description,
            selected: false,
          })),
        };
      case 'evidence-review':
      case 'evidence-withdraw': {
        const item = finding.evidence.find((evidence) => evidence.id === params.evidenceId);
        if (!item) {
          throw new NotFoundException(`${finding.reference} has no evidence ${params.evidenceId}`);
        }
        return { ...base, item };
      }
      case 'note':
        return base;
    }
  }
}
