import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { loadSqliteDriver } from '../../src/database/sqlite-driver';
import { sectionText } from '../utils/page-text';
import { WebSession } from '../utils/web-session';
import { type AppProcess, scratchFolder, startAppProcess } from './app-process';

const REF = 'DER-2025-AFI-04';
const STAFF = { username: 'gethin.staff', password: 'a long reliability passphrase' };
const FILES = 16;
const NOTES = 16;
/** The app is killed when this many writes have been acknowledged: mid-burst. */
const KILL_AFTER = 8;

interface Write {
  kind: 'file' | 'note';
  /** The evidence title or the progress note: the text a reader looks for. */
  text: string;
  file?: { name: string; content: Buffer };
}

/** The administrator made at first start (named here: the suite's shared password contains "admin"). */
const ADMIN = { ADMIN_USER: 'chief', ADMIN_PASSWORD: 'correct horse battery staple reliably' };
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** Every file under the uploads folder, relative to it with forward slashes, but the writers' notes. */
function uploadsFiles(uploads: string): string[] {
  if (!existsSync(uploads)) {
    return [];
  }
  return readdirSync(uploads, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(uploads, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !path.startsWith('.writers/'))
    .sort();
}

/** The stored paths evidence rows name, read straight from the SQLite file. */
function referencedPaths(dataDir: string): string[] {
  const Database = loadSqliteDriver() as new (
    file: string,
    options: { fileMustExist: boolean },
  ) => { prepare(sql: string): { all(): Array<{ stored_path: string }> }; close(): void };
  const database = new Database(join(dataDir, 'tracker.sqlite'), { fileMustExist: true });
  try {
    return database
      .prepare('SELECT stored_path FROM evidence WHERE stored_path IS NOT NULL')
      .all()
      .map((row) => row.stored_path)
      .sort();
  } finally {
    database.close();
  }
}

describe('kill -9 during a burst of writes (SQLite)', () => {
  const folder = scratchFolder('kill-during-writes');
  const uploads = join(folder.path, 'uploads');
  let app: AppProcess | undefined;
  let staff: WebSession;
  const acknowledged: Write[] = [];
  /** Files on disk that no evidence row named just after the kill: what the restart must clean up. */
  let leftAfterKill: string[] = [];

  // Each start gets a hook of its own: on a loaded 2-core machine one start can take most of a minute.
  beforeAll(async () => {
    app = await startAppProcess({ DATA_DIR: folder.path, ...ADMIN });
    const admin = new WebSession(app.url);
    await admin.signIn(ADMIN.ADMIN_USER, ADMIN.ADMIN_PASSWORD);
    const created = await admin.submit('/users/new', '/users', {
      username: STAFF.username,
      displayName: 'Gethin Staff',
      role: 'force_staff',
      forceCode: 'DER',
      team: '',
      password: STAFF.password,
    });
    expect(created.status).toBe(303);
    staff = new WebSession(app.url);
    await staff.signIn(STAFF.username, STAFF.password);
  });

  afterAll(async () => {
    await app?.stop();
    folder.remove();
  });

  it('acknowledges some of a burst of uploads and notes before kill -9 cuts the rest off', async () => {
    const run = randomBytes(4).toString('hex');
    const writes: Write[] = [
      ...Array.from({ length: FILES }, (_, index): Write => {
        const content = randomBytes(400_000 + index * 1_000);
        content.write('%PDF-1.4\n', 0, 'latin1');
        return { kind: 'file', text: `Burst file ${run} ${index}`, file: { name: `burst-${index}.pdf`, content } };
      }),
      ...Array.from({ length: NOTES }, (_, index): Write => ({ kind: 'note', text: `Burst note ${run} ${index}` })),
    ];

    // Fire every write at once; kill -9 the moment the KILL_AFTER-th is acknowledged (a 303 received).
    const kill: { done: Promise<void> | null } = { done: null };
    const running = app!;
    await Promise.all(
      writes.map(async (write) => {
        let status: number;
        try {
          const response =
            write.kind === 'file'
              ? await staff.uploadEvidence(REF, { kind: 'file', title: write.text }, write.file)
              : await staff.submit(`/findings/${REF}/notes/new`, `/findings/${REF}/notes`, { commentary: write.text });
          status = response.status;
        } catch (error) {
          if (kill.done) {
            return; // In flight when the app was killed: neither acknowledged nor refused.
          }
          throw error;
        }
        if (status === 303) {
          acknowledged.push(write);
          if (acknowledged.length === KILL_AFTER && !kill.done) {
            kill.done = running.kill();
          }
        } else if (!kill.done) {
          throw new Error(`${write.text} was answered ${status} before the kill`);
        }
      }),
    );
    expect(kill.done).not.toBeNull();
    await kill.done;
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(acknowledged.length).toBeLessThan(writes.length); // Some were cut off: the kill came mid-burst.
    const referenced = new Set(referencedPaths(folder.path));
    leftAfterKill = uploadsFiles(uploads).filter((path) => !referenced.has(path));
  });

  describe('after a restart on the same DATA_DIR', () => {
    let page: string;

    beforeAll(async () => {
      // Its start-up clean-up runs before it answers.
      app = await startAppProcess({ DATA_DIR: folder.path, ...ADMIN });
      const reader = new WebSession(app.url);
      await reader.signIn(STAFF.username, STAFF.password);
      staff = reader;
      page = await reader.page(`/findings/${REF}`);
    });

    it('shows every acknowledged write on the finding page, and downloads every acknowledged file whole', async () => {
      const evidence = sectionText(page, 'evidence');
      const history = sectionText(page, 'history');
      for (const write of acknowledged) {
        if (write.kind === 'file') {
          expect(evidence).toContain(write.text);
          expect(evidence).toContain(`Download ${write.file!.name}`);
          expect(evidence).toContain(`SHA-256 ${sha256(write.file!.content)}`);
        } else {
          expect(history).toContain(write.text);
        }
      }
      for (const write of acknowledged.filter((item) => item.kind === 'file')) {
        const href = new RegExp(`href="(/findings/${REF}/evidence/\\d+/download)">Download ${write.file!.name}<`).exec(
          page,
        )![1];
        const { response, received, complete } = await staff.download(href);
        expect(response.status).toBe(200);
        expect(complete).toBe(true);
        expect(received.equals(write.file!.content)).toBe(true);
      }
    });

    it('leaves in uploads/ exactly the files evidence rows name: nothing half-written, no orphan, none missing', () => {
      const onDisk = uploadsFiles(uploads);
      expect(onDisk.filter((path) => path.endsWith('.tmp'))).toEqual([]);
      expect(onDisk).toEqual(referencedPaths(folder.path));
      // What the kill left behind was removed at start, and each removal logged.
      for (const path of leftAfterKill) {
        expect(app!.output()).toContain(`uploads/${path} `);
      }
    });
  });
});
