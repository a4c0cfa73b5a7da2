import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createUser, csrfFrom, signIn } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText } from './utils/page-text';

describe('Managing users', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('lets a force lead add a user to their own force only, with the password policy applied', async () => {
    const lead = await signIn(testApp.app, await createUser(testApp.app, 'force_lead', { username: 'lena.lead' }));
    const page = await lead.agent.get('/users/new').expect(200);
    expect(mainText(page.text)).toContain('The user will belong to Derbyshire Constabulary');
    expect(page.text).not.toContain('value="inspector"');

    const weak = await lead.agent
      .post('/users')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        username: 'new.staff',
        displayName: 'New Staff',
        role: 'force_staff',
        team: 'Force vetting unit (FVU)',
        password: 'short',
      })
      .expect(400);
    expect(mainText(weak.text)).toContain('Password must be at least 12 characters');
    expect(weak.text).toContain('value="new.staff"');

    const escalate = await lead.agent
      .post('/users')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        username: 'sneaky',
        displayName: 'Sneaky',
        role: 'administrator',
        team: '',
        password: 'a perfectly long passphrase',
      })
      .expect(400);
    expect(mainText(escalate.text)).toContain('You cannot give that role');

    // A refusal of the form's own checks (no name) comes back on the form too, beside its field.
    const unnamed = await lead.agent
      .post('/users')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        username: 'no.name',
        displayName: ' ',
        role: 'force_staff',
        team: '',
        password: 'a perfectly long passphrase',
      })
      .expect(400);
    expect(mainText(unnamed.text)).toContain('Add a user');
    expect(unnamed.text).toContain('id="displayName-error"');
    expect(mainText(unnamed.text)).toContain('Enter the person’s name');
    expect(unnamed.text).toContain('value="no.name"');
    expect(unnamed.text).not.toContain('a perfectly long passphrase');

    await lead.agent
      .post('/users')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        username: 'new.staff',
        displayName: 'New Staff',
        role: 'force_staff',
        team: 'Force vetting unit (FVU)',
        password: 'a perfectly long passphrase',
      })
      .expect(303);
    // The service's refusals come back beside the field they are about.
    const taken = await lead.agent
      .post('/users')
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        username: 'new.staff',
        displayName: 'Another Staff',
        role: 'force_staff',
        team: '',
        password: 'another long passphrase',
      })
      .expect(400);
    expect(taken.text).toMatch(/id="username-error"[^>]*>.*There is already a user called new\.staff/);
    const list = mainText((await lead.agent.get('/users').expect(200)).text);
    expect(list).toContain('New Staff');
    expect(list).toContain('Force vetting unit (FVU)');

    // The new user signs in and sees what their team owns.
    const newcomer = await signIn(testApp.app, { username: 'new.staff' }, 'a perfectly long passphrase');
    const myWork = mainText((await newcomer.agent.get('/my-work').expect(200)).text);
    expect(myWork).toContain('Findings and actions owned by Force vetting unit (FVU)');
    expect(myWork).toContain('DER-2025-AFI-01');
    expect(myWork).toContain('This is your first sign-in');
  });

  it('disables an account, ending its sessions', async () => {
    const admin = await signIn(testApp.app, await createUser(testApp.app, 'administrator'));
    const victim = await createUser(testApp.app, 'board_member', { username: 'leaving.member' });
    const session = await signIn(testApp.app, victim);
    const page = await admin.agent.get('/users').expect(200);
    await admin.agent
      .post('/users/leaving.member/disable')
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect((await session.agent.get('/').redirects(0)).status).toBe(303);
    const form = await request.agent(testApp.app.getHttpServer()).get('/sign-in');
    expect(form.status).toBe(200);
  });
});

describe('npm run user (command line)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-cli-'));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/user.ts', ...args], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ADMIN_PASSWORD: 'first superuser passphrase' },
      encoding: 'utf8',
    });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates, changes, resets and disables users, and refuses bad input with a message', () => {
    const created = run(
      'create',
      'cli.inspector',
      '--role',
      'inspector',
      '--name',
      'Cli Inspector',
      '--password',
      'a long cli passphrase',
    );
    expect(created.stdout).toContain('Created cli.inspector (inspector).');
    expect(created.status).toBe(0);

    const bad = run('create', 'cli.staff', '--role', 'force_staff', '--password', 'a long cli passphrase');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('A force staff, force lead or board member account needs a force');

    expect(run('set-role', 'cli.inspector', '--role', 'force_lead', '--force', 'DER').stdout).toContain(
      'cli.inspector is now force_lead.',
    );
    const reset = run('reset-password', 'cli.inspector');
    expect(reset.stdout).toMatch(/New password: \S{12,}/);
    expect(run('disable', 'cli.inspector').stdout).toContain('cli.inspector disabled.');
    const list = run('list');
    expect(list.stdout).toMatch(/cli\.inspector\tforce_lead\tDER\t-\tdisabled/);
    expect(list.stdout).toMatch(/admin\tadministrator/);
  }, 120_000);
});

describe('first start with an ADMIN_PASSWORD the password rules refuse', () => {
  it('stops with a message naming the setting and the rule, not a stack trace', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-admin-'));
    try {
      const started = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
        cwd: join(__dirname, '..'),
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          DATABASE_URL: '',
          PORT: '3999',
          NODE_ENV: 'production',
          ADMIN_PASSWORD: 'admin is my long passphrase',
        },
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(started.status).toBe(1);
      expect(started.stderr).toContain(
        'ADMIN_PASSWORD cannot be used for the administrator "admin": Password must not contain the username. Choose another, or leave it unset for a generated one.',
      );
      expect(started.stderr).not.toContain('    at ');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
