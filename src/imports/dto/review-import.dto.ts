import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FormError, type FieldError } from '../../common/form-error';
import { FINDING_KIND_VALUES, type FindingKind } from '../../findings/finding-kind';
import { INSPECTORATES, REPORT_TYPES, type Inspectorate, type ReportType } from '../../reports/report-types';
import {
  linksAfterSectionDecision,
  NO_SECTION,
  type Decision,
  type ImportReview,
  type ProposalSection,
  type SectionDecision,
} from '../import-review';

const DECISIONS = ['accept', 'reject'] as const;
/** The longest title a finding holds (the findings table's title column). */
export const FINDING_TITLE_MAX_LENGTH = 200;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Form arrays arrive as arrays or, past the parser's array limit, as objects keyed by index. */
const asList = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : value;

export class ReviewReportDto {
  @Transform(trim)
  @IsString({ message: 'Enter the report title' })
  @IsNotEmpty({ message: 'Enter the report title' })
  @MaxLength(300, { message: 'The report title must be 300 characters or fewer' })
  title: string = '';

  /** A force code, or empty for a national report. */
  @IsOptional()
  @IsString()
  @MaxLength(8)
  forceCode?: string;

  @IsIn(INSPECTORATES, { message: 'Choose the inspectorate' })
  inspectorate: Inspectorate;

  @IsIn(['', ...Object.keys(REPORT_TYPES)], { message: 'Choose the type of report' })
  type: ReportType | '';

  @Transform(trim)
  @Matches(/^\d{4}(\/\d{2})?$/, { message: 'Enter the period as a year, like 2025, or a financial year, like 2018/19' })
  period: string;

  @Transform(trim)
  @IsOptional()
  @Matches(/^(\d{4}-\d{2}-\d{2})?$/, { message: 'Enter the publication date as YYYY-MM-DD, or leave it empty' })
  publishedOn?: string;
}

export class ReviewFindingDto {
  @IsIn(DECISIONS, { message: 'Choose accept or reject' })
  decision: Decision;

  @IsIn(FINDING_KIND_VALUES, { message: 'Choose the kind of finding' })
  kind: FindingKind;

  /**
   * The title to record the finding with, proposed from its text. Optional in the form so that a
   * post without it (a client written before titles were editable) keeps the proposed title;
   * sent empty for an accepted item, it is refused (applyReview).
   */
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(FINDING_TITLE_MAX_LENGTH, { message: `The title must be ${FINDING_TITLE_MAX_LENGTH} characters or fewer` })
  title?: string;

  @Transform(trim)
  @IsString()
  @MaxLength(20000, { message: 'The text must be 20,000 characters or fewer' })
  text: string;

  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(300, { message: 'The area must be 300 characters or fewer' })
  section?: string;

  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(80, { message: 'The theme must be 80 characters or fewer' })
  theme?: string;

  /** "yes" to record the item as the matched existing finding; anything else makes a new item. */
  @IsOptional()
  @IsIn(['yes', 'no'])
  useMatch?: string;

  /** Findings this item relates to, as the reviewer typed them: references or #n, separated by commas or spaces. */
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(400, { message: 'List at most a few references, in 400 characters or fewer' })
  relatedTo?: string;
}

export class ReviewDecisionDto {
  @IsIn(DECISIONS, { message: 'Choose accept or reject' })
  decision: Decision;
}

export class ReviewAssessmentDto {
  @IsIn(DECISIONS, { message: 'Choose accept or reject' })
  decision: Decision;

  /** The reference of the finding the verdict is about (or #n for this import's nth item). */
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  target?: string;
}

/** The review form's fields: the report, and a decision (and edits) for each item the extractor proposed. */
export class ReviewFieldsDto {
  /** A form sent without the report's fields is checked as if they were empty: each refused beside its field. */
  @ValidateNested({ message: 'Enter the report details: its title, inspectorate, type and period' })
  @Type(() => ReviewReportDto)
  report: ReviewReportDto = new ReviewReportDto();

  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReviewFindingDto)
  findings?: ReviewFindingDto[];

  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReviewDecisionDto)
  judgments?: ReviewDecisionDto[];

  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReviewAssessmentDto)
  assessments?: ReviewAssessmentDto[];

  /** Keep or drop each proposed link, in the order proposed. */
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReviewDecisionDto)
  links?: ReviewDecisionDto[];
}

