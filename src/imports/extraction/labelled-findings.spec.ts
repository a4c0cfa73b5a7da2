/** Findings quoted under their label in board papers, minutes and trackers. Generic examples. */
import { readLabelledFinding, splitStatusColumns } from './labelled-findings';

describe('readLabelledFinding', () => {
  it.each([
    ['AFI 3 - The service should review how it shares risk information with crews.', 'area_for_improvement'],
    [
      'Action for Further Improvement (AFI) 12 – the Force should improve how it records outcomes.',
      'area_for_improvement',
    ],
    ['Area for improvement 2: The force should make sure its supervisors review every case.', 'area_for_improvement'],
    ['Cause of concern 1 – The force does not answer emergency calls quickly enough.', 'cause_of_concern'],
    ['Recommendation 4 – The constabulary should publish its use of force data.', 'recommendation'],
  ])('%s', (text, kind) => {
    const found = readLabelledFinding(text);
    expect(found?.kind).toBe(kind);
    expect(found?.text).toMatch(/^(?:The|the) (?:service|Force|force|constabulary)\b/u);
  });

  it.each(['In response to a question regarding AFI 7, the chair asked for an update.', 'AFI 7', '2. Recommendation'])(
    'is not a labelled finding: %s',
    (text) => {
      expect(readLabelledFinding(text)).toBeNull();
    },
  );

  it('splits a flattened status-table row into the finding and its status', () => {
    expect(
      readLabelledFinding(
        'AFI 4 - The service should improve how it evaluates its prevention work 3 31 Mar 2024 On track 75',
        true,
      ),
    ).toEqual({
      kind: 'area_for_improvement',
      text: 'The service should improve how it evaluates its prevention work',
      statedStatus: 'On track',
    });
  });
});

describe('splitStatusColumns', () => {
  it('reads a RAG word at the end of a row without a date', () => {
    expect(splitStatusColumns('The force should review its vetting backlog Amber')).toEqual({
      text: 'The force should review its vetting backlog',
      statedStatus: 'Amber',
    });
  });

  it('leaves a row without a status alone', () => {
    expect(splitStatusColumns('The force should review its vetting backlog')).toEqual({
      text: 'The force should review its vetting backlog',
      statedStatus: null,
    });
  });
});
