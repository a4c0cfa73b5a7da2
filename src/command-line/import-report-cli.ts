/**
 * Imports one inspection report (PDF, Word .docx, HTML or text):
 *   npm run import -- <file> --dry-run --json   # the proposal as JSON on standard output; nothing written
 *   npm run import -- <file> --dry-run          # a readable summary; nothing written
 *   npm run import -- <file> [--type <type>]    # commits it as the web review does with every item accepted
 * Committing uses the app's database (DATA_DIR / DATABASE_URL) and prints its progress on standard
 * error. A document already imported (same bytes) is recognised and nothing new is created.
 * A document with nothing to import (a letter, minutes, a press release without findings) is an
 * answer, not an error: the dry run prints its empty proposal, and committing says so and writes nothing.
 * Exit codes: 0 done (or already imported, or nothing to import); 1 the file cannot be read or
 * imported (one line on standard error); 2 wrong usage.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { runAsProcess, type CliOutput } from './cli-process';
import { REPORT_TYPES } from '../reports/report-types';
import type { ImportProposal } from '../imports/extraction/import-types';
import { extractReport, isEmptyProposal } from '../imports/extraction/extract-report';
import { ImportInputError, readDocument } from '../imports/extraction/read-document';

export const USAGE =
  'Usage: npm run import -- <file.pdf|file.docx|file.html|file.txt> [--dry-run [--json]] [--type <report type>]';

/** What the command says of a document that holds no findings, judgments or verdicts. */
export function nothingToImportMessage(file: string): string {
  return `Nothing to import: no findings, judgments or verdicts on earlier recommendations were found in ${file}.`;
}

/** The command line, parsed. */
interface ImportArguments {
  file: string | null;
  dryRun: boolean;
  json: boolean;
  help: boolean;
  /** The report type, when the report does not make it plain (e.g. integrated_peel_assessment). */
  type: string | null;
  unknown: string[];
}

/** Parses the arguments after "npm run import --". */
export function parseArguments(argv: readonly string[]): ImportArguments {
  const parsed: ImportArguments = { file: null, dryRun: false, json: false, help: false, type: null, unknown: [] };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--type' && index + 1 < argv.length) {
      parsed.type = argv[(index += 1)];
    } else if (argument.startsWith('--type=')) {
      parsed.type = argument.slice('--type='.length);
    } else if (argument === '--dry-run') {
      parsed.dryRun = true;
    } else if (argument === '--json') {
      parsed.json = true;
    } else if (argument === '--help' || argument === '-h') {
      parsed.help = true;
    } else if (argument.startsWith('-') || parsed.file !== null) {
      parsed.unknown.push(argument);
    } else {
      parsed.file = argument;
    }
  }
  return parsed;
}

