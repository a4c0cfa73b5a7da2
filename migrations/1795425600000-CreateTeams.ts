import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/*
 * The teams each force keeps (owners of its findings and actions are chosen from them). The list of each force
 * starts with what is already in use, so nothing typed before is lost: the distinct owners of the force's findings
 * (owner and action owners) and of their actions, and the teams of the force's users. National recommendations
 * (no force) are left out: their owner says nothing of which force typed it.
 *
 * The rule is written here in full rather than imported (a migration must not change when the app's code does);
 * the app's copy, for the default data loaded into a new database after this migration, is
 * src/teams/teams-in-use.ts. The names are gathered in JavaScript because action_owners is a JSON list.
 */
export class CreateTeams1795425600000 implements MigrationInterface {
  name = 'CreateTeams1795425600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'teams',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'force_id', type: 'integer' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'created_at', type: 'varchar', length: '30' },
          { name: 'created_by', type: 'varchar', length: '100' },
          { name: 'retired_at', type: 'varchar', length: '30', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['force_id'], referencedTableName: 'forces', referencedColumnNames: ['id'] }],
        indices: [
          { name: 'idx_teams_force', columnNames: ['force_id'] },
          { name: 'idx_teams_force_name', columnNames: ['force_id', 'name'], isUnique: true },
        ],
      }),
    );

    const names = new Map<number, Set<string>>();
    const add = (forceId: number | string, name: unknown) => {
      const trimmed = typeof name === 'string' ? name.trim() : '';
      if (trimmed !== '' && trimmed.length <= 200) {
        const id = Number(forceId);
        names.set(id, (names.get(id) ?? new Set()).add(trimmed));
      }
    };
    const findings = (await queryRunner.query(
      'SELECT force_id, owner, action_owners FROM findings WHERE force_id IS NOT NULL',
    )) as Array<{ force_id: number; owner: string | null; action_owners: string | null }>;
    for (const row of findings) {
      add(row.force_id, row.owner);
      for (const owner of actionOwners(row.action_owners)) {
        add(row.force_id, owner);
      }
    }
    const actions = (await queryRunner.query(
      'SELECT f.force_id, a.owner FROM actions a JOIN findings f ON f.id = a.finding_id WHERE f.force_id IS NOT NULL',
    )) as Array<{ force_id: number; owner: string | null }>;
    for (const row of actions) {
      add(row.force_id, row.owner);
    }
    const users = (await queryRunner.query('SELECT force_id, team FROM users WHERE force_id IS NOT NULL')) as Array<{
      force_id: number;
      team: string | null;
    }>;
    for (const row of users) {
      add(row.force_id, row.team);
    }

    // Plain SQL (not a query builder, which would map the values through today's Team entity); placeholders differ.
    const insert =
      queryRunner.connection.driver.options.type === 'postgres'
        ? 'INSERT INTO teams (force_id, name, created_at, created_by) VALUES ($1, $2, $3, $4)'
        : 'INSERT INTO teams (force_id, name, created_at, created_by) VALUES (?, ?, ?, ?)';
    const createdAt = new Date().toISOString();
    for (const [forceId, set] of [...names.entries()].sort(([a], [b]) => a - b)) {
      for (const name of [...set].sort()) {
        await queryRunner.query(insert, [forceId, name, createdAt, 'system']);
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('teams');
  }
}

/** The action owners a finding lists (a JSON list of names); none when unreadable. */
function actionOwners(json: string | null): string[] {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
