import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { nothingToImportMessage, runImportCli, USAGE } from '../src/command-line/import-report-cli';
import {
  AREAS_FOR_IMPROVEMENT,
  importFolder,
  noiseBytes,
  PNG_BYTES,
  pdfWithoutText,
  reportHtml,
  reportPdf,
  type ImportFolder,
} from './factories/import-files';
import { boardPaperDocx } from './factories/board-paper-docx';

const ROOT = join(__dirname, '..');
const NO_FINDINGS = join(ROOT, 'test', 'fixtures', 'import', 'no-findings.txt');
/** The keys of an import proposal (ImportProposal), sorted. */
const TOP_LEVEL_KEYS = ['assessments', 'findings', 'judgments', 'report'];

/** Runs the import command in process and collects what it writes. */
async function runImport(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runImportCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** Runs a command in a child process (DATA_DIR as set for the test) and collects what it writes. */
function runProcess(command: string, args: readonly string[]) {
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env }, encoding: 'utf8' });
  // npm itself may warn about the local npm configuration, and `npm run` says when it first compiles the app
  // (scripts/build-if-changed.js): only the command's own lines matter.
  const stderrLines = result.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('npm warn') && !line.startsWith('Compiling the app'));
  return { code: result.status, stdout: result.stdout, stderrLines };
}

/** `npm run -s import -- …` as a person types it. */
const npmRunImport = (...argv: string[]) => runProcess('npm', ['run', '-s', 'import', '--', ...argv]);

/** The command as a process without npm's type-checking ts-node start-up (quicker). */
const nodeRunImport = (...argv: string[]) =>
  runProcess(process.execPath, [
    '-r',
    'ts-node/register/transpile-only',
    'src/command-line/import-report-cli.ts',
    ...argv,
  ]);

