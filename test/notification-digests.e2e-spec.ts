import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../src/access/roles';
import { ukClock } from '../src/notification-digests/digest-content';
import { NotificationDigests } from '../src/notification-digests/notification-digests.service';
import { NotificationLeases } from '../src/notifications/notification-leases';
import { NotificationSender } from '../src/notifications/notification-sender';
import { SYSTEM, UsersService } from '../src/users/users.service';
import { recordSecondForceReport, SECOND_FORCE } from './factories/second-force';
import { signIn, TEST_PASSWORD } from './factories/users';
import { plainText, SmtpInbox } from './support/notifications/smtp-inbox';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText } from './utils/page-text';

async function person(
  app: INestApplication,
  username: string,
  role: Role,
  options: { forceCode?: string | null; team?: string | null; email?: string | null } = {},
) {
  await app.get(UsersService).create(
    {
      username,
      displayName: username,
      password: TEST_PASSWORD,
      role,
      forceCode: options.forceCode ?? null,
      team: options.team ?? null,
      email: options.email ?? null,
    },
    SYSTEM,
  );
  return { username };
}

const FVU = 'Force vetting unit (FVU)';
/** 09:00 in London on 20 March 2026: after the digest hour (7); DER-2025-AFI-04 (target 31 March) is due soon. */
const AT = new Date('2026-03-20T09:00:00Z');

describe('Daily digests: each person’s items by role, within their force, once a day', () => {
  let testApp: TestApp;
  let app: INestApplication<Server>;
  let inbox: SmtpInbox;
  const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM, APP_URL: process.env.APP_URL };
  const digestTo = (address: string) => {
    const messages = inbox.to(address);
    expect(messages).toHaveLength(1);
    return { subject: messages[0].subject, text: plainText(messages[0].raw) };
  };

  beforeAll(async () => {
    inbox = new SmtpInbox();
    process.env.SMTP_URL = await inbox.listen();
    process.env.MAIL_FROM = 'tracker@tracker.test';
    process.env.APP_URL = 'http://tracker.test';
    testApp = await createTestApp();
    app = testApp.app;
    await recordSecondForceReport(app);
    await person(app, 'fred.fvu', 'force_staff', { forceCode: 'DER', team: FVU, email: 'fred@der.test' });
    await person(app, 'lena.lead', 'force_lead', { forceCode: 'DER', email: 'lena@der.test' });
    await person(app, 'bob.board', 'board_member', { forceCode: 'DER', email: 'bob@der.test' });
    await person(app, 'chloe.fvu', 'force_staff', {
      forceCode: SECOND_FORCE.code,
      team: SECOND_FORCE.team,
      email: 'chloe@che.test',
    });
    await person(app, 'cara.lead', 'force_lead', { forceCode: SECOND_FORCE.code, email: 'cara@che.test' });
    await person(app, 'ian.inspector', 'inspector', { email: 'ian@hmicfrs.test' });
  });

  afterAll(async () => {
    await testApp.close();
    await inbox.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  });

  it('waits for the set hour, then gives each person their own digest once', async () => {
    const digests = app.get(NotificationDigests);
    expect(await digests.runIfDue(new Date('2026-03-20T06:30:00Z'))).toEqual({
      day: '2026-03-20',
      told: 0,
      built: false,
    });
    const run = await digests.runIfDue(AT);
    expect(run).toMatchObject({ day: '2026-03-20', built: true });
    // Built once a day: a later check that day builds nothing.
    expect(await digests.runIfDue(new Date('2026-03-20T15:00:00Z'))).toMatchObject({ built: false });
    expect(await app.get(NotificationSender).sendDue()).toEqual({ sent: run.told, retrying: 0, failed: 0 });

    // An owner: their team's items in their force, overdue and due soon; not Cheshire's item of the same team.
    const fred = digestTo('fred@der.test');
    expect(fred.subject).toMatch(/^Your digest for 20 March 2026: \d+ overdue/);
    expect(fred.text).toContain('Yours, overdue');
    expect(fred.text).toMatch(
      /- DER-2025-AFI-01 “[^”]+” – target 30 September 2025 \(owner: Force vetting unit \(FVU\)\)/,
    );
    expect(fred.text).toContain('DER-2025-AFI-02');
    expect(fred.text).not.toContain('CHE-');
    expect(fred.text).not.toContain('Your force');

    // Cheshire's member of that team: Cheshire's item and action only.
    const chloe = digestTo('chloe@che.test');
    expect(chloe.text).toContain(`- ${SECOND_FORCE.reference} “${SECOND_FORCE.title}” – target 1 October 2025`);
    expect(chloe.text).toContain(
      `- Action on ${SECOND_FORCE.reference}: “${SECOND_FORCE.action}” – target 1 November 2025`,
    );
    expect(chloe.text).not.toContain('DER-');

    // A lead: the whole force, overdue and due in the next 14 days; never the other force's.
    const lena = digestTo('lena@der.test');
    expect(lena.text).toContain('Your force, overdue');
    expect(lena.text).toContain('DER-2025-AFI-01');
    expect(lena.text).toMatch(/Your force, due in the next 14 days \(\d+\):\s+(- .*\n)*- DER-2025-AFI-04 “/);
    expect(lena.text).not.toContain('CHE-');
    const cara = digestTo('cara@che.test');
    expect(cara.text).toContain(SECOND_FORCE.reference);
    expect(cara.text).not.toContain('DER-');

    // An inspector: the claims awaiting verification, oldest first, with their force.
    const ian = digestTo('ian@hmicfrs.test');
    expect(ian.text).toContain('Claims awaiting your verification, oldest first');
    expect(ian.text).toMatch(/- DER-2018-AFI-01 “[^”]+” – claimed .*, Derbyshire Constabulary/);

    // Nothing of theirs to tell: no digest.
    expect(inbox.to('bob@der.test')).toEqual([]);

    // The same words on the notifications page.
    const session = await signIn(app, { username: 'fred.fvu' });
    const page = mainText((await session.agent.get('/notifications').expect(200)).text);
    expect(page).toContain(fred.subject);
    expect(page).toContain('DER-2025-AFI-02');
  });

  it('tells nobody twice when the digests are built again, and gives everyone one with --all', async () => {
    const before = inbox.messages.length;
    const again = await app.get(NotificationDigests).runIfDue(AT, { now: true, all: true });
    expect(again.built).toBe(true);
    expect(await app.get(NotificationSender).sendDue()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(inbox.messages.slice(before).map((message) => [message.to, message.subject])).toEqual([
      [['bob@der.test'], 'Your digest for 20 March 2026: nothing due'],
    ]);
  });

  it('lets one instance at a time hold the digests’ lease, until it ends', async () => {
    const leases = app.get(NotificationLeases);
    expect(await leases.acquire('test-lease', 'instance-a', 60_000, AT)).toBe(true);
    expect(await leases.acquire('test-lease', 'instance-b', 60_000, AT)).toBe(false);
    expect(await leases.acquire('test-lease', 'instance-a', 60_000, AT)).toBe(true);
    expect(await leases.acquire('test-lease', 'instance-b', 60_000, new Date(AT.getTime() + 61_000))).toBe(true);
    await leases.release('test-lease', 'instance-b');
    expect(await leases.acquire('test-lease', 'instance-a', 60_000, AT)).toBe(true);
  });
});

