/**
 * Manage organisations (police forces, fire and rescue services, national bodies) from the command line, on the
 * same DATA_DIR / DATABASE_URL as the app:
 *   npm run force -- create <CODE> "<Name>" [--kind police|fire|national]   (police by default)
 *   npm run force -- list [--kind police|fire|national]
 * A code is 2 to 8 letters; only a fire and rescue service's starts FRS (FRSDER); NAT is reserved. A duplicate or
 * bad code is refused with exit code 1, bad usage with 2. Every addition is audited as "system".
 */
import 'reflect-metadata';
import { createCommandLineContext } from '../src/command-line/command-line-context';
import { FormError } from '../src/common/form-error';
import { organisationProblems } from '../src/organisations/organisation-rules';
import { OrganisationsModule } from '../src/organisations/organisations.module';
import { OrganisationsService, SYSTEM_AUTHOR } from '../src/organisations/organisations.service';
import { ORGANISATION_KIND_VALUES, type OrganisationKind } from '../src/reports/force.entity';

interface Parsed {
  command: string | undefined;
  positional: string[];
  flags: Record<string, string>;
}

export function parseArguments(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let index = 0; index < rest.length; index += 1) {
    const argument = rest[index];
    if (argument.startsWith('--')) {
      const [name, inline] = argument.slice(2).split('=', 2);
      flags[name] = inline ?? rest[index + 1] ?? '';
      if (inline === undefined) {
        index += 1;
      }
    } else {
      positional.push(argument);
    }
  }
  return { command, positional, flags };
}

const KINDS = ORGANISATION_KIND_VALUES.join('|');
export const USAGE = `Usage:
  npm run force -- create <CODE> "<Name>" [--kind ${KINDS}]
  npm run force -- list [--kind ${KINDS}]`;

/** What is wrong with the command as typed (null when it can run): shown with the usage, exit code 2. */
function usageProblem({ command, positional, flags }: Parsed): string | null {
  if (command !== 'create' && command !== 'list') {
    return command ? `Unknown command: ${command}` : 'Say what to do: create or list';
  }
  const unknown = Object.keys(flags).filter((flag) => flag !== 'kind');
  if (unknown.length > 0) {
    return `Unknown option: --${unknown[0]}`;
  }
  if (flags.kind !== undefined && !ORGANISATION_KIND_VALUES.includes(flags.kind as OrganisationKind)) {
    return `--kind must be one of ${KINDS} (not “${flags.kind}”)`;
  }
  if (command === 'create' && positional.length !== 2) {
    return 'create takes a code and a name (quote a name of several words)';
  }
  if (command === 'list' && positional.length > 0) {
    return 'list takes no code or name';
  }
  return null;
}

async function main(): Promise<number> {
  const parsed = parseArguments(process.argv.slice(2));
  const problem = usageProblem(parsed);
  if (problem) {
    console.error(`${problem}\n${USAGE}`);
    return 2;
  }
  const kind = parsed.flags.kind as OrganisationKind | undefined;
  if (parsed.command === 'create') {
    // A bad code or name is refused before the database is opened; the service checks again, and for duplicates.
    const [code, name] = parsed.positional;
    const problems = organisationProblems({ code, name, kind: kind ?? 'police' });
    if (problems.length > 0) {
      console.error(problems.map((refusal) => `- ${refusal.message}`).join('\n'));
      return 1;
    }
  }
  const app = await createCommandLineContext(OrganisationsModule);
  const organisations = app.get(OrganisationsService);
  try {
    if (parsed.command === 'create') {
      const [code, name] = parsed.positional;
      const organisation = await organisations.create({ code, name, kind: kind ?? 'police' }, SYSTEM_AUTHOR);
      console.log(`Created ${organisation.code}: ${organisation.name} (${organisation.kind}).`);
    } else {
      for (const organisation of await organisations.all()) {
        if (!kind || organisation.kind === kind) {
          console.log(
            `${organisation.code}\t${organisation.kind}\t${organisation.name}\t${organisation.monitoringStage ?? '-'}`,
          );
        }
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof FormError) {
      console.error(error.errors.map((refusal) => `- ${refusal.message}`).join('\n'));
      return 1;
    }
    throw error;
  } finally {
    await app.close();
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
