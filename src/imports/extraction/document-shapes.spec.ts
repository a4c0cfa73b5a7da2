/**
 * Shapes of real inspectorate documents, end to end through extractReport: cause-of-concern letters,
 * revisit and closure letters, Engage pages, board papers, fire and rescue pages and PDF-extracted text.
 * Generic examples written in the documents' style.
 */
import { extractReport } from './extract-report';
import { normaliseText } from './normalise-text';

/**
 * A web page's text: one paragraph a line. The long opening paragraph makes the text read as a web page
 * rather than as hard-wrapped PDF lines, as a page of this length would.
 */
function web(lines: readonly string[]): string {
  return [
    'This page sets out what we found when we inspected the force or service, and what we asked it to do about it, in the words we used at the time.',
    ...lines,
  ].join('\n');
}

/** Kind and text of each finding that is not an observation. */
function formal(raw: string): Array<[string, string, number | null]> {
  return extractReport(raw)
    .findings.filter((finding) => finding.kind !== 'observation')
    .map((finding) => [finding.kind, finding.text, finding.parentIndex]);
}

describe('cause-of-concern letters', () => {
  const letter = web([
    'Background',
    'In 2023, we inspected the force. We identified two causes of concern, which were that the force:',
    '- was not answering emergency calls quickly enough; and',
    '- did not supervise its investigations well enough.',
    'Investigating crime',
    'We found that the force did not supervise its investigations well enough, and so we issued a cause of concern.',
    'We made the following recommendations, in which we said that the force should:',
    '- make sure supervisors review every open investigation each month; and',
    '- give investigators the training they need.',
    'In March 2024, we discharged this cause of concern.',
  ]);

  it('lists the causes of concern and gives the recommendations to the one they follow', () => {
    expect(formal(letter)).toEqual([
      ['cause_of_concern', 'was not answering emergency calls quickly enough; and', null],
      ['cause_of_concern', 'did not supervise its investigations well enough.', null],
      ['recommendation', 'make sure supervisors review every open investigation each month; and', 1],
      ['recommendation', 'give investigators the training they need.', 1],
    ]);
  });

  it('reads discharging the cause of concern as a verdict on it, not a finding', () => {
    expect(extractReport(letter).assessments).toEqual([
      {
        verdict: 'implemented',
        quote: 'In March 2024, we discharged this cause of concern.',
        refersTo: 'did not supervise its investigations well enough.',
      },
    ]);
  });

  it('splits an action-plan lead-in into recommendations when the letter announced them', () => {
    const raw = web([
      'Background',
      'We issued a cause of concern and made the following recommendations:',
      'Cause of concern',
      'The service has not made sure that its crews can reach the risk information they need at incidents.',
      'Recommendations',
      'Within three months the service should provide a plan that:',
      '- shows how crews will reach risk information at every incident; and',
      '- sets out how it will check the information is up to date.',
    ]);
    expect(formal(raw).map(([kind, , parent]) => [kind, parent])).toEqual([
      ['cause_of_concern', null],
      ['recommendation', 0],
      ['recommendation', 0],
    ]);
  });
});

describe('Engage pages', () => {
  it('reads the reasons a force entered Engage as its causes of concern', () => {
    const raw = web([
      'Forces in Engage',
      'Wessex Police',
      'Entered Engage',
      '2021',
      'Reasons',
      '- The force does not understand the demand it faces.',
      '- The force is not protecting vulnerable people well enough.',
    ]);
    expect(formal(raw).map(([kind]) => kind)).toEqual(['cause_of_concern', 'cause_of_concern']);
  });
});

describe('board papers and minutes', () => {
  it('reads labelled areas for improvement in a status table, with their status', () => {
    const raw = web([
      'Appendix A',
      'Ref Action Deadline Status',
      'AFI 1 - The service should improve how it evaluates its prevention work 2 31 Mar 2024 Complete 100',
      'AFI 2 - The service should review how it assures the quality of fire safety audits 4 30 Jun 2024 On track 50',
    ]);
    const findings = extractReport(raw).findings;
    expect(findings.map((finding) => [finding.kind, finding.text, finding.statedStatus])).toEqual([
      ['area_for_improvement', 'The service should improve how it evaluates its prevention work', 'Complete'],
      [
        'area_for_improvement',
        'The service should review how it assures the quality of fire safety audits',
        'On track',
      ],
    ]);
  });

  it('reads the items of a RAG list in minutes as recommendations with that status', () => {
    const raw = [
      'Minutes:',
      '·        The Head of Planning noted 30 Green responses to HMICFRS inspection reports and two Amber responses, which included the following:',
      'o   Custody records to be reviewed every shift. The review had started in May.',
      'o   Training on stalking to be given to call handlers. The training plan was agreed.',
    ].join('\n');
    const findings = extractReport(raw).findings;
    expect(findings.map((finding) => [finding.kind, finding.text, finding.statedStatus])).toEqual([
      ['recommendation', 'Custody records to be reviewed every shift.', 'Amber'],
      ['recommendation', 'Training on stalking to be given to call handlers.', 'Amber'],
    ]);
  });
});

describe('fire and rescue pages', () => {
  it('reads areas for improvement given one a paragraph, the service as subject', () => {
    const raw = web([
      'Areas for improvement',
      'The service should make sure its staff understand how to gather risk information.',
      'The service should evaluate its prevention work.',
      'We set out our detailed findings below.',
    ]);
    expect(formal(raw).map(([kind, text]) => [kind, text])).toEqual([
      ['area_for_improvement', 'The service should make sure its staff understand how to gather risk information.'],
      ['area_for_improvement', 'The service should evaluate its prevention work.'],
    ]);
  });
});

describe('PDF-extracted text', () => {
  it('splits list items run onto one line', () => {
    const { blocks } = normaliseText(
      'The force should improve the quality and progress\nof investigations. - The force should improve its\nunderstanding of demand.',
    );
    expect(blocks.map((block) => block.kind)).toEqual(['paragraph', 'bullet']);
  });

  it('reads numbered paragraphs under a box heading one finding each, without the number', () => {
    const raw = [
      'Areas for improvement',
      '',
      '4.12 The force should make sure detainees are offered a shower.',
      '4.13 The force should record the reasons for strip searches.',
    ].join('\n');
    expect(formal(raw).map(([, text]) => text)).toEqual([
      'The force should make sure detainees are offered a shower.',
      'The force should record the reasons for strip searches.',
    ]);
  });

  it('drops running heads that carry the page number', () => {
    const page = (n: number): string =>
      [
        `${n} | Wessex Police inspection report`,
        'The force has improved the way it records crime, and its data is now more',
        'accurate than at our last inspection in all of its local policing areas.',
        '',
      ].join('\n');
    const { blocks } = normaliseText([1, 2, 3].map(page).join('\n'));
    expect(blocks.some((block) => block.text.includes('Wessex Police inspection report'))).toBe(false);
  });
});
