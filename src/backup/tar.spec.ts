import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { MemberSizeError, paxRecord, parsePaxRecords, readTar, TarFormatError, TarWriter } from './tar';

const LONG_PATH = `uploads/ab/${'ab'.repeat(32)}-123e4567-e89b-12d3-a456-426614174000`;

/** A tar written by TarWriter, as one buffer. */
async function tarOf(members: Array<[string, Buffer]>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = new TarWriter(output, new Date('2026-05-15T10:30:00Z'));
  for (const [path, content] of members) {
    await writer.addBuffer(path, content);
  }
  await writer.finish();
  output.end();
  return Buffer.concat(chunks);
}

async function membersOf(tar: Buffer, chunkSize = 1000): Promise<Array<[string, Buffer]>> {
  const chunks = Array.from({ length: Math.ceil(tar.length / chunkSize) }, (_, index) =>
    tar.subarray(index * chunkSize, (index + 1) * chunkSize),
  );
  const members: Array<[string, Buffer]> = [];
  for await (const member of readTar(Readable.from(chunks))) {
    const parts: Buffer[] = [];
    for await (const chunk of member.body) {
      parts.push(chunk);
    }
    members.push([member.path, Buffer.concat(parts)]);
  }
  return members;
}

describe('tar', () => {
  const members: Array<[string, Buffer]> = [
    ['database/tracker.sqlite', randomBytes(300_000)],
    [LONG_PATH, Buffer.from('minutes of the board\n')],
    ['uploads/cd/empty', Buffer.alloc(0)],
    ['manifest.json', Buffer.from('{"format":"x"}')],
  ];

  it('reads back every member it wrote, long paths (pax) included, whatever the chunking', async () => {
    const tar = await tarOf(members);
    expect(tar.length % 512).toBe(0);
    await expect(membersOf(tar)).resolves.toEqual(members);
    await expect(membersOf(tar, 7)).resolves.toEqual(members);
  });

  it('returns each member’s SHA-256 and size as written', async () => {
    const writer = new TarWriter(new PassThrough().resume());
    await expect(writer.addBuffer('manifest.json', Buffer.from('abc'))).resolves.toEqual({
      path: 'manifest.json',
      size: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('writes archives GNU tar lists and extracts', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tar-spec-'));
    try {
      const file = join(folder, 'backup.tar.gz');
      writeFileSync(file, gzipSync(await tarOf(members)));
      expect(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(
        members.map(([path]) => path),
      );
      expect(execFileSync('tar', ['-xzOf', file, LONG_PATH], { encoding: 'utf8' })).toBe('minutes of the board\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a source that yields more or fewer bytes than announced (a file changed while archived)', async () => {
    const writer = new TarWriter(new PassThrough().resume());
    await expect(writer.addFile('uploads/ab/x', 5, [Buffer.from('abc')])).rejects.toThrow(MemberSizeError);
    await expect(writer.addFile('uploads/ab/y', 2, [Buffer.from('abc')])).rejects.toThrow(
      'uploads/ab/y changed while it was being archived (expected 2 bytes, but it grew)',
    );
  });

  it('names the member after which a header is damaged', async () => {
    const tar = await tarOf(members.slice(0, 2));
    // The second member's pax header starts after the first's header and 300,000 bytes of data.
    tar[512 + 300_032 + 10] ^= 0xff;
    await expect(membersOf(tar)).rejects.toThrow(
      new TarFormatError('the header after database/tracker.sqlite is damaged (its checksum does not match)'),
    );
  });

  it('refuses an archive cut short, or one with data after its end', async () => {
    const tar = await tarOf(members.slice(0, 1));
    await expect(membersOf(tar.subarray(0, 10_000))).rejects.toThrow(
      'the archive is cut short in database/tracker.sqlite',
    );
    await expect(membersOf(tar.subarray(0, tar.length - 1024))).rejects.toThrow(
      'the archive is cut short: its end marker is missing after database/tracker.sqlite',
    );
    await expect(membersOf(Buffer.concat([tar, Buffer.from('extra')]))).rejects.toThrow(
      'there is data after the end of the archive',
    );
  });

  it('refuses anything but a regular file', async () => {
    const tar = await tarOf([['uploads/ab/link', Buffer.alloc(0)]]);
    tar[156] = '2'.charCodeAt(0); // a symbolic link
    let sum = 0;
    tar.fill(' ', 148, 156);
    for (let index = 0; index < 512; index += 1) {
      sum += tar[index];
    }
    tar.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
    await expect(membersOf(tar)).rejects.toThrow('uploads/ab/link is not a regular file (tar entry type "2")');
  });

  it('counts a pax record’s own length, across a change in the number of digits', () => {
    for (const value of ['a', 'a'.repeat(88), 'a'.repeat(89), 'a'.repeat(90), 'a'.repeat(990)]) {
      const record = paxRecord('path', value);
      expect(Buffer.byteLength(record)).toBe(Number(record.split(' ')[0]));
      expect(parsePaxRecords(Buffer.from(record))).toEqual({ path: value });
    }
  });
});
