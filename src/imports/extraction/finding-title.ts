/**
 * A short title for an imported finding, made from the inspectorate's wording: what the force is
 * to do, in the imperative ("Improve the scrutiny of outstanding suspects"), or, for a cause of
 * concern's description, what is wrong ("Failure to record crime accurately"). The default data's
 * titles were written this way by hand; this makes a first draft of one that the reviewer can
 * edit on the review page. Pure, and never empty: when the wording fits none of the shapes below,
 * the title is the text's first sentence, as it was before.
 */
import type { FindingKind } from '../../findings/finding-kind';

/** Titles are cut (at a word, or better at a clause) to at most this many characters. */
export const TITLE_LENGTH = 120;

/** Who a directive is addressed to: the force or service, by name or not, its leaders, a unit of it, or "it". */
const ORGANISATION_NOUN =
  'force|forces|constabulary|constabularies|service|services|police|leaders|leadership|officers|managers|' +
  'constable|commissioner|unit|units|department|departments|team|teams|organisation|organisations|partners|agencies|board';
/** A word inside a subject: not a preposition, so "the quality of the service" is not taken for "the service". */
const SUBJECT_WORD = String.raw`(?!(?:of|in|for|to|about|with|on|at|by|from|and|or|that|which)\b)[\w’'&-]+`;
const ONE_SUBJECT = [
  'it',
  'they',
  // "the force", "each force", "all police forces", "the counter-corruption unit", "senior leaders"
  String.raw`(?:(?:the|all|each|every|this|its|our|some)\s+)?(?:${SUBJECT_WORD}\s+){0,3}?(?:${ORGANISATION_NOUN})`,
  // "Northshire Constabulary", "Wessex Police", "Northshire & Wessex Fire and Rescue Service"
  String.raw`(?:[A-Z][\w’'-]*\s+(?:(?:and|&|of)\s+)?){1,5}(?:Police|Constabulary|Service|Force)`,
  // "the CCU", "CCUs", "the PSD"
  String.raw`(?:the\s+)?[A-Z]{2,6}s?`,
].join('|');
const SUBJECT = String.raw`(?:${ONE_SUBJECT})(?:\s+and\s+(?:${ONE_SUBJECT}))?`;
/** The words that make a sentence a directive to its subject. */
const MODAL = String.raw`(?:should|must|needs\s+to|need\s+to|is\s+to|are\s+to|has\s+to|have\s+to|ought\s+to|will\s+need\s+to|is\s+required\s+to|are\s+required\s+to)`;
/**
 * Where a subject may start: the sentence's start, after a leading clause's comma, a connective or
 * "we recommended that" (not any "that": "a situation that the force must remedy" is no directive).
 */
const SUBJECT_START = String.raw`(?:^|,\s+|\b(?:but|however|nonetheless|so|and|therefore|also|then)\s+|\b(?:recommend|recommended|recommends|expect|expected|concluded)\s+that\s+)`;
const DIRECTIVE = new RegExp(
  String.raw`${SUBJECT_START}(?:${SUBJECT})\s+(?:(?:also|therefore|still|now|then|now\s+also)\s+)?${MODAL}\s*(.*)$`,
  'i',
);
/** "We encourage the force to …", "We therefore urge the constabulary to …". */
const ENCOURAGED = new RegExp(
  String.raw`\bwe\s+(?:(?:therefore|also|would|strongly)\s+)*(?:encourage|urge|expect|recommend|recommended|ask)\s+(?:${SUBJECT})\s+to\s+(.*)$`,
  'i',
);
/** "Detainee care should be improved …", "Policy … to be published": the thing to act on, then the act. */
const PASSIVE = new RegExp(
  String.raw`^(.{3,90}?)\s+(?:should|must|needs\s+to|need\s+to|could)?\s*(?:to\s+)?be\s+(?:(?:further|fully|regularly|consistently)\s+)?(\w+)\b(.*)$`,
  'i',
);
/** Past participles a passive directive may end in, and the verb that asks for them. */
const PARTICIPLE_VERBS: Readonly<Record<string, string>> = {
  improved: 'Improve',
  reviewed: 'Review',
  strengthened: 'Strengthen',
  published: 'Publish',
  updated: 'Update',
  developed: 'Develop',
  considered: 'Consider',
  addressed: 'Address',
  monitored: 'Monitor',
  evaluated: 'Evaluate',
  completed: 'Complete',
  implemented: 'Implement',
  recorded: 'Record',
  applied: 'Apply',
  provided: 'Provide',
  introduced: 'Introduce',
  established: 'Establish',
  agreed: 'Agree',
  made: 'Make',
  given: 'Give',
  undertaken: 'Undertake',
  put: 'Put',
  set: 'Set',
};

