/**
 * Times rendering a large board pack in each format (median of 5 runs after one warm-up) and
 * prints a table: ms per format, the output size, and the time relative to the CSV (the baseline:
 * the least work a renderer can do). Figures only: it asserts nothing about timings.
 *
 *   npx ts-node bench/board-pack.bench.ts [--findings 5000] [--updates 50000] [--runs 5]
 *
 * Target (from the issue): under 2 s for the whole pack at 5,000 findings on this machine. The
 * HTML page is not timed here (it is rendered elsewhere); its charts (packCharts) are.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { assembleBoardPack } from '../src/board-packs/assemble-board-pack';
import type { BoardPack } from '../src/board-packs/board-pack.types';
import { packCharts } from '../src/board-packs/render/charts';
import { renderAppendixCsv } from '../src/board-packs/render/csv';
import { renderDocx } from '../src/board-packs/render/docx';
import { renderPdf } from '../src/board-packs/render/pdf';
import { renderXlsx } from '../src/board-packs/render/xlsx';
import { generateBoardPackData } from './generate-data';

interface Renderer {
  name: string;
  render: (pack: BoardPack) => Promise<Buffer | string>;
}

const RENDERERS: Renderer[] = [
  { name: 'CSV', render: (pack) => Promise.resolve(renderAppendixCsv(pack)) },
  {
    name: 'Charts (SVG)',
    render: (pack) =>
      Promise.resolve(
        packCharts(pack)
          .map((chart) => chart.svg)
          .join(''),
      ),
  },
  { name: 'Excel (.xlsx)', render: renderXlsx },
  { name: 'Word (.docx)', render: renderDocx },
  { name: 'PDF', render: (pack) => renderPdf(pack) },
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function size(output: Buffer | string): number {
  return typeof output === 'string' ? Buffer.byteLength(output) : output.length;
}

async function time(render: () => Promise<Buffer | string>): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const output = await render();
  return { ms: performance.now() - start, bytes: size(output) };
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const runs = option('runs', 5);
  const generateStart = performance.now();
  const { data, counts } = generateBoardPackData({
    findings: option('findings', 5000),
    updates: option('updates', 50000),
  });
  const generateMs = performance.now() - generateStart;
  const assembleStart = performance.now();
  const pack = assembleBoardPack(data);
  const assembleMs = performance.now() - assembleStart;

  console.log(`Board pack benchmark: Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`);
  console.log(
    `Data: ${counts.forces} forces, ${counts.reports} reports, ${counts.findings} findings, ${counts.updates} updates, ${counts.evidence} evidence items, ${counts.actions} actions (generated in ${generateMs.toFixed(0)} ms, assembled into a pack in ${assembleMs.toFixed(0)} ms)`,
  );
  console.log(
    `Pack: ${pack.appendix.length} appendix rows, ${pack.overdueFindings.length} overdue, ${pack.overdueActions.length} overdue actions, ${pack.staleFindings.length} stale, ${pack.awaitingVerification.length} awaiting verification, ` +
      `${pack.verifiedSince.length} verified, ${pack.slippage.length} slipped, ${pack.signOffQueue.length} awaiting sign-off, ${pack.summary.changes.length} changes`,
  );
  console.log(`Median of ${runs} runs after one warm-up run each.\n`);

  const results: Array<{ name: string; median: number; min: number; max: number; bytes: number }> = [];
  for (const renderer of RENDERERS) {
    await renderer.render(pack); // warm-up: module loading, JIT
    const samples: Array<{ ms: number; bytes: number }> = [];
    for (let run = 0; run < runs; run += 1) {
      samples.push(await time(() => renderer.render(pack)));
    }
    const ms = samples.map((s) => s.ms);
    results.push({
      name: renderer.name,
      median: median(ms),
      min: Math.min(...ms),
      max: Math.max(...ms),
      bytes: samples[0].bytes,
    });
  }

  // The whole pack: every format, one after the other, as a request for each would.
  const whole: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    for (const renderer of RENDERERS) {
      await renderer.render(pack);
    }
    whole.push(performance.now() - start);
  }

  const baseline = results[0].median;
  const sum = results.reduce((total, r) => total + r.median, 0);
  const rows = [
    ['Format', 'Median ms', 'Min ms', 'Max ms', 'Size KiB', '× CSV'],
    ...results.map((r) => [
      r.name,
      r.median.toFixed(1),
      r.min.toFixed(1),
      r.max.toFixed(1),
      (r.bytes / 1024).toFixed(0),
      (r.median / baseline).toFixed(1),
    ]),
    ['Sum of medians', sum.toFixed(1), '', '', '', (sum / baseline).toFixed(1)],
    [
      'Whole pack (all formats in turn)',
      median(whole).toFixed(1),
      Math.min(...whole).toFixed(1),
      Math.max(...whole).toFixed(1),
      '',
      (median(whole) / baseline).toFixed(1),
    ],
  ];
  console.log(table(rows));
  console.log(
    `\nTarget: whole pack under 2,000 ms at 5,000 findings. Measured: ${median(whole).toFixed(0)} ms (median).`,
  );
  const memory = process.memoryUsage();
  console.log(
    `Peak-ish memory: rss ${(memory.rss / 1048576).toFixed(0)} MiB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MiB.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
