/**
 * Titles made from the inspectorate's wording: generic examples in the reports' style, then every
 * finding of the default data, whose titles were written by hand from the same texts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingKind } from '../../findings/finding-kind';
import { baseForm, cutTitle, findingTitle, TITLE_LENGTH } from './finding-title';

describe('findingTitle', () => {
  it.each([
    // Time clauses, subject and modal, "make sure that it …" in the imperative
    [
      'By 30 September 2025, the force should make sure that it improves the scrutiny of outstanding suspects.',
      'Improve the scrutiny of outstanding suspects',
    ],
    [
      'Within three months, the force should review how it allocates investigations.',
      'Review how it allocates investigations',
    ],
    [
      'Within six months of this report, the constabulary must ensure that it has a plan to reduce the backlog.',
      'Have a plan to reduce the backlog',
    ],
    ['The service should make sure it is able to respond to a flood.', 'Be able to respond to a flood'],
    ['Northshire Police needs to improve how it records crime.', 'Improve how it records crime'],
    [
      'Eastshire Fire and Rescue Service should make sure that it analyses its response times.',
      'Analyse its response times',
    ],
    ['The force is to publish its plan.', 'Publish its plan'],
    [
      'The force should ensure that all officers have in-date safety training.',
      'Make sure all officers have in-date safety training',
    ],
    [
      'The force should ensure effective oversight of its use of force.',
      'Ensure effective oversight of its use of force',
    ],
    ['The force should make sure it regularly reviews its risk register.', 'Regularly review its risk register'],
    [
      'The force should make sure that it collects, assesses and develops intelligence.',
      'Collect, assess and develop intelligence',
    ],
    ['The force should not use bail without a review.', 'Do not use bail without a review'],
    // The directive after a sentence of context, and other ways of addressing the force
    [
      'The force has a new system. However, it should make sure that staff are trained to use it.',
      'Make sure staff are trained to use it',
    ],
    [
      'We encourage the force to extend its training to front counter staff.',
      'Extend its training to front counter staff',
    ],
    ['In 2021, we recommended that the force should review its custody provision.', 'Review its custody provision'],
    ['Senior leaders must continue to monitor workloads.', 'Continue to monitor workloads'],
    [
      'Detainee care should be improved to give access to exercise.',
      'Improve detainee care to give access to exercise',
    ],
    [
      'Case records should be more accurate (for example, it should record every contact).',
      'Make case records more accurate',
    ],
  ])('%s → %s', (text, title) => {
    expect(findingTitle(text)).toBe(title);
  });

  it('builds the title of a lead-in from its first sub-point', () => {
    expect(
      findingTitle('Within three months, the force should:', [
        'make sure it answers calls quickly;',
        'review its staffing.',
      ]),
    ).toBe('Answer calls quickly');
    expect(
      findingTitle('The force should make sure that:', [
        'it has a robust process to assess changes of circumstances; and',
      ]),
    ).toBe('Have a robust process to assess changes of circumstances');
    expect(findingTitle('But it must be careful about:', ['the use of telephone resolution;'])).toBe(
      'Be careful about the use of telephone resolution',
    );
    expect(
      findingTitle('The force should make sure that it produces a plan that:', ['shows how it will fund the work;']),
    ).toBe('Produce a plan that shows how it will fund the work');
  });

  it('prefers the heading of a structured area for improvement to its lead-in', () => {
    expect(
      findingTitle('The force needs to improve its vetting arrangements\nThe force should make sure that:', [
        'it renews every clearance before it expires.',
      ]),
    ).toBe('Improve its vetting arrangements');
  });

  it('names what a cause of concern says is wrong, as a noun phrase', () => {
    const cause = (text: string) => findingTitle(text, [], 'cause_of_concern' satisfies FindingKind);
    expect(cause('The force is not doing enough to identify and protect vulnerable people.')).toBe(
      'Not enough done to identify and protect vulnerable people',
    );
    expect(cause('was failing to record crime accurately;')).toBe('Failure to record crime accurately');
    expect(cause('did not protect vulnerable people from harm; and')).toBe(
      'Failure to protect vulnerable people from harm',
    );
    expect(cause('The force doesn’t have adequate plans in place.')).toBe('Lack of adequate plans in place');
    expect(cause('Southshire Police isn’t answering calls quickly enough. Too many callers wait.')).toBe(
      'Not answering calls quickly enough',
    );
    expect(cause('The service can’t assure itself that its staff are trained.')).toBe(
      'Unable to assure itself that its staff are trained',
    );
    // Its description, not the recommendation that follows it.
    expect(cause('The force is failing to investigate crime well. The force should improve supervision.')).toBe(
      'Failure to investigate crime well',
    );
    expect(cause('crime recording; and')).toBe('Crime recording');
  });

  it('keeps to the first sentence, without its time clause, when the text is no directive', () => {
    expect(findingTitle('Within two years, all members of the workforce should have been vetted.')).toBe(
      'All members of the workforce should have been vetted',
    );
    expect(findingTitle('The force has adopted the national policy. It did so in 2020.')).toBe(
      'The force has adopted the national policy',
    );
  });

  it('is under the length, cut at a clause or a word, with no trailing punctuation, and never empty', () => {
    const long =
      'The force should improve the scrutiny of how suspects are managed during investigations, including if decisions to arrest and grant bail are made in the best interests of victims.';
    expect(findingTitle(long)).toBe('Improve the scrutiny of how suspects are managed during investigations');
    const wordy = `The force should ${'review and improve '.repeat(12)}its plans.`;
    const title = findingTitle(wordy);
    expect(title.length).toBeLessThanOrEqual(TITLE_LENGTH);
    expect(title).toMatch(/^Review and improve .*[a-z]$/);
    expect(title).not.toMatch(/ and$/);
    for (const text of ['', '   ', '.', 'The force should:', '•']) {
      expect(findingTitle(text).length).toBeGreaterThan(0);
    }
  });
});

describe('baseForm and cutTitle', () => {
  it.each([
    ['improves', 'improve'],
    ['has', 'have'],
    ['is', 'be'],
    ['Analyses', 'Analyse'],
    ['identifies', 'identify'],
    ['addresses', 'address'],
    ['reaches', 'reach'],
    ['puts', 'put'],
    ['review', 'review'],
  ])('%s → %s', (verb, base) => {
    expect(baseForm(verb)).toBe(base);
  });

  it('drops asides in brackets before cutting, and never ends on a joining word', () => {
    expect(cutTitle(`Produce a strategic threat assessment (STA) ${'and a plan '.repeat(12)}`)).not.toMatch(/\(|and$/);
    expect(cutTitle('Short title.')).toBe('Short title');
    expect(
      cutTitle(
        'This is a recommendation in our 2022 national report ‘An inspection of vetting, misconduct and misogyny in the police service’.',
      ),
    ).toBe('This is a recommendation in our 2022 national report');
  });
});

/** The default data's findings: texts as the reports print them, and the titles written for them by hand. */
interface DefaultFinding {
  reference: string;
  kind: FindingKind;
  title: string;
  text: string;
  subPoints: string[] | null;
}

