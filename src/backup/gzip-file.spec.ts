import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GzipFormatError, gunzipFile, gzipHeaderLength } from './gzip-file';

describe('gunzipFile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'gzip-spec-'));
  const content = Buffer.concat([randomBytes(200_000), Buffer.alloc(200_000, 'minutes ')]);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Everything the file yields before it throws, and what it threw. */
  async function read(bytes: Buffer): Promise<{ out: Buffer; error: unknown }> {
    const path = join(folder, `${randomBytes(4).toString('hex')}.gz`);
    writeFileSync(path, bytes);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of gunzipFile(path)) {
        chunks.push(chunk);
      }
      return { out: Buffer.concat(chunks), error: null };
    } catch (error) {
      return { out: Buffer.concat(chunks), error };
    }
  }

  it('yields the content of a gzip file', async () => {
    await expect(read(gzipSync(content))).resolves.toEqual({ out: content, error: null });
  });

  it('yields every byte before it reports a checksum that does not match', async () => {
    const altered = gzipSync(content);
    altered[altered.length - 6] ^= 0x01; // the CRC-32 in the trailer
    const { out, error } = await read(altered);
    expect(out).toEqual(content);
    expect(error).toEqual(new GzipFormatError('its gzip checksum (CRC-32) does not match its content'));
  });

  it('never yields altered content silently', async () => {
    const compressed = gzipSync(content);
    for (const position of [0.2, 0.5, 0.8]) {
      const altered = Buffer.from(compressed);
      altered[Math.floor(altered.length * position)] ^= 0x10;
      const { out, error } = await read(altered);
      expect(error).not.toBeNull();
      expect(out.equals(content)).toBe(false);
    }
  });

  it('refuses a file that is not gzip, or is cut short', async () => {
    expect((await read(Buffer.from('PK\u0003\u0004 a zip file'))).error).toEqual(
      new GzipFormatError('it is not a gzip-compressed file'),
    );
    const compressed = gzipSync(content);
    expect((await read(compressed.subarray(0, compressed.length / 2))).error).not.toBeNull();
  });

  it('reads the optional fields of a gzip header', () => {
    const name = Buffer.from('tracker.tar\0');
    const header = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3]), name]);
    expect(gzipHeaderLength(header)).toBe(10 + name.length);
    expect(() => gzipHeaderLength(Buffer.from([0x1f, 0x8b, 8, 0x80, 0, 0, 0, 0, 0, 3]))).toThrow(
      'its gzip header is damaged',
    );
  });
});
