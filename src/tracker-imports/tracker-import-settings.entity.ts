import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Force } from '../reports/force.entity';
import type { TrackerField } from './tracker-columns';
import type { StatusWords } from './tracker-status';

/**
 * What an organisation's tracker spreadsheets mean, remembered from its last import: the header each field is read
 * from, and its own status words (over the defaults).
 */
@Entity('tracker_import_settings')
export class TrackerImportSettings {
  @PrimaryColumn({ name: 'force_id', type: 'integer' })
  forceId: number;

  @OneToOne(() => Force)
  @JoinColumn({ name: 'force_id' })
  force: Force;

  /** Field → the header text it was read from. */
  @Column({ name: 'column_headers', type: 'simple-json' })
  columnHeaders: Partial<Record<TrackerField, string>>;

  /** The organisation's status table, whole (defaults included, as last saved). */
  @Column({ name: 'status_words', type: 'simple-json' })
  statusWords: StatusWords;

  @Column({ name: 'updated_by', type: 'varchar', length: 100 })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}
