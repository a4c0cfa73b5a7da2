import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

export const NODE_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

/** The environment variables the tracker reads. A bad value stops the app at start with a clear message. */
export class EnvironmentVariables {
  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt({ message: 'PORT must be a whole number' })
  @Min(1, { message: 'PORT must be between 1 and 65535' })
  @Max(65535, { message: 'PORT must be between 1 and 65535' })
  PORT = 3000;

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
  });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new InvalidEnvironmentError(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
  }
  return env;
}
