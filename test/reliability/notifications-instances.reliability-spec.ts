import { execFile } from 'node:child_process';
import { Client } from 'pg';
import { plainText, SmtpInbox } from '../support/notifications/smtp-inbox';
import { PROJECT_ROOT, scratchFolder, scratchPostgresDatabase } from './app-process';

const PEOPLE = 40;

/** `npm run notify -- …` as its own process (an instance of the app), without blocking this one's SMTP server. */
function notify(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'scripts/notify.ts', ...args],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('Two instances on one PostgreSQL database: each digest built and sent once', () => {
  let database: Awaited<ReturnType<typeof scratchPostgresDatabase>> | undefined;
  const folders = [scratchFolder('notify-first'), scratchFolder('notify-second')];
  const inbox = new SmtpInbox();
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await scratchPostgresDatabase('notify_instances');
    env = {
      DATABASE_URL: database.url,
      SMTP_URL: await inbox.listen(),
      MAIL_FROM: 'tracker@tracker.test',
      APP_URL: 'http://tracker.test',
      ADMIN_PASSWORD: 'reliability chief passphrase',
    };
    // The first start migrates the database and loads the default data.
    const first = await notify({ ...env, DATA_DIR: folders[0].path }, 'queue');
    expect(first.stderr).toBe('');
    // Many leads of the default data's force, each with an address: a digest each, so the instances' sends overlap.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      for (let index = 1; index <= PEOPLE; index += 1) {
        await client.query(
          `INSERT INTO users (username, display_name, password_hash, role, force_id, team, email, disabled, created_at)
           VALUES ($1, $1, 'not used', 'force_lead', (SELECT id FROM forces WHERE code = 'DER'), NULL, $2, false, $3)`,
          [`lead.${index}`, `lead.${index}@der.test`, new Date().toISOString()],
        );
      }
    } finally {
      await client.end();
    }
  }, 300_000);

  afterAll(async () => {
    await inbox.close();
    await database?.drop();
    folders.forEach((folder) => folder.remove());
  });

  it('builds the day’s digests on one instance and sends each email from exactly one', async () => {
    const runs = await Promise.all(
      folders.map((folder) => notify({ ...env, DATA_DIR: folder.path }, 'digest', '--now')),
    );
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const sent = runs.map((run) => Number(/Emails sent: (\d+);/.exec(run.stdout)?.[1] ?? NaN));
    expect(sent[0] + sent[1]).toBe(PEOPLE);

    const recipients = inbox.messages.map((message) => message.to.join(','));
    expect(recipients).toHaveLength(PEOPLE);
    expect(new Set(recipients).size).toBe(PEOPLE);
    expect(plainText(inbox.messages[0].raw)).toContain('Your force, overdue');

    const client = new Client({ connectionString: database!.url });
    await client.connect();
    try {
      const rows = await client.query<{ status: string; attempts: number; count: string }>(
        'SELECT status, attempts, COUNT(*) AS count FROM outbox GROUP BY status, attempts',
      );
      expect(rows.rows).toEqual([{ status: 'sent', attempts: 1, count: String(PEOPLE) }]);
      const told = await client.query<{ count: string }>(
        "SELECT COUNT(*) AS count FROM notifications WHERE kind = 'digest'",
      );
      expect(Number(told.rows[0].count)).toBe(PEOPLE);
    } finally {
      await client.end();
    }
  }, 300_000);
});
