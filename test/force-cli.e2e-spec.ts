import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..');

/**
 * `npm run force -- …` as a process on a database of its own (a fresh DATA_DIR for SQLite; the emptied schema of
 * DATABASE_URL in the PostgreSQL suite), without npm's type-checking ts-node start-up (quicker).
 */
function runForce(dataDir: string, ...argv: string[]) {
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/force.ts', ...argv], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD: 'test superuser passphrase', NODE_ENV: 'test' },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run force -- create | list (command line)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tracker-force-cli-'));
    if (process.env.DATABASE_URL) {
      const client = new Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query('DROP SCHEMA IF EXISTS public CASCADE');
      await client.query('CREATE SCHEMA public');
      await client.end();
    }
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates an organisation, lists it with the reference data, and refuses a duplicate', () => {
    const created = runForce(dataDir, 'create', 'frstst', 'Testshire Fire and Rescue Service', '--kind', 'fire');
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe('Created FRSTST: Testshire Fire and Rescue Service (fire).\n');
    expect(created.code).toBe(0);

    const fire = runForce(dataDir, 'list', '--kind', 'fire');
    expect(fire.code).toBe(0);
    const lines = fire.stdout.trim().split('\n');
    expect(lines).toHaveLength(45);
    expect(lines).toContain('FRSTST\tfire\tTestshire Fire and Rescue Service\t-');
    expect(lines).toContain('FRSDER\tfire\tDerbyshire Fire and Rescue Service\t-');

    const duplicate = runForce(dataDir, 'create', 'FRSTST', 'Another', '--kind', 'fire');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toBe(
      '- There is already an organisation with the code FRSTST: Testshire Fire and Rescue Service\n',
    );
    expect(duplicate.stdout).toBe('');
  });

  it('refuses a bad code (exit code 1) and bad usage (exit code 2) without opening the database', () => {
    const reserved = runForce(dataDir, 'create', 'NAT', 'National', '--kind', 'national');
    expect(reserved.code).toBe(1);
    expect(reserved.stderr).toContain('NAT cannot be a code');

    const fireCode = runForce(dataDir, 'create', 'FRSABC', 'Abc Police');
    expect(fireCode.code).toBe(1);
    expect(fireCode.stderr).toBe('- Only a fire and rescue service’s code starts FRS\n');

    const badKind = runForce(dataDir, 'create', 'ABC', 'Abc', '--kind', 'army');
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('--kind must be one of police|fire|national');
    expect(badKind.stderr).toContain('npm run force -- create <CODE>');
  });
});
