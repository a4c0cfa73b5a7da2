import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Evidence } from '../src/evidence/evidence.entity';
import { EvidenceStorageMaintenance } from '../src/evidence/evidence-storage-maintenance';
import { FileEvidenceStorage } from '../src/evidence/file-evidence-storage';
import { createUser, signIn, TEST_PASSWORD } from './factories/users';
import type { FindingBody } from './utils/api-bodies';
import { createTestApp, type TestApp } from './utils/create-test-app';
import { mainText, sectionText } from './utils/page-text';
import { WebSession } from './utils/web-session';

type Session = Awaited<ReturnType<typeof signIn>>;

const POSTGRES = Boolean(process.env.DATABASE_URL);
const REF = 'DER-2025-AFI-03';
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** A PDF-looking file of about the given size, different every time. */
function pdfOf(bytes: number): Buffer {
  const content = randomBytes(bytes);
  content.write('%PDF-1.4\n', 0, 'latin1');
  return content;
}

describe('Evidence files: stored for every instance, checked on the way out, named in any language, tidied', () => {
  let testApp: TestApp;
  let staff: Session;
  let web: WebSession;
  let dataSource: DataSource;
  let files: FileEvidenceStorage;
  let maintenance: EvidenceStorageMaintenance;
  let logged: string[];
  let writeSpy: jest.SpyInstance | undefined;

  beforeAll(async () => {
    testApp = await createTestApp();
    await testApp.app.listen(0, '127.0.0.1');
    const user = await createUser(testApp.app, 'force_staff', { username: 'sian.staff' });
    staff = await signIn(testApp.app, user);
    const port = testApp.app.getHttpServer().address() as AddressInfo;
    web = new WebSession(`http://127.0.0.1:${port.port}`);
    await web.signIn(user.username, TEST_PASSWORD);
    dataSource = testApp.app.get(DataSource);
    files = testApp.app.get(FileEvidenceStorage);
    maintenance = testApp.app.get(EvidenceStorageMaintenance);
  });

  afterAll(async () => {
    await testApp.close();
  });

  beforeEach(() => {
    logged = [];
    // What the app logs as errors (Nest writes them to stderr), kept for the assertions, not printed.
    writeSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    writeSpy?.mockRestore();
  });

  /** Uploads a file through the evidence form and returns its evidence row. */
  async function upload(title: string, name: string, content: Buffer): Promise<Evidence> {
    const response = await web.uploadEvidence(REF, { kind: 'file', title }, { content, name });
    expect(response.status).toBe(303);
    const api = (await staff.agent.get(`/api/findings/${REF}`).expect(200)).body as FindingBody;
    const item = api.evidence.find((entry) => entry.title === title)!;
    return dataSource.getRepository(Evidence).findOneByOrFail({ id: item.id });
  }

  const downloadHref = (item: Evidence) => `/findings/${REF}/evidence/${item.id}/download`;

  /** Overwrites the stored bytes with the same number of different ones, wherever this database keeps them. */
  async function corrupt(item: Evidence): Promise<void> {
    if (POSTGRES) {
      const [chunk] = await dataSource.query<Array<{ content: Buffer }>>(
        'SELECT content FROM evidence_blob_chunks WHERE stored_path = $1 AND chunk_index = 0',
        [item.storedPath],
      );
      chunk.content[chunk.content.length - 1] ^= 0xff;
      await dataSource.query(
        'UPDATE evidence_blob_chunks SET content = $1 WHERE stored_path = $2 AND chunk_index = 0',
        [chunk.content, item.storedPath],
      );
    } else {
      const path = files.resolve(item.storedPath!);
      const content = readFileSync(path);
      content[100] ^= 0xff;
      writeFileSync(path, content);
    }
  }

  /**
   * Makes an evidence row as an instance before this change left it: its file under DATA_DIR/uploads
   * (written by the file storage), and nothing in the database.
   */
  async function asStoredOnDiskBefore(item: Evidence, content: Buffer) {
    const onDisk = await files.save(content);
    await dataSource.getRepository(Evidence).update({ id: item.id }, { storedPath: onDisk.storedPath });
    if (POSTGRES) {
      await dataSource.query('DELETE FROM evidence_blobs WHERE stored_path = $1', [item.storedPath]);
    } else {
      await files.remove(item.storedPath!);
    }
    return onDisk;
  }

  async function storedInDatabase(storedPath: string): Promise<boolean> {
    const rows = await dataSource.query<unknown[]>(
      POSTGRES
        ? 'SELECT stored_path FROM evidence_blobs WHERE stored_path = $1'
        : 'SELECT stored_path FROM evidence_blobs WHERE stored_path = ?',
      [storedPath],
    );
    return rows.length > 0;
  }

  describe('a Welsh file name', () => {
    it('keeps “Cynllun gweithredu ŵŷ.pdf” as typed, on the page and in the download', async () => {
      const content = pdfOf(2_000);
      const item = await upload('Cynllun gweithredu', 'Cynllun gweithredu ŵŷ.pdf', content);
      expect(item.fileName).toBe('Cynllun gweithredu ŵŷ.pdf');
      const evidence = sectionText((await staff.agent.get(`/findings/${REF}`).expect(200)).text, 'evidence');
      expect(evidence).toContain('Download Cynllun gweithredu ŵŷ.pdf');
      expect(evidence).not.toContain('Å');
      const { response, received, complete } = await web.download(downloadHref(item));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const disposition = response.headers.get('content-disposition')!;
      expect(disposition).toBe(
        `attachment; filename="Cynllun gweithredu wy.pdf"; filename*=UTF-8''Cynllun%20gweithredu%20%C5%B5%C5%B7.pdf`,
      );
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1])).toBe('Cynllun gweithredu ŵŷ.pdf');
      expect(complete).toBe(true);
      expect(received.equals(content)).toBe(true);
    });

    it('still makes the name safe: folders dropped, characters that could mislead replaced', async () => {
      const item = await upload('Cynllun diogel', 'C:\\Dogfennau\\Adroddiad “drafft” ŵ<1>.pdf', pdfOf(500));
      expect(item.fileName).toBe('Adroddiad _drafft_ ŵ_1_.pdf');
    });
  });

  describe('the SHA-256 checked on the way out', () => {
    it('sends a file whose bytes match, with its length', async () => {
      const content = pdfOf(2_500_000);
      const item = await upload('Large plan', 'large plan.pdf', content);
      const { response, received, complete } = await web.download(downloadHref(item));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-length')).toBe(String(content.length));
      expect(complete).toBe(true);
      expect(sha256(received)).toBe(sha256(content));
    });

    it('refuses a small damaged file with an error page, and logs it', async () => {
      const item = await upload('Damaged small', 'damaged small.pdf', pdfOf(5_000));
      await corrupt(item);
      const response = await staff.agent.get(downloadHref(item));
      expect(response.status).toBe(500);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['content-disposition']).toBeUndefined();
      const text = mainText(response.text);
      expect(text).toContain('The file could not be downloaded');
      expect(text).toContain('The stored copy of this file does not match the one uploaded');
      expect(logged.join('')).toContain(`Evidence ${item.id} (“Damaged small”, damaged small.pdf) on ${REF}`);
      expect(logged.join('')).toContain(`SHA-256`);
    });

    it('cuts a large damaged file short, so it never arrives whole, and logs it', async () => {
      const content = pdfOf(3_000_000);
      const item = await upload('Damaged large', 'damaged large.pdf', content);
      await corrupt(item);
      const { response, received, complete } = await web.download(downloadHref(item));
      // The headers went out before the damage could be known; the body is then cut short.
      expect(response.status).toBe(200);
      expect(complete).toBe(false);
      expect(received.length).toBeLessThan(content.length);
      const deadline = Date.now() + 10_000;
      while (!logged.join('').includes(`Evidence ${item.id} (“Damaged large”`) && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(logged.join('')).toContain(
        `Evidence ${item.id} (“Damaged large”, damaged large.pdf) on ${REF} was not sent whole`,
      );
    });

    it('answers a file that is gone with a page not found, not as a PDF, and logs it', async () => {
      const item = await upload('Lost', 'lost.pdf', pdfOf(1_000));
      if (POSTGRES) {
        await dataSource.query('DELETE FROM evidence_blobs WHERE stored_path = $1', [item.storedPath]);
      } else {
        await files.remove(item.storedPath!);
      }
      const response = await staff.agent.get(downloadHref(item));
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['content-disposition']).toBeUndefined();
      expect(mainText(response.text)).toContain('The file for this evidence cannot be found');
      expect(logged.join('')).toContain(`Evidence ${item.id} (“Lost”, lost.pdf) on ${REF}: its file is missing`);
    });
  });

  describe('where files are kept', () => {
    it(
      POSTGRES ? 'keeps uploads in the database, not on disk' : 'keeps uploads on disk under DATA_DIR/uploads',
      async () => {
        const content = pdfOf(1_500_000);
        const item = await upload('Where kept', 'where kept.pdf', content);
        expect(existsSync(files.resolve(item.storedPath!))).toBe(!POSTGRES);
        expect(await storedInDatabase(item.storedPath!)).toBe(POSTGRES);
      },
    );

    it('upgrades a file an earlier version left on disk: moved into PostgreSQL, or served from disk on SQLite', async () => {
      // As an instance before this change stored it: a file under DATA_DIR/uploads that a row names.
      const content = pdfOf(2_200_000);
      const item = await upload('Stored before', 'stored before.pdf', content);
      const onDisk = await asStoredOnDiskBefore(item, content);
      // A file on disk whose bytes no longer match its row is never moved.
      const damagedContent = pdfOf(3_000);
      const damagedItem = await upload('Stored before, damaged', 'stored before damaged.pdf', damagedContent);
      const damagedOnDisk = await asStoredOnDiskBefore(damagedItem, damagedContent);
      writeFileSync(files.resolve(damagedOnDisk.storedPath), pdfOf(3_000));

      // What every start runs; twice, as two starts would.
      await maintenance.onApplicationBootstrap();
      await maintenance.onApplicationBootstrap();

      expect(existsSync(files.resolve(onDisk.storedPath))).toBe(!POSTGRES);
      expect(await storedInDatabase(onDisk.storedPath)).toBe(POSTGRES);
      const { response, received, complete } = await web.download(downloadHref(item));
      expect(response.status).toBe(200);
      expect(complete).toBe(true);
      expect(received.equals(content)).toBe(true);

      expect(existsSync(files.resolve(damagedOnDisk.storedPath))).toBe(true);
      expect(await storedInDatabase(damagedOnDisk.storedPath)).toBe(false);
      if (POSTGRES) {
        expect(logged.join('')).toContain(
          `Not moved into the database: uploads/${damagedOnDisk.storedPath} (evidence ${damagedItem.id}) does not match`,
        );
      }
      const damagedDownload = await staff.agent.get(downloadHref(damagedItem));
      expect(damagedDownload.status).toBe(POSTGRES ? 404 : 500);
      expect(damagedDownload.headers['content-type']).toMatch(/^text\/html/);
    });
  });

  describe('clean-up of DATA_DIR/uploads at start', () => {
    it('removes half-written and unreferenced files, never a referenced one, and logs what went', async () => {
      const referencedContent = pdfOf(4_000);
      const referenced = await upload('Referenced', 'referenced.pdf', referencedContent);
      const keptOnDisk = await asStoredOnDiskBefore(referenced, referencedContent);
      const orphanYoung = await files.save(pdfOf(1_000));
      const orphanOld = await files.save(pdfOf(1_000));
      const hour = new Date(Date.now() - 60 * 60_000);
      utimesSync(files.resolve(orphanOld.storedPath), hour, hour);
      const [folder, name] = orphanYoung.storedPath.split('/');
      const temporary = `${folder}/.${name.replace(/^[0-9a-f]{64}/, 'f'.repeat(64))}.tmp`;
      mkdirSync(dirname(files.resolve(temporary)), { recursive: true });
      writeFileSync(files.resolve(temporary), 'half written');
      const strangers = join(files.root, 'README.txt');
      writeFileSync(strangers, 'not the app’s');

      const info = jest.spyOn(Logger.prototype, 'log');
      // While another process may be writing: only what is old enough goes.
      const cautious = await maintenance.cleanUpUploads({ otherWriters: true });
      expect(cautious.map((entry) => entry.storedPath)).toEqual([orphanOld.storedPath]);
      expect(existsSync(files.resolve(orphanYoung.storedPath))).toBe(true);
      expect(existsSync(files.resolve(temporary))).toBe(true);

      // With no other writer: every leftover goes at once.
      const removed = await maintenance.cleanUpUploads({ otherWriters: false });
      expect(removed.map((entry) => entry.storedPath).sort()).toEqual([orphanYoung.storedPath, temporary].sort());
      expect(existsSync(files.resolve(orphanYoung.storedPath))).toBe(false);
      expect(existsSync(files.resolve(temporary))).toBe(false);
      expect(existsSync(files.resolve(keptOnDisk.storedPath))).toBe(true);
      expect(readFileSync(strangers, 'utf8')).toBe('not the app’s');
      expect(logged.join('')).toBe(''); // No error.
      const lines = info.mock.calls.map(([message]) => String(message));
      info.mockRestore();
      for (const path of [orphanOld.storedPath, orphanYoung.storedPath]) {
        expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Removed unreferenced file uploads/${path} `)));
      }
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^Removed half-written file uploads/${temporary}`)),
      );

      expect(readFileSync(files.resolve(keptOnDisk.storedPath)).equals(referencedContent)).toBe(true);
    });

    it('removes old files no evidence names from the database (PostgreSQL); on SQLite the table stays empty', async () => {
      if (!POSTGRES) {
        const [{ count }] = await dataSource.query<Array<{ count: number }>>(
          'SELECT COUNT(*) AS count FROM evidence_blobs',
        );
        expect(Number(count)).toBe(0);
        return;
      }
      const insert = (path: string, at: string) =>
        dataSource.query(
          `INSERT INTO evidence_blobs (stored_path, sha256, size_bytes, chunk_count, created_at) VALUES ($1, $2, 1, 1, $3)`,
          [path, 'a'.repeat(64), at],
        );
      await insert('aa/orphan-old', '2020-01-01T00:00:00.000Z');
      await insert('aa/orphan-young', new Date().toISOString());
      const kept = await upload('Kept in the database', 'kept.pdf', pdfOf(1_000));
      await dataSource.query(
        `UPDATE evidence_blobs SET created_at = '2020-01-01T00:00:00.000Z' WHERE stored_path = $1`,
        [kept.storedPath],
      );
      expect(await maintenance.cleanUpDatabase()).toEqual(['aa/orphan-old']);
      expect(await storedInDatabase('aa/orphan-young')).toBe(true);
      expect(await storedInDatabase(kept.storedPath!)).toBe(true);
    });
  });
});
