/**
 * The reviewer's view of an import proposal, and the proposed links between its items and those
 * already in the tracker. Pure: the service loads the candidates and stores the result.
 */
import type { FindingKind } from '../findings/finding-kind';
import type { ImportProposal, ProposedLink } from './extraction/import-types';
import type { Inspectorate, Pillar, ReportType } from '../reports/report-types';
import { PILLARS } from '../reports/report-types';
import { findingTitle } from './extraction/finding-title';
import { proposeLinks } from './extraction/propose-links';
import { blendedSimilarity, textSimilarity } from './extraction/text-similarity';

export type Decision = 'accept' | 'reject';

/** A finding already in the tracker that an imported item may be, or may refer to. */
export interface MatchCandidate {
  reference: string;
  kind: FindingKind;
  text: string;
  /** The force the finding belongs to; null for a national recommendation. */
  forceCode: string | null;
  inspectionKey: string;
  reportTitle: string;
}

export type MatchRelation = 'another_source' | 'national_recommendation';

/** A proposed link from an imported item to an existing one, with why and how alike they are. */
export interface ProposedMatch {
  reference: string;
  relation: MatchRelation;
  /** 0 to 1. */
  score: number;
  reason: string;
}

export interface ReviewedFinding {
  decision: Decision;
  kind: FindingKind;
  /**
   * The title the finding is recorded with: made from its text (findingTitle) when the review
   * starts, then as the reviewer edits it. Absent in reviews stored before titles were editable.
   */
  title?: string;
  text: string;
  section: string | null;
  theme: string;
  /** When set and used, the item is recorded as another source of that finding, not as a new one. */
  match: ProposedMatch | null;
  useMatch: boolean;
  /**
   * Findings the reviewer says this item relates to: references, or "#4" for item 4 of this import
   * (numbered as the review page numbers them).
   */
  relatedTo?: string[];
}

/** A link the extractor proposed between two of this import's items, and whether the reviewer keeps it. */
export interface ReviewedLink extends ProposedLink {
  decision: Decision;
}

export interface ReviewedAssessment {
  decision: Decision;
  /**
   * The finding the verdict is about: an existing reference, or "#4" for item 4 of this import
   * (numbered as the review page numbers them).
   */
  target: string | null;
  score: number | null;
  reason: string | null;
}

export interface ImportReview {
  report: {
    title: string;
    forceCode: string | null;
    inspectorate: Inspectorate;
    /** Empty until chosen when the extractor could not tell. */
    type: ReportType | '';
    period: string;
    publishedOn: string | null;
  };
  judgments: Array<{ decision: Decision }>;
  findings: ReviewedFinding[];
  assessments: ReviewedAssessment[];
  /** Absent in reviews stored before links were proposed. */
  links?: ReviewedLink[];
}

/**
 * The title of a reviewed item: as the reviewer left it, or, in a review stored before titles
 * were editable, made from its text as the review page would have proposed it.
 */
export function reviewedTitle(
  reviewed: Pick<ReviewedFinding, 'title' | 'text' | 'kind'>,
  proposed: { subPoints: readonly string[] },
): string {
  return reviewed.title?.trim() || findingTitle(reviewed.text, proposed.subPoints, reviewed.kind);
}

/** Below these scores no link is proposed. */
export const SAME_FINDING_THRESHOLD = 0.8;
export const NATIONAL_RECOMMENDATION_THRESHOLD = 0.6;
export const ASSESSMENT_TARGET_THRESHOLD = 0.3;

const round = (value: number) => Math.round(value * 100) / 100;

/** The pillar a judgment's area names, if it is one of the three. */
export function pillarOf(area: string): Pillar | null {
  const lower = area.toLowerCase();
  return PILLARS.find((pillar) => lower.startsWith(pillar)) ?? null;
}