describe('npm run import -- <file> [--dry-run [--json]] (command line)', () => {
  let folder: ImportFolder;
  const dataDir = process.env.DATA_DIR;

  beforeAll(() => {
    folder = importFolder();
    // Dry runs open no database; the committing runs get a throwaway folder, never the developer's ./data.
    process.env.DATA_DIR = folder.dir;
  });

  afterAll(() => {
    process.env.DATA_DIR = dataDir;
    folder.remove();
  });

  describe('bad input: exit code 1, one clear line on standard error, nothing on standard output', () => {
    const cases: Array<[string, () => string | Promise<string>, (file: string) => string | RegExp]> = [
      [
        'an empty file',
        () => folder.write('empty.txt', ''),
        () => 'Cannot import: empty.txt is empty: there is nothing to import.\n',
      ],
      [
        'random bytes',
        () => folder.write('noise.bin', noiseBytes(16 * 1024)),
        () => 'Cannot import: noise.bin is not a PDF, Word (.docx), HTML or text file: it looks like binary data.\n',
      ],
      [
        'a PNG image',
        () => folder.write('photo.png', PNG_BYTES),
        () => 'Cannot import: photo.png is not a PDF, Word (.docx), HTML or text file: it looks like binary data.\n',
      ],
      [
        'a file named .docx that is not a Word document',
        () => folder.write('paper.docx', 'Areas for improvement\n\n• The force should do better.\n'),
        () => 'Cannot import: paper.docx is named .docx but is not a Word document.\n',
      ],
      [
        'a file named .pdf that is not a PDF',
        () => folder.write('renamed.pdf', PNG_BYTES),
        () => 'Cannot import: renamed.pdf is named .pdf but is not a PDF.\n',
      ],
      [
        'a PDF with no text (only a drawn rectangle)',
        async () => folder.write('scanned.pdf', await pdfWithoutText()),
        () =>
          'Cannot import: scanned.pdf is a PDF with no text in it (perhaps scanned pages): there is nothing to import.\n',
      ],
      [
        'a damaged PDF',
        () => folder.write('damaged.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), noiseBytes(4096)])),
        () => /^Cannot import: damaged\.pdf could not be read as a PDF \(.+\)\.\n$/,
      ],
      [
        'a 50 MB file',
        () => folder.sparse('huge.pdf', 50 * 1024 * 1024),
        () => 'Cannot import: huge.pdf is 50 MB; the largest file that can be imported is 20 MB.\n',
      ],
      [
        'a file that does not exist',
        () => join(folder.dir, 'missing.pdf'),
        (file) => `Cannot import: ${file} cannot be read: no such file, or no permission to read it.\n`,
      ],
    ];

    it.each(cases)('%s', async (_name, makeFile, messageFor) => {
      const file = await makeFile();
      const message = messageFor(file);
      for (const format of [['--json'], []]) {
        const result = await runImport(file, '--dry-run', ...format);
        expect(result.stdout).toBe('');
        expect(result.code).toBe(1);
        if (typeof message === 'string') {
          expect(result.stderr).toBe(message);
        } else {
          expect(result.stderr).toMatch(message);
        }
      }
    });
  });

  it('reads a real PDF in process: --json prints the two areas for improvement and exactly the four top-level keys', async () => {
    const file = folder.write('report.pdf', await reportPdf());
    const result = await runImport(file, '--dry-run', '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const proposal = JSON.parse(result.stdout) as Record<string, unknown> & {
      findings: Array<{ kind: string; text: string; subPoints: string[] }>;
    };
    expect(Object.keys(proposal).sort()).toEqual(TOP_LEVEL_KEYS);
    expect(proposal.findings.map(({ kind, text, subPoints }) => ({ kind, text, subPoints }))).toEqual(
      AREAS_FOR_IMPROVEMENT.map((text) => ({ kind: 'area_for_improvement', text, subPoints: [] })),
    );
    expect(proposal.report).toMatchObject({ title: 'Wessex Police PEEL 2019', force: 'Wessex Police' });
  });

  it('reads an HTML page: its findings, and a readable summary without --json', async () => {
    const file = folder.write('report.html', reportHtml());
    const json = await runImport(file, '--dry-run', '--json');
    expect(json).toMatchObject({ code: 0, stderr: '' });
    const proposal = JSON.parse(json.stdout) as { findings: Array<{ kind: string; text: string }> };
    expect(proposal.findings.map(({ kind, text }) => [kind, text])).toEqual(
      AREAS_FOR_IMPROVEMENT.map((text) => ['area_for_improvement', text]),
    );

    const summary = await runImport(file, '--dry-run');
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain(`Dry run: nothing has been written. Proposed import from ${file}:`);
    expect(summary.stdout).toContain(
      `Findings (2):\n  1. [area_for_improvement] ${AREAS_FOR_IMPROVEMENT[0]}\n  2. [area_for_improvement] ${AREAS_FOR_IMPROVEMENT[1]}\n`,
    );
  });

  describe('a document with nothing to import is an answer, not an error (exit code 0)', () => {
    it('--json prints the empty proposal, with exactly the four top-level keys', async () => {
      const result = await runImport(NO_FINDINGS, '--dry-run', '--json');
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const proposal = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(Object.keys(proposal).sort()).toEqual(TOP_LEVEL_KEYS);
      expect(proposal).toMatchObject({ judgments: [], findings: [], assessments: [] });
    });

    it('the summary says there is nothing to import', async () => {
      const result = await runImport(NO_FINDINGS, '--dry-run');
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain(
        `Dry run: nothing has been written. Proposed import from ${NO_FINDINGS}:\n  Nothing to import: no findings, judgments or verdicts on earlier recommendations were found in ${NO_FINDINGS}.\n`,
      );
      expect(result.stdout).toContain('Findings (0):');
    });

    it('committing says so, and writes nothing (the database is not even opened)', async () => {
      const result = await runImport(NO_FINDINGS);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${nothingToImportMessage(NO_FINDINGS)} Nothing was written.\n`);
      expect(result.stderr).toMatch(/^\[\d+\.\d s\] Reading .+no-findings\.txt\n$/);
    });

    it('as a process: the empty proposal on standard output, nothing on standard error, exit code 0', () => {
      const result = nodeRunImport(NO_FINDINGS, '--dry-run', '--json');
      expect(result).toMatchObject({ code: 0, stderrLines: [] });
      expect(JSON.parse(result.stdout)).toMatchObject({ findings: [], judgments: [], assessments: [] });
    }, 60_000);
  });

  it('reads a Word document (.docx): its text, with each table row on one line', async () => {
    const file = folder.write('board-paper.docx', await boardPaperDocx());
    const result = await runImport(file, '--dry-run');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`Dry run: nothing has been written. Proposed import from ${file}:`);
    expect(result.stdout).toContain('Wessex Police and Crime Panel');
  });

  it('gives the usage, exit code 2, for no file or an unknown option', async () => {
    await expect(runImport('--dry-run')).resolves.toEqual({ code: 2, stdout: '', stderr: `${USAGE}\n` });
    await expect(runImport(NO_FINDINGS, '--dry-run', '--verbose')).resolves.toEqual({
      code: 2,
      stdout: '',
      stderr: `Unknown argument: --verbose. ${USAGE}\n`,
    });
  });

  it('is wired to `npm run import`: a PDF gives the proposal as JSON on standard output', async () => {
    const ok = npmRunImport(folder.write('wired.pdf', await reportPdf()), '--dry-run', '--json');
    expect(ok.stderrLines).toEqual([]);
    expect(ok.code).toBe(0);
    const proposal = JSON.parse(ok.stdout) as { findings: Array<{ kind: string; text: string }> };
    expect(Object.keys(proposal).sort()).toEqual(TOP_LEVEL_KEYS);
    expect(proposal.findings.map(({ kind, text }) => [kind, text])).toEqual(
      AREAS_FOR_IMPROVEMENT.map((text) => ['area_for_improvement', text]),
    );
  }, 120_000);

  it('as a process, sets exit code 1 and writes only the message for bad input', () => {
    for (const [file, message] of [
      [
        folder.sparse('process-huge.txt', 50 * 1024 * 1024),
        'Cannot import: process-huge.txt is 50 MB; the largest file that can be imported is 20 MB.',
      ],
      [folder.write('process-empty.pdf', ''), 'Cannot import: process-empty.pdf is empty: there is nothing to import.'],
    ]) {
      const refused = nodeRunImport(file, '--dry-run', '--json');
      expect(refused).toEqual({ code: 1, stdout: '', stderrLines: [message] });
    }
  }, 60_000);

  it('without --dry-run commits the report to the database (DATA_DIR), with its progress on standard error, and recognises it the second time', () => {
    const file = join(ROOT, 'test', 'fixtures', 'uploads', 'cleveland-peel-2025-26.txt');
    // A fresh SQLite database in the throwaway DATA_DIR, even when the suite runs against PostgreSQL.
    const saved = { url: process.env.DATABASE_URL, password: process.env.ADMIN_PASSWORD };
    delete process.env.DATABASE_URL;
    process.env.ADMIN_PASSWORD = 'import cli test passphrase';
    const first = nodeRunImport(file, '--type', 'integrated_peel_assessment');
    const again = nodeRunImport(file);
    Object.assign(process.env, saved.url ? { DATABASE_URL: saved.url } : {});
    if (saved.password === undefined) {
      delete process.env.ADMIN_PASSWORD;
    } else {
      process.env.ADMIN_PASSWORD = saved.password;
    }
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      'Imported PEEL 2025/26 (report cle-2025-26-integrated-peel-assessment): 3 new findings, 0 recorded as further sources of existing ones, 1 judgments, 1 verdicts, 0 links.\n',
    );
    expect(first.stderrLines.map((line) => line.replace(/^\[\d+\.\d s\] /, ''))).toEqual([
      `Reading ${file}`,
      'Opening the tracker database',
      'Extracting judgments, findings and verdicts, and matching them to the tracker',
      'Committing 3 findings, 1 judgments, 1 verdicts in one transaction',
      'Done',
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /^Already imported: cleveland-peel-2025-26\.txt is in the tracker \(import \d+, report cle-2025-26-integrated-peel-assessment\)\. Nothing new was created\.\n$/,
    );
  }, 180_000);
});
