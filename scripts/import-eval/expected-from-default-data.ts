/**
 * Derives what the extractor should find in each of the five source reports from the reviewed default
 * data set (data/default/derbyshire-2016-2025.json), so the evaluation always follows that file.
 *
 * Per source document (a report with that `sourceFile`):
 * - report: title, force name, inspectorate, type and period as the data set has them, and its
 *   publication date where the text states it (a proposal's `published` is only ever a stated date; the
 *   data set dates the 2016 documents from outside them, data/default/README.md review note 4);
 * - judgments: those recorded on that report;
 * - findings: those with an origin or also-published-in source in it, and the national
 *   recommendations it cites. A cited recommendation's text comes from another report when it is not
 *   in this one (NAT-2016-REC-01 in 2018/19): then this report's own citing sentence stands for it, as
 *   the data set does for recommendations known only from a citing sentence (review note 24);
 * - assessments: those made by that report;
 * - links: those between two findings of that report (each end named by its text as above).
 */
import type { DefaultData } from '../../src/default-data/default-data.types';
import type { ExpectedFinding, ExpectedResult } from './evaluate';
import { parseDate } from '../../src/imports/extraction/extract-metadata';
import { normaliseText } from '../../src/imports/extraction/normalise-text';
import { normaliseForMatch } from '../../src/imports/extraction/text-utils';

/** The expectations for one source document, or null when the data set has no report from that file. */
export function expectedFromDefaultData(
  data: DefaultData,
  sourceFile: string,
  sourceText: string,
): ExpectedResult | null {
  const report = data.reports.find((r) => r.sourceFile === sourceFile);
  if (!report) {
    return null;
  }
  const force = data.forces.find((f) => f.code === report.forceCode)?.name ?? null;
  const haystack = normaliseForMatch(
    normaliseText(sourceText)
      .blocks.map((block) => block.text)
      .join(' '),
  );
  const findings: Array<ExpectedFinding & { position: number }> = [];
  const textOf = new Map<string, string>();
  for (const finding of data.findings) {
    const source = finding.sources.find((s) => s.reportKey === report.key);
    if (!source) {
      continue;
    }
    const position = source.position ?? Number.MAX_SAFE_INTEGER;
    if (source.role !== 'cited_by' || haystack.includes(normaliseForMatch(finding.text))) {
      findings.push({
        kind: finding.kind,
        text: finding.text,
        subPoints: finding.subPoints,
        section: source.section,
        position,
      });
      textOf.set(finding.reference, finding.text);
      continue;
    }
    const citing = data.assessments.find((a) => a.findingReference === finding.reference && a.reportKey === report.key);
    if (citing) {
      findings.push({ kind: finding.kind, text: citing.quote, section: source.section, position });
      textOf.set(finding.reference, citing.quote);
    }
  }
  return {
    description: `${report.title} (from the reviewed default data set)`,
    report: {
      title: report.title,
      force,
      inspectorate: report.inspectorate,
      type: report.type,
      period: report.period,
      published: statedDate(report.publishedOn, sourceText),
    },
    judgments: data.judgments
      .filter((j) => j.reportKey === report.key)
      .sort((a, b) => a.position - b.position)
      .map((j) => ({ area: j.area, grade: j.grade, lastInspected: j.lastInspected })),
    findings: findings.sort((a, b) => a.position - b.position).map(({ position: _position, ...finding }) => finding),
    assessments: data.assessments
      .filter((a) => a.reportKey === report.key)
      .map((a) => ({ verdict: a.verdict, quote: a.quote })),
    links: data.links
      .filter((link) => textOf.has(link.fromReference) && textOf.has(link.toReference))
      .map((link) => ({ type: link.type, from: textOf.get(link.fromReference)!, to: textOf.get(link.toReference)! })),
  };
}

/** The date when the text states it ("22 January 2025" or "2025-01-22" anywhere in it), else null. */
function statedDate(date: string | null, sourceText: string): string | null {
  if (date === null) {
    return null;
  }
  const written = sourceText.match(/\b\d{1,2}\s+[A-Za-z]+\s+\d{4}\b|\b\d{4}-\d{2}-\d{2}\b/g) ?? [];
  return written.some((text) => parseDate(text) === date) ? date : null;
}
