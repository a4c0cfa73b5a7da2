/**
 * Graded judgments written as prose rather than as a table or a grade line: how overview pages, summaries
 * and press releases state a pillar's or a question's grade.
 *
 * - Pillars: "The extent to which the force is effective at keeping people safe and reducing crime is
 *   good", "The effectiveness of the service requires improvement", "The service requires improvement
 *   to the way it looks after its people", a press release's "is ‘good’ in operating efficiently and
 *   providing sustainable services to the public". Their area is the pillar's name (Effectiveness,
 *   Efficiency, Legitimacy, and People for fire and rescue services).
 * - Fire and rescue questions: the inspectorate grades every fire and rescue service on the same
 *   questions ("Understanding the risk of fire and other emergencies", "Making best use of resources"…),
 *   which summaries paraphrase ("its response to national risks", "how it uses resources and makes
 *   its services affordable"). A paraphrase is named by the question it paraphrases.
 * - The first PEEL assessments (2014) graded parts of a pillar in one sentence: "in terms of its
 *   effectiveness, the force is good at reducing crime … However, it requires improvement in the way it
 *   investigates offending". Each part is named "Effectiveness: investigating offending".
 *
 * Any other "is good at …" sentence (a police summary's "The force is good at treating the public
 * fairly") is narrative: its grade belongs to a question graded elsewhere, so it is not proposed.
 */
import type { Grade } from '../../reports/report-types';
import type { ProposedJudgment } from './import-types';
import type { Block } from './normalise-text';
import { GRADE_PATTERN, parseGrade, splitSentences } from './text-utils';

/** A pillar as a judgment's area: the three PEEL pillars, and People for fire and rescue services. */
export type PillarArea = 'Effectiveness' | 'Efficiency' | 'Legitimacy' | 'People';

/**
 * The questions of the inspectorate's fire and rescue inspection framework (2018 onwards), each with
 * the words that name it however a summary paraphrases it. Order matters only for the order of
 * judgments read from one phrase.
 */
export const FIRE_AND_RESCUE_QUESTIONS: ReadonlyArray<{ area: string; pillar: PillarArea; words: RegExp }> = [
  {
    area: 'Understanding the risk of fire and other emergencies',
    pillar: 'Effectiveness',
    words: /\bunderstand\w*(?: of)? (?:the |local |community )?risks?\b/i,
  },
  { area: 'Preventing fires and other risks', pillar: 'Effectiveness', words: /\bprevent\w* fires?\b/i },
  {
    area: 'Protecting the public through fire regulation',
    pillar: 'Effectiveness',
    words: /\bfire (?:safety )?regulation\b/i,
  },
  {
    area: 'Responding to fires and other emergencies',
    pillar: 'Effectiveness',
    words: /\brespon\w* to fires?\b/i,
  },
  { area: 'Responding to national risks', pillar: 'Effectiveness', words: /\bnational risks?\b/i },
  {
    area: 'Responding to major and multi-agency incidents',
    pillar: 'Effectiveness',
    words: /\bmajor and multi-agency incidents\b/i,
  },
  {
    area: 'Making best use of resources',
    pillar: 'Efficiency',
    words: /\b(?:us(?:e|es|ing)|use of) (?:its |their )?resources\b/i,
  },
  { area: 'Making the FRS affordable now and in the future', pillar: 'Efficiency', words: /\baffordab/i },
  { area: 'Promoting the right values and culture', pillar: 'People', words: /\bvalues and culture\b/i },
  {
    area: 'Getting the right people with the right skills',
    pillar: 'People',
    words: /\bright people with the right skills\b/i,
  },
  {
    area: 'Ensuring fairness and promoting diversity',
    pillar: 'People',
    words: /\bfairness and (?:promot\w* )?diversity\b|\bpromot\w* diversity\b/i,
  },
  {
    area: 'Managing performance and developing leaders',
    pillar: 'People',
    words: /\bmanag\w* performance\b|\bdevelop\w* leaders\b/i,
  },
];

/** The fire and rescue questions a phrase names ("how it uses resources and makes its services affordable" → two). */
export function fireAndRescueQuestionsIn(phrase: string): string[] {
  return FIRE_AND_RESCUE_QUESTIONS.filter((question) => question.words.test(phrase)).map((question) => question.area);
}

/**
 * True for a fire and rescue service's document: it names the service (or "FRS") more often than a
 * police force. The inspectorate's own name ("… Constabulary and Fire and Rescue Services") counts for neither.
 */
