/**
 * Times making a whole board pack from a large database (43 forces, ten years of reports, 5,000
 * findings, 50,000 history entries) and rendering it in each format: the printable HTML page
 * (rendered by the app's view engine, templates cached as in production), PDF, Word, Excel and
 * CSV. Prints figures; asserts nothing. Run: npm run bench:board-pack (BENCH_VERBOSE=1 prints every
 * run). Target: under 2 s for the whole pack.
 *
 * The baseline, measured in the same run, is building the pack for the default data alone.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-bench-'));
  process.env.DATA_DIR = dataDir;
  process.env.NODE_ENV = 'test';
  process.env.ADMIN_PASSWORD ??= 'benchmark superuser passphrase';
  // Imported after the environment is set: the app reads it when its modules load.
  const { AppModule } = await import('../src/app.module');
  const { BoardPackService } = await import('../src/board-packs/board-pack.service');
  const { PACK_VIEW, packPageModel, renderPackFile } = await import('../src/board-packs/board-pack-formats');
  const { configureViews } = await import('../src/common/views');
  const { seedLargeDatabase } = await import('./seed-large-database');
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: ['error'] });
  configureViews(app, true);
  await app.init();
  const express = app.getHttpAdapter().getInstance() as {
    render(view: string, model: object, done: (error: Error | null, html: string) => void): void;
  };
  type Pack = Awaited<ReturnType<InstanceType<typeof BoardPackService>['build']>>;
  const renderHtml = (pack: Pack, parameters: Parameters<typeof packPageModel>[1]['parameters']) =>
    new Promise<Buffer>((resolve, reject) =>
      express.render(
        PACK_VIEW,
        packPageModel(pack, { parameters, saved: null, mayDecide: true, csrfToken: 'bench' }),
        (error, html) => (error ? reject(error) : resolve(Buffer.from(html))),
      ),
    );
  try {
    const packs = app.get(BoardPackService);
    const force = await packs.forceFor({ role: 'inspector' } as never, 'DER');
    const parameters = await packs.parameters({ force: 'DER' }, force);
    const time = async <T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> => {
      const start = process.hrtime.bigint();
      const result = await work();
      return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

    const baselineRuns: number[] = [];
    for (let run = 0; run < 5; run += 1) {
      baselineRuns.push((await time(() => packs.build(force, parameters, 'bench'))).ms);
    }

    const seeded = await time(() => seedLargeDatabase(app.get(DataSource)));
    console.log(
      `Seeded ${seeded.result.findings} findings and ${seeded.result.updates} history entries in ${(seeded.ms / 1000).toFixed(1)} s`,
    );

    const figures: Array<{ step: string; ms: number }> = [];
    const builds: number[] = [];
    let pack = (await time(() => packs.build(force, parameters, 'bench'))).result;
    for (let run = 0; run < 5; run += 1) {
      const built = await time(() => packs.build(force, parameters, 'bench'));
      builds.push(built.ms);
      pack = built.result;
    }
    figures.push({ step: `build the pack (${pack.appendix.length} findings in scope)`, ms: median(builds) });
    for (const format of ['html', 'csv', 'xlsx', 'docx', 'pdf'] as const) {
      const render = () => (format === 'html' ? renderHtml(pack, parameters) : renderPackFile(pack, format));
      const runs: number[] = [];
      await render(); // warm-up: first use of the library, JIT
      for (let run = 0; run < 5; run += 1) {
        runs.push((await time(render)).ms);
      }
      if (process.env.BENCH_VERBOSE) {
        console.log(format, runs.map((ms) => ms.toFixed(0)).join(' '));
      }
      figures.push({ step: `render ${format}`, ms: median(runs) });
    }
    const total = figures.reduce((sum, figure) => sum + figure.ms, 0);
    const baseline = median(baselineRuns);
    console.log('\nBoard pack benchmark (median ms)');
    for (const figure of figures) {
      console.log(`  ${figure.step.padEnd(44)} ${figure.ms.toFixed(0).padStart(7)} ms`);
    }
    console.log(
      `  ${'whole pack: build + every format'.padEnd(44)} ${total.toFixed(0).padStart(7)} ms  (target under 2000 ms)`,
    );
    console.log(`  ${'baseline: build for the default data only'.padEnd(44)} ${baseline.toFixed(0).padStart(7)} ms`);
    console.log(`  ratio whole pack / baseline: ${(total / baseline).toFixed(1)}x`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
