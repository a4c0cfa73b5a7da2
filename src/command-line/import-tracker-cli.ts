/**
 * Imports a force's tracker spreadsheet from the command line, on the app's database (DATA_DIR / DATABASE_URL):
 *   npm run import:tracker -- <file.xlsx|file.csv> --force CODE [--sheet NAME] [--header-row N] [--dry-run] [--json]
 * The sheet and header row are guessed unless given; the columns are those the organisation mapped last time on the
 * web, else guessed from the headers; the status words are the organisation's table. A dry run writes nothing and
 * prints what every row would do (as JSON with --json); otherwise the import is committed in one transaction, as
 * the web page commits it (near matches that need confirming are left out: confirm them on the web).
 * Exit codes: 0 done; 1 the file or organisation cannot be used; 2 wrong usage.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { runAsProcess, type CliOutput } from './cli-process';
import type { Actor } from '../access/current-user';
import { TRACKER_FIELD_VALUES, TRACKER_FIELDS, type TrackerField } from '../tracker-imports/tracker-columns';
import type { TrackerCommitSummary, TrackerPreview } from '../tracker-imports/tracker-imports.service';
import { ROW_OUTCOMES } from '../tracker-imports/tracker-plan';

export const USAGE =
  'Usage: npm run import:tracker -- <file.xlsx|file.csv> --force CODE [--sheet NAME] [--header-row N] [--dry-run] [--json]';

export interface TrackerCliArguments {
  file: string | null;
  force: string | null;
  sheet: string | null;
  headerRow: number | null;
  dryRun: boolean;
  json: boolean;
  help: boolean;
  problems: string[];
}

export function parseArguments(argv: readonly string[]): TrackerCliArguments {
  const parsed: TrackerCliArguments = {
    file: null,
    force: null,
    sheet: null,
    headerRow: null,
    dryRun: false,
    json: false,
    help: false,
    problems: [],
  };
  for (let index = 0; index < argv.length; index += 1) {
    const [name, inline] = argv[index].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[(index += 1)]);
    if (name === '--force' || name === '--sheet' || name === '--header-row') {
      const given = value();
      if (given === undefined || given === '') {
        parsed.problems.push(`${name} needs a value`);
      } else if (name === '--force') {
        parsed.force = given;
      } else if (name === '--sheet') {
        parsed.sheet = given;
      } else if (/^\d+$/.test(given) && Number(given) >= 1) {
        parsed.headerRow = Number(given);
      } else {
        parsed.problems.push(`--header-row must be a row number (not “${given}”)`);
      }
    } else if (name === '--dry-run') {
      parsed.dryRun = true;
    } else if (name === '--json') {
      parsed.json = true;
    } else if (name === '--help' || name === '-h') {
      parsed.help = true;
    } else if (name.startsWith('-') || parsed.file !== null) {
      parsed.problems.push(`Unknown argument: ${argv[index]}`);
    } else {
      parsed.file = argv[index];
    }
  }
  if (!parsed.help) {
    if (parsed.file === null) {
      parsed.problems.push('Name the spreadsheet to import');
    }
    if (parsed.force === null) {
      parsed.problems.push('Name the organisation with --force CODE');
    }
  }
  return parsed;
}

/** What a preview says, as the JSON the command prints. */
export function previewJson(preview: TrackerPreview, committed: TrackerCommitSummary | null) {
  const columns = Object.fromEntries(
    (Object.entries(preview.upload.mapping) as Array<[TrackerField, number]>).map(([field, column]) => [
      field,
      preview.headers[column],
    ]),
  );
  return {
    file: preview.upload.fileName,
    organisation: preview.force.code,
    sheet: preview.sheet.name,
    headerRow: preview.upload.headerRow,
    reading: preview.workbook.reading,
    columns,
    counts: preview.plan.counts,
    blankRows: preview.plan.blankRows,
    rows: preview.plan.rows.map((row) => ({
      row: row.row,
      reference: row.reference,
      outcome: row.outcome,
      finding: row.finding,
      score: row.score,
      changes: row.changes.map(({ field, from, to }) => ({ field, from, to })),
      refusals: row.refusals,
      notes: row.notes,
    })),
    committed,
  };
}