/** The review form sent by its "Save the review" or "Commit the import" button. */
export class ReviewImportDto extends ReviewFieldsDto {
  @IsIn(['save', 'commit'])
  intent: 'save' | 'commit';
}

/**
 * The review form sent by a section's "Dismiss this section" or "Restore this section" button
 * (POST /imports/:id/section): the whole form, so what the reviewer typed elsewhere on the page is
 * saved with it, and the section, named as the page groups it ("" for the items with no section).
 * A button sends one of the two; sending neither or both is refused (sectionDecisionOf).
 */
export class SectionDecisionDto extends ReviewFieldsDto {
  @ValidateIf((dto: SectionDecisionDto) => dto.restoreSection === undefined)
  @IsString({ message: 'Choose the section to dismiss or restore' })
  @MaxLength(300, { message: 'Choose a section from the page' })
  dismissSection?: string;

  @ValidateIf((dto: SectionDecisionDto) => dto.restoreSection !== undefined)
  @IsString({ message: 'Choose the section to restore' })
  @MaxLength(300, { message: 'Choose a section from the page' })
  restoreSection?: string;
}

/**
 * Which section the reviewer dismissed or restored, and its items: refused (FormError) when the
 * form names both or a section the document does not have.
 */
export function sectionDecisionOf(
  dto: SectionDecisionDto,
  sections: readonly ProposalSection[],
): { section: ProposalSection; decided: SectionDecision } {
  if (dto.dismissSection !== undefined && dto.restoreSection !== undefined) {
    throw new FormError([{ field: 'findings', message: 'Dismiss a section or restore one, not both at once' }]);
  }
  const key = dto.dismissSection ?? dto.restoreSection ?? '';
  const section = sections.find((candidate) => candidate.key === key);
  if (!section) {
    throw new FormError([
      {
        field: 'findings',
        message: `This document has no section “${key || NO_SECTION}”: choose a section from the page`,
      },
    ]);
  }
  return {
    section,
    decided: { items: new Set(section.items), decision: dto.dismissSection !== undefined ? 'reject' : 'accept' },
  };
}

/** The findings a reviewer listed ("DER-2018-AFI-01, #3"), split, references in capitals; empty for none. */
export function relatedReferences(typed: string | undefined): string[] {
  return (typed ?? '')
    .split(/[\s,;]+/)
    .filter((token) => token !== '')
    .map((token) => token.toUpperCase());
}

/**
 * The review with the reviewer's edits applied, after the checks a form cannot express: an
 * accepted item needs its text and title, a force must exist, a verdict must name a finding that exists.
 * `decided`, from a section's button, dismisses or restores that section's items (and their
 * links, linksAfterSectionDecision) over what their own fields say, before those checks.
 * Refused as a whole (FormError, each message beside its field) so nothing is half applied.
 */