export function isFireAndRescueDocument(blocks: readonly Block[]): boolean {
  let fire = 0;
  let police = 0;
  for (const block of blocks) {
    const text = block.text.replace(
      /\b(?:Inspectorate|Inspector) of (?:Constabulary and )?Fire (?:and|&) Rescue Services\b/gi,
      '',
    );
    fire += (text.match(/\bfire and rescue services?\b|\bFRS\b|\bthe service\b/gi) ?? []).length;
    police += (text.match(/\bthe force\b|\bconstabulary\b|\bpolice\b/gi) ?? []).length;
  }
  return fire > police;
}

/**
 * The pillar a graded phrase describes, or null. The pillar's adjective alone is not enough ("effective
 * supervision"): the phrase must also be worded as the pillar is ("at keeping people safe", "providing
 * sustainable services", "the effectiveness of its service", "the extent to which …").
 */
export function pillarOfPhrase(phrase: string): PillarArea | null {
  const text = phrase.toLowerCase().replace(/[’]/g, "'");
  if (/\blooks? after its (?:people|workforce)\b/.test(text)) {
    return 'People';
  }
  if (/\btreats? the public and its workforce\b/.test(text)) {
    return 'Legitimacy';
  }
  const pillarWording =
    /\bkeep(?:s|ing)? (?:people|the public|communities) safe\b|\breduc(?:e|es|ing) crime\b|\bsustainable services\b|^(?:the )?extent to which\b|^(?:the )?(?:effectiveness|efficiency|legitimacy) (?:of|with which)\b|^(?:its|the \w+'s|[\w ]+'s) (?:effectiveness|efficiency|legitimacy)$/;
  if (!pillarWording.test(text)) {
    return null;
  }
  if (/\beffective(?:ly|ness)?\b/.test(text)) {
    return 'Effectiveness';
  }
  if (/\befficien(?:t|tly|cy)\b/.test(text)) {
    return 'Efficiency';
  }
  if (/\blegitima(?:te|tely|cy)\b/.test(text)) {
    return 'Legitimacy';
  }
  return null;
}

/**
 * The pillar a question heading asks about: "How effective is the force at keeping people safe and
 * reducing crime?", "How efficiently does the force operate …?", "How legitimately does the force treat
 * the public and its workforce?", "How well does the fire and rescue service look after its people?".
 */
export function pillarOfQuestion(heading: string): PillarArea | null {
  const text = heading.trim();
  const subject = '(?:force|constabulary|service|FRS|fire and rescue service)';
  if (new RegExp(`^how well does the ${subject} look after its people\\b`, 'i').test(text)) {
    return 'People';
  }
  const question = new RegExp(
    `^how (effective|efficient|legitimate)(?:ly)? (?:is|does) the ${subject} (?:at keeping (?:people|the public) safe|operate|treat the public and its workforce)\\b`,
    'i',
  ).exec(text);
  const pillars: Record<string, PillarArea> = {
    effective: 'Effectiveness',
    efficient: 'Efficiency',
    legitimate: 'Legitimacy',
  };
  return question ? pillars[question[1].toLowerCase()] : null;
}

/** "investigates" → "investigating", "makes" → "making", "uses" → "using", "addresses" → "addressing". */
function gerund(verb: string): string {
  let stem = verb;
  if (/(?:ss|sh|ch|x|z)es$/i.test(stem)) {
    stem = stem.slice(0, -2);
  } else if (/ies$/i.test(stem)) {
    stem = `${stem.slice(0, -3)}y`;
  } else if (/s$/i.test(stem)) {
    stem = stem.slice(0, -1);
  }
  if (/[^aeiou]e$/i.test(stem) || /[^e]ue$/i.test(stem)) {
    stem = stem.slice(0, -1);
  }
  return `${stem}ing`;
}

/**
 * A graded phrase as an area's words: "the way it investigates offending" → "investigating offending";
 * a phrase already worded as an activity ("reducing crime") is kept.
 */
export function activityOf(phrase: string): string {
  const clause = /^(?:the way (?:in which )?|how )(?:it|the \w+|they) (\w+)\b(.*)$/i.exec(phrase.trim());
  return clause ? `${gerund(clause[1])}${clause[2]}` : phrase.trim();
}

/**
 * The area a line names before its grade: a pillar's name, a question ("How good is the force at …?",
 * a pillar's question by its pillar), or a fire and rescue question in a fire and rescue document;
 * null for anything else ("Overall: good" is not an area).
 */
