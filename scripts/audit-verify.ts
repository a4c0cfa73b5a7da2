/**
 * Checks the audit log's hash chain and names the first broken entry.
 *   npm run audit:verify                 # the chain as it is in the database
 *   npm run audit:verify -- --expect H   # and that it still contains H, a head hash published earlier
 * Exits 0 when intact, 1 when broken.
 */
import 'reflect-metadata';
import dataSource from '../ormconfig';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { verifyAuditLog } from '../src/audit/audit.service';

export function expectedHashFrom(argv: string[]): string | undefined {
  const index = argv.findIndex((argument) => argument === '--expect' || argument.startsWith('--expect='));
  if (index < 0) {
    return undefined;
  }
  const argument = argv[index];
  return argument.includes('=') ? argument.split('=', 2)[1] : argv[index + 1];
}

async function main(): Promise<number> {
  const expected = expectedHashFrom(process.argv.slice(2));
  await dataSource.initialize();
  try {
    const result = await verifyAuditLog(dataSource.getRepository(AuditEntry), expected);
    if (result.ok) {
      console.log(
        `Audit chain intact: ${result.checked} entries${result.head ? `; head #${result.head.id} ${result.head.hash}` : ''}`,
      );
      return 0;
    }
    console.log(`Audit chain BROKEN at entry #${result.firstBroken.id}: ${result.firstBroken.reason}`);
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
