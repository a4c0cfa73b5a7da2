import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ImportProposal } from './extraction/import-types';
import { Report } from '../reports/report.entity';
import type { ImportReview } from './import-review';

export const IMPORT_STATUSES = {
  ready: 'Awaiting review',
  committed: 'Committed',
  discarded: 'Discarded',
} as const;
export type ImportStatus = keyof typeof IMPORT_STATUSES;

/**
 * One uploaded report document on its way into the tracker: the extractor's proposal, the
 * reviewer's decisions on it, and, once committed, the report it became. The document is known by
 * the SHA-256 of its bytes, so the same file is never imported twice.
 */
@Entity('report_imports')
export class ReportImport {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'content_hash', type: 'varchar', length: 64, unique: true })
  contentHash: string;

  @Column({ name: 'file_name', type: 'varchar', length: 300 })
  fileName: string;

  /** pdf, html or text: how the document was read. */
  @Column({ type: 'varchar', length: 10 })
  format: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Index('idx_report_imports_status')
  @Column({ type: 'varchar', length: 20 })
  status: ImportStatus;

  /** The document's text as the extractor read it, to show each item's source passage. */
  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'simple-json' })
  proposal: ImportProposal;

  @Column({ type: 'simple-json' })
  review: ImportReview;

  @Column({ name: 'report_id', type: 'integer', nullable: true })
  reportId: number | null;

  @ManyToOne(() => Report, { nullable: true })
  @JoinColumn({ name: 'report_id' })
  report: Report | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy: string;

  @Index('idx_report_imports_created')
  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'committed_by', type: 'varchar', length: 100, nullable: true })
  committedBy: string | null;

  @Column({ name: 'committed_at', type: 'varchar', length: 30, nullable: true })
  committedAt: string | null;
}
