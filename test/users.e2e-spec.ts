import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { createUser, csrfFrom, signIn, TEST_PASSWORD } from './factories/users';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText, pageText } from './utils/page-text';

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

  it('refuses the session of an account disabled by other means (its session row still there), and ends it', async () => {
    const user = await createUser(testApp.app, 'force_staff', { username: 'quietly.disabled' });
    const session = await signIn(testApp.app, user);
    expect(pageText((await session.agent.get('/my-work').expect(200)).text)).toContain('quietly.disabled');
    const dataSource = testApp.app.get(DataSource);
    await dataSource.query(
      dataSource.options.type === 'postgres'
        ? 'UPDATE users SET disabled = TRUE WHERE username = $1'
        : 'UPDATE users SET disabled = 1 WHERE username = ?',
      ['quietly.disabled'],
    );
    const refused = await session.agent.get('/my-work').redirects(0);
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toMatch(/^\/sign-in/);
    const [left] = await dataSource.query<Array<{ count: number | string }>>(
      "SELECT COUNT(*) AS count FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'quietly.disabled'",
    );
    expect(Number(left.count)).toBe(0);
  });
});

/** The text of the users list's row for one account, or undefined when it is not listed. */
function userRow(html: string, username: string): string | undefined {
  const row = html.split('<tr').find((part) => part.includes(`>${username}</span>`));
  return row === undefined ? undefined : pageText(`<tr${row}`);
}

