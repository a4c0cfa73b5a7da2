import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import type { TrackerRequest } from '../auth/session.middleware';
import { Notifications } from './notifications.service';

/** What Express's `response.render` takes: the view, its values, and (rarely) a callback. */
type RenderArguments = [view: string, options?: object, callback?: (error: Error, html: string) => void];

/**
 * Gives the layout the signed-in person's unread count (`unreadNotifications`, shown in the header) when a page is
 * rendered, and only then: one COUNT on the (user_id, read_at) index per page, none for the JSON API, downloads or
 * redirects. Runs after the SessionMiddleware, which attaches the user.
 */
@Injectable()
export class UnreadNotificationsMiddleware implements NestMiddleware {
  private readonly logger = new Logger(UnreadNotificationsMiddleware.name);

  constructor(private readonly notifications: Notifications) {}

  use(request: TrackerRequest, response: Response, next: NextFunction): void {
    const user = request.user;
    if (user && !request.apiToken) {
      // Express's own render, kept before it is replaced below and called on this response.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const expressRender = response.render;
      const render = (...args: RenderArguments): void => {
        Reflect.apply(expressRender, response, args);
      };
      response.render = (...args: RenderArguments) => {
        this.notifications.unreadCount(user.id).then(
          (count) => {
            response.locals.unreadNotifications = count;
            render(...args);
          },
          (error: unknown) => {
            // A page is still shown without its count.
            this.logger.error(`Counting unread notifications failed: ${String(error)}`);
            render(...args);
          },
        );
      };
    }
    next();
  }
}
