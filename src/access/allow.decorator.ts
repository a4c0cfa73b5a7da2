import { SetMetadata } from '@nestjs/common';
import type { Permission } from './roles';

export const ACCESS_RULE = 'access-rule';
export type AccessRule = Permission | 'anonymous';

/**
 * Every route says who may use it: 'anonymous' (sign-in page, assets) or a permission from
 * PERMISSIONS. A route without a rule is refused by the AccessGuard, so a new route cannot be
 * left open by accident.
 */
export const Allow = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);
