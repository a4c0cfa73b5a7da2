import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, IsNull, Repository } from 'typeorm';
import { DatabaseEvidenceStorage } from './database-evidence-storage';
import { Evidence } from './evidence.entity';
import { EvidenceStorage, sha256Hex, StoredContentMissingError } from './evidence-storage';
import { FileEvidenceStorage } from './file-evidence-storage';
import { planUploadsCleanUp, UNREFERENCED_FILE_MIN_AGE_MS, type UploadEntry } from './uploads-clean-up';

export interface FilesMoved {
  moved: string[];
  /** Referenced files on disk whose content does not match their SHA-256: left where they are, logged. */
  refused: string[];
}

/**
 * Keeps evidence storage tidy, at every start (before the app serves):
 * - SQLite (files): removes what a process killed while saving left in DATA_DIR/uploads, i.e. half-written
 *   .tmp files and files no evidence row references (see planUploadsCleanUp for when young ones stay).
 * - PostgreSQL (database): moves the files evidence rows reference from this instance's DATA_DIR/uploads
 *   into the database, each checked against its SHA-256 first, then removes them from disk; idempotent, so
 *   each instance moves its own files when it starts. Then removes what uploads interrupted long ago left.
 */
@Injectable()
export class EvidenceStorageMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EvidenceStorage');

  constructor(
    private readonly storage: EvidenceStorage,
    private readonly files: FileEvidenceStorage,
    private readonly database: DatabaseEvidenceStorage,
    @InjectRepository(Evidence) private readonly evidence: Repository<Evidence>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.storage === this.database) {
      await this.moveFilesIntoDatabase();
      await this.cleanUpUploads({ otherWriters: true });
      await this.cleanUpDatabase();
    } else {
      await this.files.registerWriter();
      await this.cleanUpUploads({ otherWriters: await this.files.otherWritersAlive() });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.files.unregisterWriter();
  }

  /** Removes leftovers from DATA_DIR/uploads; returns what it removed. */
  async cleanUpUploads(options: { otherWriters: boolean; nowMs?: number }): Promise<UploadEntry[]> {
    // The folder is listed before the references are read: a file renamed into place before the listing
    // was referenced by a row committed before it, which the read then sees.
    const entries = await this.files.list();
    if (entries.length === 0) {
      return [];
    }
    const referenced = new Set(await this.referencedPaths());
    const removable = planUploadsCleanUp({
      entries,
      referenced,
      nowMs: options.nowMs ?? Date.now(),
      otherWriters: options.otherWriters,
    });
    for (const entry of removable) {
      await this.files.remove(entry.storedPath);
      this.logger.log(
        `Removed ${entry.temporary ? 'half-written' : 'unreferenced'} file uploads/${entry.storedPath} ` +
          `(last written ${new Date(entry.modifiedMs).toISOString()})`,
      );
    }
    if (removable.length > 0) {
      this.logger.log(
        `Cleaned up ${this.files.root}: removed ${removable.length} file(s) left by interrupted uploads` +
          (options.otherWriters
            ? `; another process may be writing, so only files older than ${UNREFERENCED_FILE_MIN_AGE_MS / 60_000} minutes went`
            : ''),
      );
    }
    return removable;
  }

  /**
   * Moves each file an evidence row references from DATA_DIR/uploads into the database: read, checked
   * against the row's SHA-256 and size, stored in one transaction, then removed from disk. A file whose
   * content does not match stays on disk and is logged as an error; its download fails until it is restored.
   */
  async moveFilesIntoDatabase(): Promise<FilesMoved> {
    const onDisk = (await this.files.list()).filter((entry) => !entry.temporary);
    const result: FilesMoved = { moved: [], refused: [] };
    if (onDisk.length === 0) {
      return result;
    }
    const rows = await this.evidence.find({
      where: { storedPath: Not(IsNull()) },
      select: { id: true, storedPath: true, sha256: true, sizeBytes: true },
    });
    const byPath = new Map(rows.map((row) => [row.storedPath, row]));
    for (const entry of onDisk) {
      const row = byPath.get(entry.storedPath);
      if (!row || !row.sha256 || row.sizeBytes === null) {
        continue; // Not referenced: left to the clean-up.
      }
      let content: Buffer;
      try {
        content = await this.files.read(entry.storedPath);
      } catch (error) {
        if (error instanceof StoredContentMissingError) {
          continue; // Gone meanwhile (moved by another start on the same folder).
        }
        throw error;
      }
      if (sha256Hex(content) !== row.sha256 || content.length !== row.sizeBytes) {
        this.logger.error(
          `Not moved into the database: uploads/${entry.storedPath} (evidence ${row.id}) does not match its ` +
            `recorded SHA-256 ${row.sha256} and size ${row.sizeBytes}; restore it from a backup and restart`,
        );
        result.refused.push(entry.storedPath);
        continue;
      }
      await this.database.saveAs(
        { storedPath: entry.storedPath, sha256: row.sha256, sizeBytes: row.sizeBytes },
        content,
      );
      await this.files.remove(entry.storedPath);
      result.moved.push(entry.storedPath);
    }
    if (result.moved.length > 0) {
      this.logger.log(
        `Moved ${result.moved.length} evidence file(s) from ${this.files.root} into the database, each checked against its SHA-256`,
      );
    }
    return result;
  }

  /** Removes files stored in the database that no evidence row names, once old enough (see above). */
  async cleanUpDatabase(nowMs = Date.now()): Promise<string[]> {
    const cutoff = new Date(nowMs - UNREFERENCED_FILE_MIN_AGE_MS).toISOString();
    const removed = await this.database.removeUnreferenced(cutoff);
    if (removed.length > 0) {
      this.logger.log(`Removed ${removed.length} unreferenced file(s) from the database: ${removed.join(', ')}`);
    }
    return removed;
  }

  private async referencedPaths(): Promise<string[]> {
    const rows = await this.evidence.find({ where: { storedPath: Not(IsNull()) }, select: { storedPath: true } });
    return rows.map((row) => row.storedPath!);
  }
}
