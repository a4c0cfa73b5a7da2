import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  isFQDN,
  isIP,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
} from 'class-validator';
import { availableParallelism } from 'node:os';

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

/** The environment variables the tracker reads. A bad value stops the app at start with a clear message. */
export class EnvironmentVariables {
  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(1, { message: 'PORT must be between 1 and 65535' })
  @Max(65535, { message: 'PORT must be between 1 and 65535' })
  PORT = 3000;

  /**
   * The address to listen on: an IP address (127.0.0.1 for this machine only, 0.0.0.0 for every
   * IPv4 interface) or a host name. Unset: every interface, IPv6 and IPv4, as Node does by default.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => {
    const text = typeof value === 'string' ? value.trim() : value;
    // [::1] as written in a URL is ::1 to listen on.
    return text === '' ? undefined : typeof text === 'string' ? text.replace(/^\[(.*)\]$/, '$1') : text;
  })
  @ValidateBy(
    {
      name: 'isHost',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (isIP(value) || isFQDN(value, { require_tld: false, allow_numeric_tld: false })),
      },
    },
    { message: 'HOST must be an IP address such as 127.0.0.1 or 0.0.0.0, or a host name such as localhost' },
  )
  HOST?: string;

  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? './data' : value))
  @IsString()
  @MinLength(1, { message: 'DATA_DIR must name a folder' })
  DATA_DIR = './data';

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/tracker',
  })
  DATABASE_URL?: string;

  @Transform(({ value }: { value: unknown }) => (value === undefined || value === '' ? 'production' : value))
  @IsIn(NODE_ENVIRONMENTS, { message: `NODE_ENV must be one of ${NODE_ENVIRONMENTS.join(', ')}` })
  NODE_ENV: NodeEnvironment = 'production';

  /** Username of the administrator created on first start when there are no users. */
  @Transform(({ value }) => (value === undefined || value === '' ? 'admin' : String(value).trim().toLowerCase()))
  @Matches(/^[a-z0-9._-]{3,100}$/, {
    message: 'ADMIN_USER must be 3 to 100 letters, digits, dots, dashes or underscores',
  })
  ADMIN_USER = 'admin';

  /** Password for that administrator; when unset a random one is printed once to the console. */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  /** A session ends after this many minutes without a request. */
  @Transform(({ value }) => (value === undefined || value === '' ? 30 : Number(value)))
  @IsInt({ message: 'SESSION_IDLE_MINUTES must be a whole number' })
  @Min(1, { message: 'SESSION_IDLE_MINUTES must be at least 1' })
  SESSION_IDLE_MINUTES = 30;

  /** A session ends this many hours after sign-in, however active. */
  @Transform(({ value }) => (value === undefined || value === '' ? 12 : Number(value)))
  @IsInt({ message: 'SESSION_ABSOLUTE_HOURS must be a whole number' })
  @Min(1, { message: 'SESSION_ABSOLUTE_HOURS must be at least 1' })
  SESSION_ABSOLUTE_HOURS = 12;

  /** Extra delay per failed sign-in after the third (milliseconds). */
  @Transform(({ value }) => (value === undefined || value === '' ? 500 : Number(value)))
  @IsInt({ message: 'SIGN_IN_SLOWDOWN_MS must be a whole number' })
  @Min(0, { message: 'SIGN_IN_SLOWDOWN_MS must be 0 or more' })
  SIGN_IN_SLOWDOWN_MS = 500;

  /**
   * Express "trust proxy": false (default: the client address is the connection's), a number of
   * proxy hops, or a comma-separated list of proxy addresses or names (loopback, uniquelocal).
   * Never "true": every client would share the proxy's address for rate limits.
   */
  @Transform(({ value }) => (value === undefined || value === '' ? 'false' : String(value).trim()))
  @Matches(
    /^(false|\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*)$/,
    {
      message: 'TRUST_PROXY must be false, a number of proxy hops, or a list of proxy addresses (never true)',
    },
  )
  TRUST_PROXY = 'false';

  /** Largest evidence file accepted, in megabytes. */
  @Transform(({ value }) => (value === undefined || value === '' ? 20 : Number(value)))
  @IsInt({ message: 'MAX_UPLOAD_MB must be a whole number' })
  @Min(1, { message: 'MAX_UPLOAD_MB must be between 1 and 500' })
  @Max(500, { message: 'MAX_UPLOAD_MB must be between 1 and 500' })
  MAX_UPLOAD_MB = 20;

