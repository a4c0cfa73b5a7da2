import { FormError } from '../common/form-error';
import { applyReview, sectionDecisionOf, SectionDecisionDto } from './dto/review-import.dto';
import type { ProposedFinding } from './extraction/import-types';
import {
  linksAfterSectionDecision,
  NO_SECTION,
  sectionsOf,
  type ImportReview,
  type ReviewedFinding,
  type ReviewedLink,
} from './import-review';

function proposed(section: string | null, text: string, kind: ProposedFinding['kind'] = 'area_for_improvement') {
  return { kind, text, subPoints: [], section, parentIndex: null };
}

function reviewed(finding: ProposedFinding, changes: Partial<ReviewedFinding> = {}): ReviewedFinding {
  return {
    decision: 'accept',
    kind: finding.kind,
    text: finding.text,
    section: finding.section,
    theme: '',
    match: null,
    useMatch: false,
    relatedTo: [],
    ...changes,
  };
}

const link = (
  from: number,
  to: number,
  type: ReviewedLink['type'] = 'relates_to',
  decision: ReviewedLink['decision'] = 'accept',
): ReviewedLink => ({
  from,
  to,
  type,
  score: type === 'cites' ? null : 0.7,
  reason: 'Close wording.',
  decision,
});

/** Items read before any heading, then two sections, the first of which the document comes back to. */
const FINDINGS: ProposedFinding[] = [
  proposed(null, 'The force should publish its plan.'),
  proposed('Investigating crime', 'The force should review investigations.'),
  proposed('Protecting vulnerable people', 'The force should assess risk in every case.'),
  proposed('Investigating crime', 'The force should keep victims informed.'),
  proposed('Protecting vulnerable people', 'All forces should share data.', 'national_recommendation'),
];

function aReview(links: ReviewedLink[] = []): ImportReview {
  return {
    report: {
      title: 'PEEL 2025',
      forceCode: 'CLE',
      inspectorate: 'HMICFRS',
      type: 'integrated_peel_assessment',
      period: '2025',
      publishedOn: null,
    },
    judgments: [],
    findings: FINDINGS.map((finding) => reviewed(finding)),
    assessments: [],
    links,
  };
}

/** The field errors a refused call threw (FormError), or null when it was not refused. */
function refusalOf(call: () => unknown) {
  try {
    call();
  } catch (error) {
    if (error instanceof FormError) {
      return error.errors;
    }
    throw error;
  }
  return null;
}

const KNOWN = { forceCodes: new Set(['CLE']), references: new Set<string>() };

/** The form as the page sends it: the report's fields and each item's, unchanged unless named. */
function theForm(
  edits: Record<number, Partial<{ decision: 'accept' | 'reject'; text: string; relatedTo: string }>> = {},
) {
  const dto = new SectionDecisionDto();
  dto.report = {
    title: 'PEEL 2025',
    forceCode: 'CLE',
    inspectorate: 'HMICFRS',
    type: 'integrated_peel_assessment',
    period: '2025',
  };
  dto.findings = FINDINGS.map((finding, index) => ({
    decision: 'accept' as const,
    kind: finding.kind,
    text: finding.text,
    section: finding.section ?? '',
    theme: '',
    relatedTo: '',
    ...edits[index],
  }));
  return dto;
}

describe('sectionsOf', () => {
  it('groups the items by the section they were read under, sections in the order they first appear', () => {
    expect(sectionsOf(FINDINGS)).toEqual([
      { number: 1, section: null, name: NO_SECTION, key: '', items: [0] },
      {
        number: 2,
        section: 'Investigating crime',
        name: 'Investigating crime',
        key: 'Investigating crime',
        items: [1, 3],
      },
      {
        number: 3,
        section: 'Protecting vulnerable people',
        name: 'Protecting vulnerable people',
        key: 'Protecting vulnerable people',
        items: [2, 4],
      },
    ]);
  });

  it('has no sections for a proposal without items', () => {
    expect(sectionsOf([])).toEqual([]);
  });
});

