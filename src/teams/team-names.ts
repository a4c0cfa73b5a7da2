import type { FieldError } from '../common/form-error';

/** The longest team name (the owner columns of findings and actions hold 200 characters). */
export const TEAM_NAME_MAX = 200;

/** A team name as kept: trimmed. */
export function teamName(raw: string): string {
  return raw.trim();
}

/** Two names of the same team: equal but for case ("Human resources", "Human Resources"). */
export function isSameTeamName(a: string, b: string): boolean {
  return teamName(a).toLocaleLowerCase('en-GB') === teamName(b).toLocaleLowerCase('en-GB');
}

/**
 * Why a new team of this name cannot be added beside the force's teams (active or retired): the problem on the
 * form's field `name`, or null when it may be.
 */
export function newTeamNameProblem(
  name: string,
  teams: ReadonlyArray<{ name: string; retiredAt: string | null }>,
): FieldError | null {
  const same = teams.find((team) => isSameTeamName(team.name, name));
  if (!same) {
    return null;
  }
  return {
    field: 'name',
    message: same.retiredAt
      ? `There is already a team called ${same.name}, retired`
      : `There is already a team called ${same.name}`,
  };
}

/**
 * The teams each force has in use: per force, the distinct names (trimmed, none empty or too long to keep) among
 * the owners and teams given, in alphabetical order.
 */
export function teamsInUse(
  rows: ReadonlyArray<{ forceId: number; names: ReadonlyArray<string | null | undefined> }>,
): Map<number, string[]> {
  const byForce = new Map<number, Set<string>>();
  for (const row of rows) {
    for (const raw of row.names) {
      const name = typeof raw === 'string' ? teamName(raw) : '';
      if (name !== '' && name.length <= TEAM_NAME_MAX) {
        byForce.set(row.forceId, (byForce.get(row.forceId) ?? new Set()).add(name));
      }
    }
  }
  return new Map(
    [...byForce.entries()].map(([forceId, names]) => [forceId, [...names].sort((a, b) => a.localeCompare(b, 'en-GB'))]),
  );
}