/** The force (by code) whose name the report gives, matched loosely (the full name, or the county alone). */
export function forceCodeFor(
  name: string | null,
  forces: ReadonlyArray<{ code: string; name: string }>,
): string | null {
  if (!name) {
    return null;
  }
  const wanted = name.toLowerCase().replace(/\s+/g, ' ').trim();
  const exact = forces.find((force) => force.name.toLowerCase() === wanted);
  if (exact) {
    return exact.code;
  }
  const first = wanted.split(' ')[0];
  return forces.find((force) => force.name.toLowerCase().split(' ')[0] === first)?.code ?? null;
}

/**
 * The best existing finding for an imported one: the same finding from another document of the same inspection,
 * or a national recommendation already held.
 */
export function matchFinding(
  finding: { kind: FindingKind; text: string },
  forceCode: string | null,
  inspectionKey: string | null,
  candidates: readonly MatchCandidate[],
): ProposedMatch | null {
  let best: ProposedMatch | null = null;
  for (const candidate of candidates) {
    if (finding.kind === 'national_recommendation') {
      if (candidate.kind !== 'national_recommendation') {
        continue;
      }
      const score = blendedSimilarity(finding.text, candidate.text, 0.9);
      if (score >= NATIONAL_RECOMMENDATION_THRESHOLD && (!best || score > best.score)) {
        best = {
          reference: candidate.reference,
          relation: 'national_recommendation',
          score: round(score),
          reason: `A national recommendation already in the tracker (${candidate.reportTitle}).`,
        };
      }
      continue;
    }
    if (
      candidate.forceCode !== forceCode ||
      candidate.inspectionKey !== inspectionKey ||
      candidate.kind === 'national_recommendation'
    ) {
      continue;
    }
    const score = textSimilarity(finding.text, candidate.text);
    if (score >= SAME_FINDING_THRESHOLD && (!best || score > best.score)) {
      best = {
        reference: candidate.reference,
        relation: 'another_source',
        score: round(score),
        reason: `The same finding in another document of the same inspection (${candidate.reportTitle}).`,
      };
    }
  }
  return best;
}

/** What a later report's verdict is about: one of this import's findings, or an existing one. */
export function matchAssessment(
  assessment: { quote: string; refersTo: string | null },
  proposal: ImportProposal,
  candidates: readonly MatchCandidate[],
): { target: string; score: number; reason: string } | null {
  const about = assessment.refersTo ?? assessment.quote;
  const own = proposal.findings.findIndex((finding) => finding.text === assessment.refersTo);
  if (own >= 0) {
    return { target: `#${own + 1}`, score: 1, reason: 'The verdict is about an item of this report.' };
  }
  let best: { target: string; score: number; reason: string } | null = null;
  for (const candidate of candidates) {
    const score = round(blendedSimilarity(about, candidate.text, 0.8));
    if (score >= ASSESSMENT_TARGET_THRESHOLD && (!best || score > best.score)) {
      best = {
        target: candidate.reference,
        score,
        reason: `A later report's verdict on ${candidate.reference} (${candidate.reportTitle}).`,
      };
    }
  }
  return best;
}

/**
 * The links a review starts with: every link the extractor proposed, kept
 * (proposed again for a proposal stored before links were).
 */
export function initialLinks(proposal: ImportProposal): ReviewedLink[] {
  return (proposal.links ?? proposeLinks(proposal.findings ?? [])).map((link): ReviewedLink => ({
    decision: 'accept',
    ...link,
  }));
}

