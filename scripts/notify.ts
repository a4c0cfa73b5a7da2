/**
 * Notifications from the command line:
 *   npm run notify -- digest           build the digests due now (each organisation's, at its time, once) and send them
 *   npm run notify -- digest --now     build today's digests at once, whatever the hour (still once per person a day)
 *   npm run notify -- digest --now --all   and give a digest to people with nothing to report too
 *   npm run notify -- send             send the emails waiting in the outbox whose time has come
 *   npm run notify -- queue            list the email outbox (status, attempts, recipient, subject, last error)
 * With SMTP_URL set, what is queued is sent before the command ends; without it, people are told in the app only.
 */
import 'reflect-metadata';
import { createCommandLineContext } from '../src/command-line/command-line-context';
import { NotificationDigestsModule } from '../src/notification-digests/notification-digests.module';
import { NotificationDigests } from '../src/notification-digests/notification-digests.service';
import { NotificationSender } from '../src/notifications/notification-sender';
import { NotificationsModule } from '../src/notifications/notifications.module';
import { Notifications } from '../src/notifications/notifications.service';

const USAGE = `Usage:
  npm run notify -- digest [--now] [--all]
  npm run notify -- send
  npm run notify -- queue`;

async function main(): Promise<number> {
  const [command, ...flags] = process.argv.slice(2);
  const unknown = flags.filter((flag) => !['--now', '--all'].includes(flag));
  if (
    (command !== 'digest' && command !== 'send' && command !== 'queue') ||
    unknown.length > 0 ||
    (command !== 'digest' && flags.length > 0)
  ) {
    console.error(USAGE);
    return 2;
  }
  const app = await createCommandLineContext(NotificationsModule, NotificationDigestsModule);
  try {
    const notifications = app.get(Notifications);
    if (command === 'digest') {
      const run = await app
        .get(NotificationDigests)
        .runIfDue(new Date(), { now: flags.includes('--now'), all: flags.includes('--all') });
      console.log(
        run.built
          ? `Digests for ${run.day}: ${run.told} ${run.told === 1 ? 'person' : 'people'} told.`
          : `No digests built for ${run.day}: none due yet, already built, or another instance is building them.`,
      );
      if (notifications.emailEnabled) {
        const sent = await app.get(NotificationSender).sendDue();
        console.log(`Emails sent: ${sent.sent}; to try again later: ${sent.retrying}; failed: ${sent.failed}.`);
      } else {
        console.log('No SMTP_URL: people are told in the app only.');
      }
      return 0;
    }
    if (command === 'send') {
      if (!notifications.emailEnabled) {
        console.log('No SMTP_URL: people are told in the app only.');
        return 0;
      }
      const sent = await app.get(NotificationSender).sendDue();
      console.log(`Emails sent: ${sent.sent}; to try again later: ${sent.retrying}; failed: ${sent.failed}.`);
      return 0;
    }
    const { counts, messages } = await notifications.outbox();
    console.log(`Waiting: ${counts.queued ?? 0}. Sent: ${counts.sent ?? 0}. Failed: ${counts.failed ?? 0}.`);
    for (const message of messages) {
      console.log(
        [
          `#${message.id}`,
          message.status,
          `attempts ${message.attempts}`,
          message.recipient,
          message.subject,
          message.status === 'sent' ? `sent ${message.sentAt}` : `next ${message.nextAttemptAt}`,
          message.lastError ?? '',
        ]
          .filter(Boolean)
          .join('\t'),
      );
    }
    if (!notifications.emailEnabled) {
      console.log('No SMTP_URL: people are told in the app only.');
    }
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
