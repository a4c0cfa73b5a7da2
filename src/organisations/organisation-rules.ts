import type { FieldError } from '../common/form-error';
import {
  MONITORING_STAGES,
  ORGANISATION_KIND_VALUES,
  type MonitoringStage,
  type OrganisationKind,
} from '../reports/force.entity';

/** An organisation as the reference data file and the command line give it. */
export interface OrganisationInput {
  code: string;
  name: string;
  kind: OrganisationKind;
}

/** Only fire and rescue services have codes starting with this, so no other organisation can take one of theirs. */
export const FIRE_CODE_PREFIX = 'FRS';
/** What national recommendations' references start with (`NAT-2022-REC-01`): no organisation may have it as code. */
export const RESERVED_CODES: readonly string[] = ['NAT'];

/** A code as typed, as it is kept: trimmed, in capitals. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The problems with a new organisation (each on its field), before the database is asked about duplicates. */
export function organisationProblems(input: OrganisationInput): FieldError[] {
  const problems: FieldError[] = [];
  const code = normaliseCode(input.code);
  if (!/^[A-Z]{2,8}$/.test(code)) {
    problems.push({ field: 'code', message: `Code must be 2 to 8 letters, such as DER (not “${input.code}”)` });
  } else if (RESERVED_CODES.includes(code)) {
    problems.push({
      field: 'code',
      message: `${code} cannot be a code: national recommendations’ references start ${code}-`,
    });
  } else if (input.kind === 'fire' && !code.startsWith(FIRE_CODE_PREFIX)) {
    problems.push({
      field: 'code',
      message: `A fire and rescue service’s code starts ${FIRE_CODE_PREFIX}, such as ${FIRE_CODE_PREFIX}DER`,
    });
  } else if (input.kind !== 'fire' && code.startsWith(FIRE_CODE_PREFIX)) {
    problems.push({ field: 'code', message: `Only a fire and rescue service’s code starts ${FIRE_CODE_PREFIX}` });
  }
  if (!ORGANISATION_KIND_VALUES.includes(input.kind)) {
    problems.push({ field: 'kind', message: `Kind must be one of ${ORGANISATION_KIND_VALUES.join(', ')}` });
  }
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') {
    problems.push({ field: 'name', message: 'Enter the organisation’s name' });
  } else if (name.length > 200) {
    problems.push({ field: 'name', message: 'The name must be 200 characters or fewer' });
  }
  return problems;
}

/** The problems with the reference data file's list of organisations (empty when it is sound). */
export function referenceDataProblems(organisations: readonly OrganisationInput[]): string[] {
  const problems: string[] = [];
  const codes = new Set<string>();
  const names = new Set<string>();
  for (const organisation of organisations) {
    for (const problem of organisationProblems(organisation)) {
      problems.push(`${organisation.code}: ${problem.message}`);
    }
    if (organisation.code !== normaliseCode(organisation.code)) {
      problems.push(`${organisation.code}: codes are written in capitals`);
    }
    if (codes.has(organisation.code)) {
      problems.push(`${organisation.code}: the code is used twice`);
    }
    if (names.has(organisation.name)) {
      problems.push(`${organisation.code}: the name ${organisation.name} is used twice`);
    }
    codes.add(organisation.code);
    names.add(organisation.name);
  }
  return problems;
}

/** The organisations of the reference data whose codes a database does not hold yet, in the file's order. */
export function missingOrganisations(
  reference: readonly OrganisationInput[],
  heldCodes: Iterable<string>,
): OrganisationInput[] {
  const held = new Set(heldCodes);
  return reference.filter((organisation) => !held.has(organisation.code));
}

/** A change of monitoring stage, as the form gives it. */
export interface StageChange {
  stage: MonitoringStage;
  since: string;
  reason: string;
}

/**
 * The problems with a change of an organisation's monitoring stage: it must change something (the stage or its
 * date), must not be dated in the future, and must not be dated before the stage the organisation is in began.
 */
export function stageChangeProblems(
  current: { stage: MonitoringStage | null; since: string | null },
  change: StageChange,
  today: string,
): FieldError[] {
  const problems: FieldError[] = [];
  if (!MONITORING_STAGES.includes(change.stage)) {
    problems.push({ field: 'stage', message: 'Select the monitoring stage' });
  }
  if (change.since > today) {
    problems.push({ field: 'since', message: 'The date the stage changed must be today or in the past' });
  } else if (current.since !== null && change.since < current.since && change.stage !== current.stage) {
    problems.push({
      field: 'since',
      message: `The date must be on or after ${current.since}, when the current stage began`,
    });
  }
  if (problems.length === 0 && change.stage === current.stage && change.since === current.since) {
    problems.push({ field: 'stage', message: `The organisation is already at this stage since ${change.since}` });
  }
  return problems;
}
