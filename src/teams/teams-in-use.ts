import type { EntityManager } from 'typeorm';
import { Team } from './team.entity';
import { teamsInUse } from './team-names';

/** A finding's action owners as stored (a JSON list of names); none when unreadable. */
function actionOwnersOf(json: string | null): string[] {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Adds to each force's list the teams already in use and not yet on it: the owners of its findings (owner and
 * action owners) and of their actions, and its users' teams; national recommendations (no force) are left out.
 * Run inside the caller's transaction, by the default data load on a new database (the migration that made the
 * list, CreateTeams, did the same for the data a database already held). Returns how many teams it added.
 */
export async function addTeamsInUse(manager: EntityManager, createdBy: string, at: string): Promise<number> {
  const findings: Array<{ force_id: number; owner: string | null; action_owners: string | null }> = await manager.query(
    'SELECT force_id, owner, action_owners FROM findings WHERE force_id IS NOT NULL',
  );
  const actions: Array<{ force_id: number; owner: string | null }> = await manager.query(
    'SELECT f.force_id, a.owner FROM actions a JOIN findings f ON f.id = a.finding_id WHERE f.force_id IS NOT NULL',
  );
  const users: Array<{ force_id: number; team: string | null }> = await manager.query(
    'SELECT force_id, team FROM users WHERE force_id IS NOT NULL',
  );
  const inUse = teamsInUse([
    ...findings.map((row) => ({
      forceId: Number(row.force_id),
      names: [row.owner, ...actionOwnersOf(row.action_owners)],
    })),
    ...actions.map((row) => ({ forceId: Number(row.force_id), names: [row.owner] })),
    ...users.map((row) => ({ forceId: Number(row.force_id), names: [row.team] })),
  ]);
  const kept = new Set((await manager.find(Team)).map((team) => `${team.forceId}\n${team.name}`));
  const missing = [...inUse.entries()].flatMap(([forceId, names]) =>
    names
      .filter((name) => !kept.has(`${forceId}\n${name}`))
      .map((name) => manager.create(Team, { forceId, name, createdAt: at, createdBy, retiredAt: null })),
  );
  await manager.save(Team, missing, { chunk: 100 });
  return missing.length;
}
