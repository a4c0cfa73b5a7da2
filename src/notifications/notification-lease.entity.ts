import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A job one instance holds until it expires (the day's digests), so two instances never do it together. */
@Entity('notification_leases')
export class NotificationLease {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  holder: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 30 })
  expiresAt: string;
}
