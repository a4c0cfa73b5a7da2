import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FindingBody } from '../utils/api-bodies';
import { WebSession } from '../utils/web-session';
import { type AppProcess, PROJECT_ROOT, scratchFolder, scratchPostgresDatabase, startAppProcess } from './app-process';

/**
 * `npm run backup` and `npm run restore` against the app as a real process. The backup is taken
 * while a signed-in user goes on adding progress notes and evidence files; the restored copy,
 * served by a new app process, must hold every write acknowledged (a 303) before the backup
 * began, none begun after it ended, every evidence file byte for byte, and a verifying audit
 * chain. A copy of the file could not: the latest writes are still in SQLite's write-ahead log.
 */

const NOTES_REF = 'DER-2025-AFI-05';
const EVIDENCE_REF = 'DER-2025-AFI-04';
const STAFF = { username: 'bea.backup', password: 'a long backup passphrase' };
/** The administrator made at first start (named here: the suite's shared password contains "admin"). */
const ADMIN = { ADMIN_USER: 'chief', ADMIN_PASSWORD: 'correct horse battery staple, backed up' };

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

interface Write {
  text: string;
  sentAt: number;
  ackedAt?: number;
  file?: Buffer;
}

/** Runs an npm script (compiled without type checks, to start fast) and resolves with its exit code and output. */
function npmRun(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: '', TS_NODE_TRANSPILE_ONLY: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Waits for a condition, checking every 50 ms, or fails at the deadline. */
async function waitFor(what: string, condition: () => boolean, deadlineMs = 60_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Makes the force staff user through the administrator's Users page, then signs them in. */
async function addStaff(app: AppProcess): Promise<WebSession> {
  const admin = new WebSession(app.url);
  try {
    await admin.signIn(ADMIN.ADMIN_USER, ADMIN.ADMIN_PASSWORD);
  } catch (error) {
    throw new Error(`${String(error)}; the app said:\n${app.output().slice(-4000)}`, { cause: error });
  }
  const created = await admin.submit('/users/new', '/users', {
    username: STAFF.username,
    displayName: 'Bea Backup',
    role: 'force_staff',
    forceCode: 'DER',
    team: '',
    password: STAFF.password,
  });
  expect(created.status).toBe(303);
  return signedIn(app);
}

async function signedIn(app: AppProcess): Promise<WebSession> {
  const session = new WebSession(app.url);
  await session.signIn(STAFF.username, STAFF.password);
  return session;
}

async function addNote(session: WebSession, text: string): Promise<Write> {
  const write: Write = { text, sentAt: Date.now() };
  const response = await session.submit(`/findings/${NOTES_REF}/notes/new`, `/findings/${NOTES_REF}/notes`, {
    commentary: text,
  });
  await response.arrayBuffer();
  if (response.status !== 303) {
    throw new Error(`The note "${text}" was answered ${response.status}`);
  }
  write.ackedAt = Date.now();
  return write;
}

/** A text file of evidence, with a line no other file has. */
async function addEvidence(session: WebSession, text: string): Promise<Write> {
  const file = Buffer.from(`Minutes of the vetting board\n${text}\n${randomBytes(2048).toString('hex')}\n`, 'utf8');
  const write: Write = { text, sentAt: Date.now(), file };
  const response = await session.uploadEvidence(
    EVIDENCE_REF,
    { kind: 'file', title: text },
    { content: file, name: 'minutes.txt', type: 'text/plain' },
  );
  await response.arrayBuffer();
  if (response.status !== 303) {
    throw new Error(`The evidence "${text}" was answered ${response.status}`);
  }
  write.ackedAt = Date.now();
  return write;
}

async function finding(session: WebSession, reference: string): Promise<FindingBody> {
  const response = await session.request(`/api/findings/${reference}`);
  expect(response.status).toBe(200);
  return (await response.json()) as FindingBody;
}

/** What a restore must have left: every note and evidence file written before `before`, none begun after `after`. */
async function expectRestored(
  session: WebSession,
  writes: { notes: Write[]; files: Write[] },
  before: number,
  after: number,
) {
  const notes = new Set((await finding(session, NOTES_REF)).history.map((entry) => entry.commentary));
  const acknowledgedBefore = writes.notes.filter((write) => write.ackedAt! < before);
  expect(acknowledgedBefore.length).toBeGreaterThan(0);
  expect(acknowledgedBefore.filter((write) => !notes.has(write.text)).map((write) => write.text)).toEqual([]);
  const begunAfter = writes.notes.filter((write) => write.sentAt > after);
  expect(begunAfter.length).toBeGreaterThan(0);
  expect(begunAfter.filter((write) => notes.has(write.text)).map((write) => write.text)).toEqual([]);

  const evidence = (await finding(session, EVIDENCE_REF)).evidence;
  const titles = new Set(evidence.map((item) => item.title));
  expect(writes.files.filter((write) => write.ackedAt! < before && !titles.has(write.text))).toEqual([]);
  // Every file the restored database names downloads exactly as it was uploaded (the files were
  // backed up after the database, so none it names can be missing).
  for (const item of evidence.filter((entry) => entry.downloadHref)) {
    const uploaded = writes.files.find((write) => write.text === item.title)!;
    const { response, received } = await session.download(item.downloadHref!);
    expect(response.status).toBe(200);
    expect(sha256(received)).toBe(sha256(uploaded.file!));
  }
}

/** Every entry of a folder with the SHA-256 of each file in it: to show a refused restore changed nothing. */
function folderState(path: string): Record<string, string> {
  const state: Record<string, string> = {};
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    state[full] = entry.isFile() ? sha256(readFileSync(full)) : 'folder';
  }
  return state;
}

describe('Backup and restore (SQLite)', () => {
  const live = scratchFolder('backup-live');
  const restored = scratchFolder('backup-restored');
  const archives = scratchFolder('backup-archives');
  const archive = join(archives.path, 'tracker.tar.gz');
  const writes = { notes: [] as Write[], files: [] as Write[] };
  let app: AppProcess | undefined;
  let restoredApp: AppProcess | undefined;
  let staff: WebSession;
  let backupStartedAt = 0;
  let backupFinishedAt = 0;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    app = await startAppProcess({ DATA_DIR: live.path, ...ADMIN });
    staff = await addStaff(app);
  });

  afterAll(async () => {
    await app?.stop();
    await restoredApp?.stop();
    for (const folder of [live, restored, archives]) {
      folder.remove();
    }
  });

  it('backs up while notes and evidence are being added, printing the archive’s path, size and SHA-256', async () => {
    writes.files.push(await addEvidence(staff, `Evidence before the backup ${run}`));
    let stop = false;
    let sequence = 0;
    const noteWriter = async () => {
      while (!stop) {
        sequence += 1;
        writes.notes.push(await addNote(staff, `Backup note ${run} ${sequence}`));
      }
    };
    const fileWriter = async () => {
      for (let index = 1; !stop; index += 1) {
        writes.files.push(await addEvidence(staff, `Evidence during the backup ${run} ${index}`));
      }
    };
    const writers = Promise.all([noteWriter(), noteWriter(), fileWriter()]);
    try {
      await waitFor('ten notes before the backup', () => writes.notes.length >= 10);
      backupStartedAt = Date.now();
      const backup = await npmRun('backup', ['--out', archive], { DATA_DIR: live.path });
      backupFinishedAt = Date.now();
      expect(backup).toMatchObject({ code: 0 });
      const content = readFileSync(archive);
      expect(backup.output).toContain(`Backup written to ${archive}`);
      expect(backup.output).toContain(`(${content.length.toLocaleString('en-GB')} bytes)`);
      expect(backup.output).toContain(`SHA-256: ${sha256(content)}`);
      expect(backup.output).toMatch(/audit chain intact \(\d+ entries, head #\d+ [0-9a-f]{64}\)/);
      // Writes went on while the backup ran, and after it: some will be in it, some not.
      await waitFor('notes after the backup', () =>
        writes.notes.some((write) => write.sentAt > backupFinishedAt + 200),
      );
    } finally {
      stop = true;
      await writers;
    }
    const during = writes.notes.filter(
      (write) => write.ackedAt! > backupStartedAt && write.ackedAt! < backupFinishedAt,
    );
    expect(during.length).toBeGreaterThan(0);
  });

  it('refuses to restore over the database the app is serving, and changes nothing', async () => {
    const refused = await npmRun('restore', [archive], { DATA_DIR: live.path });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(
      'is open in another program, most likely the app serving it, so nothing was changed',
    );
    expect(readdirSync(live.path).filter((name) => name.includes('before-restore'))).toEqual([]);
    // The app still serves its own data, the notes added after the backup included.
    const latest = writes.notes.reduce((a, b) => (a.ackedAt! > b.ackedAt! ? a : b));
    const history = (await finding(staff, NOTES_REF)).history.map((entry) => entry.commentary);
    expect(history).toContain(latest.text);
  });

  it('restores into a new folder, whose audit chain verifies', async () => {
    const restore = await npmRun('restore', [archive], { DATA_DIR: restored.path });
    expect(restore.output).toContain(`into ${restored.path}`);
    expect(restore.code).toBe(0);
    const verified = await npmRun('audit:verify', [], { DATA_DIR: restored.path });
    expect(verified.output).toContain('Audit chain intact');
    expect(verified.code).toBe(0);
  });

  describe('served by a new app', () => {
    beforeAll(async () => {
      restoredApp = await startAppProcess({ DATA_DIR: restored.path, ...ADMIN });
    });

    afterAll(async () => {
      await restoredApp?.stop();
      restoredApp = undefined;
    });

    it('has every write acknowledged before the backup, and byte-identical evidence', async () => {
      await expectRestored(await signedIn(restoredApp!), writes, backupStartedAt, backupFinishedAt);
    });
  });

  it('refuses an archive with one byte of a member changed, naming the member, and replaces nothing', async () => {
    const before = folderState(restored.path);
    // One byte of the first evidence file changed inside the archive (decompressed, altered, compressed again).
    const first = writes.files[0];
    const tar = gunzipSync(readFileSync(archive));
    const at = tar.indexOf(first.file!);
    expect(at).toBeGreaterThan(0);
    tar[at + 100] ^= 0x01;
    const tampered = join(archives.path, 'tampered.tar.gz');
    writeFileSync(tampered, gzipSync(tar));
    const refused = await npmRun('restore', [tampered], { DATA_DIR: restored.path });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`cannot be restored, so nothing was changed`);
    expect(refused.output).toMatch(
      new RegExp(`uploads/[0-9a-f]{2}/${sha256(first.file!)}-[0-9a-f-]{36} is not as it was backed up`),
    );
    expect(folderState(restored.path)).toEqual(before);
  });

  it('refuses an archive with one byte of its compressed data changed, and replaces nothing', async () => {
    const before = folderState(restored.path);
    const damaged = readFileSync(archive);
    damaged[Math.floor(damaged.length / 2)] ^= 0x55;
    const damagedPath = join(archives.path, 'damaged.tar.gz');
    writeFileSync(damagedPath, damaged);
    const refused = await npmRun('restore', [damagedPath], { DATA_DIR: restored.path });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`cannot be restored, so nothing was changed`);
    expect(folderState(restored.path)).toEqual(before);
  });
});

