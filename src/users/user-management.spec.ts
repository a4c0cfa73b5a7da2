import type { Role } from '../access/roles';
import {
  accountChangeProblems,
  accountChanges,
  assignableRoles,
  forceOfNewUser,
  managedForce,
  mayManageAccount,
} from './user-management';

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

describe('accountChangeProblems', () => {
  const staff = { role: 'force_staff' as const, isOwn: false };

  it('accepts a role the manager may give, with a force that exists', () => {
    expect(accountChangeProblems(lead, staff, { role: 'force_lead', forceCode: 'DER' }, true)).toEqual([]);
    expect(accountChangeProblems(administrator, staff, { role: 'inspector', forceCode: null }, false)).toEqual([]);
  });

  it('refuses a role beyond the manager’s, beside the role', () => {
    expect(accountChangeProblems(lead, staff, { role: 'administrator', forceCode: null }, false)).toEqual([
      { field: 'role', message: 'You cannot give that role' },
    ]);
  });

  it('refuses a change of one’s own role, but not of the rest of one’s own account', () => {
    const own = { role: 'administrator' as const, isOwn: true };
    expect(accountChangeProblems(administrator, own, { role: 'inspector', forceCode: null }, false)).toEqual([
      { field: 'role', message: 'You cannot change your own role' },
    ]);
    expect(accountChangeProblems(administrator, own, { role: 'administrator', forceCode: null }, false)).toEqual([]);
  });

  it('needs a force, one that exists, for a force role', () => {
    expect(accountChangeProblems(administrator, staff, { role: 'board_member', forceCode: null }, false)).toEqual([
      { field: 'forceCode', message: 'A force staff, force lead or board member account needs a force' },
    ]);
    expect(accountChangeProblems(administrator, staff, { role: 'force_staff', forceCode: 'XYZ' }, false)).toEqual([
      { field: 'forceCode', message: 'There is no force with the code XYZ' },
    ]);
  });
});

describe('accountChanges', () => {
  it('records only the fields that changed, each as before and after', () => {
    const before = { displayName: 'Sam', role: 'force_staff' as const, force: 'DER', team: null };
    expect(accountChanges(before, { ...before })).toEqual({});
    expect(accountChanges(before, { ...before, role: 'inspector', force: null, team: 'Vetting' })).toEqual({
      role: ['force_staff', 'inspector'],
      force: ['DER', null],
      team: [null, 'Vetting'],
    });
  });
});
