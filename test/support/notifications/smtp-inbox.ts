import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One message as the mail server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
}

/**
 * A real SMTP server for the tests (the smtp-server package, on a free port), keeping each message it accepts.
 * `refuse` makes it answer every sender with a temporary failure (451), as a busy or broken server does.
 */
export class SmtpInbox {
  readonly messages: ReceivedMail[] = [];
  refuse = false;
  refusals = 0;
  /**
   * When set, each message is kept waiting for the server's answer until messages from this many different senders
   * (MAIL FROM) have arrived: a sender whose message waits holds it, so the others must take part. The senders' socket
   * timeouts must outlast the wait.
   */
  holdUntilSenders = 0;
  private held: Array<() => void> = [];
  private readonly server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom: (_address, _session, callback) => {
        if (this.refuse) {
          this.refusals += 1;
          const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
          return callback(error);
        }
        return callback();
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const from = session.envelope.mailFrom;
          this.messages.push({
            from: from ? from.address : '',
            to: session.envelope.rcptTo.map((address) => address.address),
            raw,
            subject: decodedSubject(raw),
          });
          this.held.push(() => callback());
          if (new Set(this.messages.map((message) => message.from)).size >= this.holdUntilSenders) {
            this.releaseHeld();
          }
        });
      },
    });
  }

  /** Starts listening on a free port of this machine; resolves to the SMTP_URL for the app. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const { port } = this.server.server.address() as AddressInfo;
        resolve(`smtp://127.0.0.1:${port}`);
      });
    });
  }

  close(): Promise<void> {
    this.releaseHeld();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Answers every message kept waiting. */
  private releaseHeld(): void {
    const held = this.held;
    this.held = [];
    held.forEach((answer) => answer());
  }

  /** The messages sent to this address. */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((message) => message.to.includes(address));
  }
}

/** The Subject header, decoded from RFC 2047 encoded words (nodemailer encodes non-ASCII subjects). */
function decodedSubject(raw: string): string {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  return header
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_match, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeQ(text),
    )
    .trim();
}

function decodeQ(text: string): string {
  const bytes = text
    .replace(/_/g, ' ')
    .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** The text/plain part of a message, decoded (quoted-printable or base64, as nodemailer chose), lines ending "\n". */
export function plainText(raw: string): string {
  return mimePart(raw, 'plain').replace(/\r\n/g, '\n');
}

/** The text/html part of a message, decoded, lines ending "\n". */
export function htmlText(raw: string): string {
  return mimePart(raw, 'html').replace(/\r\n/g, '\n');
}

function mimePart(raw: string, subtype: 'plain' | 'html'): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const match = new RegExp(
    `Content-Type: text/${subtype}[^\\r\\n]*((?:\\r?\\n[^\\r\\n]+)*)\\r?\\n\\r?\\n([^]*)`,
    'i',
  ).exec(raw);
  if (!match || !boundary) {
    return '';
  }
  const headers = match[1];
  const body = match[2].slice(0, match[2].indexOf(`--${boundary}`)).replace(/\r?\n$/, '');
  if (/Content-Transfer-Encoding: base64/i.test(headers)) {
    return Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8');
  }
  if (/Content-Transfer-Encoding: quoted-printable/i.test(headers)) {
    return Buffer.from(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  }
  return body;
}