export function applyReview(
  review: ImportReview,
  dto: ReviewFieldsDto,
  known: { forceCodes: ReadonlySet<string>; references: ReadonlySet<string> },
  decided?: SectionDecision,
): ImportReview {
  const errors: FieldError[] = [];
  const forceCode = dto.report.forceCode ? dto.report.forceCode : null;
  if (!dto.report.title) {
    errors.push({ field: 'report.title', message: 'Enter the report title' });
  }
  if (forceCode && !known.forceCodes.has(forceCode)) {
    errors.push({ field: 'report.forceCode', message: 'Choose a force from the list, or none for a national report' });
  }
  // "#4" is item 4 of this import, numbered from 1 as the review page shows them: its index, or null.
  const ownItem = (target: string, count: number): number | null => {
    const own = /^#(\d+)$/.exec(target);
    return own && Number(own[1]) >= 1 && Number(own[1]) <= count ? Number(own[1]) - 1 : null;
  };
  // A section's button decides its items whatever their own selects say; the checks below see the outcome.
  const decisionOf = (index: number, typed: Decision): Decision =>
    decided?.items.has(index) ? decided.decision : typed;
  const findings = review.findings.map((finding, index) => {
    const edit = dto.findings?.[index];
    if (!edit) {
      return { ...finding, decision: decisionOf(index, finding.decision) };
    }
    const decision = decisionOf(index, edit.decision);
    if (decision === 'accept' && !edit.text) {
      errors.push({ field: `findings.${index}.text`, message: `Enter the text of item ${index + 1}, or reject it` });
    }
    // A form without the field keeps the title proposed; one sent empty is refused for an accepted item.
    if (decision === 'accept' && edit.title !== undefined && !edit.title) {
      errors.push({ field: `findings.${index}.title`, message: `Enter a title for item ${index + 1}, or reject it` });
    }
    const relatedTo = relatedReferences(edit.relatedTo);
    const unknown = relatedTo.filter((target) =>
      target.startsWith('#') ? ownItem(target, review.findings.length) === null : !known.references.has(target),
    );
    if (unknown.length > 0) {
      errors.push({
        field: `findings.${index}.relatedTo`,
        message: `There is no finding ${unknown.join(', ')}: enter references such as DER-2018-AFI-01, or #4 for item 4 above`,
      });
    } else if (relatedTo.some((target) => ownItem(target, review.findings.length) === index)) {
      errors.push({
        field: `findings.${index}.relatedTo`,
        message: `Item ${index + 1} cannot relate to itself: enter other findings`,
      });
    }
    return {
      ...finding,
      decision,
      kind: edit.kind,
      title: edit.title ?? finding.title,
      text: edit.text,
      section: edit.section ? edit.section : null,
      theme: edit.theme ?? '',
      useMatch: finding.match !== null && edit.useMatch === 'yes',
      relatedTo,
    };
  });
  // An accepted item may not point at one the reviewer rejected: it would not exist.
  findings.forEach((finding, index) => {
    const rejected =
      finding.decision === 'accept'
        ? (finding.relatedTo ?? [])
            .map((target) => ownItem(target, findings.length))
            .find((own) => own !== null && findings[own].decision === 'reject')
        : undefined;
    if (
      rejected !== undefined &&
      rejected !== null &&
      !errors.some((error) => error.field === `findings.${index}.relatedTo`)
    ) {
      errors.push({
        field: `findings.${index}.relatedTo`,
        message: `Item ${rejected + 1} is rejected: remove #${rejected + 1}, or accept item ${rejected + 1}`,
      });
    }
  });
  const typedLinks = (review.links ?? []).map((link, index) => ({
    ...link,
    decision: dto.links?.[index]?.decision ?? link.decision,
  }));
  const links = decided ? linksAfterSectionDecision(typedLinks, findings, decided) : typedLinks;
  links.forEach((link, index) => {
    if (link.decision !== 'accept') {
      return;
    }
    const rejected = [link.from, link.to].find((item) => findings[item]?.decision === 'reject');
    if (rejected !== undefined) {
      errors.push({
        field: `links.${index}.decision`,
        message: `Item ${rejected + 1} is rejected: drop the link between items ${link.from + 1} and ${link.to + 1}, or accept item ${rejected + 1}`,
      });
    } else if (link.type === 'cites' && findings[link.to]?.kind !== 'national_recommendation') {
      errors.push({
        field: `links.${index}.decision`,
        message: `Item ${link.to + 1} is no longer a national recommendation: drop the link citing it, or make it one again`,
      });
    }
  });
  const assessments = review.assessments.map((assessment, index) => {
    const edit = dto.assessments?.[index];
    if (!edit) {
      return assessment;
    }
    const target = edit.target ? edit.target : null;
    const valid =
      target === null ||
      (target.startsWith('#') ? ownItem(target, findings.length) !== null : known.references.has(target));
    if (!valid) {
      errors.push({
        field: `assessments.${index}.target`,
        message: `There is no finding ${target}: enter the reference of the finding this verdict is about`,
      });
    } else if (edit.decision === 'accept' && target === null) {
      errors.push({
        field: `assessments.${index}.target`,
        message: 'Enter the reference of the finding this verdict is about, or reject it',
      });
    }
    return { ...assessment, decision: edit.decision, target };
  });
  if (errors.length > 0) {
    throw new FormError(errors);
  }
  return {
    report: {
      title: dto.report.title,
      forceCode,
      inspectorate: dto.report.inspectorate,
      type: dto.report.type,
      period: dto.report.period,
      publishedOn: dto.report.publishedOn ? dto.report.publishedOn : null,
    },
    judgments: review.judgments.map((judgment, index) => ({
      decision: dto.judgments?.[index]?.decision ?? judgment.decision,
    })),
    findings,
    assessments,
    links,
  };
}