export function namedArea(text: string, fireAndRescue: boolean): string | null {
  const pillarName = /^(effectiveness|efficiency|legitimacy|people)$/i.exec(text);
  if (pillarName) {
    return pillarName[1].charAt(0).toUpperCase() + pillarName[1].slice(1).toLowerCase();
  }
  const pillar = pillarOfQuestion(text);
  if (pillar) {
    return pillar;
  }
  const questions = fireAndRescue ? fireAndRescueQuestionsIn(text) : [];
  if (questions.length === 1) {
    return questions[0];
  }
  return /^(?:how|to what extent)\b.*\?$/i.test(text) ? text : null;
}

/** The text of a list item as a phrase: without its closing "; and", ";" or full stop. */
function itemPhrase(text: string): string {
  return text
    .trim()
    .replace(/(?:[;,.]\s*(?:and|or)?|\s+(?:and|or))$/i, '')
    .replace(/[;,.]$/, '')
    .trim();
}

const QUOTED_GRADE = `['‘"“]?${GRADE_PATTERN}['’"”]?`;
/** Where a graded phrase ends: a clause boundary inside the sentence, or its end. */
const PHRASE_END = `(?=,?\\s+(?:and|but) (?:it |the \\w+ )?(?:is|requires)\\b|,?\\s+(?:but|however|although|while|whereas)\\b|[;:.]|$)`;
/** "is good at …", "is ‘good’ in …", "remains outstanding at …" (present tense: the report's own grade). */
const GRADED_AT = new RegExp(
  `\\b(?:is|are|remains) (?:generally |also |now |currently )?${QUOTED_GRADE} (?:at|in) (.+?)${PHRASE_END}`,
  'gi',
);
/**
 * "We graded the service as requires improvement at …", "we judge the force to be good at …": the
 * report's own grade (a sentence about an earlier inspection is left out by `isAboutEarlierGrade`).
 */
const GRADED_AS = new RegExp(
  `\\b(?:graded|judged|judge|rated|assessed) (?:the (?:service|force|constabulary)|it|[A-Z][\\w&' -]+?) (?:as|to be) (?:being )?${QUOTED_GRADE} (?:at|in|for) (.+?)${PHRASE_END}`,
  'gi',
);
/** "We graded the service's effectiveness as good": a pillar graded as the object of the sentence. */
const GRADED_OBJECT = new RegExp(
  `\\b(?:graded|judged|rated|assessed) ((?:its|the [\\w ]+?['’]s|[A-Z][\\w&' -]+?['’]s) (?:effectiveness|efficiency|legitimacy)) (?:as|to be) ${QUOTED_GRADE}`,
  'gi',
);
/** A sentence about a grade given earlier ("In 2017, we judged …", "in its 2018/19 assessment"), not this report's. */
function isAboutEarlierGrade(sentence: string): boolean {
  return /\b(?:in|since) (?:our |its |the )?(?:19|20)\d\d\b|\b(?:last|previous|earlier) (?:inspection|assessment)\b/i.test(
    sentence,
  );
}
/** A line giving an area and its grade: "Effectiveness: Good", "How good is the force at …? Adequate". */
const AREA_THEN_GRADE = new RegExp(`^(.{3,160}?)\\s*(?:[:–—-]|(?<=\\?))\\s*${QUOTED_GRADE}\\.?$`, 'i');

/** "requires improvement in …", "to require improvement in how it …", "requires improvement to the way …". */
const REQUIRES_IMPROVEMENT_IN = new RegExp(
  `\\b(?:requires|to require) improvement (?:in|to|at|with) (?!:)(.+?)${PHRASE_END}`,
  'gi',
);
/**
 * A graded subject: "The extent to which … is good", "The way it protects … is inadequate",
 * "The effectiveness of … requires improvement".
 */
