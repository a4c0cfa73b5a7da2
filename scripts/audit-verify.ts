/**
 * Checks the audit log and the data it vouches for, and names every problem found.
 *   npm run audit:verify                  # the chain, the heads file in DATA_DIR and the data
 *   npm run audit:verify -- --expect H    # and that the chain still contains H, a head hash published earlier
 *   npm run audit:verify -- --heads FILE  # the heads file the app wrote, when not DATA_DIR/audit-heads.log
 * It checks that the hash chain is intact; that the log still holds every head the app recorded
 * in its heads file (so a log emptied or cut short is refused); that the row digests recorded with
 * each entry are those its hash covers; and that every row of the audited tables (findings, their
 * sources, links, assessments, actions, history, evidence and verifications, and users) is as
 * its latest audit entry recorded it, naming each row changed, added or deleted outside the app.
 * Exits 0 when all agrees, 1 otherwise.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import dataSource from '../ormconfig';
import { auditHeadsPath, readHeadsFile } from '../src/audit/audit-heads-file';
import { verifyAuditTrail, type AuditTrailReport } from '../src/audit/audit-trail-verification';
import { validateEnvironment } from '../src/config/env.validation';

/** The value of `--name value` or `--name=value`, or undefined when the option is not given. */
export function optionValue(argv: string[], name: string): string | undefined {
  const index = argv.findIndex((argument) => argument === name || argument.startsWith(`${name}=`));
  if (index < 0) {
    return undefined;
  }
  const argument = argv[index];
  return argument.includes('=') ? argument.slice(argument.indexOf('=') + 1) : argv[index + 1];
}

export function expectedHashFrom(argv: string[]): string | undefined {
  return optionValue(argv, '--expect');
}

export function describeReport(report: AuditTrailReport): string[] {
  const lines: string[] = [];
  const { chain } = report;
  lines.push(
    chain.ok
      ? `Audit chain intact: ${chain.checked} entries${chain.head ? `; head #${chain.head.id} ${chain.head.hash}` : ''}`
      : `Audit chain BROKEN at entry #${chain.firstBroken.id}: ${chain.firstBroken.reason}`,
  );
  if (report.heads) {
    lines.push(
      `Heads file ${report.heads.path}: ${report.heads.recorded} heads recorded` +
        (report.heads.last ? `, the last #${report.heads.last.id} ${report.heads.last.hash}` : ''),
    );
  }
  lines.push(`Data: ${report.data.rows} rows in ${report.data.tables} audited tables checked against the audit log`);
  const problems = report.problems.length + (chain.ok ? 0 : 1);
  if (problems === 0) {
    lines.push('The audit log and the data agree.');
  } else {
    lines.push(`FAILED: ${problems} ${problems === 1 ? 'problem' : 'problems'} found`);
    lines.push(...report.problems.map((problem) => `  - ${problem}`));
  }
  return lines;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const expectedHead = expectedHashFrom(argv);
  const headsOption = optionValue(argv, '--heads');
  if (argv.includes('--expect') && !expectedHead) {
    console.log('--expect needs the head hash to look for, e.g. --expect 3f2a…');
    return 1;
  }
  if (argv.includes('--heads') && !headsOption) {
    console.log('--heads needs the path of a heads file, e.g. --heads data/audit-heads.log');
    return 1;
  }
  const headsPath = headsOption ? resolve(headsOption) : auditHeadsPath(validateEnvironment(process.env).DATA_DIR);
  // Read before the snapshot begins: every head in the file is then of an entry in the snapshot.
  const recordedHeads = readHeadsFile(headsPath);
  await dataSource.initialize();
  try {
    const postgres = dataSource.options.type === 'postgres';
    const report = postgres
      ? await dataSource.transaction('REPEATABLE READ', (manager) =>
          verifyAuditTrail(manager, { expectedHead, headsPath, recordedHeads }),
        )
      : await dataSource.transaction((manager) =>
          verifyAuditTrail(manager, { expectedHead, headsPath, recordedHeads }),
        );
    for (const line of describeReport(report)) {
      console.log(line);
    }
    return report.chain.ok && report.problems.length === 0 ? 0 : 1;
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