/** A readable summary of a proposal, for a person at a terminal. */
export function formatSummary(file: string, proposal: ImportProposal): string {
  const { report, judgments, findings, assessments } = proposal;
  const lines = [
    `Dry run: nothing has been written. Proposed import from ${file}:`,
    ...(isEmptyProposal(proposal) ? [`  ${nothingToImportMessage(file)}`] : []),
    `  ${report.title ?? '(no title found)'}`,
    `  force ${report.force ?? '–'}, ${report.inspectorate ?? '–'}, type ${report.type ?? '–'}, period ${report.period ?? '–'}, published ${report.published ?? '–'}`,
    '',
    `Judgments (${judgments.length}):`,
    ...judgments.map((j) => `  ${j.area}: ${j.grade}${j.lastInspected ? ` (last inspected ${j.lastInspected})` : ''}`),
    '',
    `Findings (${findings.length}):`,
    ...findings.map(
      (f, i) =>
        `  ${i + 1}. [${f.kind}] ${f.text.replace(/\n/g, ' / ')}${f.subPoints.length > 0 ? ` (+${f.subPoints.length} sub-points)` : ''}`,
    ),
    '',
    `Assessments (${assessments.length}):`,
    ...assessments.map((a) => `  ${a.verdict}: ${a.quote}`),
    '',
    `Links (${proposal.links?.length ?? 0}):`,
    ...(proposal.links ?? []).map((l) => `  ${l.from + 1} ${l.type} ${l.to + 1}: ${l.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Runs the import command and returns its exit code. */
export async function runImportCli(argv: readonly string[], output: CliOutput): Promise<number> {
  const args = parseArguments(argv);
  if (args.help) {
    output.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.unknown.length > 0 || args.file === null) {
    output.stderr(`${args.unknown.length > 0 ? `Unknown argument: ${args.unknown.join(' ')}. ` : ''}${USAGE}\n`);
    return 2;
  }
  if (!args.dryRun) {
    if (args.json) {
      output.stderr(`--json goes with --dry-run. ${USAGE}\n`);
      return 2;
    }
    return commitImport(args.file, args.type, output);
  }
  try {
    const document = await readDocument(args.file);
    const proposal = extractReport(document.text);
    // An empty proposal is printed like any other: the document was read, and holds nothing to import.
    // The JSON keeps the documented shape (report, judgments, findings, assessments);
    // proposed links are in the summary and the review.
    const { links: _links, ...documented } = proposal;
    output.stdout(args.json ? `${JSON.stringify(documented, null, 2)}\n` : formatSummary(args.file, proposal));
    return 0;
  } catch (error) {
    if (error instanceof ImportInputError) {
      output.stderr(`Cannot import: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** Reads, proposes and commits the file through the app (the same service as the web review). */
async function commitImport(file: string, type: string | null, output: CliOutput): Promise<number> {
  const started = Date.now();
  const step = (text: string) => output.stderr(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${text}\n`);
  step(`Reading ${file}`);
  let bytes: Buffer;
  try {
    // Checks size and content before the app starts, and that there is something to import.
    const document = await readDocument(file);
    if (isEmptyProposal(extractReport(document.text))) {
      output.stdout(`${nothingToImportMessage(file)} Nothing was written.\n`);
      return 0;
    }
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof ImportInputError) {
      output.stderr(`Cannot import: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  step('Opening the tracker database');
  const { importInCommandLineContext } = await import('./command-line-context');
  const { ImportsModule } = await import('../imports/imports.module');
  const { ImportsService } = await import('../imports/imports.service');
  return importInCommandLineContext([ImportsModule], output, async (app) => {
    const imports = app.get(ImportsService);
    const actor = { username: `cli:${userInfo().username}`, ip: null };
    step('Extracting judgments, findings and verdicts, and matching them to the tracker');
    const outcome = await imports.upload({ originalname: basename(file), buffer: bytes, size: bytes.length }, actor);
    if (outcome.kind === 'already' && outcome.import.status === 'committed') {
      output.stdout(
        `Already imported: ${basename(file)} is in the tracker (import ${outcome.import.id}${outcome.import.report ? `, report ${outcome.import.report.key}` : ''}). Nothing new was created.\n`,
      );
      return 0;
    }
    const row = outcome.import;
    const review = {
      ...row.review,
      report: { ...row.review.report, type: (type ?? row.review.report.type) as typeof row.review.report.type },
    };
    if (!review.report.type) {
      output.stderr(
        `Cannot import: the type of report could not be read from ${basename(file)}. Give it with --type (one of ${Object.keys(REPORT_TYPES).join(', ')}), or review the import on the web (/imports/${row.id}).\n`,
      );
      return 1;
    }
    if (!(review.report.type in REPORT_TYPES)) {
      output.stderr(`Unknown report type ${review.report.type}: use one of ${Object.keys(REPORT_TYPES).join(', ')}.\n`);
      return 2;
    }
    await imports.replaceReview(row.id, review);
    step(
      `Committing ${review.findings.length} findings, ${review.judgments.length} judgments, ${review.assessments.length} verdicts in one transaction`,
    );
    const summary = await imports.commit(row.id, actor);
    step('Done');
    output.stdout(
      `Imported ${summary.reportTitle} (report ${summary.reportKey}): ${summary.findings} new findings, ${summary.sources} recorded as further sources of existing ones, ${summary.judgments} judgments, ${summary.assessments} verdicts, ${summary.links} links.\n`,
    );
    return 0;
  });
}

if (require.main === module) {
  runAsProcess(runImportCli);
}
