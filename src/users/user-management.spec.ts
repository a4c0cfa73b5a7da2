import type { Role } from '../access/roles';
import { assignableRoles, forceOfNewUser, managedForce, mayManageAccount } from './user-management';

const manager = (role: Role, forceId: number | null = null, forceCode: string | null = null) => ({
  role,
  forceId,
  forceCode,
});
const administrator = manager('administrator');
const lead = manager('force_lead', 7, 'DER');

describe('assignableRoles', () => {
  it('lets an administrator give any role and a force lead only the force roles', () => {
    expect(assignableRoles(administrator)).toEqual([
      'force_staff',
      'force_lead',
      'inspector',
      'board_member',
      'administrator',
    ]);
    expect(assignableRoles(lead)).toEqual(['force_staff', 'force_lead', 'board_member']);
  });
});

describe('forceOfNewUser', () => {
  it('puts a force lead’s new user in the lead’s own force, whatever was sent', () => {
    expect(forceOfNewUser(lead, 'force_staff', 'NOT')).toBe('DER');
    expect(forceOfNewUser(lead, 'board_member', undefined)).toBe('DER');
  });

  it('takes the force an administrator chose', () => {
    expect(forceOfNewUser(administrator, 'force_staff', 'NOT')).toBe('NOT');
    expect(forceOfNewUser(administrator, 'force_lead', undefined)).toBeNull();
  });

  it('gives no force to a role that is not tied to one', () => {
    expect(forceOfNewUser(administrator, 'inspector', 'DER')).toBeNull();
    expect(forceOfNewUser(administrator, 'administrator', undefined)).toBeNull();
  });
});

describe('mayManageAccount and managedForce', () => {
  it('lets an administrator manage and list every force’s accounts', () => {
    expect(mayManageAccount(administrator, { forceId: 7 })).toBe(true);
    expect(mayManageAccount(administrator, { forceId: null })).toBe(true);
    expect(managedForce(administrator)).toBeNull();
  });

  it('keeps a force lead to their own force’s accounts', () => {
    expect(mayManageAccount(lead, { forceId: 7 })).toBe(true);
    expect(mayManageAccount(lead, { forceId: 8 })).toBe(false);
    expect(mayManageAccount(lead, { forceId: null })).toBe(false);
    expect(managedForce(lead)).toBe(7);
  });
});
