import { Injectable } from '@nestjs/common';
import { WriteTransactions } from '../database/write-transactions';
import { NotificationLease } from './notification-lease.entity';
import { NotificationSetting } from './notification-setting.entity';

/**
 * Leases on jobs that one instance at a time may do (building the day's digests): a row per job naming its holder
 * and when the lease ends. Taking one is a conditional UPDATE (free, expired, or already ours), which PostgreSQL
 * serialises on the row, so of two instances asking together exactly one gets it; a holder that dies loses it when it
 * expires. Also the markers of jobs done (`done`/`markDone`), kept in notification_settings.
 */
@Injectable()
export class NotificationLeases {
  constructor(private readonly writes: WriteTransactions) {}

  /** Takes the lease for `holder` until `now + ttlMs`; false when another holder has it. */
  acquire(name: string, holder: string, ttlMs: number, now: Date = new Date()): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    return this.writes.run(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(NotificationLease)
        .values({ name, holder, expiresAt })
        .orIgnore()
        .execute();
      await manager
        .createQueryBuilder()
        .update(NotificationLease)
        .set({ holder, expiresAt })
        .where('name = :name AND (holder = :holder OR expires_at < :now)', { name, holder, now: now.toISOString() })
        .execute();
      const lease = await manager.findOneByOrFail(NotificationLease, { name });
      return lease.holder === holder;
    });
  }

  async release(name: string, holder: string): Promise<void> {
    await this.writes.run((manager) => manager.delete(NotificationLease, { name, holder }));
  }

  /** The value of a job's marker (e.g. the last day whose digests were built), or null. */
  async done(name: string): Promise<string | null> {
    return this.writes.run(async (manager) => (await manager.findOneBy(NotificationSetting, { name }))?.value ?? null);
  }

  /** The values of every marker whose name starts with `prefix`, by name (one query). */
  async doneWithPrefix(prefix: string): Promise<Map<string, string>> {
    const rows = await this.writes.run((manager) =>
      manager
        .createQueryBuilder(NotificationSetting, 'setting')
        .where('setting.name LIKE :prefix', { prefix: `${prefix}%` })
        .getMany(),
    );
    return new Map(rows.map((row) => [row.name, row.value]));
  }

  async markDone(name: string, value: string): Promise<void> {
    await this.writes.run((manager) => manager.save(NotificationSetting, { name, value }));
  }
}
