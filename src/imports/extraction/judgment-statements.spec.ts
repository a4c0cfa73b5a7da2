/**
 * Judgments stated in prose: pillars, fire and rescue questions, PEEL 2014 parts of a pillar, graded
 * lists and "area: grade" lines, and the narrative sentences that are not judgments. Generic examples
 * in the documents' style (no real force or service).
 */
import { extractReport } from './extract-report';
import {
  activityOf,
  areasOfPhrase,
  fireAndRescueQuestionsIn,
  gradedPhrases,
  namedArea,
  pillarOfPhrase,
  pillarOfQuestion,
} from './judgment-statements';

/** The judgments of a text as "area|grade" strings. */
function judgmentsOf(text: string): string[] {
  return extractReport(text).judgments.map((judgment) => `${judgment.area}|${judgment.grade}`);
}

describe('pillarOfPhrase', () => {
  it.each([
    ['the extent to which the force is effective at keeping people safe and reducing crime', 'Effectiveness'],
    ['the extent to which the service is efficient at keeping people safe and secure', 'Efficiency'],
    ['effectively reducing crime and keeping people safe', 'Effectiveness'],
    ['operating efficiently and providing sustainable services to the public', 'Efficiency'],
    ['the way it treats the public and its workforce', 'Legitimacy'],
    ['the way it looks after its people', 'People'],
    ['the efficiency of its services', 'Efficiency'],
    ['the efficiency with which the force carries out its responsibilities', 'Efficiency'],
    ['the service’s effectiveness', 'Effectiveness'],
  ])('%s → %s', (phrase, pillar) => {
    expect(pillarOfPhrase(phrase)).toBe(pillar);
  });

  it.each(['treating the public fairly', 'effective supervision of investigations', 'using its resources efficiently'])(
    'names no pillar: %s',
    (phrase) => {
      expect(pillarOfPhrase(phrase)).toBeNull();
    },
  );
});

describe('pillarOfQuestion', () => {
  it.each([
    ['How effective is the force at keeping people safe and reducing crime?', 'Effectiveness'],
    ['How efficiently does the force operate and how sustainable are its services to the public?', 'Efficiency'],
    ['How legitimately does the force treat the public and its workforce?', 'Legitimacy'],
    ['How efficient is the FRS at keeping people safe and secure?', 'Efficiency'],
    ['How well does the fire and rescue service look after its people?', 'People'],
  ])('%s → %s', (heading, pillar) => {
    expect(pillarOfQuestion(heading)).toBe(pillar);
  });

  it('leaves a question about one area alone', () => {
    expect(pillarOfQuestion('How well does the force understand demand?')).toBeNull();
  });
});

describe('fireAndRescueQuestionsIn', () => {
  it.each([
    [
      'its understanding of the risk of fire and other emergencies',
      ['Understanding the risk of fire and other emergencies'],
    ],
    ['understanding risk', ['Understanding the risk of fire and other emergencies']],
    ['the way it prevents fires and other risks', ['Preventing fires and other risks']],
    ['its response to national risks', ['Responding to national risks']],
    [
      'how it uses resources and makes its services affordable',
      ['Making best use of resources', 'Making the FRS affordable now and in the future'],
    ],
    ['ensuring fairness and promoting diversity', ['Ensuring fairness and promoting diversity']],
    ['its engagement with the local community', []],
  ])('%s', (phrase, areas) => {
    expect(fireAndRescueQuestionsIn(phrase)).toEqual(areas);
  });
});

describe('gradedPhrases', () => {
  it('reads several clauses of one sentence', () => {
    expect(
      gradedPhrases('The force is good at reducing crime and is outstanding at tackling anti-social behaviour.'),
    ).toEqual([
      { phrase: 'reducing crime', grade: 'good' },
      { phrase: 'tackling anti-social behaviour', grade: 'outstanding' },
    ]);
  });

  it('reads a graded subject', () => {
    expect(gradedPhrases('The way it protects the public through fire regulation is inadequate.')).toEqual([
      { phrase: 'The way it protects the public through fire regulation', grade: 'inadequate' },
    ]);
  });

  it('reads "we graded … as requires improvement at …"', () => {
    expect(gradedPhrases('We graded the service as requires improvement at responding to fires.')).toEqual([
      { phrase: 'responding to fires', grade: 'requires_improvement' },
    ]);
  });

  it.each([
    'In 2019, we judged the service to be good at preventing fires.',
    'The service required improvement in its 2019/20 assessment.',
    'It was good at responding to fires at our last inspection.',
  ])('leaves an earlier grade alone: %s', (sentence) => {
    expect(gradedPhrases(sentence)).toEqual([]);
  });
});