/** Times that lead a recommendation in: "By 30 September 2025,", "Within three months of this report,". */
const LEADING_TIME =
  /^(?:by|within|before|after|from|no later than|in the next|over the next|as a (?:matter of )?priority|immediately|urgently)\b[^,.:;]{0,70},\s*/i;
const LEADING_CONNECTIVE =
  /^(?:but|however|nonetheless|in any case|therefore|also|and|so|instead|in addition|furthermore|conversely|finally|overall)\b,?\s*/i;
/** The words a cut title should not end on. */
const DANGLING =
  /\s+(?:and|or|but|of|to|the|a|an|in|on|at|for|with|by|from|its|their|that|which|who|including|such as|as|so|is|are|be|it|this|these|those|about|into|than|both)$/i;

/** A finding's text with runs of white space made one space. */
const flat = (value: string) => value.replace(/\s+/g, ' ').trim();

/** The first letter in capitals. */
const capitalise = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

/** Trailing punctuation and list joiners dropped: "…; and", "…,", "…:". */
function withoutTrailing(value: string): string {
  let result = value.trim();
  for (;;) {
    const next = result
      .replace(/[\s.,;:!?–—-]+$/u, '')
      .replace(/[;,]?\s+(?:and|or)$/i, '')
      .trim();
    if (next === result) {
      return result;
    }
    result = next;
  }
}

