/**
 * The findings extractor: from a report's text to an import proposal (report details, judgments,
 * findings, assessments and the links between findings). Pure: give it text, get the proposal;
 * nothing is read or written.
 */
import type { ImportProposal } from './import-types';
import { extractFindings } from './extract-findings';
import { extractJudgments, findJudgmentTables } from './extract-judgments';
import { extractMetadata } from './extract-metadata';
import { normaliseText } from './normalise-text';
import { proposeLinks } from './propose-links';

/** Reads a report's text (PDF-extracted, web or plain) and proposes what to import from it. */
export function extractReport(raw: string): ImportProposal {
  let tables: ReturnType<typeof findJudgmentTables> = [];
  const normalised = normaliseText(raw, (lines) => {
    tables = findJudgmentTables(lines);
    return tables.map((table) => table.range);
  });
  const report = extractMetadata(raw, normalised.blocks);
  const judgments = extractJudgments(tables, normalised.blocks, report.period);
  const { findings, assessments } = extractFindings(
    normalised.blocks,
    judgments.map((judgment) => judgment.area),
  );
  return { report, judgments, findings, assessments, links: proposeLinks(findings) };
}

/** True when the proposal holds nothing to import. */
export function isEmptyProposal(proposal: ImportProposal): boolean {
  return proposal.findings.length === 0 && proposal.judgments.length === 0 && proposal.assessments.length === 0;
}