/** The review a proposal starts with: every item accepted as read, with the links proposed. */
export function initialReview(
  proposal: ImportProposal,
  forces: ReadonlyArray<{ code: string; name: string }>,
  candidates: readonly MatchCandidate[],
  inspectionKeyFor: (forceCode: string | null, period: string) => string | null,
): ImportReview {
  const forceCode = forceCodeFor(proposal.report.force, forces);
  const period = proposal.report.period ?? '';
  const inspectionKey = inspectionKeyFor(forceCode, period);
  const findings = proposal.findings.map((finding): ReviewedFinding => {
    const match = matchFinding(finding, forceCode, inspectionKey, candidates);
    return {
      decision: 'accept',
      kind: finding.kind,
      title: findingTitle(finding.text, finding.subPoints, finding.kind),
      text: finding.text,
      section: finding.section,
      theme: '',
      match,
      useMatch: match !== null,
      relatedTo: [],
    };
  });
  return {
    report: {
      title: proposal.report.title ?? '',
      forceCode,
      inspectorate: proposal.report.inspectorate ?? 'HMICFRS',
      type: proposal.report.type ?? '',
      period,
      publishedOn: proposal.report.published,
    },
    judgments: proposal.judgments.map(() => ({ decision: 'accept' })),
    findings,
    assessments: proposal.assessments.map((assessment): ReviewedAssessment => {
      const match = matchAssessment(assessment, proposal, candidates);
      return {
        decision: match ? 'accept' : 'reject',
        target: match?.target ?? null,
        score: match?.score ?? null,
        reason: match?.reason ?? 'No item in the tracker matches what this verdict is about.',
      };
    }),
    links: initialLinks(proposal),
  };
}

/** The heading of the items read before the document's first heading (their `section` is null). */
export const NO_SECTION = 'No section';

/** One section of the document as the review page groups its items. */
export interface ProposalSection {
  /** 1 for the first section the document's items appear under, and so on: the page's anchor #section-<number>. */
  number: number;
  /** The section as the extractor read it (the area heading, or "Area — subheading"); null for none. */
  section: string | null;
  /** What the page and the form call it: the section, or NO_SECTION. */
  name: string;
  /** What a "Dismiss this section" button sends for it: the section, or "" for the items without one. */
  key: string;
  /** The section's items: indexes into the proposal's findings, in the document's order. */
  items: number[];
}

/**
 * The proposal's items grouped by the section of the document they were read under, sections in
 * the order they first appear. Grouped by the section as read, not as the reviewer may have
 * retyped an item's area, so that a section holds the same items on every showing of the page
 * and a section's button dismisses the items shown under it.
 */
export function sectionsOf(findings: ReadonlyArray<{ section: string | null }>): ProposalSection[] {
  const byKey = new Map<string, ProposalSection>();
  findings.forEach((finding, index) => {
    const key = finding.section ?? '';
    let group = byKey.get(key);
    if (!group) {
      group = { number: byKey.size + 1, section: finding.section, name: finding.section ?? NO_SECTION, key, items: [] };
      byKey.set(key, group);
    }
    group.items.push(index);
  });
  return [...byKey.values()];
}

/** Every item of one section dismissed (rejected) or restored (accepted) at once. */
export interface SectionDecision {
  /** The section's items, indexes into the findings. */
  items: ReadonlySet<number>;
  decision: Decision;
}

/**
 * The proposed links once a section is decided, given the findings' decisions after it. A link
 * to or from a dismissed item is dropped (its item will not exist); restoring a section keeps
 * again each link between one of its items and an accepted item (a citation only while its
 * target is still a national recommendation), as the extractor proposed them. Other links are
 * left as the reviewer set them.
 */
export function linksAfterSectionDecision(
  links: readonly ReviewedLink[],
  findings: ReadonlyArray<Pick<ReviewedFinding, 'decision' | 'kind'>>,
  decided: SectionDecision,
): ReviewedLink[] {
  return links.map((link) => {
    if (!decided.items.has(link.from) && !decided.items.has(link.to)) {
      return link;
    }
    if (decided.decision === 'reject') {
      return { ...link, decision: 'reject' };
    }
    const bothKept = findings[link.from]?.decision === 'accept' && findings[link.to]?.decision === 'accept';
    const valid = link.type !== 'cites' || findings[link.to]?.kind === 'national_recommendation';
    return bothKept && valid ? { ...link, decision: 'accept' } : link;
  });
}
