import { Global, Injectable, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Request } from 'express';
import { WriteTransactions } from '../database/write-transactions';
import { Session } from './session.entity';

/** The longest confirmation kept (the column's size). */
const FLASH_MAX_LENGTH = 500;

/**
 * The confirmation of a saved form ("Status changed to In progress"), shown once, as GOV.UK's success
 * notification banner, on the page the form redirects to. It is kept in the session's row, not in the app's
 * memory, so whichever app instance serves the next page shows it; SessionMiddleware takes it for that page.
 */
@Injectable()
export class FlashMessages {
  constructor(private readonly writes: WriteTransactions) {}

  /** Keeps the confirmation for the next page this session opens (a request without a session has none). */
  async set(request: Request, message: string): Promise<void> {
    const sessionId = (request as Request & { sessionId?: string }).sessionId;
    if (!sessionId) {
      return;
    }
    await this.writes.run((manager) =>
      manager.update(Session, { id: sessionId }, { flash: message.slice(0, FLASH_MAX_LENGTH) }),
    );
  }

  /** Clears the confirmation a page has taken (unless a newer one was kept meanwhile). */
  async clear(sessionId: string, message: string): Promise<void> {
    await this.writes.run((manager) => manager.update(Session, { id: sessionId, flash: message }, { flash: null }));
  }
}

/** Whether a request is for a page that shows a confirmation: a GET of a page, not a download or the API. */
export function showsFlash(request: Request): boolean {
  return (
    request.method === 'GET' &&
    !request.path.startsWith('/api/') &&
    !/\.(csv|xlsx|pdf|docx|json)$/.test(request.path) &&
    !/\/download$/.test(request.path) &&
    !['csv', 'xlsx', 'pdf', 'docx'].some((format) => request.query.format === format)
  );
}

/** FlashMessages for every feature's controllers. */
@Global()
@Module({ imports: [TypeOrmModule.forFeature([Session])], providers: [FlashMessages], exports: [FlashMessages] })
export class FlashModule {}
