/**
 * Findings the inspectorate lists in prose rather than under a box heading. Letters and revisit pages
 * say what they found in a sentence ending with a colon and then list the findings, each item often a
 * fragment that completes the sentence:
 * - "We identified three causes of concern, which were that the force:" + "– was failing to …";
 * - "… five causes of concern in respect of:" + topic labels ("crime recording;");
 * - "These were set out in the two causes of concern … They related to the service’s:" + fragments;
 * - "We made the following recommendations, stating that the constabulary should:" + "make sure …";
 * - "The following AFI from our 2015 inspection remains:" + the area for improvement;
 * - minutes and board papers: "… five Red responses to HMICFRS inspection reports, which included the
 *   following:" + one item a recommendation, its first sentence the finding and the rest progress notes.
 * Lead-ins that describe what an inspection *will* do ("we will identify:") and lists whose lead-in
 * names no kind of finding ("the force needs to improve:") are not findings. Pure functions.
 */
import type { Block } from './normalise-text';
import { splitSentences } from './text-utils';

/** The kinds of finding a lead-in can announce. */
export type ListKind = 'area_for_improvement' | 'cause_of_concern' | 'recommendation';

/** A list of findings introduced by a lead-in sentence. */
export interface ListLeadIn {
  kind: ListKind;
  /** Indexes of the list's items (consecutive bullets with the same marker). */
  items: number[];
  /** A status the lead-in gives every item ("Red"), else null. */
  statedStatus: string | null;
  /** True when an item is the finding's sentence followed by progress notes: only its first sentence is the finding. */
  firstSentenceOnly: boolean;
}

const CONCERN = /\bcauses? (?:of|for) concern\b/iu;
const IMPROVEMENT = /\bareas? for improvement\b|\bactions? for further improvement\b|\bAFIs?\b/u;
const RECOMMENDATION = /\brecommendations?\b/iu;

/** "the following recommendations", "the following AFI", "the following causes of concern". */
const FOLLOWING_KIND =
  /\bfollowing (?:[\w’'-]+ ){0,2}?(?<kind>recommendations?|causes? (?:of|for) concern|areas? for improvement|AFIs?)\b/iu;

/** A lead-in that speaks of what will or might be done describes a method, not findings. */
const NOT_STATED = /\b(?:will|would|may|might|could|can)\b/iu;

/** Words that say the inspectorate gave, found or still holds the findings it names. */
const GIVEN =
  /\b(?:identified|gave|given|issued|shared|set out|raised|found|made|said|stating|remains?|were|was|in respect of|related to|relating to)\b/iu;

/** A RAG colour, as board papers and minutes give the status of a finding. */
const RAG = /\b(?<colour>red|amber|green)\b/giu;

/** Mentions the inspectorate or its inspections: the findings a RAG list reports on are the inspectorate's. */
const INSPECTORATE = /\bHMIC(?:FRS)?\b|\binspection\b/u;

/** The kind a phrase names. */
function kindNamed(phrase: string): ListKind | null {
  if (CONCERN.test(phrase)) {
    return 'cause_of_concern';
  }
  if (IMPROVEMENT.test(phrase)) {
    return 'area_for_improvement';
  }
  return RECOMMENDATION.test(phrase) ? 'recommendation' : null;
}

/**
 * The items of the list directly after block `index`: consecutive bullets with the same marker as the
 * first, so that a dash list inside numbered paragraphs ends where the numbering resumes.
 */
export function listItemsAfter(blocks: readonly Block[], index: number): number[] {
  const first = blocks[index + 1];
  if (first?.kind !== 'bullet') {
    return [];
  }
  const items: number[] = [];
  for (let j = index + 1; j < blocks.length && blocks[j].kind === 'bullet' && blocks[j].marker === first.marker; j++) {
    items.push(j);
  }
  return items;
}

/**
 * The words that introduce a list: the last sentence of the block when it ends with a colon, with the
 * sentence before it when the last is short or points back ("These were:", "They related to the service’s:").
 */
export function leadInWords(text: string): { sentence: string; context: string } | null {
  const sentences = splitSentences(text);
  const last = sentences[sentences.length - 1];
  if (!last || !last.text.endsWith(':')) {
    return null;
  }
  const short = last.text.split(/\s+/u).length <= 8 || /^(?:These|They|This|Those|It)\b/u.test(last.text);
  const before = short && sentences.length > 1 ? sentences[sentences.length - 2].text : '';
  return { sentence: last.text, context: `${before} ${last.text}`.trim() };
}

/** The kind of finding a lead-in announces, or null when it announces none. */
export function leadInKind(sentence: string, context: string): ListKind | null {
  if (NOT_STATED.test(sentence)) {
    return null;
  }
  const following = FOLLOWING_KIND.exec(sentence)?.groups?.kind;
  if (following) {
    return kindNamed(following);
  }
  const kind = kindNamed(context);
  if (kind === 'recommendation') {
    return /\b(?:made|gave|issued)\b[^.:]*\brecommendations\b/iu.test(context) ? kind : null;
  }
  return kind !== null && GIVEN.test(context) ? kind : null;
}

/**
 * A status list in minutes or a board paper: "… 23 Green responses to HMICFRS inspection reports, and
 * five Red responses which included the following:". Each item is one of the inspectorate's findings
 * (a recommendation unless the lead-in speaks of areas for improvement) with the colour nearest the colon.
 */
export function statusListLeadIn(sentence: string): { kind: ListKind; status: string } | null {
  if (!/\bfollowing:$/iu.test(sentence) || !INSPECTORATE.test(sentence)) {
    return null;
  }
  const colours = [...sentence.matchAll(RAG)].map((match) => match.groups?.colour ?? '');
  const status = colours[colours.length - 1];
  if (!status) {
    return null;
  }
  const kind = IMPROVEMENT.test(sentence) ? 'area_for_improvement' : 'recommendation';
  return { kind, status: status.charAt(0).toUpperCase() + status.slice(1).toLowerCase() };
}

/** The list of findings block `index` introduces, or null when it introduces none. */
export function findListLeadIn(blocks: readonly Block[], index: number): ListLeadIn | null {
  const block = blocks[index];
  if (block.kind !== 'paragraph' && block.kind !== 'bullet') {
    return null;
  }
  const items = listItemsAfter(blocks, index);
  const words = items.length > 0 ? leadInWords(block.text) : null;
  if (!words) {
    return null;
  }
  const status = statusListLeadIn(words.sentence);
  if (status) {
    return { kind: status.kind, items, statedStatus: status.status, firstSentenceOnly: true };
  }
  const kind = leadInKind(words.sentence, words.context);
  return kind ? { kind, items, statedStatus: null, firstSentenceOnly: false } : null;
}

/** "… and made the following recommendations:": the lists of the letter that follow are its recommendations. */
export function announcesRecommendations(text: string): boolean {
  return /\b(?:made|gave|issued) (?:the following|these) recommendations\b/iu.test(text);
}