const DEFAULT_DATA = join(__dirname, '..', '..', '..', 'data', 'default', 'derbyshire-2016-2025.json');
const defaultFindings = (JSON.parse(readFileSync(DEFAULT_DATA, 'utf8')) as { findings: DefaultFinding[] }).findings;

/**
 * Findings whose hand-written title draws on the report around the text ("this matter", "these
 * factors"): no rule on the text alone can find their words.
 */
const NEEDS_THE_REPORT = new Set(['DER-2018-OBS-13', 'DER-2018-OBS-17', 'DER-2018-OBS-29', 'DER-2018-OBS-30']);

const STOP_WORDS = new Set(
  'that this with from their they have been should must make sure into than more also them were will which about what where when does only over such each other some very most being able there these those within across'.split(
    ' ',
  ),
);
/** The words of a title that carry its meaning, each cut to five letters ("investigations" ~ "investigation"). */
const keyWords = (title: string) =>
  new Set(
    title
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length >= 4 && !STOP_WORDS.has(word))
      .map((word) => word.slice(0, 5)),
  );

describe('findingTitle on the default data', () => {
  it('has the findings to compare with', () => {
    expect(defaultFindings.length).toBeGreaterThanOrEqual(80);
  });

  it.each(
    defaultFindings
      .filter((finding) => !NEEDS_THE_REPORT.has(finding.reference))
      .map((finding) => [finding.reference, finding]),
  )('%s: starts with the hand-written title’s verb or shares its key words', (_reference, finding) => {
    const title = findingTitle(finding.text, finding.subPoints ?? [], finding.kind);
    const sameVerb = title.split(' ')[0].toLowerCase() === finding.title.split(' ')[0].toLowerCase();
    const wanted = keyWords(finding.title);
    const shared = [...keyWords(title)].filter((word) => wanted.has(word));
    expect({ title, ok: sameVerb || shared.length >= 2 }).toEqual({ title, ok: true });
    expect(title.length).toBeLessThanOrEqual(TITLE_LENGTH);
    expect(title).toMatch(/^[A-Z0-9‘]/);
    expect(title).not.toMatch(/[.,;:]$/);
  });

  it.each([...NEEDS_THE_REPORT])('%s: still makes a title in the imperative from the text alone', (reference) => {
    const finding = defaultFindings.find((candidate) => candidate.reference === reference)!;
    const title = findingTitle(finding.text, finding.subPoints ?? [], finding.kind);
    expect(title).toMatch(/^(?:Address|Make sure|Keep|Remain) /);
  });
});
