import { contentWords, textContainment, textSimilarity } from './text-similarity';

describe('textSimilarity', () => {
  it('is 1 for the same words however they are cased, punctuated or broken across lines', () => {
    expect(textSimilarity('The force should improve its vetting.', 'the FORCE should\nimprove its vetting')).toBe(1);
  });

  it('ignores the commonest function words and curly quotes', () => {
    expect(contentWords('The force’s vetting of its staff')).toEqual(new Set(["force's", 'vetting', 'staff']));
  });

  it('falls with the share of words in common', () => {
    const score = textSimilarity('analyse vetting data for disproportionality', 'analyse complaints data for trends');
    expect(score).toBeCloseTo((2 * 2) / (4 + 4), 5);
  });

  it('is 0 when either text has no content words', () => {
    expect(textSimilarity('', 'vetting')).toBe(0);
    expect(textSimilarity('the of and', 'the of and')).toBe(0);
  });
});

describe('textContainment', () => {
  it('scores a quote taken from a longer passage as 1', () => {
    expect(
      textContainment(
        'achieved our 2016 recommendation',
        'It has achieved our 2016 recommendation that all staff are vetted.',
      ),
    ).toBe(1);
  });

  it('scores unrelated texts as 0', () => {
    expect(textContainment('wanted persons', 'officer safety training')).toBe(0);
  });
});
