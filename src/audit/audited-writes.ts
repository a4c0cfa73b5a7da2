import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntityManager,
  EntityMetadata,
  EntitySubscriberInterface,
  InsertEvent,
  ObjectLiteral,
  QueryRunner,
  RemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';
import { EnvironmentVariables } from '../config/env.validation';
import { appendHeads, auditHeadsPath, type RecordedHead } from './audit-heads-file';
import { isAuditedTable, type AuditedTable } from './row-digests';

/** What one transaction wrote to one audited table. */
export interface TableWrites {
  rowIds: Set<number>;
  /** Columns the app set by updating rows (an inserted row has no earlier digest to compare). */
  updatedColumns: Set<string>;
}

interface TransactionState {
  tables: Map<AuditedTable, TableWrites>;
  /** Audit entries recorded in the transaction, for the heads file once it commits. */
  heads: RecordedHead[];
}

/**
 * Follows, per transaction, the rows of audited tables the app writes, so that the audit entry
 * recorded in the same transaction can record their digests (AuditService.record). TypeORM reports
 * every insert and every save of an entity with its row; a query-builder update reports only the
 * columns it sets, so the code making one names its rows with `wrote()` (FindingChanges does), or
 * the row is the one the audit entry names. Once a transaction commits, the heads of the audit
 * entries it recorded are appended to DATA_DIR/audit-heads.log; a rolled-back one leaves nothing.
 */
@Injectable()
export class AuditedWrites implements EntitySubscriberInterface {
  private readonly logger = new Logger('AuditChain');
  private readonly transactions = new WeakMap<QueryRunner, TransactionState>();
  readonly headsFile: string;

  constructor(@InjectDataSource() dataSource: DataSource, env: EnvironmentVariables) {
    dataSource.subscribers.push(this);
    this.headsFile = auditHeadsPath(env.DATA_DIR);
  }

  /** Names rows this transaction changed that TypeORM could not report (query-builder updates). */
  wrote(manager: EntityManager, table: AuditedTable, ids: Iterable<number>): void {
    const writes = this.tableWrites(manager.queryRunner, table);
    for (const id of ids) {
      writes?.rowIds.add(Number(id));
    }
  }

  /** The rows written so far in the manager's transaction; they are then forgotten. */
  take(manager: EntityManager): Map<AuditedTable, TableWrites> {
    const state = manager.queryRunner ? this.transactions.get(manager.queryRunner) : undefined;
    if (!state) {
      return new Map();
    }
    const tables = state.tables;
    state.tables = new Map();
    return tables;
  }

  /** Keeps an entry's head for the heads file, written once the transaction commits. */
  headRecorded(manager: EntityManager, head: RecordedHead): void {
    if (manager.queryRunner) {
      this.state(manager.queryRunner).heads.push(head);
    }
  }

  afterInsert(event: InsertEvent<ObjectLiteral>): void {
    const id = rowId(event.metadata, event.entityId) ?? rowId(event.metadata, event.entity);
    this.note(event.queryRunner, event.metadata, id, []);
  }

  afterUpdate(event: UpdateEvent<ObjectLiteral>): void {
    if (event.databaseEntity) {
      // An entity saved: TypeORM knows the row and the columns that changed.
      const id = rowId(event.metadata, event.databaseEntity) ?? rowId(event.metadata, event.entity);
      this.note(
        event.queryRunner,
        event.metadata,
        id,
        event.updatedColumns.map((column) => column.databaseName),
      );
      return;
    }
    // A query-builder update: the values it set, by property, but not which rows.
    const columns = Object.keys(event.entity ?? {}).flatMap((property) =>
      event.metadata.findColumnsWithPropertyPath(property).map((column) => column.databaseName),
    );
    this.note(event.queryRunner, event.metadata, undefined, columns);
  }

  afterRemove(event: RemoveEvent<ObjectLiteral>): void {
    const id = rowId(event.metadata, event.entityId) ?? rowId(event.metadata, event.databaseEntity);
    this.note(event.queryRunner, event.metadata, id, []);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    if (event.queryRunner.isTransactionActive) {
      return; // a savepoint released inside the transaction
    }
    const state = this.transactions.get(event.queryRunner);
    this.transactions.delete(event.queryRunner);
    if (!state) {
      return;
    }
    const uncovered = [...state.tables.entries()].filter(([, writes]) => writes.rowIds.size > 0);
    if (uncovered.length > 0) {
      this.logger.warn(
        `A change wrote rows no audit entry covers (${uncovered
          .map(([table, writes]) => `${table} ${[...writes.rowIds].join(', ')}`)
          .join('; ')}): npm run audit:verify will report them as changed outside the app`,
      );
    }
    try {
      await appendHeads(this.headsFile, state.heads);
    } catch (error) {
      // The change is committed: say so loudly, but do not turn a saved change into an error page.
      const heads = state.heads.map((head) => `#${head.id} ${head.hash}`).join(', ');
      this.logger.error(`Could not append the audit chain head ${heads} to ${this.headsFile}: ${String(error)}`);
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) {
      this.transactions.delete(event.queryRunner);
    }
  }

  private note(queryRunner: QueryRunner, metadata: EntityMetadata, id: number | undefined, columns: string[]): void {
    if (!isAuditedTable(metadata.tableName)) {
      return;
    }
    const writes = this.tableWrites(queryRunner, metadata.tableName);
    if (!writes) {
      return;
    }
    if (id !== undefined) {
      writes.rowIds.add(id);
    }
    for (const column of columns) {
      writes.updatedColumns.add(column);
    }
  }

  private tableWrites(queryRunner: QueryRunner | undefined, table: AuditedTable): TableWrites | undefined {
    if (!queryRunner?.isTransactionActive) {
      return undefined; // outside a transaction no audit entry can cover the write
    }
    const state = this.state(queryRunner);
    let writes = state.tables.get(table);
    if (!writes) {
      writes = { rowIds: new Set(), updatedColumns: new Set() };
      state.tables.set(table, writes);
    }
    return writes;
  }

  private state(queryRunner: QueryRunner): TransactionState {
    let state = this.transactions.get(queryRunner);
    if (!state) {
      state = { tables: new Map(), heads: [] };
      this.transactions.set(queryRunner, state);
    }
    return state;
  }
}

/** The integer primary key of a row, from an entity, an id map or the id itself, when it has one. */
function rowId(metadata: EntityMetadata, value: unknown): number | undefined {
  const primary = metadata.primaryColumns[0];
  if (value === null || value === undefined || !primary || metadata.primaryColumns.length !== 1) {
    return undefined;
  }
  const id: unknown = typeof value === 'object' ? primary.getEntityValue(value) : value;
  return typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)) ? Number(id) : undefined;
}
