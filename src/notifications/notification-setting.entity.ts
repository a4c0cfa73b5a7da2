import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A value the notifications keep in the database, shared by every instance (the unsubscribe links' secret). */
@Entity('notification_settings')
export class NotificationSetting {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text' })
  value: string;
}
