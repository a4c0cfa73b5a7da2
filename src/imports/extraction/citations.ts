/**
 * Sentences that cite an earlier or national recommendation ("In our 2017 legitimacy report, we
 * recommended that all forces should:", "These issues relate to a recommendation from our 2022
 * national report …") and sentences that say what became of one ("has achieved our 2016
 * recommendation", "complied with some of this recommendation", "still hasn’t implemented this
 * recommendation", "has adopted … in line with our national recommendation"). Pure functions.
 */
import type { AssessmentVerdict } from '../../findings/finding-status';
import type { Sentence } from './text-utils';
import { sentenceSpan } from './text-utils';

/** A recommendation cited by a sentence: its kind and the text that stands for it. */
export interface Citation {
  kind: 'national_recommendation' | 'recommendation';
  /** The recommendation's wording where the report quotes it, else the citing sentence(s), verbatim. */
  text: string;
  /** True when the citation ends "…should:" and the bullets after it are its sub-points. */
  takesBullets: boolean;
}

const NATIONAL_WORDS =
  /\bnational (?:report|overview|recommendations?|thematic|inspection)\b|\ball forces\b|\bevery force\b|\bforces should\b|\bpolice workforce\b|\bpolice service\b/iu;
const RECOMMENDED_THAT = /\b[Ww]e recommended that\b/u;
const OUR_RECOMMENDATION_THAT = /\b[Oo]ur (?:\d{4} )?(?:national )?recommendations? that,?\s+/u;
/**
 * "our 2016 recommendation", "HMICFRS’s national recommendation". Only the singular cites one: "the
 * improvements made in response to our 2016 recommendations" speaks of them all and quotes none.
 */
const OUR_RECOMMENDATION = /\b(?:[Oo]ur|HMIC[’']s|HMICFRS[’']s) (?:\d{4} )?(?:national )?recommendation\b/u;
const RECOMMENDATION_IN_REPORT =
  /\brecommendations? (?:from|in|made in) our (?:\d{4} )?(?:national )?(?:[a-z]+ )?(?:report|inspection|overview)\b/u;
