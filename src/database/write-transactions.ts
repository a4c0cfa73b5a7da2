import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a change in one transaction. On SQLite, TypeORM uses one connection, so transactions of
 * concurrent requests would interleave between awaits; write transactions are therefore
 * serialised through one async queue. PostgreSQL has a connection per transaction and needs no queue.
 */
@Injectable()
export class WriteTransactions {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isPostgres) {
      return this.dataSource.transaction(work);
    }
    const result = this.queue.then(() => this.dataSource.transaction(work));
    // The queue goes on whether this change succeeds or fails.
    this.queue = result.catch(() => undefined);
    return result;
  }
}