describe('npm run notify (command line)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-notify-cli-'));
  let inbox: SmtpInbox;
  let smtpUrl: string;
  /** Runs a script as `npm run` does, without blocking this process (whose SMTP server the script talks to). */
  const run = (script: string, ...args: string[]) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', script, ...args],
        {
          cwd: join(__dirname, '..'),
          env: {
            ...process.env,
            DATA_DIR: dataDir,
            DATABASE_URL: '',
            ADMIN_PASSWORD: 'first superuser passphrase',
            SMTP_URL: smtpUrl,
            MAIL_FROM: 'tracker@tracker.test',
            APP_URL: 'http://tracker.test',
          },
          encoding: 'utf8',
        },
        (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    inbox = new SmtpInbox();
    smtpUrl = await inbox.listen();
  });

  afterAll(async () => {
    await inbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives a user an email address, builds today’s digests now and lists the outbox', async () => {
    const created = await run(
      'scripts/user.ts',
      'create',
      'cli.lead',
      '--role',
      'force_lead',
      '--force',
      'DER',
      '--email',
      'lead@cli.test',
      '--password',
      'a long cli passphrase',
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);

    const digest = await run('scripts/notify.ts', 'digest', '--now');
    expect(digest.stderr).toBe('');
    expect(digest.stdout).toContain(`Digests for ${ukClock(new Date()).day}: 1 person told.`);
    expect(digest.stdout).toContain('Emails sent: 1;');
    expect(inbox.to('lead@cli.test')).toHaveLength(1);
    expect(plainText(inbox.to('lead@cli.test')[0].raw)).toContain('Your force, overdue');

    const queue = await run('scripts/notify.ts', 'queue');
    expect(queue.stdout).toContain('Waiting: 0. Sent: 1. Failed: 0.');
    expect(queue.stdout).toMatch(/#1\tsent\tattempts 1\tlead@cli\.test\tYour digest for /);

    const wrong = await run('scripts/notify.ts', 'digest', '--later');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('npm run notify -- digest [--now] [--all]');
    // Each command starts the app (migrations checked, default data): slow on a busy machine.
  }, 300_000);
});
