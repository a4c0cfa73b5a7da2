import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sectionText } from '../utils/page-text';
import { WebSession } from '../utils/web-session';
import { type AppProcess, scratchFolder, scratchPostgresDatabase, startAppProcess } from './app-process';

const REF = 'DER-2025-AFI-05';
const STAFF = { username: 'ffion.staff', password: 'a long reliability passphrase' };
/** The administrator made at first start (named here: the suite's shared password contains "admin"). */
const ADMIN = { ADMIN_USER: 'chief', ADMIN_PASSWORD: 'correct horse battery staple reliably' };
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** A PDF-looking file of the given size, different every time. */
function pdfOf(bytes: number): Buffer {
  const content = randomBytes(bytes);
  content.write('%PDF-1.4\n', 0, 'latin1');
  return content;
}

/** Every file under a folder (relative paths); none when it does not exist. */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) {
    return [];
  }
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('Evidence files on two app instances sharing one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof scratchPostgresDatabase>> | undefined;
  const folders = [scratchFolder('evidence-first'), scratchFolder('evidence-second')];
  const instances: AppProcess[] = [];

  // One start per hook (each hook has the whole timeout: a start can take most of a minute on a loaded
  // machine), one after the other: the first runs the migrations and loads the default data.
  beforeAll(async () => {
    database = await scratchPostgresDatabase('evidence_instances');
    instances.push(await startAppProcess({ DATA_DIR: folders[0].path, DATABASE_URL: database.url, ...ADMIN }));
    const admin = new WebSession(instances[0].url);
    await admin.signIn(ADMIN.ADMIN_USER, ADMIN.ADMIN_PASSWORD);
    const created = await admin.submit('/users/new', '/users', {
      username: STAFF.username,
      displayName: 'Ffion Staff',
      role: 'force_staff',
      forceCode: 'DER',
      team: '',
      password: STAFF.password,
    });
    expect(created.status).toBe(303);
  });

  beforeAll(async () => {
    instances.push(await startAppProcess({ DATA_DIR: folders[1].path, DATABASE_URL: database!.url, ...ADMIN }));
  });

  afterAll(async () => {
    for (const instance of instances) {
      await instance.stop();
    }
    await database?.drop();
    for (const folder of folders) {
      folder.remove();
    }
  });

  it('downloads a file byte-identical through the instance it was not uploaded through, both ways', async () => {
    const [first, second] = await Promise.all(
      instances.map(async (instance) => {
        const session = new WebSession(instance.url);
        await session.signIn(STAFF.username, STAFF.password);
        return session;
      }),
    );
    const uploads = [
      { through: first, readBy: second, title: 'Plan uploaded to the first', name: 'Cynllun gweithredu ŵŷ.pdf' },
      { through: second, readBy: first, title: 'Plan uploaded to the second', name: 'Second plan.pdf' },
    ].map((upload, index) => ({ ...upload, content: pdfOf(index === 0 ? 3_300_000 : 70_000) }));

    for (const upload of uploads) {
      const response = await upload.through.uploadEvidence(
        REF,
        { kind: 'file', title: upload.title },
        { content: upload.content, name: upload.name, type: 'application/pdf' },
      );
      expect(response.status).toBe(303);
    }

    for (const upload of uploads) {
      const page = await upload.readBy.page(`/findings/${REF}`);
      const evidence = sectionText(page, 'evidence');
      expect(evidence).toContain(upload.title);
      expect(evidence).toContain(`Download ${upload.name}`);
      expect(evidence).toContain(`SHA-256 ${sha256(upload.content)}`);
      const href = new RegExp(`href="(/findings/${REF}/evidence/\\d+/download)">Download ${upload.name}<`).exec(
        page,
      )![1];
      const { response, received, complete } = await upload.readBy.download(href);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent(upload.name)}`,
      );
      expect(complete).toBe(true);
      expect(received.length).toBe(upload.content.length);
      expect(received.equals(upload.content)).toBe(true);
    }

    // The files live in the database, not in either instance's DATA_DIR.
    for (const folder of folders) {
      expect(filesUnder(join(folder.path, 'uploads'))).toEqual([]);
    }
  });
});
