import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';

/** SHA-256 of the bytes as 64 lower-case hex characters, recorded so a stored file can be shown unaltered. */
export function sha256Hex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A new key for content with this SHA-256: "ab/ab12…-<uuid>", which no upload can choose. */
export function newStoredPath(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}-${randomUUID()}`;
}

export interface StoredFile {
  /**
   * The file's key, e.g. "ab/ab12…-<uuid>" (the first two hex digits of its SHA-256, then the SHA-256 and a
   * random UUID); what the evidence row keeps. The same key names the file under DATA_DIR/uploads (SQLite)
   * and its row in evidence_blobs (PostgreSQL), so files stored before the move to PostgreSQL keep theirs.
   */
  storedPath: string;
  sha256: string;
  sizeBytes: number;
}

/** A stored path that is not a plain relative path inside the uploads folder. */
export class UnsafeStoredPathError extends Error {
  constructor(storedPath: string) {
    super(`Refusing stored path outside the uploads folder: ${JSON.stringify(storedPath)}`);
    this.name = 'UnsafeStoredPathError';
  }
}

/** Nothing is stored under the key (a file lost from disk, or not yet moved into the database). */
export class StoredContentMissingError extends Error {
  constructor(readonly storedPath: string) {
    super(`No stored content for ${JSON.stringify(storedPath)}`);
    this.name = 'StoredContentMissingError';
  }
}

/** The stored bytes are not the ones uploaded: their SHA-256 or size differs from the evidence record's. */
export class StoredContentMismatchError extends Error {
  constructor(
    readonly storedPath: string,
    readonly detail: string,
  ) {
    super(`The stored content of ${JSON.stringify(storedPath)} does not match its record: ${detail}`);
    this.name = 'StoredContentMismatchError';
  }
}

/**
 * Where evidence files are kept. One interface, two implementations, chosen at start by the database:
 * files under DATA_DIR/uploads with SQLite (FileEvidenceStorage), and rows of the shared database with
 * PostgreSQL (DatabaseEvidenceStorage), so that every app instance on that database reads every file.
 */
export abstract class EvidenceStorage {
  /** Shown in logs: where the files are. */
  abstract readonly description: string;

  /** Stores the bytes under a new key that no upload can choose; durable once it resolves. */
  abstract save(content: Buffer): Promise<StoredFile>;

  /**
   * The stored bytes as a stream that fails (with StoredContentMismatchError) rather than give out bytes
   * that are not the recorded ones: see verifyAsSent(). Throws StoredContentMissingError when nothing is
   * stored under the key, before any byte is read.
   */
  abstract open(file: StoredFile): Promise<Readable>;

  /** Deletes a stored file, e.g. when the database transaction recording it failed. Already gone is fine. */
  abstract remove(storedPath: string): Promise<void>;
}

/**
 * A pass-through that checks the bytes going out against the recorded SHA-256 and size. It holds back the
 * latest chunk until the next arrives, and the last until the digest is known, so a reader never receives
 * the whole of a file that does not match: the stream fails with StoredContentMismatchError instead (a
 * download is then cut short, which browsers report as failed). A file of one chunk fails before a byte goes out.
 */
export function verifyAsSent(expected: StoredFile): Transform {
  const hash = createHash('sha256');
  let size = 0;
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      if (size > expected.sizeBytes) {
        callback(
          new StoredContentMismatchError(expected.storedPath, `more than the recorded ${expected.sizeBytes} bytes`),
        );
        return;
      }
      const previous = held;
      held = chunk;
      callback(null, previous ?? undefined);
    },
    flush(callback: TransformCallback) {
      if (size !== expected.sizeBytes) {
        callback(
          new StoredContentMismatchError(expected.storedPath, `${size} bytes stored, ${expected.sizeBytes} recorded`),
        );
        return;
      }
      const actual = hash.digest('hex');
      if (actual !== expected.sha256) {
        callback(
          new StoredContentMismatchError(expected.storedPath, `SHA-256 ${actual} stored, ${expected.sha256} recorded`),
        );
        return;
      }
      callback(null, held ?? undefined);
    },
  });
}

/**
 * Reads the first chunk before anything is sent, so that what fails at once (a file of one chunk that
 * does not match, storage that cannot be read) fails while a proper error page can still be sent.
 * Resolves to a stream of the whole content, that chunk included; rejects with the stream's error.
 */
export async function startReading(stream: Readable): Promise<Readable> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  async function* everything(): AsyncGenerator<Buffer> {
    try {
      if (first.done) {
        return;
      }
      yield first.value;
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          return;
        }
        yield next.value;
      }
    } finally {
      // A reader that stops early (a cancelled download) ends the stored stream too.
      await iterator.return?.();
    }
  }
  return Readable.from(everything());
}
