import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Force } from '../reports/force.entity';
import type { DigestCadence, EmailDetail } from './digest-schedule';

/**
 * An organisation's choices for its people's notifications (no row: daily at DIGEST_HOUR, with titles): how often
 * and when the digest goes, and whether emails may carry the items' titles or their references only.
 */
@Entity('organisation_notification_settings')
export class OrganisationNotificationSettings {
  @PrimaryColumn({ name: 'force_id', type: 'integer' })
  forceId: number;

  @OneToOne(() => Force, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'force_id' })
  force: Force;

  @Column({ type: 'varchar', length: 10 })
  cadence: DigestCadence;

  /** ISO weekday of a weekly digest (1 Monday … 7 Sunday); null for daily. */
  @Column({ type: 'integer', nullable: true })
  weekday: number | null;

  /** The hour of the UK day, 0 to 23. */
  @Column({ type: 'integer' })
  hour: number;

  @Column({ name: 'email_detail', type: 'varchar', length: 20 })
  emailDetail: EmailDetail;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;

  @Column({ name: 'updated_by', type: 'varchar', length: 100 })
  updatedBy: string;
}
