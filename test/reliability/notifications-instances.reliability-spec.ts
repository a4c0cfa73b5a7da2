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

describe('Two instances on one PostgreSQL database: each digest built once and sent once, by both', () => {
  let database: Awaited<ReturnType<typeof scratchPostgresDatabase>> | undefined;
  const folders = [scratchFolder('notify-first'), scratchFolder('notify-second')];
  const inbox = new SmtpInbox();
  let env: Record<string, string>;
  /** Each instance sends as its own address, so the inbox can tell which instance sent each message. */
  const senders = ['first@tracker.test', 'second@tracker.test'];
  const instance = (index: number) => ({ ...env, DATA_DIR: folders[index].path, MAIL_FROM: senders[index] });
  const query = async <T extends object>(sql: string): Promise<T[]> => {
    const client = new Client({ connectionString: database!.url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    database = await scratchPostgresDatabase('notify_instances');
    env = {
      DATABASE_URL: database.url,
      // A message the inbox keeps waiting (below) must not time out the sender's socket meanwhile.
      SMTP_URL: `${await inbox.listen()}/?socketTimeout=600000`,
      APP_URL: 'http://tracker.test',
      ADMIN_PASSWORD: 'reliability chief passphrase',
      // Every hour is digest time: the test never depends on the clock.
      DIGEST_HOUR: '0',
    };
    // The first start migrates the database and loads the default data.
    const first = await notify(instance(0), 'queue');
    expect(first.stderr).toBe('');
    // Many leads of the default data's force, each with an address: a digest each.
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

  it('builds the day’s digests on one instance only, each person’s once', async () => {
    // The mail server refuses for now: every email stays queued for a later attempt.
    inbox.refuse = true;
    const runs = await Promise.all([0, 1].map((index) => notify(instance(index), 'digest')));
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    // One instance built them (the lease, then the day marked done); the other found nothing due to build.
    const built = runs.filter((run) => /Digests for \d{4}-\d{2}-\d{2}: \d+ people told\./.test(run.stdout));
    expect(built).toHaveLength(1);
    expect(built[0].stdout).toContain(`: ${PEOPLE} people told.`);
    expect(runs.filter((run) => run.stdout.includes('No digests built'))).toHaveLength(1);
    // Each queued email tried once, by one instance or the other.
    const retrying = runs.map((run) => Number(/to try again later: (\d+);/.exec(run.stdout)?.[1] ?? NaN));
    expect(retrying[0] + retrying[1]).toBe(PEOPLE);
    expect(inbox.messages).toEqual([]);
    expect(await query<{ count: string }>("SELECT COUNT(*) AS count FROM notifications WHERE kind = 'digest'")).toEqual(
      [{ count: String(PEOPLE) }],
    );
  }, 300_000);

  it('sends each email from exactly one instance, and both instances send', async () => {
    // The mail server is back, and the time for the next attempt has come.
    inbox.refuse = false;
    await query("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE status = 'queued'");
    // Each message waits for its answer until both instances have sent one: whichever starts first holds one message
    // (and its row, locked), so the other must send the rest or some of them.
    inbox.holdUntilSenders = 2;
    const runs = await Promise.all([0, 1].map((index) => notify(instance(index), 'send')));
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const sent = runs.map((run) => Number(/Emails sent: (\d+);/.exec(run.stdout)?.[1] ?? NaN));
    expect(sent[0] + sent[1]).toBe(PEOPLE);
    expect(sent[0]).toBeGreaterThan(0);
    expect(sent[1]).toBeGreaterThan(0);
    expect(new Set(inbox.messages.map((message) => message.from))).toEqual(new Set(senders));

    const recipients = inbox.messages.map((message) => message.to.join(','));
    expect(recipients).toHaveLength(PEOPLE);
    expect(new Set(recipients).size).toBe(PEOPLE);
    expect(plainText(inbox.messages[0].raw)).toContain('Your force, overdue');
    expect(plainText(inbox.messages[0].raw)).toContain('http://tracker.test/findings/');

    expect(
      await query<{ status: string; attempts: number; count: string }>(
        'SELECT status, attempts, COUNT(*) AS count FROM outbox GROUP BY status, attempts',
      ),
    ).toEqual([{ status: 'sent', attempts: 2, count: String(PEOPLE) }]);
  }, 300_000);
});
