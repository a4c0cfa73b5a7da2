import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  newStoredPath,
  sha256Hex,
  startReading,
  StoredContentMismatchError,
  type StoredFile,
  verifyAsSent,
} from './evidence-storage';

const STORED_PATH = /^[0-9a-f]{2}\/[0-9a-f]{64}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Everything a stream gives before it ends or fails, and how it ended. */
async function drain(stream: Readable): Promise<{ received: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
    }
    return { received: Buffer.concat(chunks), error: null };
  } catch (error) {
    return { received: Buffer.concat(chunks), error };
  }
}

const recordOf = (content: Buffer): StoredFile => ({
  storedPath: newStoredPath(sha256Hex(content)),
  sha256: sha256Hex(content),
  sizeBytes: content.length,
});

const inChunks = (content: Buffer, size: number): Readable => {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < content.length; offset += size) {
    chunks.push(content.subarray(offset, offset + size));
  }
  return Readable.from(chunks);
};

describe('sha256Hex', () => {
  it('matches the standard test vector', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('newStoredPath', () => {
  it('names a file by its SHA-256 and a random UUID, in a folder of its first two hex digits', () => {
    const sha256 = sha256Hex(Buffer.from('evidence'));
    const first = newStoredPath(sha256);
    expect(first).toMatch(STORED_PATH);
    expect(first.startsWith(`${sha256.slice(0, 2)}/${sha256}-`)).toBe(true);
    expect(newStoredPath(sha256)).not.toBe(first);
  });
});

describe('verifyAsSent', () => {
  const content = Buffer.from('%PDF-1.4\n' + 'evidence line\n'.repeat(500));

  it('passes matching content through unchanged, however it is split', async () => {
    for (const size of [1, 7, 1024, content.length]) {
      const verified = verifyAsSent(recordOf(content));
      const result = drain(verified);
      await pipeline(inChunks(content, size), verified).catch(() => undefined);
      expect(await result).toEqual({ received: content, error: null });
    }
  });

  it('fails, without ever giving out the whole file, when a byte differs', async () => {
    const damaged = Buffer.from(content);
    damaged[20] ^= 0xff;
    for (const size of [100, content.length]) {
      const verified = verifyAsSent(recordOf(content));
      const result = drain(verified);
      await pipeline(inChunks(damaged, size), verified).catch(() => undefined);
      const { received, error } = await result;
      expect(error).toBeInstanceOf(StoredContentMismatchError);
      expect((error as Error).message).toContain(`${sha256Hex(content)} recorded`);
      expect(received.length).toBeLessThan(content.length);
    }
  });

  it('fails when the content is shorter or longer than recorded', async () => {
    for (const stored of [content.subarray(0, content.length - 1), Buffer.concat([content, Buffer.from('x')])]) {
      const verified = verifyAsSent(recordOf(content));
      const result = drain(verified);
      await pipeline(inChunks(stored, 256), verified).catch(() => undefined);
      const { received, error } = await result;
      expect(error).toBeInstanceOf(StoredContentMismatchError);
      expect(received.length).toBeLessThan(content.length);
    }
  });
});

describe('startReading', () => {
  it('gives the whole content, first chunk included', async () => {
    const content = Buffer.from('one two three four five');
    const { received, error } = await drain(await startReading(inChunks(content, 4)));
    expect(error).toBeNull();
    expect(received).toEqual(content);
  });

  it('gives an empty stream for empty content', async () => {
    expect(await drain(await startReading(Readable.from([])))).toEqual({ received: Buffer.alloc(0), error: null });
  });

  it('rejects when the content fails before its first chunk', async () => {
    const content = Buffer.from('%PDF-1.4 small');
    const verified = verifyAsSent({ ...recordOf(content), sha256: sha256Hex(Buffer.from('other')) });
    void pipeline(Readable.from([content]), verified).catch(() => undefined);
    await expect(startReading(verified)).rejects.toBeInstanceOf(StoredContentMismatchError);
  });

  it('ends the stored stream when the reader stops early', async () => {
    let destroyed = false;
    const source = new Readable({
      read() {
        this.push(Buffer.alloc(1024, 0x61));
      },
      destroy(error, callback) {
        destroyed = true;
        callback(error);
      },
    });
    const stream = await startReading(source);
    for await (const chunk of stream) {
      expect((chunk as Buffer).length).toBe(1024);
      break;
    }
    expect(destroyed).toBe(true);
  });
});
