import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Force } from '../reports/force.entity';
import type { ColumnMapping } from './tracker-columns';
import type { MatchDecision } from './tracker-plan';

export const TRACKER_UPLOAD_STATUSES = {
  ready: 'Awaiting commit',
  committed: 'Committed',
} as const;
export type TrackerUploadStatus = keyof typeof TRACKER_UPLOAD_STATUSES;

/**
 * A force's tracker spreadsheet between its upload and its commit: the file itself (kept here, not in a process,
 * so any instance of the app serves the next step), the sheet, header row and column mapping chosen, and the
 * matches confirmed. Once committed, what it changed.
 */
@Entity('tracker_uploads')
@Index('idx_tracker_uploads_force_created', ['forceId', 'createdAt'])
export class TrackerUpload {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'force_id', type: 'integer' })
  forceId: number;

  @ManyToOne(() => Force)
  @JoinColumn({ name: 'force_id' })
  force: Force;

  @Column({ name: 'file_name', type: 'varchar', length: 300 })
  fileName: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  /** The file's bytes, base64 (a portable column type; the upload is limited in size). */
  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'sheet_name', type: 'varchar', length: 200 })
  sheetName: string;

  /** The row (1-based) holding the headers. */
  @Column({ name: 'header_row', type: 'integer' })
  headerRow: number;

  @Column({ type: 'simple-json' })
  mapping: ColumnMapping;

  /** The reviewer's answers for near matches, by spreadsheet row number. */
  @Column({ type: 'simple-json' })
  decisions: Record<number, MatchDecision>;

  @Column({ type: 'varchar', length: 20 })
  status: TrackerUploadStatus;

  /** Once committed: what it did ("3 created, 2 updated, 1 refused"). */
  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'committed_by', type: 'varchar', length: 100, nullable: true })
  committedBy: string | null;

  @Column({ name: 'committed_at', type: 'varchar', length: 30, nullable: true })
  committedAt: string | null;
}