describe('Backup and restore (PostgreSQL)', () => {
  const folder = scratchFolder('backup-pg');
  const archive = join(folder.path, 'tracker-pg.tar.gz');
  const writes = { notes: [] as Write[], files: [] as Write[] };
  let database: Awaited<ReturnType<typeof scratchPostgresDatabase>> | undefined;
  let env: { DATA_DIR: string; DATABASE_URL: string };
  let app: AppProcess | undefined;
  let staff: WebSession;
  let backupStartedAt = 0;
  let backupFinishedAt = 0;
  const run = randomBytes(3).toString('hex');

  beforeAll(async () => {
    database = await scratchPostgresDatabase('h_backup');
    env = { DATA_DIR: join(folder.path, 'data'), DATABASE_URL: database.url };
    app = await startAppProcess({ ...env, ...ADMIN });
    staff = await addStaff(app);
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
    folder.remove();
  });

  it('backs up with pg_dump while the app serves', async () => {
    writes.files.push(await addEvidence(staff, `Evidence before the backup ${run}`));
    for (let index = 1; index <= 5; index += 1) {
      writes.notes.push(await addNote(staff, `Backup note ${run} ${index}`));
    }
    backupStartedAt = Date.now();
    const backup = await npmRun('backup', ['--out', archive], env);
    backupFinishedAt = Date.now();
    expect(backup.output).toContain(`Backup written to ${archive}`);
    expect(backup.output).toContain(`SHA-256: ${sha256(readFileSync(archive))}`);
    expect(backup.output).toMatch(/Database: PostgreSQL \d+/);
    expect(backup.code).toBe(0);
    writes.notes.push(await addNote(staff, `Backup note ${run} after the backup`));
    writes.files.push(await addEvidence(staff, `Evidence after the backup ${run}`));
  });

  it('refuses to restore over the data without --yes, and changes nothing', async () => {
    const refused = await npmRun('restore', [archive], env);
    expect(refused.output).toMatch(/The database tracker_h_backup_\d+ already holds the tracker’s data/);
    expect(refused.output).toContain('stop every app that uses this database, then run the restore again with --yes');
    expect(refused.code).toBe(1);
    const history = (await finding(staff, NOTES_REF)).history.map((entry) => entry.commentary);
    expect(history).toContain(`Backup note ${run} after the backup`);
  });

  it('restores into the database once the app has stopped, keeping a backup of what was there', async () => {
    await app!.stop();
    app = undefined;
    const restore = await npmRun('restore', [archive, '--yes'], env);
    expect(restore.output).toContain('Restored the backup');
    const kept = /Kept what was there before as (\S+before-restore-[0-9TZ-]+\.tar\.gz)/.exec(restore.output);
    expect(kept).not.toBeNull();
    expect(existsSync(kept![1])).toBe(true);
    expect(restore.code).toBe(0);
  });

  it('leaves an audit chain that verifies', async () => {
    const verified = await npmRun('audit:verify', [], env);
    expect(verified.output).toContain('Audit chain intact');
    expect(verified.code).toBe(0);
  });

  describe('served by a new app', () => {
    beforeAll(async () => {
      app = await startAppProcess({ ...env, ...ADMIN });
    });

    it('has every write made before the backup and none made after it, and byte-identical evidence', async () => {
      await expectRestored(await signedIn(app!), writes, backupStartedAt, backupFinishedAt);
    });
  });
});
