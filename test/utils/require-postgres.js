// Fails (never skips) the PostgreSQL suite when there is no PostgreSQL to run it on.
const { Client } = require('pg');

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    'The PostgreSQL suite needs DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run test:pg',
  );
  process.exit(1);
}
const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
client
  .connect()
  .then(() => client.query('SELECT version()'))
  .then((result) => {
    console.log(`PostgreSQL suite on ${result.rows[0].version.split(',')[0]}`);
    return client.end();
  })
  .catch((error) => {
    console.error(`The PostgreSQL suite cannot reach ${url}: ${error.message}`);
    process.exit(1);
  });
