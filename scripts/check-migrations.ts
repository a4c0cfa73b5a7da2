/**
 * Checks that the migrations and the entities describe the same schema, on a database of its own:
 *   npm run migration:check                                        # SQLite, in a temporary folder
 *   DATABASE_URL=postgres://… npm run migration:check              # PostgreSQL, in a temporary database
 *
 * It runs every migration on an empty database, asks TypeORM which SQL would bring that schema to
 * the entities (there must be none), reverts every migration (each `down()` must work and leave no
 * table behind) and runs them all again. The database it made is removed; the app's own is never
 * touched. Exits 0 when they agree, 1 with the differing SQL when they do not.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';

interface Scratch {
  label: string;
  env: { DATA_DIR: string; DATABASE_URL?: string };
  remove(): Promise<void>;
}

async function scratchDatabase(databaseUrl: string | undefined): Promise<Scratch> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-migration-check-'));
  if (!databaseUrl) {
    return {
      label: `SQLite in ${dataDir}`,
      env: { DATA_DIR: dataDir },
      remove: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
    };
  }
  const url = new URL(databaseUrl);
  const name = `tracker_migration_check_${process.pid}`;
  const admin = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    label: `PostgreSQL database ${name} on ${url.host}`,
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    async remove() {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The SQL TypeORM would run to make the database match the entities; empty when they agree. */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

async function tablesOtherThanMigrations(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    dataSource.options.type === 'postgres'
      ? await dataSource.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`)
      : await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  return rows.map((row) => row.name).filter((name) => name !== 'migrations');
}

async function check(dataSource: DataSource): Promise<string[]> {
  const problems: string[] = [];
  const applied = await dataSource.runMigrations();
  console.log(`Ran ${applied.length} migrations.`);
  const pending = await pendingSchemaChanges(dataSource);
  if (pending.length > 0) {
    problems.push(`The entities differ from the migrated schema; TypeORM would run:\n  ${pending.join(';\n  ')}`);
  }
  for (let reverted = 0; reverted < applied.length; reverted += 1) {
    await dataSource.undoLastMigration();
  }
  const left = await tablesOtherThanMigrations(dataSource);
  if (left.length > 0) {
    problems.push(`Reverting every migration left these tables behind: ${left.join(', ')}`);
  }
  const again = await dataSource.runMigrations();
  console.log(`Reverted all ${applied.length} and ran ${again.length} again.`);
  if (again.length !== applied.length) {
    problems.push(`Running the migrations again after reverting them applied ${again.length} of ${applied.length}.`);
  }
  return problems;
}

async function main(): Promise<number> {
  const scratch = await scratchDatabase(process.env.DATABASE_URL || undefined);
  console.log(`Checking migrations against the entities on ${scratch.label}`);
  const dataSource = new DataSource(buildDataSourceOptions(scratch.env));
  try {
    await dataSource.initialize();
    const problems = await check(dataSource);
    if (problems.length > 0) {
      console.error(problems.join('\n\n'));
      return 1;
    }
    console.log('Migrations and entities agree.');
    return 0;
  } finally {
    if (dataSource.isInitialized) {
      await dataSource.destroy();
    }
    await scratch.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`migration:check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
