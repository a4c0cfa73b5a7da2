import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { parseHeads } from '../audit/audit-heads-file';
import { isFile } from './files';

/**
 * DATA_DIR/audit-heads.log in a backup: the heads the app recorded outside the database, up to the
 * head of the database copied. Lines for entries after it (appended while the backup ran) are left
 * out, since the restored chain ends at that head and `npm run audit:verify` checks the log against
 * it; any other line (an unreadable one included) is kept as it was.
 */
export function headLineWithin(line: string, lastId: number): boolean {
  const [head] = parseHeads(line).heads;
  return head === undefined || head.id <= lastId;
}

/** Copies the heads file to `destination`, up to entry #lastId; false when there is no heads file. */
export async function copyHeadsUpTo(source: string, destination: string, lastId: number): Promise<boolean> {
  if (!(await isFile(source))) {
    return false;
  }
  const output = createWriteStream(destination, { flags: 'wx', mode: 0o600 });
  const lines = createInterface({ input: createReadStream(source), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line !== '' && headLineWithin(line, lastId) && !output.write(`${line}\n`)) {
      await once(output, 'drain');
    }
  }
  output.end();
  await finished(output);
  return true;
}