/** A readable account of the preview, for a person at a terminal. */
export function formatPreview(preview: TrackerPreview, committed: TrackerCommitSummary | null): string {
  const { plan } = preview;
  const lines = [
    committed
      ? `Imported ${preview.upload.fileName} for ${preview.force.name}:`
      : `Dry run: nothing has been written. ${preview.upload.fileName} for ${preview.force.name}:`,
    `  sheet ${preview.sheet.name}, headers on row ${preview.upload.headerRow}${preview.workbook.reading ? `, read as ${preview.workbook.reading}` : ''}`,
    `  columns: ${TRACKER_FIELD_VALUES.filter((field) => preview.upload.mapping[field] !== undefined)
      .map((field) => `${TRACKER_FIELDS[field]} = ${preview.headers[preview.upload.mapping[field]!]}`)
      .join('; ')}`,
    '',
    ...plan.rows.map((row) =>
      [
        `  row ${row.row}${row.reference ? ` ${row.reference}` : ''}: ${ROW_OUTCOMES[row.outcome]}${row.finding ? ` ${row.finding}` : ''}${row.score !== null && row.score < 1 ? ` (text ${Math.round(row.score * 100)}% alike)` : ''}`,
        ...row.refusals.map((refusal) => `      refused: ${refusal}`),
        ...row.changes.map((change) => `      ${change.field}: ${change.from ? `${change.from} → ` : ''}${change.to}`),
        ...row.notes.map((note) => `      note: ${note}`),
      ].join('\n'),
    ),
    '',
    `  ${Object.entries(plan.counts)
      .map(([outcome, count]) => `${ROW_OUTCOMES[outcome as keyof typeof ROW_OUTCOMES]}: ${count}`)
      .join(', ')}; blank rows: ${plan.blankRows}`,
  ];
  if (committed) {
    lines.push(
      `  created ${committed.created.length}${committed.created.length > 0 ? ` (${committed.created.join(', ')})` : ''}, updated ${committed.updated.length}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The command line's actor: the person at the terminal, acting with an administrator's reach. */
function cliActor(): Actor {
  const username = `cli:${userInfo().username}`.slice(0, 100);
  return {
    user: {
      id: 0,
      username,
      displayName: username,
      role: 'administrator',
      forceId: null,
      forceCode: null,
      forceName: null,
      team: null,
      previousSignInAt: null,
    },
    ip: 'command line',
  };
}

export async function runTrackerImportCli(argv: readonly string[], output: CliOutput): Promise<number> {
  const args = parseArguments(argv);
  if (args.help) {
    output.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.problems.length > 0) {
    output.stderr(`${args.problems.join('. ')}.\n${USAGE}\n`);
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(args.file!);
  } catch {
    output.stderr(`Cannot import: ${args.file} cannot be read.\n`);
    return 1;
  }
  const { importInCommandLineContext } = await import('./command-line-context');
  const { TrackerImportsModule } = await import('../tracker-imports/tracker-imports.module');
  const { TrackerImportsService } = await import('../tracker-imports/tracker-imports.service');
  return importInCommandLineContext([TrackerImportsModule], output, async (app) => {
    const { preview, committed } = await app.get(TrackerImportsService).importFile(
      { originalname: basename(args.file!), buffer: bytes, size: bytes.length },
      {
        organisationCode: args.force!,
        sheet: args.sheet ?? undefined,
        headerRow: args.headerRow ?? undefined,
        dryRun: args.dryRun,
      },
      cliActor(),
    );
    output.stdout(
      args.json ? `${JSON.stringify(previewJson(preview, committed), null, 2)}\n` : formatPreview(preview, committed),
    );
    return 0;
  });
}

if (require.main === module) {
  runAsProcess(runTrackerImportCli);
}
