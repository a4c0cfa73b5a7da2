import { parseToolVersion, serverMajorVersion, toolConnection, toolVersionProblem } from './postgres-tools';

describe('PostgreSQL client tools', () => {
  it('reads a tool’s version', () => {
    expect(parseToolVersion('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n')).toEqual({
      version: '15.20',
      major: 15,
    });
    expect(parseToolVersion('pg_restore (PostgreSQL) 17.2\n')).toEqual({ version: '17.2', major: 17 });
    expect(parseToolVersion('pg_dump (PostgreSQL) 18beta1')).toEqual({ version: '18', major: 18 });
    expect(parseToolVersion('command not found')).toBeNull();
  });

  it('reads the server’s major version', () => {
    expect(serverMajorVersion('150020')).toBe(15);
    expect(serverMajorVersion(170002)).toBe(17);
  });

  it('refuses a tool older than the server, saying what to install', () => {
    expect(toolVersionProblem('pg_dump', { version: '15.20', major: 15 }, 15)).toBeNull();
    expect(toolVersionProblem('pg_restore', { version: '16.1', major: 16 }, 15)).toBeNull();
    expect(toolVersionProblem('pg_dump', { version: '14.11', major: 14 }, 16)).toBe(
      'pg_dump is PostgreSQL 14.11, older than the server (PostgreSQL 16), so it cannot be relied on to dump it. ' +
        'Install the PostgreSQL 16 client tools (for example apt-get install postgresql-client-16) and put them first on PATH.',
    );
  });

  it('keeps the password off the command line', () => {
    expect(toolConnection('postgres://tracker:s%40cret@db.internal:5433/tracker?sslmode=require')).toEqual({
      dbname: 'postgres://tracker@db.internal:5433/tracker?sslmode=require',
      env: { PGPASSWORD: 's@cret' },
    });
    expect(toolConnection('postgres://postgres@127.0.0.1:5432/test')).toEqual({
      dbname: 'postgres://postgres@127.0.0.1:5432/test',
      env: {},
    });
  });
});
