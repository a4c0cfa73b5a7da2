import { clipLines, wrapText } from './wrap-text';

// One unit per character: easy to reason about.
const widthOf = (text: string) => text.length;

describe('wrapText', () => {
  it('keeps a line that fits as it is', () => {
    expect(wrapText('Vetting unit', 20, widthOf)).toEqual(['Vetting unit']);
  });

  it('breaks at spaces, filling each line as far as it goes', () => {
    expect(wrapText('the force should make sure that all staff are vetted', 16, widthOf)).toEqual([
      'the force should',
      'make sure that',
      'all staff are',
      'vetted',
    ]);
  });

  it("keeps the text's own line breaks, and empty lines between paragraphs", () => {
    expect(wrapText('first\n\nsecond line', 20, widthOf)).toEqual(['first', '', 'second line']);
  });

  it('breaks through a word only when the word alone is wider than the line', () => {
    expect(wrapText('see https://www.justiceinspectorates.gov.uk/hmicfrs now', 12, widthOf)).toEqual([
      'see',
      'https://www.',
      'justiceinspe',
      'ctorates.gov',
      '.uk/hmicfrs',
      'now',
    ]);
  });

  it('always advances, even when one character is wider than the line', () => {
    expect(wrapText('abc', 0.5, widthOf)).toEqual(['a', 'b', 'c']);
  });

  it('gives one empty line for empty text, so a blank cell still has a height', () => {
    expect(wrapText('', 10, widthOf)).toEqual(['']);
  });
});

describe('clipLines', () => {
  it('keeps lines that are within the limit untouched', () => {
    expect(clipLines(['one', 'two'], 3, 10, widthOf)).toEqual(['one', 'two']);
  });

  it('cuts to the limit and marks the cut with an ellipsis that still fits', () => {
    expect(clipLines(['first line', 'second one', 'third'], 2, 10, widthOf)).toEqual(['first line', 'second on…']);
  });
});
