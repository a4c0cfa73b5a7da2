import { InvalidEnvironmentError, trustProxySetting, validateEnvironment } from './env.validation';

describe('validateEnvironment', () => {
  it('applies the defaults when nothing is set', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: './data', NODE_ENV: 'production' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('accepts a PostgreSQL URL and a port', () => {
    const env = validateEnvironment({ PORT: '8080', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/test');
  });

  it('names each bad variable in one message', () => {
    expect(() => validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging' })).toThrow(
      InvalidEnvironmentError,
    );
    try {
      validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT must be a whole number');
      expect(message).toContain('DATABASE_URL must be a PostgreSQL URL');
      expect(message).toContain('NODE_ENV must be one of development, production, test');
    }
  });

  it('refuses a trust proxy setting of true, and reads hops and address lists', () => {
    expect(() => validateEnvironment({ TRUST_PROXY: 'true' })).toThrow('TRUST_PROXY must be false');
    expect(trustProxySetting(validateEnvironment({ TRUST_PROXY: '1' }).TRUST_PROXY)).toBe(1);
    expect(trustProxySetting(validateEnvironment({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY)).toBe(
      'loopback, 10.0.0.0/8',
    );
    expect(trustProxySetting(validateEnvironment({}).TRUST_PROXY)).toBe(false);
  });

  it('refuses a short administrator password', () => {
    expect(() => validateEnvironment({ ADMIN_PASSWORD: 'short' })).toThrow(
      'ADMIN_PASSWORD must be at least 12 characters',
    );
  });

  it('refuses a port out of range', () => {
    expect(() => validateEnvironment({ PORT: '70000' })).toThrow('PORT must be between 1 and 65535');
  });
});