describe('linksAfterSectionDecision', () => {
  const findings = FINDINGS.map((finding) => reviewed(finding));

  it('drops every link to or from a dismissed item and leaves the others as the reviewer set them', () => {
    const links = [link(1, 3), link(2, 4, 'cites'), link(0, 2, 'relates_to', 'reject')];
    const after = linksAfterSectionDecision(
      links,
      findings.map((finding, index) => (index === 1 || index === 3 ? { ...finding, decision: 'reject' } : finding)),
      { items: new Set([1, 3]), decision: 'reject' },
    );
    expect(after.map((one) => one.decision)).toEqual(['reject', 'accept', 'reject']);
  });

  it('keeps again, on restoring, the links between the section’s items and accepted items, not those to a dismissed one', () => {
    const links = [
      link(1, 3, 'relates_to', 'reject'),
      link(0, 1, 'relates_to', 'reject'),
      link(3, 2, 'relates_to', 'reject'),
    ];
    const after = linksAfterSectionDecision(
      links,
      findings.map((finding, index) => (index === 0 ? { ...finding, decision: 'reject' } : finding)),
      { items: new Set([1, 3]), decision: 'accept' },
    );
    expect(after.map((one) => one.decision)).toEqual(['accept', 'reject', 'accept']);
  });

  it('does not keep again a citation whose target is no longer a national recommendation', () => {
    const after = linksAfterSectionDecision(
      [link(2, 4, 'cites', 'reject')],
      findings.map((finding, index) => (index === 4 ? { ...finding, kind: 'recommendation' } : finding)),
      { items: new Set([2, 4]), decision: 'accept' },
    );
    expect(after[0].decision).toBe('reject');
  });
});

describe('a section dismissed or restored from the review form', () => {
  const sections = sectionsOf(FINDINGS);

  it('dismisses exactly the section’s items, keeping what was typed elsewhere on the page', () => {
    const dto = Object.assign(theForm({ 2: { text: 'Typed elsewhere on the page.' } }), {
      dismissSection: 'Investigating crime',
    });
    const { section, decided } = sectionDecisionOf(dto, sections);
    expect(section.number).toBe(2);
    const review = applyReview(aReview([link(1, 3)]), dto, KNOWN, decided);
    expect(review.findings.map((finding) => finding.decision)).toEqual([
      'accept',
      'reject',
      'accept',
      'reject',
      'accept',
    ]);
    expect(review.findings[2].text).toBe('Typed elsewhere on the page.');
    expect(review.links?.[0].decision).toBe('reject');
  });

  it('dismisses a section the form sent no fields for (a post of the button alone)', () => {
    const dto = Object.assign(new SectionDecisionDto(), { dismissSection: '' });
    dto.report = theForm().report;
    const { decided } = sectionDecisionOf(dto, sections);
    const review = applyReview(aReview(), dto, KNOWN, decided);
    expect(review.findings.map((finding) => finding.decision)).toEqual([
      'reject',
      'accept',
      'accept',
      'accept',
      'accept',
    ]);
  });

  it('restores every item of the section, whatever its own select said', () => {
    const dto = Object.assign(
      theForm({ 1: { decision: 'reject' }, 3: { decision: 'reject' }, 2: { decision: 'reject' } }),
      {
        restoreSection: 'Investigating crime',
      },
    );
    const review = applyReview(aReview(), dto, KNOWN, sectionDecisionOf(dto, sections).decided);
    expect(review.findings.map((finding) => finding.decision)).toEqual([
      'accept',
      'accept',
      'reject',
      'accept',
      'accept',
    ]);
  });

  it('refuses a dismissal that leaves an accepted item pointing at a dismissed one, beside that item’s field', () => {
    const dto = Object.assign(theForm({ 2: { relatedTo: '#2' } }), { dismissSection: 'Investigating crime' });
    expect(refusalOf(() => applyReview(aReview(), dto, KNOWN, sectionDecisionOf(dto, sections).decided))).toEqual([
      { field: 'findings.2.relatedTo', message: 'Item 2 is rejected: remove #2, or accept item 2' },
    ]);
  });

  it('refuses a section the document does not have, and a form naming two at once', () => {
    const refusal = (dto: SectionDecisionDto) => refusalOf(() => sectionDecisionOf(dto, sections));
    expect(refusal(Object.assign(theForm(), { dismissSection: 'Leadership' }))).toEqual([
      { field: 'findings', message: 'This document has no section “Leadership”: choose a section from the page' },
    ]);
    expect(refusal(Object.assign(theForm(), { dismissSection: '', restoreSection: 'Investigating crime' }))).toEqual([
      { field: 'findings', message: 'Dismiss a section or restore one, not both at once' },
    ]);
  });
});