describe('Changing users in the browser', () => {
  let testApp: TestApp;
  let admin: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    testApp = await createTestApp();
    // A second force with its own report and users, beside the default data's force.
    await recordSecondForceReport(testApp.app);
    admin = await signIn(testApp.app, await createUser(testApp.app, 'administrator', { username: 'ada.admin' }));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('lets an administrator change a user’s name, role, force and team, ending their sessions', async () => {
    await createUser(testApp.app, 'force_staff', { username: 'moving.staff', team: 'Force vetting unit (FVU)' });
    await createUser(testApp.app, 'force_staff', { username: 'staying.staff', forceCode: SECOND_FORCE.code });
    const moving = await signIn(testApp.app, { username: 'moving.staff' });

    const form = await admin.agent.get('/users/moving.staff/edit').expect(200);
    expect(mainText(form.text)).toContain('Change Test force staff');
    expect(form.text).toContain('value="Force vetting unit (FVU)"');
    expect(form.text).toContain('value="DER"');
    expect(form.text).toMatch(/id="role-force_staff"[^>]*checked/);

    // A force role needs a force: refused beside the field, with what was typed kept.
    const noForce = await admin.agent
      .post('/users/moving.staff')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), displayName: 'Morgan Moved', role: 'force_lead', forceCode: '', team: 'PSD' })
      .expect(400);
    expect(noForce.text).toMatch(
      /id="forceCode-error"[^>]*>.*A force staff, force lead or board member account needs a force/,
    );
    expect(noForce.text).toContain('value="Morgan Moved"');
    expect(noForce.text).toMatch(/id="role-force_lead"[^>]*checked/);
    const noSuchForce = await admin.agent
      .post('/users/moving.staff')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), displayName: 'Morgan Moved', role: 'force_lead', forceCode: 'XYZ', team: '' })
      .expect(400);
    expect(noSuchForce.text).toMatch(/id="forceCode-error"[^>]*>.*There is no force with the code XYZ/);

    await admin.agent
      .post('/users/moving.staff')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        displayName: 'Morgan Moved',
        role: 'force_lead',
        forceCode: SECOND_FORCE.code.toLowerCase(),
        team: 'Professional standards department',
      })
      .expect(303)
      .expect('Location', '/users');
    const list = (await admin.agent.get('/users').expect(200)).text;
    expect(userRow(list, 'moving.staff')).toContain(
      `Force lead ${SECOND_FORCE.name} Professional standards department`,
    );
    expect(userRow(list, 'moving.staff')).toContain('Morgan Moved');
    expect(userRow(list, 'staying.staff')).toContain(`Force staff ${SECOND_FORCE.name}`);
    // The new role applies at once: the user's sessions ended.
    expect((await moving.agent.get('/').redirects(0)).status).toBe(303);

    // An inspector has no force, whatever force code was sent.
    await admin.agent
      .post('/users/moving.staff')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), displayName: 'Morgan Moved', role: 'inspector', forceCode: 'DER', team: '' })
      .expect(303);
    const again = (await admin.agent.get('/users').expect(200)).text;
    expect(userRow(again, 'moving.staff')).toContain('Inspector — —');

    // Nobody changes their own role.
    const own = await admin.agent
      .post('/users/ada.admin')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), displayName: 'Ada', role: 'inspector', team: '' })
      .expect(400);
    expect(own.text).toMatch(/id="role-error"[^>]*>.*You cannot change your own role/);
  });

  it('lets a force lead change their own force’s users only, and give only the force roles', async () => {
    const lead = await signIn(testApp.app, await createUser(testApp.app, 'force_lead', { username: 'der.lead' }));
    await createUser(testApp.app, 'force_staff', { username: 'der.staff' });
    await createUser(testApp.app, 'force_staff', { username: 'che.staff', forceCode: SECOND_FORCE.code });
    await createUser(testApp.app, 'inspector', { username: 'ivy.inspector' });

    const form = await lead.agent.get('/users/der.staff/edit').expect(200);
    expect(mainText(form.text)).toContain('The user belongs to Derbyshire Constabulary');
    expect(form.text).not.toContain('value="administrator"');
    expect(form.text).not.toContain('id="forceCode"');

    const escalate = await lead.agent
      .post('/users/der.staff')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), displayName: 'Dee Staff', role: 'administrator', team: 'Vetting' })
      .expect(400);
    expect(escalate.text).toMatch(/id="role-error"[^>]*>.*You cannot give that role/);
    expect(escalate.text).toContain('value="Dee Staff"');
    expect(escalate.text).toContain('value="Vetting"');

    const tooLong = await lead.agent
      .post('/users/der.staff')
      .type('form')
      .send({ _csrf: csrfFrom(form.text), displayName: 'Dee Staff', role: 'force_staff', team: 'x'.repeat(201) })
      .expect(400);
    expect(tooLong.text).toMatch(/id="team-error"[^>]*>.*The team must be 200 characters or fewer/);

    // A lead's users stay in the lead's force, whatever force was sent.
    await lead.agent
      .post('/users/der.staff')
      .type('form')
      .send({
        _csrf: csrfFrom(form.text),
        displayName: 'Dee Staff',
        role: 'board_member',
        forceCode: SECOND_FORCE.code,
        team: 'Vetting',
      })
      .expect(303);
    const list = (await lead.agent.get('/users').expect(200)).text;
    expect(userRow(list, 'der.staff')).toContain('Dee Staff');
    expect(userRow(list, 'der.staff')).toContain('Board member Derbyshire Constabulary Vetting');
    expect(userRow(list, 'che.staff')).toBeUndefined();
    expect(userRow(list, 'ivy.inspector')).toBeUndefined();

    // Another force's account, or one with no force, is not there for a lead.
    await lead.agent.get('/users/che.staff/edit').expect(404);
    await lead.agent.get('/users/ivy.inspector/edit').expect(404);
    await lead.agent.get('/users/nobody.at.all/edit').expect(404);
    const valid = { _csrf: csrfFrom(form.text), displayName: 'Taken Over', role: 'force_staff', team: '' };
    await lead.agent.post('/users/che.staff').type('form').send(valid).expect(404);
    await lead.agent
      .post('/users/che.staff')
      .type('form')
      .send({ _csrf: csrfFrom(form.text) })
      .expect(404);
    for (const action of ['reset-password', 'disable', 'enable']) {
      await lead.agent
        .post(`/users/che.staff/${action}`)
        .type('form')
        .send({ _csrf: csrfFrom(form.text) })
        .expect(404);
    }
    const cheshire = (await admin.agent.get('/users').expect(200)).text;
    expect(userRow(cheshire, 'che.staff')).toContain(`Force staff ${SECOND_FORCE.name}`);
    expect(userRow(cheshire, 'che.staff')).not.toContain('Taken Over');
    expect(userRow(cheshire, 'che.staff')).not.toContain('Disabled');
  });

  it('resets a password to a new passphrase shown once, which signs in where the old one no longer does', async () => {
    await createUser(testApp.app, 'force_staff', { username: 'forgetful.staff' });
    const before = await signIn(testApp.app, { username: 'forgetful.staff' });
    const form = await admin.agent.get('/users/forgetful.staff/edit').expect(200);
    const reset = await admin.agent
      .post('/users/forgetful.staff/reset-password')
      .type('form')
      .send({ _csrf: csrfFrom(form.text) })
      .redirects(0)
      .expect(200);
    expect(reset.headers['cache-control']).toContain('no-store');
    expect(mainText(reset.text)).toContain('This password is shown only once');
    const passphrase = /id="passphrase"><code>([^<]+)<\/code>/.exec(reset.text)![1];
    expect(passphrase.length).toBeGreaterThanOrEqual(16);

    // Shown nowhere else: not on the account's page, the list or the audit log.
    expect((await admin.agent.get('/users/forgetful.staff/edit').expect(200)).text).not.toContain(passphrase);
    expect((await admin.agent.get('/users').expect(200)).text).not.toContain(passphrase);
    const audit = (await admin.agent.get('/admin/audit?entityType=user').expect(200)).text;
    expect(mainText(audit)).toContain('Password of forgetful.staff reset');
    expect(audit).not.toContain(passphrase);
    const dataSource = testApp.app.get(DataSource);
    const stored = JSON.stringify([
      await dataSource.query('SELECT * FROM audit_log'),
      await dataSource.query('SELECT * FROM users'),
    ]);
    expect(stored).not.toContain(passphrase);

    // The old sessions ended; the old password fails, the new one signs in.
    expect((await before.agent.get('/').redirects(0)).status).toBe(303);
    const signInPage = request.agent(testApp.app.getHttpServer());
    const signInForm = await signInPage.get('/sign-in').expect(200);
    await signInPage
      .post('/sign-in')
      .type('form')
      .send({ username: 'forgetful.staff', password: TEST_PASSWORD, _csrf: csrfFrom(signInForm.text) })
      .expect(401);
    const after = await signIn(testApp.app, { username: 'forgetful.staff' }, passphrase);
    expect(mainText((await after.agent.get('/my-work').expect(200)).text)).toContain('My work');

    // Nobody resets (or disables) their own account here.
    await admin.agent
      .post('/users/ada.admin/reset-password')
      .type('form')
      .send({ _csrf: csrfFrom(form.text) })
      .expect(403);
  });

  it('disables and enables an account, each in the audit log', async () => {
    await createUser(testApp.app, 'board_member', { username: 'on.off', forceCode: SECOND_FORCE.code });
    const form = await admin.agent.get('/users/on.off/edit').expect(200);
    expect(mainText(form.text)).toContain('Disable the account');
    await admin.agent
      .post('/users/on.off/disable')
      .type('form')
      .send({ _csrf: csrfFrom(form.text) })
      .expect(303);
    const disabled = await admin.agent.get('/users/on.off/edit').expect(200);
    expect(mainText(disabled.text)).toContain('This account is disabled');
    expect(userRow((await admin.agent.get('/users').expect(200)).text, 'on.off')).toContain('Disabled');
    const refused = request.agent(testApp.app.getHttpServer());
    const signInForm = await refused.get('/sign-in').expect(200);
    await refused
      .post('/sign-in')
      .type('form')
      .send({ username: 'on.off', password: TEST_PASSWORD, _csrf: csrfFrom(signInForm.text) })
      .expect(401);

    await admin.agent
      .post('/users/on.off/enable')
      .type('form')
      .send({ _csrf: csrfFrom(form.text) })
      .expect(303);
    expect(userRow((await admin.agent.get('/users').expect(200)).text, 'on.off')).not.toContain('Disabled');
    await signIn(testApp.app, { username: 'on.off' });
    expect(userRow((await admin.agent.get('/users').expect(200)).text, 'on.off')).not.toContain('Never');

    const audit = mainText((await admin.agent.get('/admin/audit?entityType=user').expect(200)).text);
    expect(audit).toContain('on.off disabled');
    expect(audit).toContain('on.off enabled');
    expect(audit).toContain('ada.admin');
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
