import { FINDING_KINDS } from '../findings/finding-kind';
import { FINDING_STATUSES } from '../findings/finding-status';
import type { Finding } from '../findings/finding.entity';
import {
  MONITORING_STAGES,
  ORGANISATION_KIND_VALUES,
  ORGANISATION_KINDS,
  type Force,
  type MonitoringStage,
  type OrganisationKind,
} from '../reports/force.entity';
import type { MonitoringStageChange } from './monitoring-stage-change.entity';

/** What each monitoring stage means, as the pages say it. */
export const MONITORING_STAGE_LABELS: Record<MonitoringStage, { label: string; hint: string; tag: string }> = {
  scan: { label: 'Scan', hint: 'Routine monitoring', tag: 'govuk-tag--blue' },
  engage: {
    label: 'Engage',
    hint: 'Enhanced monitoring: the organisation is not responding to a cause of concern or is failing to manage it',
    tag: 'govuk-tag--red',
  },
};

/** A monitoring stage as a page shows it (none for an organisation never given one). */
export function stageView(stage: MonitoringStage | null, since: string | null) {
  return stage
    ? { code: stage, label: MONITORING_STAGE_LABELS[stage].label, tagClass: MONITORING_STAGE_LABELS[stage].tag, since }
    : null;
}

/** One row of the organisations list. */
export function organisationRow(organisation: Force) {
  return {
    code: organisation.code,
    name: organisation.name,
    kind: organisation.kind,
    kindLabel: ORGANISATION_KINDS[organisation.kind].label,
    stage: stageView(organisation.monitoringStage, organisation.monitoringStageSince),
  };
}

/** The list's filter by kind, each with how many there are, and the current choice marked. */
export function kindFilter(counts: Record<OrganisationKind, number>, chosen: OrganisationKind | undefined) {
  return ORGANISATION_KIND_VALUES.map((kind) => ({
    value: kind,
    label: `${ORGANISATION_KINDS[kind].plural} (${counts[kind]})`,
    selected: kind === chosen,
  }));
}

/** One change of stage in the history. */
export function stageChangeRow(change: MonitoringStageChange) {
  return {
    from: change.fromStage ? MONITORING_STAGE_LABELS[change.fromStage].label : 'None',
    to: MONITORING_STAGE_LABELS[change.toStage].label,
    toTagClass: MONITORING_STAGE_LABELS[change.toStage].tag,
    since: change.since,
    reason: change.reason,
    changedBy: change.changedBy,
    changedAt: change.changedAt,
  };
}

/** One open cause of concern or area for improvement beside the stage. */
export function openItemRow(finding: Finding) {
  return {
    reference: finding.reference,
    title: finding.title,
    kindLabel: FINDING_KINDS[finding.kind].label,
    status: finding.status,
    statusLabel: FINDING_STATUSES[finding.status].label,
    owner: finding.owner,
    targetDate: finding.targetDate,
  };
}

/** The stage form's choices, the current (or typed) one checked. */
export function stageChoices(checked: unknown) {
  return MONITORING_STAGES.map((stage) => ({
    value: stage,
    label: MONITORING_STAGE_LABELS[stage].label,
    hint: MONITORING_STAGE_LABELS[stage].hint,
    checked: stage === checked,
  }));
}