/** The text's sentences, in order: a line break ends one, as do ". ", "! " and "? " before a capital. */
function sentencesOf(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => flat(line).split(/(?<=[.!?])\s+(?=[A-Z‘“"'(])/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

/** A verb in the third person singular ("improves", "has", "analyses") in its base form ("improve", "have"). */
export function baseForm(verb: string): string {
  const lower = verb.toLowerCase();
  const irregular: Record<string, string> = { has: 'have', is: 'be', does: 'do', goes: 'go', was: 'be' };
  let base: string;
  if (irregular[lower]) {
    base = irregular[lower];
  } else if (/[^aeiou]ies$/.test(lower)) {
    base = `${lower.slice(0, -3)}y`;
  } else if (/(?:sses|shes|ches|xes|zzes|oes)$/.test(lower)) {
    base = lower.slice(0, -2);
  } else if (/[^su]s$/.test(lower)) {
    base = lower.slice(0, -1);
  } else {
    base = lower;
  }
  return verb.charAt(0) === verb.charAt(0).toUpperCase() ? capitalise(base) : base;
}

/** Whether a word can be a verb in the third person singular ("reviews", "has"), not a word like "process" or "its". */
const looksThirdPerson = (word: string) => /^(?:has|is|does)$/i.test(word) || /^[a-z]{2,}[^su']s$/i.test(word);

/** Auxiliaries after "it" that leave the clause as it is ("make sure it can …", "make sure it has been …"). */
const KEEP_AFTER_IT =
  /^(?:it|they)\s+(?:can|could|will|would|may|might|should|must|cannot|can’t|can't|does\s+not|doesn’t|doesn't|is\s+not|isn’t|isn't|has\s+(?:been|\w+ed|made|done|given|taken|seen|met)\b)/i;

/**
 * The rest of a directive ("improve …", "make sure that it has …", "ensure that all staff …")
 * as an imperative title, or "" when it says nothing yet (a lead-in: "should:", "make sure that:").
 */
function imperative(rest: string): string {
  let clause = rest.trim().replace(/^(?:also|therefore|now|still)\s+/i, '');
  clause = clause.replace(/^(?:be\s+sure\s+to|take\s+steps\s+to|seek\s+to|look\s+to|act\s+to|aim\s+to)\s+/i, (found) =>
    /^(?:act|take)/i.test(found) ? found : '',
  );
  if (/^not\s+/i.test(clause)) {
    clause = `do ${clause}`;
  }
  const assured = /^(make\s+sure|ensure|assure\s+itself|satisfy\s+itself)\b(\s+that\b)?\s*(.*)$/i.exec(clause);
  if (assured) {
    const [, verb, that, after] = assured;
    if (withoutTrailing(after) === '') {
      return '';
    }
    if (/^(?:it|they)\s/i.test(after) && !KEEP_AFTER_IT.test(after)) {
      return inBaseForm(after.replace(/^(?:it|they)\s+/i, ''));
    }
    // "ensure effective scrutiny": to bring it about; "ensure that X is …", "make sure X …": to see that it is so.
    const lead = /^ensure$/i.test(verb) && !that ? 'Ensure' : 'Make sure';
    return `${lead} ${after.replace(/^(?:it|they)\s/i, (word) => word.toLowerCase())}`;
  }
  if (/^(?:it|they)\s/i.test(clause) && !KEEP_AFTER_IT.test(clause)) {
    return inBaseForm(clause.replace(/^(?:it|they)\s+/i, ''));
  }
  return withoutTrailing(clause) === '' ? '' : capitalise(clause);
}

/**
 * A clause whose subject was "it" ("consistently records …", "collects, assesses and develops …")
 * with its verb, or its list of verbs, in the base form: "Consistently record …".
 */
function inBaseForm(clause: string): string {
  const words = clause.split(' ');
  let at = 0;
  while (at < words.length - 1 && /^[a-z]+ly$/i.test(words[at]) && !/^(?:supply|apply|rely|reply)$/i.test(words[at])) {
    at += 1;
  }
  if (!looksThirdPerson((words[at] ?? '').replace(/,$/, ''))) {
    return capitalise(clause);
  }
  // "collects, assesses, develops and investigates": each verb of a list straight after the first.
  let index = at;
  for (;;) {
    const word = words[index];
    const listed = word.endsWith(',');
    words[index] = `${baseForm(word.replace(/,$/, ''))}${listed ? ',' : ''}`;
    const next = words[index + 1] === 'and' ? index + 2 : index + 1;
    const continues = listed || next === index + 2;
    if (!continues || next >= words.length || !looksThirdPerson(words[next].replace(/,$/, ''))) {
      break;
    }
    index = next;
  }
  return capitalise(words.join(' '));
}

/** The imperative of a sentence addressed to the force ("…, the force should …"), or null for another sentence. */
function directiveTitle(sentence: string): string | null {
  const found = DIRECTIVE.exec(sentence) ?? ENCOURAGED.exec(sentence);
  return found ? imperative(found[1]) : null;
}

/** "Detainee care should be improved …" as "Improve detainee care …"; null for another sentence. */
function passiveTitle(sentence: string): string | null {
  const found = PASSIVE.exec(sentence);
  const verb = found ? PARTICIPLE_VERBS[found[2].toLowerCase()] : undefined;
  if (!found || !verb || /\b(?:it|they|we|has|have|had|was|were|is|are|not)\b/i.test(found[1])) {
    return null;
  }
  const thing =
    /^[A-Z][a-z]/.test(found[1]) && !/^[A-Z][a-z]+\s+[A-Z]/.test(found[1])
      ? found[1].charAt(0).toLowerCase() + found[1].slice(1)
      : found[1];
  return `${verb} ${thing}${found[3]}`;
}

/** "The force's record keeping should be more accurate" as "Make the force's record keeping more accurate". */
function comparativeTitle(sentence: string): string | null {
  const found = /^(.{3,90}?)\s+(?:should|must|needs\s+to)\s+be\s+((?:more|less|better)\s+\w+)\b(.*)$/i.exec(sentence);
  if (!found || /\b(?:it|they|we)\b/i.test(found[1])) {
    return null;
  }
  const thing = found[1].charAt(0).toLowerCase() + found[1].slice(1);
  return `Make ${thing} ${found[2]}${found[3]}`;
}

const NEGATED_DO = String.raw`(?:does\s+not|do\s+not|did\s+not|doesn[’']t|don[’']t|didn[’']t)`;
const NEGATED_BE = String.raw`(?:is\s+not|are\s+not|was\s+not|were\s+not|isn[’']t|aren[’']t|wasn[’']t|weren[’']t)`;
const NEGATED_HAVE = String.raw`(?:has\s+not|have\s+not|had\s+not|hasn[’']t|haven[’']t|hadn[’']t)`;
/** What a cause of concern says is wrong, after its subject, and the noun phrase that names it. */
const SHORTCOMINGS: ReadonlyArray<[RegExp, (rest: string) => string]> = [
  [new RegExp(String.raw`^${NEGATED_BE}\s+doing\s+enough\s+(.*)$`, 'i'), (rest) => `Not enough done ${rest}`],
  [new RegExp(String.raw`^${NEGATED_HAVE}\s+done\s+enough\s+(.*)$`, 'i'), (rest) => `Not enough done ${rest}`],
  [/^(?:is\s+|are\s+|was\s+|were\s+)?(?:failing|fails|failed)\s+to\s+(.*)$/i, (rest) => `Failure to ${rest}`],
  [new RegExp(String.raw`^${NEGATED_DO}\s+have\s+(.*)$`, 'i'), (rest) => `Lack of ${rest}`],
  [new RegExp(String.raw`^${NEGATED_DO}\s+(.*)$`, 'i'), (rest) => `Failure to ${rest}`],
  [new RegExp(String.raw`^${NEGATED_BE}\s+((?:[a-z]+ly\s+)?[a-z]+ing\b.*)$`, 'i'), (rest) => `Not ${rest}`],
  [
    /^(?:cannot|can\s+not|can[’']t|could\s+not|couldn[’']t|is\s+unable\s+to|was\s+unable\s+to)\s+(.*)$/i,
    (rest) => `Unable to ${rest}`,
  ],
];
const DESCRIPTION_SUBJECT = new RegExp(String.raw`^(?:${SUBJECT})\s+(.*)$`, 'i');

/**
 * What a cause of concern's description says is wrong, as a noun phrase: "The force is not doing
 * enough to protect …" as "Not enough done to protect …", "was failing to record …" (a sub-point
 * without its subject) as "Failure to record …". Null for another sentence.
 */
function shortcomingTitle(sentence: string): string | null {
  const afterSubject = DESCRIPTION_SUBJECT.exec(sentence)?.[1];
  for (const candidate of [afterSubject, /^[a-z]/.test(sentence) ? sentence : undefined]) {
    if (!candidate) {
      continue;
    }
    for (const [shape, title] of SHORTCOMINGS) {
      const found = shape.exec(candidate);
      if (found && withoutTrailing(found[1]) !== '') {
        return title(found[1]);
      }
    }
  }
  return null;
}

/** A sub-point as the start of a title: "it has a robust process …" as "Have a robust process …". */
function subPointTitle(point: string): string {
  const text = flat(point).replace(/^[•\-–—*·]\s*/, '');
  const directive = imperative(text);
  if (directive !== '' && directive !== capitalise(text)) {
    return directive;
  }
  // "shows how it plans …", "details robust arrangements …": the verb of the lead-in's "that it:".
  const [first, second = ''] = text.split(' ');
  const nounFollows =
    /^(?:are|were|is|was|have|has|for|of|in|on|at|to|and|or|with|that|which|who|should|must|can|will|may)$/i;
  if (/^[a-z]/.test(text) && looksThirdPerson(first) && second !== '' && !nounFollows.test(second)) {
    return inBaseForm(text);
  }
  return capitalise(shortcomingTitle(text) ?? text);
}

/** The part of a sentence after the time it sets ("By 30 September 2025, …") and its connective ("But …"). */
function withoutLeadIn(sentence: string): string {
  let result = sentence;
  for (;;) {
    const next = result.replace(LEADING_TIME, '').replace(LEADING_CONNECTIVE, '');
    if (next === result) {
      return result;
    }
    result = next;
  }
}

/**
 * Where a long title may end: before a clause that only qualifies what comes before it
 * (", including …", ", so that …", "; …", " – …", " in our 2022 national report …"), not at a comma
 * inside a list.
 */
const CLAUSE_BOUNDARY =
  /(?:,\s+(?=(?:including|in particular|particularly|especially|so|so that|which|where|when|as well as|such as|and that|and to|or|but|because|while|in order to|for example|rather than|to)\b)|;\s|:\s|\s[–—]\s|\s(?=and (?:should|must|needs to)\b)|\s(?=which\b)|\s(?=(?:in|from) our (?:\d{4} )?[\w ]{0,30}report\b))/g;

/**
 * A title cut to TITLE_LENGTH: asides in brackets dropped, then before a quotation the cut would
 * break, or at the last clause boundary past its first 50 characters if there is one, else at a
 * word; never ending on "and", "of" or punctuation.
 */
export function cutTitle(title: string, length: number = TITLE_LENGTH): string {
  let result = withoutTrailing(flat(title));
  if (result.length > length) {
    result = withoutTrailing(result.replace(/\s*\([^()]*\)/g, ''));
  }
  if (result.length <= length) {
    return result;
  }
  const head = result.slice(0, length + 1);
  const clause = Math.max(-1, ...[...head.matchAll(CLAUSE_BOUNDARY)].map((found) => found.index));
  const space = head.lastIndexOf(' ');
  // A quotation the cut would break (a report's title, ‘An inspection of …’) is left out whole.
  const quote = /\s[‘“][^’”]*$/.exec(head)?.index ?? -1;
  let cut =
    quote >= 40 && quote >= clause
      ? head.slice(0, quote)
      : clause >= 50
        ? head.slice(0, clause)
        : head.slice(0, space > 40 ? space : length);
  // "… endorsed by a supervisor in our 2022 national report": the citation goes too, when enough is left.
  const citation = /\s(?:in|from) our (?:\d{4} )?[\w ]{0,30}report$/.exec(cut)?.index ?? -1;
  if (citation >= 40) {
    cut = cut.slice(0, citation);
  }
  for (;;) {
    const next = withoutTrailing(cut.replace(DANGLING, ''));
    if (next === cut || next.length < 20) {
      return next.length < 20 ? withoutTrailing(cut) : next;
    }
    cut = next;
  }
}

/** The text's first sentence, without its time clause, as a title: what the title is when no shape fits. */
function firstSentenceTitle(text: string): string {
  const first = sentencesOf(text)[0] ?? flat(text);
  return capitalise(withoutLeadIn(first.split(/(?<=[.:;])\s/)[0]));
}

/**
 * A short title, under TITLE_LENGTH characters and never empty, for an imported finding: its
 * first directive to the force in the imperative ("By 30 September 2025, the force should make
 * sure that it improves the scrutiny of outstanding suspects." → "Improve the scrutiny of
 * outstanding suspects"), built from the first sub-point when the directive is only a lead-in
 * ("Within three months, the force should:"); for a cause of concern, the shortcoming its
 * description names as a noun phrase ("The force is not doing enough to …" → "Not enough done
 * to …"); else its first sentence.
 */
export function findingTitle(text: string, subPoints: readonly string[] = [], kind?: FindingKind): string {
  // Asides in brackets dropped: "(for example, it should be recording …)" is no directive of the sentence.
  const sentences = sentencesOf(text)
    .map((sentence) => withoutLeadIn(sentence.replace(/\s*\([^()]*\)/g, '')))
    .filter((sentence) => sentence !== '');
  const firstPoint = subPoints.map(flat).find((point) => point !== '');
  const describe = () => {
    for (const sentence of sentences) {
      const found = shortcomingTitle(sentence);
      if (found) {
        return found;
      }
    }
    return null;
  };
  const direct = () => {
    for (const sentence of sentences) {
      const found = directiveTitle(sentence);
      if (found === null) {
        continue;
      }
      if (found !== '' && !/:$/.test(sentence)) {
        return found;
      }
      // A lead-in ("… should make sure that:", "… must be sensitive about:"): its first sub-point says what.
      // With words of its own, the lead-in's sentence runs on into the sub-point as printed.
      if (firstPoint) {
        return found === ''
          ? subPointTitle(firstPoint)
          : `${withoutTrailing(found)} ${firstPoint.replace(/^[•\-–—*·]\s*/, '')}`;
      }
      if (found !== '') {
        return found;
      }
    }
    for (const sentence of sentences) {
      const found = passiveTitle(sentence) ?? comparativeTitle(sentence);
      if (found) {
        return found;
      }
    }
    return null;
  };
  const leadOnly = sentences.length > 0 && sentences.every((sentence) => /:$/.test(sentence));
  const title =
    (kind === 'cause_of_concern' ? (describe() ?? direct()) : (direct() ?? describe())) ??
    (leadOnly && firstPoint ? subPointTitle(firstPoint) : null) ??
    (/^[a-z]/.test(text.trim()) ? subPointTitle(withoutLeadIn(flat(text))) : null);
  const made = cutTitle(title ?? '');
  if (made !== '') {
    return made;
  }
  const fallback = cutTitle(firstSentenceTitle(text));
  return fallback !== '' ? fallback : cutTitle(capitalise(flat(text))) || 'Untitled finding';
}
