/**
 * Recognises the narrative sentences in which the inspectorate asks a force to act ("The force should
 * review …", "Senior leaders must …", "We urge the constabulary to …") and gathers the sentences that
 * make such an observation read on its own. Pure functions over one paragraph's sentences.
 *
 * Rules (they follow the reviewed default data set's observation rule):
 * - the subject is the force, its leaders or its units, or "it"/"they"; a fire and rescue service
 *   ("The service should …") is the subject the same way; general expectations of all
 *   forces count only with "should" ("Forces should …"), never with "must" ("All police forces must …");
 * - "should have" + past participle (a retrospective case comment), "must be noted", "needs to", "could",
 *   "might consider" and reported contents ("The APP states that forces should …") do not count;
 * - "must" after a leading If/When/Where clause describes a standing duty and does not count.
 */
import type { Sentence } from './text-utils';

const SPECIFIC =
  "(?:[Tt]he|[Tt]his) (?:force|constabulary|service)(?:(?:’s|'s)(?: [a-z-]+){1,4}?)?|[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:Constabulary|Police)|[A-Z][a-z]+(?:,? (?:and )?[A-Z][a-z]+)* Fire and Rescue Service|[Ss]enior (?:leaders|officers|managers|leadership team)|[Cc]hief officers|[Tt]he (?:CCU|PSD|FVU|force vetting unit|counter-corruption unit|professional standards department)";
const PRONOUN = '[Ii]t|[Tt]hey';
const GENERAL =
  '(?:[Ee]ach|[Ee]very|[Aa]ll) (?:police )?forces?|(?:[Pp]olice )?[Ff]orces|(?:CCUs|PSDs|FVUs)(?: and [A-Z]{2,} departments)?';
const CONNECTIVE =
  '(?:(?:[Bb]ut|[Hh]owever|[Nn]onetheless|[Nn]evertheless|[Aa]nd|[Ss]o|[Yy]et|[Aa]lso|[Ii]n any case|[Tt]herefore),?\\s+)?';
const ADVERB = '(?:(?:also|therefore|now|then|still|urgently|quickly|further)\\s+)?';

/** Subject + modal, at the start of a sentence, after a comma or semicolon, or after "that". */
const DIRECTIVE = new RegExp(
  `(?<lead>^|[,;]\\s+|\\bthat\\s+)${CONNECTIVE}(?:(?<specific>${SPECIFIC})|(?<pronoun>${PRONOUN})|(?<general>${GENERAL}))\\s+${ADVERB}(?<modal>should|must)\\b`,
  'gu',
);

/** "We urge the constabulary to …", "We encourage the force to …". */
const URGE = /\b[Ww]e (?:therefore |also |would |strongly )?(?:urge|encourage)\b/u;

/** After the modal: retrospective "should have done", "should have." and "must be noted". */
const NOT_A_DIRECTIVE_AFTER =
  /^\s+(?:have\s*[.,;]|have\s+(?:been|done|made|taken|seen|given|known|had|met|sought|kept|told|found|begun|run|set|put|brought|thought|received|[a-z]+ed)\b|be\s+(?:noted|recognised|recognized|said)\b)/u;

/** Reported speech before "that": "The APP states that forces should …" is a description, not a request. */
const REPORTING_VERB =
  /\b(?:states?|stated|says?|said|told us|recommended|recommends?|requires?|required|believes?|means|meaning|explains?|sets out|stipulates?)\s+$/u;

/** A sentence opening with a leading condition: "When …, it must …". */
const LEADING_CONDITION = /^(?:And,?\s+)?(?:if|when|where|once|whenever)\b/iu;

/** Where in a sentence the inspectorate's request is, or null when the sentence asks nothing of the force. */
export function findDirective(sentence: string): { index: number } | null {
  if (URGE.test(sentence)) {
    return { index: sentence.search(URGE) };
  }
  for (const match of sentence.matchAll(DIRECTIVE)) {
    const groups = match.groups ?? {};
    const index = match.index ?? 0;
    const after = sentence.slice(index + match[0].length);
    if (NOT_A_DIRECTIVE_AFTER.test(after)) {
      continue;
    }
    const viaThat = (groups.lead ?? '').startsWith('that');
    if (viaThat && (!groups.specific || REPORTING_VERB.test(sentence.slice(0, index)))) {
      continue;
    }
    if (groups.general && groups.modal === 'must') {
      continue;
    }
    if (groups.modal === 'must' && index > 0 && LEADING_CONDITION.test(sentence)) {
      continue;
    }
    return { index: index + (groups.lead ?? '').length };
  }
  return null;
}

/** True when a sentence asks the force (or forces generally) to act. */
export function isDirective(sentence: string): boolean {
  return findDirective(sentence) !== null;
}

const OPENS_WITH_CONNECTIVE =
  /^(?:But|However|Nonetheless|Nevertheless|In any case|Even so|Yet|Despite this|Instead)\b/u;
