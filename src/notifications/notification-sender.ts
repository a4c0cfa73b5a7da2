import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { EnvironmentVariables } from '../config/env.validation';
import { WriteTransactions } from '../database/write-transactions';
import { OutboxMessage } from './outbox-message.entity';
import { describeSendError, nextAttemptAfterFailure } from './outbox-retry';

/** How often the sender looks at the outbox. */
const SEND_INTERVAL_MS = 30_000;
/** Messages taken in one run, at most (the next run takes the rest). */
const RUN_LIMIT = 200;
/** How long a message taken by a sender on SQLite is its own before another process may take it again. */
const CLAIM_MS = 5 * 60_000;

export interface SendRun {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the outbox by SMTP (nodemailer), when SMTP_URL is set: every 30 seconds (an unref'd timer, stopped when the
 * app stops), or when asked (`sendDue()`, the command line, the tests). Each message is taken in a transaction of its
 * own: on PostgreSQL with `SELECT … FOR UPDATE SKIP LOCKED`, so of several instances exactly one takes it, and its
 * result is recorded in the same transaction; on SQLite a message is claimed before it is sent (its next attempt
 * moved on by `CLAIM_MS`, only if it is still due), so the command line beside the app never sends it too. A refusal
 * or a server that is down leaves the message queued for a later attempt (backoff: `outbox-retry.ts`); a sent message
 * is marked sent and never taken again. A sender that dies after the mail server accepted a message and before its
 * result is recorded sends it again later: delivery is at least once, and once in every other case.
 */
@Injectable()
export class NotificationSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationSender.name);
  private timer: NodeJS.Timeout | null = null;
  private transport: Transporter | null = null;
  private runs: Promise<unknown> = Promise.resolve();
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: EnvironmentVariables,
    private readonly writes: WriteTransactions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.SMTP_URL === undefined) {
      return;
    }
    this.timer = setInterval(() => {
      // A run still going (a slow or unanswering mail server) is not joined by another.
      if (this.running) {
        return;
      }
      this.sendDue().catch((error: unknown) =>
        this.logger.error(`Sending the outbox failed: ${describeSendError(error)}`),
      );
    }, SEND_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    await this.runs.catch(() => undefined);
    this.transport?.close();
    this.transport = null;
  }

  /** Sends the messages due at `now` (one run at a time in this instance: a second call waits for the first). */
  sendDue(now: Date = new Date()): Promise<SendRun> {
    const run = this.runs
      .catch(() => undefined)
      .then(async () => {
        this.running = true;
        try {
          return await this.run(now);
        } finally {
          this.running = false;
        }
      });
    this.runs = run;
    return run;
  }

  private async run(now: Date): Promise<SendRun> {
    const result: SendRun = { sent: 0, retrying: 0, failed: 0 };
    if (this.env.SMTP_URL === undefined) {
      return result;
    }
    const due = now.toISOString();
    if (this.writes.isPostgres) {
      for (let taken = 0; taken < RUN_LIMIT; taken += 1) {
        const outcome = await this.dataSource.transaction(async (manager) => {
          const rows = await manager.query<Array<{ id: number }>>(
            `SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= $1
             ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
            [due],
          );
          if (rows.length === 0) {
            return null;
          }
          const message = await manager.findOneByOrFail(OutboxMessage, { id: rows[0].id });
          return this.record(manager, message, await this.attempt(message), now);
        });
        if (outcome === null) {
          break;
        }
        result[outcome] += 1;
      }
      return result;
    }
    const messages = await this.dataSource.getRepository(OutboxMessage).find({
      where: { status: 'queued', nextAttemptAt: LessThanOrEqual(due) },
      order: { nextAttemptAt: 'ASC', id: 'ASC' },
      take: RUN_LIMIT,
    });
    for (const message of messages) {
      const claimed = await this.writes.run((manager) =>
        manager.update(
          OutboxMessage,
          { id: message.id, status: 'queued', nextAttemptAt: LessThanOrEqual(due) },
          { nextAttemptAt: new Date(now.getTime() + CLAIM_MS).toISOString() },
        ),
      );
      if (claimed.affected !== 1) {
        // Taken by another process on this database since it was read, or changed (sent, unsubscribed).
        continue;
      }
      const error = await this.attempt(message);
      result[await this.writes.run((manager) => this.record(manager, message, error, now))] += 1;
    }
    return result;
  }

  /** Hands the message to the mail server; the error when it was not accepted, null when it was. */
  private async attempt(message: OutboxMessage): Promise<unknown> {
    try {
      await this.mailer().sendMail({
        from: this.env.MAIL_FROM,
        to: message.recipient,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody,
      });
      return null;
    } catch (error) {
      return error ?? new Error('The mail server did not accept the message');
    }
  }

  private async record(
    manager: EntityManager,
    message: OutboxMessage,
    error: unknown,
    now: Date,
  ): Promise<keyof SendRun> {
    const attempts = message.attempts + 1;
    if (error === null) {
      await manager.update(OutboxMessage, { id: message.id }, { status: 'sent', attempts, sentAt: now.toISOString() });
      return 'sent';
    }
    const next = nextAttemptAfterFailure(attempts, now);
    const lastError = describeSendError(error);
    this.logger.warn(`Email #${message.id} not sent (attempt ${attempts}): ${lastError}`);
    await manager.update(
      OutboxMessage,
      { id: message.id },
      next ? { attempts, lastError, nextAttemptAt: next.toISOString() } : { attempts, lastError, status: 'failed' },
    );
    return next ? 'retrying' : 'failed';
  }

  private mailer(): Transporter {
    this.transport ??= createTransport({
      url: this.env.SMTP_URL,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
    return this.transport;
  }
}
