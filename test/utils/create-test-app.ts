import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { validateEnvironment } from '../../src/config/env.validation';

export interface TestApp {
  app: NestExpressApplication;
  close(): Promise<void>;
}

/**
 * The whole application on a fresh database: a new SQLite file in a temporary DATA_DIR, or,
 * when DATABASE_URL is set (the PostgreSQL suite, run in band), an emptied public schema.
 * Migrations run and the default data loads exactly as on a newcomer's first start.
 */
export async function createTestApp(): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-test-'));
  process.env.DATA_DIR = dataDir;
  process.env.NODE_ENV = 'test';
  process.env.ADMIN_PASSWORD ??= 'test superuser passphrase';
  process.env.SIGN_IN_SLOWDOWN_MS ??= '1';
  if (process.env.DATABASE_URL) {
    await resetPostgres(process.env.DATABASE_URL);
  }
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  configureApp(app, validateEnvironment(process.env));
  await app.init();
  return {
    app,
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function resetPostgres(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}
