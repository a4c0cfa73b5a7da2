/**
 * Manage users from the command line:
 *   npm run user -- create <username> --role <role> [--force DER] [--team "Force vetting unit (FVU)"]
 *     [--name "Full Name"] [--password <pw>] [--email name@force.example]
 *   npm run user -- set-role <username> --role <role> [--force DER]
 *   npm run user -- reset-password <username> [--password <pw>]
 *   npm run user -- disable <username>
 *   npm run user -- enable <username>
 *   npm run user -- list
 * Without --password a random one is generated and printed once. Every change is audited as "system".
 */
import 'reflect-metadata';
import { NotFoundException } from '@nestjs/common';
import { createCommandLineContext } from '../src/command-line/command-line-context';
import { randomPassword } from '../src/auth/passwords';
import { ROLE_VALUES, type Role } from '../src/access/roles';
import { FormError } from '../src/common/form-error';
import { UsersModule } from '../src/users/users.module';
import { SYSTEM, UsersService } from '../src/users/users.service';

interface Parsed {
  command: string | undefined;
  username: string | undefined;
  flags: Record<string, string>;
}

export function parseArguments(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  const flags: Record<string, string> = {};
  let username: string | undefined;
  for (let index = 0; index < rest.length; index += 1) {
    const argument = rest[index];
    if (argument.startsWith('--')) {
      const [name, inline] = argument.slice(2).split('=', 2);
      flags[name] = inline ?? rest[index + 1] ?? '';
      if (inline === undefined) {
        index += 1;
      }
    } else if (username === undefined) {
      username = argument;
    }
  }
  return { command, username, flags };
}

const USAGE = `Usage:
  npm run user -- create <username> --role <${ROLE_VALUES.join('|')}> [--force CODE] [--team TEAM] [--name NAME] [--password PASSWORD] [--email ADDRESS]
  npm run user -- set-role <username> --role <role> [--force CODE]
  npm run user -- reset-password <username> [--password PASSWORD]
  npm run user -- disable <username>
  npm run user -- enable <username>
  npm run user -- list`;

async function main(): Promise<number> {
  const { command, username, flags } = parseArguments(process.argv.slice(2));
  if (!command || (command !== 'list' && !username)) {
    console.error(USAGE);
    return 2;
  }
  const app = await createCommandLineContext(UsersModule);
  const users = app.get(UsersService);
  try {
    switch (command) {
      case 'create': {
        const password = flags.password ?? randomPassword();
        const user = await users.create(
          {
            username: username!,
            displayName: flags.name ?? username!,
            password,
            role: flags.role as Role,
            forceCode: flags.force ?? null,
            team: flags.team ?? null,
            email: flags.email ?? null,
          },
          SYSTEM,
        );
        console.log(`Created ${user.username} (${user.role}).${flags.password ? '' : ` Password: ${password}`}`);
        break;
      }
      case 'set-role': {
        const user = await users.setRole(username!, flags.role as Role, flags.force ?? null, SYSTEM);
        console.log(`${user.username} is now ${user.role}.`);
        break;
      }
      case 'reset-password': {
        const password = flags.password ?? randomPassword();
        await users.resetPassword(username!, password, SYSTEM);
        console.log(`Password of ${username} reset.${flags.password ? '' : ` New password: ${password}`}`);
        break;
      }
      case 'disable':
      case 'enable': {
        await users.setDisabled(username!, command === 'disable', SYSTEM);
        console.log(`${username} ${command}d.`);
        break;
      }
      case 'list': {
        for (const user of await users.list(null)) {
          console.log(
            `${user.username}\t${user.role}\t${user.force?.code ?? '-'}\t${user.team ?? '-'}\t${user.disabled ? 'disabled' : 'active'}\t${user.email ?? '-'}`,
          );
        }
        break;
      }
      default:
        console.error(USAGE);
        return 2;
    }
    return 0;
  } catch (error) {
    if (error instanceof FormError || error instanceof NotFoundException) {
      const response = error.getResponse() as { message?: string | string[] };
      const messages = Array.isArray(response.message) ? response.message : [response.message ?? error.message];
      console.error(messages.map((message) => `- ${message}`).join('\n'));
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
