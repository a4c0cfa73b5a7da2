import {
  missingOrganisations,
  normaliseCode,
  organisationProblems,
  referenceDataProblems,
  stageChangeProblems,
} from './organisation-rules';
import { readReferenceOrganisations } from './reference-organisations';

describe('organisationProblems', () => {
  it('accepts a police force, a fire and rescue service and a national body', () => {
    expect(organisationProblems({ code: 'DER', name: 'Derby Police', kind: 'police' })).toEqual([]);
    expect(organisationProblems({ code: 'FRSAVN', name: 'Avon Fire and Rescue Service', kind: 'fire' })).toEqual([]);
    expect(organisationProblems({ code: 'npcc', name: 'National Police Chiefs’ Council', kind: 'national' })).toEqual(
      [],
    );
  });

  it('refuses a bad or reserved code, a fire code on another kind and the other way round', () => {
    const fields = (code: string, kind: 'police' | 'fire' | 'national') =>
      organisationProblems({ code, name: 'Name', kind }).map((problem) => problem.field);
    expect(fields('D', 'police')).toEqual(['code']);
    expect(fields('DER-1', 'police')).toEqual(['code']);
    expect(fields('ABCDEFGHI', 'police')).toEqual(['code']);
    expect(fields('NAT', 'national')).toEqual(['code']);
    expect(fields('AVN', 'fire')).toEqual(['code']);
    expect(fields('FRSAVN', 'police')).toEqual(['code']);
    expect(organisationProblems({ code: 'XYZ', name: ' ', kind: 'police' })).toEqual([
      { field: 'name', message: 'Enter the organisation’s name' },
    ]);
    expect(organisationProblems({ code: 'XYZ', name: 'X', kind: 'army' as never })[0].field).toBe('kind');
  });

  it('keeps codes in capitals', () => {
    expect(normaliseCode(' frsder ')).toBe('FRSDER');
  });
});

describe('the reference data', () => {
  const organisations = readReferenceOrganisations();
  const ofKind = (kind: string) => organisations.filter((organisation) => organisation.kind === kind);

  it('holds the 43 police forces, England’s 44 fire and rescue services and the national bodies', () => {
    expect(ofKind('police')).toHaveLength(43);
    expect(ofKind('fire')).toHaveLength(44);
    expect(ofKind('national').map((organisation) => organisation.code)).toEqual(
      expect.arrayContaining(['NPCC', 'COP', 'HO', 'NCA']),
    );
    expect(referenceDataProblems(organisations)).toEqual([]);
  });

  it('has the default data file’s police forces, codes and names alike', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const defaults = require('../../data/default/derbyshire-2016-2025.json') as {
      forces: Array<{ code: string; name: string }>;
    };
    expect(ofKind('police').map(({ code, name }) => ({ code, name }))).toEqual(
      defaults.forces.map(({ code, name }) => ({ code, name })),
    );
  });

  it('names every fire and rescue service as a service', () => {
    for (const service of ofKind('fire')) {
      expect(service.name).toMatch(
        / Fire and Rescue Service$|^London Fire Brigade$|^Cleveland Fire Brigade$|^West Midlands Fire Service$/,
      );
    }
  });

  it('finds a code used twice', () => {
    expect(
      referenceDataProblems([
        { code: 'ABC', name: 'A', kind: 'police' },
        { code: 'ABC', name: 'B', kind: 'police' },
      ]),
    ).toEqual(['ABC: the code is used twice']);
  });
});

describe('missingOrganisations', () => {
  it('gives what a database lacks, never what it holds', () => {
    const reference = [
      { code: 'DER', name: 'Derbyshire Constabulary', kind: 'police' as const },
      { code: 'FRSDER', name: 'Derbyshire Fire and Rescue Service', kind: 'fire' as const },
    ];
    expect(missingOrganisations(reference, ['DER', 'XYZ'])).toEqual([reference[1]]);
    expect(missingOrganisations(reference, ['DER', 'FRSDER'])).toEqual([]);
  });
});

describe('stageChangeProblems', () => {
  const today = '2025-06-30';

  it('accepts a change to engage, and a corrected date', () => {
    const current = { stage: 'scan' as const, since: '2024-01-01' };
    expect(stageChangeProblems(current, { stage: 'engage', since: '2025-06-01', reason: 'r' }, today)).toEqual([]);
    expect(stageChangeProblems(current, { stage: 'scan', since: '2023-12-01', reason: 'r' }, today)).toEqual([]);
    expect(
      stageChangeProblems({ stage: null, since: null }, { stage: 'scan', since: '2025-06-30', reason: 'r' }, today),
    ).toEqual([]);
  });

  it('refuses a change that changes nothing, a future date and a new stage dated before the current began', () => {
    const current = { stage: 'scan' as const, since: '2024-01-01' };
    expect(stageChangeProblems(current, { stage: 'scan', since: '2024-01-01', reason: 'r' }, today)).toEqual([
      { field: 'stage', message: 'The organisation is already at this stage since 2024-01-01' },
    ]);
    expect(stageChangeProblems(current, { stage: 'engage', since: '2025-07-01', reason: 'r' }, today)[0].field).toBe(
      'since',
    );
    expect(stageChangeProblems(current, { stage: 'engage', since: '2023-01-01', reason: 'r' }, today)[0].field).toBe(
      'since',
    );
  });
});
