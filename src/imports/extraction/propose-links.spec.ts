import type { ProposedFinding } from './import-types';
import { proposeLinks, RELATED_THRESHOLD, relatedScore } from './propose-links';

const item = (
  kind: ProposedFinding['kind'],
  text: string,
  section: string | null = 'Vetting',
  subPoints: string[] = [],
): ProposedFinding => ({ kind, text, subPoints, section, parentIndex: null });

const AFI = item(
  'area_for_improvement',
  'The force needs to improve how it manages vetting renewals\nThe force should make sure that:',
  'Vetting',
  ['it renews every vetting clearance before it expires.'],
);
const NATIONAL = item(
  'national_recommendation',
  'These issues relate to a recommendation from our 2022 national report.',
);

describe('proposeLinks', () => {
  it('links an area for improvement to the national recommendation cited straight after it in the same part of the report', () => {
    expect(proposeLinks([AFI, NATIONAL])).toEqual([
      {
        from: 0,
        to: 1,
        type: 'cites',
        score: null,
        reason: 'The report cites this national recommendation straight after the finding.',
      },
    ]);
  });

  it('looks past one observation between them, but not into another part of the report or past another finding', () => {
    const observation = item('observation', 'The force should publish its vetting policy.', 'Vetting — Policy');
    expect(proposeLinks([AFI, observation, NATIONAL]).filter((link) => link.type === 'cites')).toEqual([
      expect.objectContaining({ from: 0, to: 2 }),
    ]);
    expect(proposeLinks([AFI, { ...NATIONAL, section: 'Tackling corruption' }])).toEqual([]);
    const other = item('area_for_improvement', 'The force needs to improve its counter-corruption intelligence.');
    expect(proposeLinks([AFI, other, NATIONAL]).filter((link) => link.type === 'cites')).toEqual([
      expect.objectContaining({ from: 1, to: 2 }),
    ]);
  });

  it('does not treat an earlier recommendation followed by a national one as a citation (a list of cited recommendations)', () => {
    expect(
      proposeLinks([
        item('recommendation', 'In 2019, we recommended that the force should review its approach.'),
        NATIONAL,
      ]),
    ).toEqual([]);
  });

  it('relates an observation to the formal finding in close wording, with the score, and not to one in other words', () => {
    const behind = item(
      'observation',
      'The force should renew every vetting clearance before it expires.',
      'Vetting — Renewals',
    );
    const unrelated = item(
      'observation',
      'The force should improve how it answers 999 calls at night.',
      'Vetting — Calls',
    );
    const links = proposeLinks([AFI, behind, unrelated]);
    expect(links).toEqual([
      {
        from: 1,
        to: 0,
        type: 'relates_to',
        score: relatedScore(behind.text, `${AFI.text} ${AFI.subPoints[0]}`),
        reason: expect.stringMatching(/^Close wording \(similarity \d+%\)\.$/) as unknown,
      },
    ]);
    expect(links[0].score).toBeGreaterThanOrEqual(RELATED_THRESHOLD);
  });

  it('relates a later area for improvement to an earlier one of the same report, never forwards', () => {
    const again = item(
      'area_for_improvement',
      'The force needs to improve how it manages vetting renewals and clearances that expire.',
    );
    expect(proposeLinks([AFI, again])).toEqual([expect.objectContaining({ from: 1, to: 0, type: 'relates_to' })]);
  });
});
