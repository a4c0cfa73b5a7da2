import { execFile } from 'node:child_process';
import { WebSession } from '../utils/web-session';
import { plainText, SmtpInbox } from '../support/notifications/smtp-inbox';
import { type AppProcess, PROJECT_ROOT, scratchFolder, startAppProcess } from './app-process';

const ADMIN = { ADMIN_USER: 'chief', ADMIN_PASSWORD: 'correct horse battery staple reliably' };
const PASSWORD = 'a long reliability passphrase';
const FVU = 'Force vetting unit (FVU)';

/** Waits for a condition, checking every 200 ms, until the deadline. */
async function until(condition: () => boolean, deadlineMs: number, what: string): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('An app killed (kill -9) between the commit of a change and the sending of its email', () => {
  const folder = scratchFolder('notify-kill');
  const inbox = new SmtpInbox();
  let env: { DATA_DIR: string } & Record<string, string>;
  let running: AppProcess | null = null;

  beforeAll(async () => {
    env = {
      DATA_DIR: folder.path,
      SMTP_URL: await inbox.listen(),
      MAIL_FROM: 'tracker@tracker.test',
      APP_URL: 'http://tracker.test',
      ...ADMIN,
    };
  }, 60_000);

  afterAll(async () => {
    await running?.stop();
    await inbox.close();
    folder.remove();
  });

  it('sends the email after the restart, once', async () => {
    running = await startAppProcess(env);
    const admin = new WebSession(running.url);
    await admin.signIn(ADMIN.ADMIN_USER, ADMIN.ADMIN_PASSWORD);
    for (const [username, role, team, email] of [
      ['lee.lead', 'force_lead', '', 'lee@der.test'],
      ['fin.fvu', 'force_staff', FVU, 'fin@der.test'],
    ]) {
      const created = await admin.submit('/users/new', '/users', {
        username,
        displayName: username,
        role,
        forceCode: 'DER',
        team,
        email,
        password: PASSWORD,
      });
      expect(created.status).toBe(303);
    }
    const lead = new WebSession(running.url);
    await lead.signIn('lee.lead', PASSWORD);
    const assigned = await lead.submit('/findings/DER-2025-AFI-04/assign', '/findings/DER-2025-AFI-04/assign', {
      owner: FVU,
      actionOwners: '',
      targetDate: '2026-03-31',
      reason: '',
    });
    expect(assigned.status).toBe(303);
    // Committed; the sender (every 30 seconds) has most likely not run yet. Nothing runs its shutdown hooks.
    await running.kill();
    running = null;

    running = await startAppProcess(env);
    await until(() => inbox.messages.length > 0, 90_000, 'the email after the restart');
    expect(inbox.messages.map((message) => [message.to, message.subject])).toEqual([
      [['fin@der.test'], 'Assigned to you: DER-2025-AFI-04'],
    ]);
    expect(plainText(inbox.messages[0].raw)).toContain('lee.lead made Force vetting unit (FVU) the owner');

    // Recorded as sent, once: no instance takes it again.
    const queue = await new Promise<string>((resolve) =>
      execFile(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', 'scripts/notify.ts', 'queue'],
        { cwd: PROJECT_ROOT, env: { ...process.env, ...env, DATABASE_URL: '' }, encoding: 'utf8' },
        (_error, stdout, stderr) => resolve(stdout + stderr),
      ),
    );
    expect(queue).toContain('Waiting: 0. Sent: 1. Failed: 0.');
    expect(queue).toMatch(/#1\tsent\tattempts 1\tfin@der\.test\tAssigned to you: DER-2025-AFI-04/);
    expect(inbox.messages).toHaveLength(1);
  }, 300_000);
});
