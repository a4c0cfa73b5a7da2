import type { BoardPack, BoardPackRow } from './board-pack.types';

const CLOSED_LABELS = ['Verified closed', 'Superseded'];

export interface PackComparison {
  added: BoardPackRow[];
  removed: BoardPackRow[];
  closed: Array<{ reference: string; title: string; from: string; to: string }>;
  moved: Array<{ reference: string; title: string; from: string; to: string }>;
  targetDateChanged: Array<{ reference: string; title: string; from: string | null; to: string | null }>;
  /** RAG ratings changed, set or cleared (null: not rated). */
  ragChanged: Array<{ reference: string; title: string; from: string | null; to: string | null }>;
  totals: { before: { total: number; open: number }; after: { total: number; open: number } };
}

/** What changed between two packs, finding by finding (by reference): added, removed, closed, moved,
 * target date or RAG rating changed. */
export function comparePacks(before: BoardPack, after: BoardPack): PackComparison {
  const earlier = new Map(before.appendix.map((row) => [row.reference, row]));
  const later = new Map(after.appendix.map((row) => [row.reference, row]));
  const comparison: PackComparison = {
    added: after.appendix.filter((row) => !earlier.has(row.reference)),
    removed: before.appendix.filter((row) => !later.has(row.reference)),
    closed: [],
    moved: [],
    targetDateChanged: [],
    ragChanged: [],
    totals: {
      before: { total: before.summary.total, open: before.summary.open },
      after: { total: after.summary.total, open: after.summary.open },
    },
  };
  for (const row of after.appendix) {
    const previous = earlier.get(row.reference);
    if (!previous) {
      continue;
    }
    if (previous.statusLabel !== row.statusLabel) {
      const change = { reference: row.reference, title: row.title, from: previous.statusLabel, to: row.statusLabel };
      (CLOSED_LABELS.includes(row.statusLabel) && !CLOSED_LABELS.includes(previous.statusLabel)
        ? comparison.closed
        : comparison.moved
      ).push(change);
    }
    if (previous.targetDate !== row.targetDate) {
      comparison.targetDateChanged.push({
        reference: row.reference,
        title: row.title,
        from: previous.targetDate,
        to: row.targetDate,
      });
    }
    if (previous.ragLabel !== row.ragLabel) {
      comparison.ragChanged.push({
        reference: row.reference,
        title: row.title,
        from: previous.ragLabel,
        to: row.ragLabel,
      });
    }
  }
  return comparison;
}
