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

  @Transform(({ value }) => (value === undefined || value === '' ? './data' : value))
  @IsString()
  @MinLength(1, { message: 'DATA_DIR must name a folder' })
  DATA_DIR = './data';

  @IsOptional()
  @Transform(({ value }) => (value === '' ? undefined : value))
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/tracker',
  })
  DATABASE_URL?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 'production' : value))
  @IsIn(NODE_ENVIRONMENTS, { message: `NODE_ENV must be one of ${NODE_ENVIRONMENTS.join(', ')}` })
  NODE_ENV: NodeEnvironment = 'production';
}

export class InvalidEnvironmentError extends Error {}

/** Validates raw environment values; throws InvalidEnvironmentError naming every bad variable. */
export function validateEnvironment(raw: Record<string, string | undefined>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, {
    PORT: raw.PORT,
    DATA_DIR: raw.DATA_DIR,
    DATABASE_URL: raw.DATABASE_URL,
    NODE_ENV: raw.NODE_ENV,
  });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) => Object.values(error.constraints ?? {}));
    throw new InvalidEnvironmentError(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
  }
  return env;
}
