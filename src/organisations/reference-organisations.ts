import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/project-root';
import { referenceDataProblems, type OrganisationInput } from './organisation-rules';

/** The organisations every database holds: the police forces, fire and rescue services and national bodies. */
export const REFERENCE_ORGANISATIONS_FILE = join(PROJECT_ROOT, 'data', 'reference', 'organisations.json');

/** Reads and checks the reference data file; a file with problems stops the start with each problem named. */
export function readReferenceOrganisations(file: string = REFERENCE_ORGANISATIONS_FILE): OrganisationInput[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { organisations?: OrganisationInput[] };
  const organisations = Array.isArray(data.organisations) ? data.organisations : [];
  const problems = organisations.length === 0 ? ['it lists no organisations'] : referenceDataProblems(organisations);
  if (problems.length > 0) {
    throw new Error(`The reference data file ${file} has problems:\n  - ${problems.join('\n  - ')}`);
  }
  return organisations.map(({ code, name, kind }) => ({ code, name, kind }));
}
