import { FINDING_STATUSES } from '../../findings/finding-status';
import { OPEN_STATUSES } from '../board-pack-maths';
import type { BoardPack } from '../board-pack.types';
import { packCharts } from './charts';
import { renderAppendixCsv } from './csv';
import { renderDocx } from './docx';
import { renderPdf } from './pdf';
import {
  readCsvFigures,
  readDocxFigures,
  readPdfFigures,
  readXlsxFigures,
  type PackFigures,
} from '../../../test/support/board-packs/read-back';
import { sampleBoardPack } from '../../../test/support/board-packs/sample-pack';
import { renderXlsx } from './xlsx';

/** The figures as the pack has them. */
function expectedFigures(pack: BoardPack): PackFigures {
  return {
    total: pack.summary.total,
    open: pack.summary.open,
    byStatus: Object.fromEntries(pack.summary.byStatus.map((s) => [s.label, s.count])),
    references: pack.appendix.map((row) => row.reference),
  };
}

/** The figures in the charts: the status-by-year columns add up to the counts by status and the total. */
function chartFigures(pack: BoardPack): Omit<PackFigures, 'references'> {
  const [byYear, , byOwner, trend] = packCharts(pack);
  const statusLabels = byYear.table.headings.slice(1, -1);
  const byStatus = Object.fromEntries(
    statusLabels.map((label, at) => [label, byYear.table.rows.reduce((sum, row) => sum + Number(row[at + 1]), 0)]),
  );
  const open = byOwner.table.rows.reduce((sum, row) => sum + Number(row[1]), 0);
  expect(Number(trend.table.rows.at(-1)![1])).toBe(open);
  return { total: byYear.table.rows.reduce((sum, row) => sum + Number(row.at(-1)), 0), open, byStatus };
}

describe('every format shows the same figures', () => {
  const pack = sampleBoardPack();
  const openLabels: string[] = OPEN_STATUSES.map((status) => FINDING_STATUSES[status].label);
  // The appendix is every finding in scope, so the sample's figures must add up first.
  it('starts from a pack whose figures add up', () => {
    expect(pack.appendix).toHaveLength(pack.summary.total);
    expect(pack.summary.byStatus.reduce((sum, s) => sum + s.count, 0)).toBe(pack.summary.total);
    expect(pack.summary.byRag.reduce((sum, s) => sum + s.count, 0)).toBe(pack.summary.total);
    expect(pack.summary.byStatus.filter((s) => openLabels.includes(s.label)).reduce((sum, s) => sum + s.count, 0)).toBe(
      pack.summary.open,
    );
    expect(new Set(pack.appendix.map((row) => row.reference)).size).toBe(pack.appendix.length);
  });

  it('in CSV, Excel, Word, PDF and the charts: total, open, counts by status and the appendix references', async () => {
    const [xlsx, docx, pdf] = await Promise.all([
      renderXlsx(pack),
      renderDocx(pack),
      renderPdf(pack, { compress: false }),
    ]);
    const expected = expectedFigures(pack);
    const found: Record<string, PackFigures | Omit<PackFigures, 'references'>> = {
      csv: readCsvFigures(renderAppendixCsv(pack), openLabels),
      xlsx: await readXlsxFigures(xlsx),
      docx: await readDocxFigures(docx),
      pdf: readPdfFigures(pdf),
      charts: chartFigures(pack),
    };
    // A status no finding has is a 0 in a summary table but absent from a CSV: compare the non-zero counts.
    const nonZero = (counts: Record<string, number>) =>
      Object.fromEntries(Object.entries(counts).filter(([, count]) => count !== 0));
    for (const [format, figures] of Object.entries(found)) {
      const { references, byStatus, ...counts } = { references: expected.references, ...figures };
      expect({ format, ...counts, byStatus: nonZero(byStatus), references }).toEqual({
        format,
        ...expected,
        byStatus: nonZero(expected.byStatus),
      });
    }
  });
});
