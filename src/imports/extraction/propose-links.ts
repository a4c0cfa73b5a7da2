/**
 * Links the extractor proposes between the items of one report, for the reviewer to keep or drop:
 *
 * - `cites`: an area for improvement or cause of concern followed, in the same part of the report,
 *   by a citation of a national recommendation ("These issues relate to a
 *   recommendation from our 2022 national report …"). The report is saying the force's finding is
 *   the national recommendation applied to it.
 * - `relates_to`: an observation (or a later area for improvement) whose wording is close to an
 *   area for improvement, cause of concern or recommendation of the same report: usually the
 *   narrative sentence behind the formal finding. Only close wording is proposed (see
 *   RELATED_THRESHOLD); a reviewer adds the links that need reading to see.
 *
 * Pure: findings in, links out, by index into the proposal's findings.
 */
import type { FindingKind } from '../../findings/finding-kind';
import { blendedSimilarity } from './text-similarity';
import type { ProposedFinding, ProposedLink } from './import-types';

/**
 * The least similarity for a proposed `relates_to` link: the larger of Dice's coefficient over
 * content words and three quarters of the shorter text's share of words in the longer. Set for
 * precision: on the five source reports of the default data every link proposed at this level is one the reviewers
 * also made (measured by `npm run eval:import`); below it, most candidates are not.
 */
export const RELATED_THRESHOLD = 0.4;

/** How many items after a finding its national recommendation citation may come (an observation may sit between). */
const CITATION_REACH = 2;

/** The kinds a force is asked to act on, which other items point at. */
const FORMAL: readonly FindingKind[] = ['area_for_improvement', 'cause_of_concern', 'recommendation'];

/**
 * The kinds that cite a national recommendation by being followed by it. Not recommendations: one
 * followed by a national recommendation is usually an earlier recommendation cited in a list of them.
 */
const CITING: readonly FindingKind[] = ['area_for_improvement', 'cause_of_concern'];

/**
 * The top-level part of the report an item is in ("Investigating crime — Catching criminals" → "Investigating crime").
 */
function part(section: string | null): string | null {
  return section === null ? null : section.split(' — ')[0];
}

/** An item's full wording: its text and its sub-points. */
function wording(finding: ProposedFinding): string {
  return [finding.text, ...finding.subPoints].join(' ');
}

/** How alike two items' wordings are, 0 to 1, rounded to two places. */
export function relatedScore(a: string, b: string): number {
  return Math.round(blendedSimilarity(a, b, 0.75) * 100) / 100;
}

/** The national recommendation cited right after finding `index` in the same part of the report, if any. */
function citedAfter(findings: readonly ProposedFinding[], index: number): number | null {
  for (let next = index + 1; next <= index + CITATION_REACH && next < findings.length; next++) {
    const candidate = findings[next];
    if (findings[index].section === null || part(candidate.section) !== part(findings[index].section)) {
      return null;
    }
    if (candidate.kind === 'national_recommendation') {
      return next;
    }
    if (candidate.kind !== 'observation') {
      return null;
    }
  }
  return null;
}

/** The links proposed between one report's items. */
export function proposeLinks(findings: readonly ProposedFinding[]): ProposedLink[] {
  const links: ProposedLink[] = [];
  const words = findings.map(wording);
  findings.forEach((finding, index) => {
    if (CITING.includes(finding.kind)) {
      const cited = citedAfter(findings, index);
      if (cited !== null) {
        links.push({
          from: index,
          to: cited,
          type: 'cites',
          score: null,
          reason: 'The report cites this national recommendation straight after the finding.',
        });
      }
    }
    if (finding.kind !== 'observation' && finding.kind !== 'area_for_improvement') {
      return;
    }
    // An observation may sit behind any formal finding of the report;
    // an area for improvement may repeat an earlier one.
    let best: { to: number; score: number } | null = null;
    findings.forEach((other, to) => {
      if (to === index || !FORMAL.includes(other.kind) || (finding.kind === 'area_for_improvement' && to > index)) {
        return;
      }
      const score = relatedScore(words[index], words[to]);
      if (score >= RELATED_THRESHOLD && (best === null || score > best.score)) {
        best = { to, score };
      }
    });
    if (best !== null) {
      const { to, score } = best;
      links.push({
        from: index,
        to,
        type: 'relates_to',
        score,
        reason: `Close wording (similarity ${Math.round(score * 100)}%).`,
      });
    }
  });
  return links;
}
