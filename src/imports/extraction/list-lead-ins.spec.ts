/**
 * Lead-in sentences that introduce a list of findings in letters and minutes, and those that do not.
 * Generic examples in the documents' style.
 */
import { findListLeadIn, leadInKind, leadInWords, statusListLeadIn } from './list-lead-ins';
import { normaliseText } from './normalise-text';

/** The kind a lead-in paragraph announces. */
function kindOf(paragraph: string): string | null {
  const words = leadInWords(paragraph);
  return words ? leadInKind(words.sentence, words.context) : null;
}

describe('leadInKind', () => {
  it.each([
    ['In our last inspection, we identified two causes of concern, which were that the service:', 'cause_of_concern'],
    ['We identified four causes of concern in respect of:', 'cause_of_concern'],
    ['We shared the following causes of concern with the force:', 'cause_of_concern'],
    ['Our report set out the causes of concern we gave the force. These were:', 'cause_of_concern'],
    ['We made the following recommendations, stating that the force should:', 'recommendation'],
    ['The following areas for improvement from our 2019 inspection remain:', 'area_for_improvement'],
  ])('%s → %s', (paragraph, kind) => {
    expect(kindOf(paragraph)).toBe(kind);
  });

  it.each([
    'During our inspections, we will identify:',
    'However, the force needs to improve:',
    'The sequence of events was as follows:',
    'We found causes of concern in the following areas',
  ])('announces nothing: %s', (paragraph) => {
    expect(kindOf(paragraph)).toBeNull();
  });
});

describe('statusListLeadIn', () => {
  it('reads the RAG colour of a status list about the inspectorate’s findings', () => {
    expect(
      statusListLeadIn(
        'There were 12 Green responses to HMICFRS reports and three Amber ones, which were the following:',
      ),
    ).toEqual({ kind: 'recommendation', status: 'Amber' });
  });

  it('ignores RAG lists about other auditors', () => {
    expect(statusListLeadIn('The internal auditors graded two Red actions, which were the following:')).toBeNull();
  });
});

describe('findListLeadIn', () => {
  it('takes the dash items after a numbered paragraph and stops where the numbering resumes', () => {
    const { blocks } = normaliseText(
      [
        '4. These were set out in the two causes of concern in our report. They related to the force’s:',
        '- handling of calls from the public; and',
        '- supervision of investigations.',
        '5. We are pleased with the progress the force has made.',
      ].join('\n'),
    );
    const list = findListLeadIn(blocks, 0);
    expect(list?.kind).toBe('cause_of_concern');
    expect(list?.items.map((item) => blocks[item].text)).toEqual([
      'handling of calls from the public; and',
      'supervision of investigations.',
    ]);
  });
});
