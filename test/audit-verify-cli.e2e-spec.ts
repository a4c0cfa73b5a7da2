import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from '../src/audit/audit.service';
import { createUser, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';

describe('npm run audit:verify (command line)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
    await signIn(testApp.app, await createUser(testApp.app, 'inspector'));
  });

  afterAll(async () => {
    await testApp.close();
  });

  const verify = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/audit-verify.ts', ...args], {
      cwd: join(__dirname, '..'),
      env: { ...process.env },
      encoding: 'utf8',
    });

  it('says the chain is intact and checks a published head, then names the first edited entry', async () => {
    const head = (await testApp.app.get(AuditService).latestHead())!;
    const intact = verify('--expect', head.hash);
    expect(intact.stdout).toContain(`Audit chain intact: ${head.id} entries; head #${head.id} ${head.hash}`);
    expect(intact.status).toBe(0);

    const unknown = verify(`--expect=${'f'.repeat(64)}`);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain('is not in the chain: the chain was rewritten or cut short');

    const dataSource = testApp.app.get(DataSource);
    const postgres = dataSource.options.type === 'postgres';
    await dataSource.query(
      postgres ? 'UPDATE audit_log SET summary = $1 WHERE id = $2' : 'UPDATE audit_log SET summary = ? WHERE id = ?',
      ['nothing happened', 2],
    );
    const broken = verify();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(
      'Audit chain BROKEN at entry #2: its hash does not match its content: the entry was edited',
    );
  }, 120_000);
});