const ABOUT_THIS = /\b[Ww]e made (?:a|this|the) recommendation about (?:this|these|it)\b/u;
const NAMED_REPORT = /\b(?:HMIC|HMICFRS)[’']s\b[^.]*?\breport recommendations?\b/u;
const NEW_RECOMMENDATION = /^(?:[Ww]e recommend that|Recommendation \d+[:.]?)\s/u;

/** The kind of a cited recommendation: national when it names a national report or all forces. */
function citedKind(text: string): Citation['kind'] {
  return NATIONAL_WORDS.test(text) ? 'national_recommendation' : 'recommendation';
}

/**
 * The recommendation cited by sentence `k`, or null. Quoted wording ("our 2016 recommendation that,
 * within two years, …") is taken as the recommendation's text; otherwise the citing sentence is, with
 * the sentence before it when it says "We made a recommendation about this".
 */
export function findCitation(paragraph: string, sentences: readonly Sentence[], k: number): Citation | null {
  const sentence = sentences[k].text;
  const takesBullets = sentence.endsWith(':');
  if (NEW_RECOMMENDATION.test(sentence)) {
    return {
      kind: /\ball forces\b|\bforces should\b|\bevery force\b/iu.test(sentence)
        ? 'national_recommendation'
        : 'recommendation',
      text: sentence,
      takesBullets,
    };
  }
  if (RECOMMENDED_THAT.test(sentence)) {
    return { kind: citedKind(sentence), text: sentence, takesBullets };
  }
  const quoted = OUR_RECOMMENDATION_THAT.exec(sentence);
  if (quoted) {
    const wording = sentence.slice(quoted.index + quoted[0].length).replace(/[.;]$/u, '');
    return { kind: citedKind(sentence), text: wording, takesBullets: false };
  }
  if (ABOUT_THIS.test(sentence) && k > 0) {
    return { kind: citedKind(sentence), text: sentenceSpan(paragraph, sentences, k - 1, k), takesBullets };
  }
  if (NAMED_REPORT.test(sentence)) {
    return { kind: 'national_recommendation', text: sentence, takesBullets };
  }
  if (OUR_RECOMMENDATION.test(sentence) || RECOMMENDATION_IN_REPORT.test(sentence)) {
    return { kind: citedKind(sentence), text: sentence, takesBullets };
  }
  return null;
}

/** A verdict found in a sentence, and whether it points back at "this recommendation". */
export interface VerdictMatch {
  verdict: AssessmentVerdict;
  pointsBack: boolean;
}

const PARTIAL =
  /\bcomplied with (?:some|part) of\b|\bpartially (?:implemented|achieved|complied|met|addressed)\b|\bpartly (?:implemented|achieved|met|addressed)\b|\bmade (?:some|limited|partial) progress\b/iu;
const NOT_IMPLEMENTED =
  /\b(?:still )?(?:hasn[’']t|has not|have not|haven[’']t)(?: yet)? (?:fully )?(?:implemented|achieved|addressed|complied with|met|acted on)\b|\bhas still not been (?:addressed|implemented|met|acted on)\b|\b(?:is|are|remains?) (?:still )?not (?:yet )?(?:implemented|addressed)\b|\bneeds? to\b[^.]*\bin line with our (?:national )?recommendation\b/iu;
const SUPERSEDED =
  /\b(?:has been|have been|was|were|is|are) (?:now )?(?:superseded|replaced) by\b|\bno longer (?:applies|relevant)\b/iu;
const IMPLEMENTED =
  /\bha(?:s|ve) (?:now |since )?(?:fully )?(?:implemented|achieved|adopted|addressed|acted on)\b|\bresponded positively to\b|\bha(?:s|ve) (?:now |since |fully )?complied with\b|\bfully implemented\b/iu;
/**
 * Closing a cause of concern is the inspectorate's verdict that it was dealt with: "we discharged this
 * cause of concern", "I will be closing the force’s cause of concern regarding …", "we have been able to
 * close the force’s remaining causes of concern".
 */
const CLOSED_CONCERN =
  /\b(?:discharged?|discharging|clos(?:e|ed|es|ing))\b(?:(?!\bnot\b)[^.;])*?\bcauses? of concern\b|\bcauses? of concern\b[^.;]*?\b(?:(?:has|have|was|were|is|are) (?:now )?(?:been )?(?:discharged|closed))\b/iu;
const ABOUT_A_FINDING = /\brecommendations?\b|\bareas? for improvement\b|\bcauses? of concern\b/iu;
const POINTS_BACK = /\bthis (?:recommendation|area for improvement|cause of concern)\b|\bthese recommendations\b/iu;

/** The verdict a sentence gives about an earlier recommendation or area for improvement, or null. */
export function findVerdict(sentence: string): VerdictMatch | null {
  if (!ABOUT_A_FINDING.test(sentence)) {
    return null;
  }
  const pointsBack = POINTS_BACK.test(sentence);
  if (PARTIAL.test(sentence)) {
    return { verdict: 'partially_implemented', pointsBack };
  }
  if (NOT_IMPLEMENTED.test(sentence)) {
    return { verdict: 'not_implemented', pointsBack };
  }
  if (SUPERSEDED.test(sentence)) {
    return { verdict: 'superseded', pointsBack };
  }
  if (IMPLEMENTED.test(sentence) || CLOSED_CONCERN.test(sentence)) {
    return { verdict: 'implemented', pointsBack };
  }
  return null;
}

/**
 * The words naming the cause of concern a sentence speaks of:
 * "cause of concern regarding the force’s …" → "the force’s …".
 */
export function namedConcern(sentence: string): string | null {
  const match =
    /\bcause of concern (?:regarding|about|relating to|related to|on|concerning|in relation to|into) (?<topic>[^.;]+)/iu.exec(
      sentence,
    );
  return match?.groups?.topic.trim() ?? null;
}

/** Openings of a sentence that goes on explaining a verdict ("However, …", "Furthermore, …"). */
export function continuesVerdict(sentence: string): boolean {
  return /^(?:However|Additionally|Furthermore|Moreover|In addition)\b/u.test(sentence);
}

/**
 * The earlier finding a sentence names without citing a recommendation
 * ("an area for improvement in our 2017 effectiveness report").
 */
export function namedEarlierFinding(sentence: string): string | null {
  const match =
    /\b(?:an? )?(?:area for improvement|cause of concern|recommendation) (?:in|from) our [^.,;]*?(?:report|inspection)\b/iu.exec(
      sentence,
    );
  return match ? match[0] : null;
}