describe('activityOf and areasOfPhrase', () => {
  it('words a clause as an activity', () => {
    expect(activityOf('the way it investigates offending')).toBe('investigating offending');
    expect(activityOf('how it manages offenders')).toBe('managing offenders');
    expect(activityOf('reducing crime')).toBe('reducing crime');
  });

  it('names a part of a pillar only inside an "in terms of its <pillar>" paragraph', () => {
    expect(areasOfPhrase('the way it investigates offending', false, 'Effectiveness')).toEqual([
      'Effectiveness: investigating offending',
    ]);
    expect(areasOfPhrase('the way it investigates offending', false, null)).toEqual([]);
  });
});

describe('namedArea', () => {
  it('accepts pillar names, questions and fire and rescue questions', () => {
    expect(namedArea('efficiency', false)).toBe('Efficiency');
    expect(namedArea('How good is the force at investigating crime?', false)).toBe(
      'How good is the force at investigating crime?',
    );
    expect(namedArea('Preventing fire and other risks', true)).toBe('Preventing fires and other risks');
    expect(namedArea('Overall', false)).toBeNull();
  });
});

describe('judgments of whole texts', () => {
  it('reads a fire and rescue overview in prose and lists', () => {
    const text = [
      'Exampleshire 2019/20',
      '',
      'The extent to which the service is effective at keeping people safe and secure from fire and other risks is good.',
      '',
      'The extent to which the service looks after its people requires improvement.',
      '',
      'Exampleshire Fire and Rescue Service is good at preventing fires and other risks. The service is outstanding at:',
      '',
      '- its response to fires and other emergencies; and',
      '- its response to national risks.',
      '',
      'The way the service promotes the right values and culture is inadequate.',
    ].join('\n');
    expect(judgmentsOf(text)).toEqual([
      'Effectiveness|good',
      'People|requires_improvement',
      'Preventing fires and other risks|good',
      'Responding to fires and other emergencies|outstanding',
      'Responding to national risks|outstanding',
      'Promoting the right values and culture|inadequate',
    ]);
  });

  it('names a pillar’s question heading with a grade line by its pillar', () => {
    const text = [
      'Exampleshire PEEL 2019',
      '',
      'How efficiently does the force operate and how sustainable are its services to the public?',
      '',
      'Adequate',
      '',
      'Exampleshire Police is adequate in how it meets demand.',
    ].join('\n');
    expect(judgmentsOf(text)).toEqual(['Efficiency|adequate']);
  });

  it('reads press-release bullets and "area: grade" lines', () => {
    const release = [
      'Inspectors found that Exampleshire Police:',
      '',
      '• is ‘outstanding’ in effectively reducing crime and keeping people safe;',
      '• is ‘good’ in the way it treats the public and its workforce.',
    ].join('\n');
    expect(judgmentsOf(release)).toEqual(['Effectiveness|outstanding', 'Legitimacy|good']);
    expect(
      judgmentsOf('Our judgments\n\n- Effectiveness: Good\n\n- How good is the force at investigating crime? Adequate'),
    ).toEqual(['Effectiveness|good', 'How good is the force at investigating crime?|adequate']);
  });

  it('proposes nothing for narrative grades in a police summary', () => {
    const text = [
      'Exampleshire PEEL 2019',
      '',
      'The force is good at treating the public fairly. The workforce is good at behaving ethically.',
      '',
      'It is good at understanding the risks posed by offenders.',
    ].join('\n');
    expect(judgmentsOf(text)).toEqual([]);
  });
});
