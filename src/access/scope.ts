import type { CurrentUser } from './current-user';
import { FORCE_ROLES } from './roles';

/**
 * What a reader may see: one force's items (and national recommendations, made to all forces),
 * or every force's (forceId null) for inspectors and administrators.
 */
export interface Scope {
  forceId: number | null;
}

export const ALL_FORCES: Scope = { forceId: null };

export function scopeOf(user: Pick<CurrentUser, 'role' | 'forceId'>): Scope {
  return FORCE_ROLES.includes(user.role) ? { forceId: user.forceId ?? -1 } : ALL_FORCES;
}

/** Whether an item of this force (null = national) is visible in the scope. */
export function inScope(scope: Scope, itemForceId: number | null): boolean {
  return scope.forceId === null || itemForceId === null || itemForceId === scope.forceId;
}

/**
 * The same rule in SQL, on the column that holds an item's force (`finding.forceId` in a query builder, `a.force_id`
 * in raw SQL): a finding, a report, an assessment.
 */
export function scopeCondition(
  scope: Scope,
  forceColumn: string,
): { sql: string; parameters: { scopeForceId?: number } } {
  if (scope.forceId === null) {
    return { sql: '1 = 1', parameters: {} };
  }
  return {
    sql: `(${forceColumn} = :scopeForceId OR ${forceColumn} IS NULL)`,
    parameters: { scopeForceId: scope.forceId },
  };
}
