import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { pipeline, Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { nowIso } from '../common/dates';
import {
  EvidenceStorage,
  newStoredPath,
  sha256Hex,
  StoredContentMismatchError,
  StoredContentMissingError,
  type StoredFile,
  verifyAsSent,
} from './evidence-storage';

/** Content is kept in rows of at most 1 MB, so that no file is ever one giant value to write or read. */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

/**
 * Keeps evidence files in the database (tables evidence_blobs and evidence_blob_chunks), so every app
 * instance sharing a PostgreSQL database reads every file. A file is written in one transaction, all of
 * it or none, and read back one chunk at a time as the download goes out. Used with PostgreSQL only;
 * the SQL is PostgreSQL's ($1 placeholders, ON CONFLICT).
 */
@Injectable()
export class DatabaseEvidenceStorage extends EvidenceStorage {
  readonly description = 'the database (evidence_blobs)';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async save(content: Buffer): Promise<StoredFile> {
    const sha256 = sha256Hex(content);
    const file = { storedPath: newStoredPath(sha256), sha256, sizeBytes: content.length };
    await this.dataSource.transaction((manager) => this.insert(manager, file, content));
    return file;
  }

  /**
   * Stores a file under the key it already has (a file moved in from DATA_DIR/uploads); false when that
   * key is stored already (moved before, e.g. by a start that stopped before removing the file on disk).
   */
  async saveAs(file: StoredFile, content: Buffer): Promise<boolean> {
    if (sha256Hex(content) !== file.sha256 || content.length !== file.sizeBytes) {
      throw new StoredContentMismatchError(file.storedPath, 'refusing to store content that differs from its record');
    }
    return this.dataSource.transaction((manager) => this.insert(manager, file, content));
  }

  async open(file: StoredFile): Promise<Readable> {
    const rows: Array<{ chunk_count: number }> = await this.dataSource.query(
      'SELECT chunk_count FROM evidence_blobs WHERE stored_path = $1',
      [file.storedPath],
    );
    if (rows.length === 0) {
      throw new StoredContentMissingError(file.storedPath);
    }
    const chunkCount = rows[0].chunk_count;
    const verified = verifyAsSent(file);
    pipeline(Readable.from(this.chunks(file.storedPath, chunkCount)), verified, () => undefined);
    return verified;
  }

  async remove(storedPath: string): Promise<void> {
    // Its chunks go with it (ON DELETE CASCADE).
    await this.dataSource.query('DELETE FROM evidence_blobs WHERE stored_path = $1', [storedPath]);
  }

  /**
   * Removes stored files that no evidence row names and that were stored before the cutoff (an upload is
   * stored a moment before the row naming it is committed, maybe by another instance). Returns their keys.
   */
  async removeUnreferenced(storedBefore: string): Promise<string[]> {
    const [rows] = await this.dataSource.query<[Array<{ stored_path: string }>, number]>(
      `DELETE FROM evidence_blobs AS blob
        WHERE blob.created_at < $1
          AND NOT EXISTS (SELECT 1 FROM evidence WHERE evidence.stored_path = blob.stored_path)
        RETURNING blob.stored_path`,
      [storedBefore],
    );
    return rows.map((row) => row.stored_path);
  }

  private async insert(manager: EntityManager, file: StoredFile, content: Buffer): Promise<boolean> {
    const chunkCount = Math.ceil(content.length / BLOB_CHUNK_BYTES);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO evidence_blobs (stored_path, sha256, size_bytes, chunk_count, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (stored_path) DO NOTHING RETURNING stored_path`,
      [file.storedPath, file.sha256, file.sizeBytes, chunkCount, nowIso()],
    );
    if (inserted.length === 0) {
      return false;
    }
    for (let index = 0; index < chunkCount; index += 1) {
      await manager.query('INSERT INTO evidence_blob_chunks (stored_path, chunk_index, content) VALUES ($1, $2, $3)', [
        file.storedPath,
        index,
        content.subarray(index * BLOB_CHUNK_BYTES, (index + 1) * BLOB_CHUNK_BYTES),
      ]);
    }
    return true;
  }

  /** The chunks in order, each read when the download is ready for it. */
  private async *chunks(storedPath: string, chunkCount: number): AsyncGenerator<Buffer> {
    for (let index = 0; index < chunkCount; index += 1) {
      const rows: Array<{ content: Buffer }> = await this.dataSource.query(
        'SELECT content FROM evidence_blob_chunks WHERE stored_path = $1 AND chunk_index = $2',
        [storedPath, index],
      );
      if (rows.length === 0) {
        throw new StoredContentMismatchError(storedPath, `part ${index + 1} of ${chunkCount} is missing`);
      }
      yield rows[0].content;
    }
  }
}