const OPENS_WITH_PRONOUN = /^(?:It|They|This|These|Such)\b/u;
const EXPLETIVE_IT =
  /^It (?:is|isn’t|isn't|is not|was|wasn’t|would be|will be|remains) (?:clear|unclear|important|essential|understandable|vital|likely|unlikely|possible|difficult|apparent|encouraging|right|positive|evident|necessary)\b|^It (?:must|should) be (?:noted|recognised|recognized|said)\b/u;

/** True when a sentence's subject is a pronoun or demonstrative that points back ("They aren’t aware …"). */
export function opensWithReference(sentence: string): boolean {
  return OPENS_WITH_PRONOUN.test(sentence) && !EXPLETIVE_IT.test(sentence);
}

/** Names the force or its people explicitly, so that a following "It should …" can be read. */
const NAMES_AN_ACTOR =
  /\b(?:[Tt]he|[Tt]his) (?:force|constabulary|service)\b|\bFire and Rescue Service\b|\b[A-Z][a-z]+ (?:Constabulary|Police)\b|\b[Ss]enior (?:leaders|officers|managers)\b|\b[Cc]hief officers\b|\b[Tt]he (?:CCU|PSD|FVU)\b/u;

/** How a request points back to what comes before it, if it does. */
export type Antecedent = 'connective' | 'pronoun' | 'demonstrative' | null;

/**
 * How a request depends on the sentences before it: it opens with "But"/"However"/"In any case"
 * (connective); its subject is "It"/"They"/"This" (pronoun); or it points back with "this"/"these"/
 * "therefore" after its subject (demonstrative). Null when it reads on its own.
 */
export function antecedentKind(sentence: string, directiveIndex: number): Antecedent {
  if (OPENS_WITH_CONNECTIVE.test(sentence)) {
    return 'connective';
  }
  if (opensWithReference(sentence)) {
    return 'pronoun';
  }
  return /\b(?:this|these|therefore)\b/u.test(sentence.slice(directiveIndex)) ? 'demonstrative' : null;
}

/**
 * Where an observation starts, given its request at sentence `k` (never before `floor`):
 * - after "But"/"However": the paragraph's start when it is at most two sentences back, else the sentence before;
 * - with "It"/"They"/"This" as subject: the sentence before, if that one names the force or its people;
 * - pointing back with "this"/"these": the sentence before, and the ones before that while they too open with a pronoun
 *   (three at most).
 */
export function antecedentStart(
  sentences: readonly Sentence[],
  k: number,
  directiveIndex: number,
  floor: number,
): number {
  const kind = antecedentKind(sentences[k].text, directiveIndex);
  if (kind === null || k <= floor) {
    return k;
  }
  if (kind === 'connective') {
    return k - floor <= 2 ? floor : k - 1;
  }
  if (kind === 'pronoun') {
    return NAMES_AN_ACTOR.test(sentences[k - 1].text) ? k - 1 : k;
  }
  let from = k - 1;
  while (from > floor && k - from < 3 && opensWithReference(sentences[from].text)) {
    from--;
  }
  return from;
}

/**
 * True when the next sentence carries the same request on ("It should also …", "And they must …",
 * "This will …", "This includes …", "It could …", or a further "shouldn’t").
 */
export function continuesRequest(sentence: string): boolean {
  if (/^(?:And,?\s+)?(?:It|it|They|they)\s+(?:also\s+|then\s+|therefore\s+)?(?:should|must)\b/u.test(sentence)) {
    return !NOT_A_DIRECTIVE_AFTER.test(sentence.replace(/^.*?\b(?:should|must)\b/u, ''));
  }
  if (/^(?:This|That) (?:will|would|includes)\b|^It should do this\b|^It could\b/u.test(sentence)) {
    return true;
  }
  return /\b(?:shouldn’t|shouldn't|should not|must not|mustn’t|mustn't)\b/u.test(sentence);
}

/** The last sentence before `k` that is already used (a citation or verdict), or -1. */
function lastSkipped(skip: ReadonlySet<number>, k: number): number {
  let last = -1;
  skip.forEach((index) => {
    if (index < k && index > last) {
      last = index;
    }
  });
  return last;
}

/** The sentence range [from, to] of one observation within a paragraph. */
export interface ObservationSpan {
  from: number;
  to: number;
}

/**
 * Builds observation spans for a paragraph's sentences. `skip` marks sentences already used (citations,
 * verdicts). A request that points back takes the sentences it needs before it (see antecedentStart);
 * sentences that carry the request on are added after.
 */
export function observationSpans(
  sentences: readonly Sentence[],
  skip: ReadonlySet<number> = new Set(),
): ObservationSpan[] {
  const spans: ObservationSpan[] = [];
  let k = 0;
  while (k < sentences.length) {
    const directive = skip.has(k) ? null : findDirective(sentences[k].text);
    if (!directive) {
      k++;
      continue;
    }
    const floor = Math.max(spans.length > 0 ? spans[spans.length - 1].to + 1 : 0, lastSkipped(skip, k) + 1);
    const from = antecedentStart(sentences, k, directive.index, floor);
    let to = k;
    while (to + 1 < sentences.length && !skip.has(to + 1) && continuesRequest(sentences[to + 1].text)) {
      to++;
    }
    spans.push({ from, to });
    k = to + 1;
  }
  return spans;
}