  /** How long reading one imported report may take before it is stopped, in seconds (fractions allowed). */
  @Transform(({ value }) => (value === undefined || value === '' ? 120 : Number(value)))
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'IMPORT_TIME_LIMIT_SECONDS must be a number' })
  @Min(0.001, { message: 'IMPORT_TIME_LIMIT_SECONDS must be more than 0 and at most 3600' })
  @Max(3600, { message: 'IMPORT_TIME_LIMIT_SECONDS must be more than 0 and at most 3600' })
  IMPORT_TIME_LIMIT_SECONDS = 120;

  /** Imported reports read at once (others wait their turn); by default 1 on two cores or fewer, else 2. */
  @Transform(({ value }) =>
    value === undefined || value === '' ? (availableParallelism() <= 2 ? 1 : 2) : Number(value),
  )
  @IsInt({ message: 'IMPORT_CONCURRENCY must be a whole number' })
  @Min(1, { message: 'IMPORT_CONCURRENCY must be between 1 and 16' })
  @Max(16, { message: 'IMPORT_CONCURRENCY must be between 1 and 16' })
  IMPORT_CONCURRENCY = 1;

  /**
   * The mail server for email notifications, e.g. smtp://user:pass@mail.example:587 or smtps://mail.example.
   * Unset: people are told only in the app (their notifications page).
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined,
  )
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an SMTP URL such as smtp://mail.example:587' })
  SMTP_URL?: string;

  /** The sender of email notifications, e.g. "Findings tracker <tracker@force.example>"; needed with SMTP_URL. */
  @ValidateBy(
    {
      name: 'mailFromWithSmtp',
      validator: {
        validate: (value: unknown, args) =>
          (args?.object as EnvironmentVariables).SMTP_URL === undefined ||
          (typeof value === 'string' && /^(.*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(value.trim())),
      },
    },
    { message: 'MAIL_FROM must be an email address (such as tracker@force.example) when SMTP_URL is set' },
  )
  MAIL_FROM?: string;

  /**
   * The address people open the tracker at, for the links in emails: required with SMTP_URL (an email's links must
   * reach the tracker from the reader's machine, which the address it listens on need not); else the one it listens on.
   */
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined,
  )
  @ValidateBy(
    {
      name: 'appUrlWithSmtp',
      validator: {
        validate: (value: unknown, args) =>
          value !== undefined || (args?.object as EnvironmentVariables).SMTP_URL === undefined,
      },
    },
    {
      message:
        'APP_URL must be set when SMTP_URL is set: the address people open the tracker at (such as https://tracker.force.example), for the links in emails',
    },
  )
  @ValidateBy(
    {
      name: 'isAppUrl',
      validator: {
        validate: (value: unknown) =>
          value === undefined || (typeof value === 'string' && /^https?:\/\/\S+$/.test(value)),
      },
    },
    { message: 'APP_URL must be an address such as https://tracker.force.example' },
  )
  APP_URL?: string;

  /** The hour (UK time, 0 to 23) at which each day's digests are sent. */
  @Transform(({ value }) => (value === undefined || value === '' ? 7 : Number(value)))
  @IsInt({ message: 'DIGEST_HOUR must be a whole number' })
  @Min(0, { message: 'DIGEST_HOUR must be between 0 and 23' })
  @Max(23, { message: 'DIGEST_HOUR must be between 0 and 23' })
  DIGEST_HOUR = 7;
}

/** The address the start-up line names: the one listened on, or localhost when listening on every interface. */
export function serviceUrl(env: Pick<EnvironmentVariables, 'HOST' | 'PORT'>): string {
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT}`;
}

/**
 * A failure to listen, said in terms of the settings when they are the cause (an InvalidEnvironmentError,
 * which main.ts prints without a stack trace); any other error as it was.
 */
export function listenError(error: unknown, env: Pick<EnvironmentVariables, 'HOST' | 'PORT'>): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EADDRNOTAVAIL':
      return new InvalidEnvironmentError(`HOST ${env.HOST} is not an address of this machine`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new InvalidEnvironmentError(`HOST ${env.HOST} is not a host name this machine can find`);
    case 'EADDRINUSE':
      return new InvalidEnvironmentError(`PORT ${env.PORT} is already in use by another program`);
    case 'EACCES':
      return new InvalidEnvironmentError(`PORT ${env.PORT} needs privileges this app does not have: use 1024 or above`);
    default:
      return error;
  }
}

/** The Express "trust proxy" value for a TRUST_PROXY setting. */
export function trustProxySetting(value: string): false | number | string {
  if (value === 'false') {
    return false;
  }
  return /^\d+$/.test(value) ? Number(value) : value;
}

export class InvalidEnvironmentError extends Error {}

/** Validates raw environment values; throws InvalidEnvironmentError naming every bad variable. */
export function validateEnvironment(raw: Record<string, string | undefined>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, {
    PORT: raw.PORT,
    HOST: raw.HOST,
    DATA_DIR: raw.DATA_DIR,
    DATABASE_URL: raw.DATABASE_URL,
    NODE_ENV: raw.NODE_ENV,
    ADMIN_USER: raw.ADMIN_USER,
    ADMIN_PASSWORD: raw.ADMIN_PASSWORD,
    SESSION_IDLE_MINUTES: raw.SESSION_IDLE_MINUTES,
    SESSION_ABSOLUTE_HOURS: raw.SESSION_ABSOLUTE_HOURS,
    SIGN_IN_SLOWDOWN_MS: raw.SIGN_IN_SLOWDOWN_MS,
    TRUST_PROXY: raw.TRUST_PROXY,
    MAX_UPLOAD_MB: raw.MAX_UPLOAD_MB,
    IMPORT_TIME_LIMIT_SECONDS: raw.IMPORT_TIME_LIMIT_SECONDS,
    IMPORT_CONCURRENCY: raw.IMPORT_CONCURRENCY,
    SMTP_URL: raw.SMTP_URL,
    MAIL_FROM: raw.MAIL_FROM,
    APP_URL: raw.APP_URL,
    DIGEST_HOUR: raw.DIGEST_HOUR,
  });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new InvalidEnvironmentError(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
  }
  return env;
}
