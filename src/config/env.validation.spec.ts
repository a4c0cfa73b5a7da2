import {
  InvalidEnvironmentError,
  listenError,
  serviceUrl,
  trustProxySetting,
  validateEnvironment,
} from './env.validation';

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

  it('listens on every interface when HOST is unset, and on the address or host name given', () => {
    expect(validateEnvironment({}).HOST).toBeUndefined();
    expect(validateEnvironment({ HOST: '' }).HOST).toBeUndefined();
    expect(validateEnvironment({ HOST: ' 127.0.0.1 ' }).HOST).toBe('127.0.0.1');
    expect(validateEnvironment({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(validateEnvironment({ HOST: '::' }).HOST).toBe('::');
    expect(validateEnvironment({ HOST: '[::1]' }).HOST).toBe('::1');
    expect(validateEnvironment({ HOST: 'localhost' }).HOST).toBe('localhost');
    expect(validateEnvironment({ HOST: 'tracker.internal' }).HOST).toBe('tracker.internal');
  });

  it('refuses a HOST that is neither an IP address nor a host name', () => {
    for (const host of ['http://localhost', '127.0.0.1:3000', '300.1.1.1', 'two words', 'under_score.example', '*']) {
      expect(() => validateEnvironment({ HOST: host })).toThrow(
        'HOST must be an IP address such as 127.0.0.1 or 0.0.0.0, or a host name such as localhost',
      );
    }
  });

  it('names the address served in the start-up line', () => {
    expect(serviceUrl({ PORT: 3000 })).toBe('http://localhost:3000');
    expect(serviceUrl({ PORT: 3000, HOST: '0.0.0.0' })).toBe('http://localhost:3000');
    expect(serviceUrl({ PORT: 8080, HOST: '127.0.0.1' })).toBe('http://127.0.0.1:8080');
    expect(serviceUrl({ PORT: 8080, HOST: '::1' })).toBe('http://[::1]:8080');
  });

  it('says which setting is at fault when the app cannot listen', () => {
    const failure = (code: string) => Object.assign(new Error(`listen ${code}`), { code });
    const env = { PORT: 3000, HOST: '10.9.9.9' };
    const notHere = listenError(failure('EADDRNOTAVAIL'), env);
    expect(notHere).toBeInstanceOf(InvalidEnvironmentError);
    expect((notHere as Error).message).toBe('HOST 10.9.9.9 is not an address of this machine');
    const inUse = listenError(failure('EADDRINUSE'), env);
    expect(inUse).toBeInstanceOf(InvalidEnvironmentError);
    expect((inUse as Error).message).toBe('PORT 3000 is already in use by another program');
    const other = failure('EMFILE');
    expect(listenError(other, env)).toBe(other);
  });

  it('refuses a port out of range', () => {
    expect(() => validateEnvironment({ PORT: '70000' })).toThrow('PORT must be between 1 and 65535');
  });

  it('reads the time limit on reading an imported report and how many are read at once', () => {
    expect(validateEnvironment({})).toMatchObject({ IMPORT_TIME_LIMIT_SECONDS: 120 });
    expect([1, 2]).toContain(validateEnvironment({}).IMPORT_CONCURRENCY);
    expect(validateEnvironment({ IMPORT_TIME_LIMIT_SECONDS: '0.5', IMPORT_CONCURRENCY: '3' })).toMatchObject({
      IMPORT_TIME_LIMIT_SECONDS: 0.5,
      IMPORT_CONCURRENCY: 3,
    });
    expect(() => validateEnvironment({ IMPORT_TIME_LIMIT_SECONDS: '0' })).toThrow(
      'IMPORT_TIME_LIMIT_SECONDS must be more than 0 and at most 3600',
    );
    expect(() => validateEnvironment({ IMPORT_TIME_LIMIT_SECONDS: 'soon' })).toThrow(
      'IMPORT_TIME_LIMIT_SECONDS must be a number',
    );
    expect(() => validateEnvironment({ IMPORT_CONCURRENCY: '0' })).toThrow(
      'IMPORT_CONCURRENCY must be between 1 and 16',
    );
    expect(() => validateEnvironment({ IMPORT_CONCURRENCY: '1.5' })).toThrow(
      'IMPORT_CONCURRENCY must be a whole number',
    );
  });

  it('reads the mail server, the sender and the digest hour, and needs a sender with a mail server', () => {
    expect(validateEnvironment({})).toMatchObject({ SMTP_URL: undefined, DIGEST_HOUR: 7 });
    expect(
      validateEnvironment({
        SMTP_URL: ' smtp://mail.example:587 ',
        MAIL_FROM: 'Tracker <tracker@force.example>',
        APP_URL: 'https://tracker.force.example',
      }),
    ).toMatchObject({ SMTP_URL: 'smtp://mail.example:587', MAIL_FROM: 'Tracker <tracker@force.example>' });
    expect(() => validateEnvironment({ SMTP_URL: 'smtp://mail.example', APP_URL: 'https://t.example' })).toThrow(
      'MAIL_FROM must be an email address (such as tracker@force.example) when SMTP_URL is set',
    );
    expect(() => validateEnvironment({ SMTP_URL: 'mail.example', MAIL_FROM: 'a@b.example' })).toThrow(
      'SMTP_URL must be an SMTP URL such as smtp://mail.example:587',
    );
    expect(() => validateEnvironment({ DIGEST_HOUR: '24' })).toThrow('DIGEST_HOUR must be between 0 and 23');
    expect(() => validateEnvironment({ APP_URL: 'tracker' })).toThrow('APP_URL must be an address');
  });

  it('refuses a mail server without APP_URL, the address the links in emails open', () => {
    const refusal = () => validateEnvironment({ SMTP_URL: 'smtp://mail.example', MAIL_FROM: 'a@b.example' });
    expect(refusal).toThrow(
      'APP_URL must be set when SMTP_URL is set: the address people open the tracker at (such as https://tracker.force.example), for the links in emails',
    );
    expect(refusal).not.toThrow('APP_URL must be an address');
    expect(validateEnvironment({}).APP_URL).toBeUndefined();
  });
});