const GRADED_SUBJECT = new RegExp(
  `^(?:however,?\\s+|overall,?\\s+|but\\s+|and\\s+)?((?:the )?(?:extent to which|way (?:in which )?(?:it|the \\w+)|(?:effectiveness|efficiency|legitimacy) (?:of|with which))\\b.+?) (?:is ${QUOTED_GRADE}|(requires improvement))\\s*(?:[;,.]\\s*(?:and)?)?$`,
  'i',
);
/** A lead-in whose list items are the graded phrases: "It requires improvement to:", "It is good at:". */
const GRADED_LIST_LEAD_IN = new RegExp(
  `\\b(?:(?:requires|to require) (improvement)|(?:is|are) ${QUOTED_GRADE}) (?:at|in|to|with)\\s*:$`,
  'i',
);
/** "in terms of its effectiveness": the pillar the rest of the paragraph grades parts of (PEEL 2014). */
const PILLAR_IN_TERMS = /\bin terms of (?:its|the force's|the force’s) (effectiveness|efficiency|legitimacy)\b/i;

/** Any grade word: a block without one states no judgment. */
const ANY_GRADE_WORD = /\b(?:outstanding|good|adequate|improvement|inadequate|graded)\b/i;

/** One graded phrase read from a sentence. */
interface GradedPhrase {
  phrase: string;
  grade: Grade;
}

/** The graded phrases of one sentence. */
export function gradedPhrases(sentence: string): GradedPhrase[] {
  const phrases: GradedPhrase[] = [];
  if (isAboutEarlierGrade(sentence)) {
    return phrases;
  }
  const subject = GRADED_SUBJECT.exec(sentence);
  if (subject) {
    const grade = subject[3] ? 'requires_improvement' : parseGrade(subject[2] ?? '');
    if (grade) {
      phrases.push({ phrase: subject[1], grade });
    }
    return phrases;
  }
  for (const match of sentence.matchAll(GRADED_AT)) {
    const grade = parseGrade(match[1]);
    if (grade) {
      phrases.push({ phrase: match[2], grade });
    }
  }
  for (const pattern of [GRADED_AS, GRADED_OBJECT]) {
    for (const match of sentence.matchAll(pattern)) {
      const grade = parseGrade(match[pattern === GRADED_AS ? 1 : 2]);
      if (grade) {
        phrases.push({ phrase: match[pattern === GRADED_AS ? 2 : 1], grade });
      }
    }
  }
  for (const match of sentence.matchAll(REQUIRES_IMPROVEMENT_IN)) {
    phrases.push({ phrase: match[1], grade: 'requires_improvement' });
  }
  // "graded … as requires improvement at X" is read by two patterns: keep X once.
  return phrases.filter(
    (item, index) => phrases.findIndex((other) => other.phrase === item.phrase && other.grade === item.grade) === index,
  );
}

/**
 * The areas a graded phrase names: a pillar, the fire and rescue questions it paraphrases (in a fire
 * and rescue document), or, inside an "in terms of its <pillar>" paragraph, "<Pillar>: <activity>".
 */
export function areasOfPhrase(phrase: string, fireAndRescue: boolean, pillarInTerms: string | null): string[] {
  const pillar = pillarOfPhrase(phrase);
  if (pillar) {
    return [pillar];
  }
  if (fireAndRescue) {
    const questions = fireAndRescueQuestionsIn(phrase);
    if (questions.length > 0) {
      return questions;
    }
  }
  if (pillarInTerms) {
    return [`${pillarInTerms}: ${activityOf(phrase)}`];
  }
  return [];
}

/**
 * The judgments a paragraph or list item states in prose. `leadIn` is the grade of the list the item
 * belongs to (after "It requires improvement in:"), or null.
 */
export function judgmentsInBlock(
  text: string,
  fireAndRescue: boolean,
  leadIn: Grade | null,
): { judgments: ProposedJudgment[]; listGrade: Grade | null } {
  const judgments: ProposedJudgment[] = [];
  const add = (areas: readonly string[], grade: Grade): void => {
    areas.forEach((area) => judgments.push({ area, grade, lastInspected: null }));
  };
  if (leadIn) {
    add(areasOfPhrase(itemPhrase(text), fireAndRescue, null), leadIn);
  }
  // Most paragraphs name no grade at all: a cheap test spares them the patterns below.
  if (!ANY_GRADE_WORD.test(text)) {
    return { judgments, listGrade: null };
  }
  const line = AREA_THEN_GRADE.exec(text.trim());
  const lineGrade = line ? parseGrade(line[2]) : null;
  if (line && lineGrade) {
    const area = namedArea(line[1].trim(), fireAndRescue);
    if (area) {
      add([area], lineGrade);
      return { judgments, listGrade: null };
    }
  }
  let pillarInTerms: string | null = null;
  let listGrade: Grade | null = null;
  for (const sentence of splitSentences(text)) {
    const inTerms = PILLAR_IN_TERMS.exec(sentence.text);
    if (inTerms) {
      pillarInTerms = inTerms[1].charAt(0).toUpperCase() + inTerms[1].slice(1).toLowerCase();
    }
    for (const { phrase, grade } of gradedPhrases(sentence.text)) {
      add(areasOfPhrase(phrase, fireAndRescue, pillarInTerms), grade);
    }
    const lead = GRADED_LIST_LEAD_IN.exec(sentence.text);
    listGrade = lead ? (lead[1] ? 'requires_improvement' : parseGrade(lead[2] ?? '')) : null;
  }
  return { judgments, listGrade };
}
