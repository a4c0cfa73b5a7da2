import { newUserProblems, type NewUser } from './users.service';

const input = (changes: Partial<NewUser> = {}): NewUser => ({
  username: 'new.staff',
  displayName: 'New Staff',
  password: 'a perfectly long passphrase',
  role: 'force_staff',
  forceCode: 'DER',
  ...changes,
});

describe('newUserProblems', () => {
  it('accepts good details', () => {
    expect(newUserProblems(input(), true)).toEqual([]);
  });

  it('puts each problem on the field it is about', () => {
    expect(newUserProblems(input({ username: 'A b' }), true)).toEqual([
      {
        field: 'username',
        message: 'Username must be 3 to 100 lower-case letters, digits, dots, dashes or underscores',
      },
    ]);
    expect(newUserProblems(input({ role: 'chief' as never, forceCode: null }), true)).toEqual([
      {
        field: 'role',
        message: 'Role must be one of force_staff, force_lead, inspector, board_member, administrator',
      },
    ]);
    expect(newUserProblems(input({ forceCode: null }), false)).toEqual([
      { field: 'forceCode', message: 'A force staff, force lead or board member account needs a force' },
    ]);
    expect(newUserProblems(input({ forceCode: 'XYZ' }), false)).toEqual([
      { field: 'forceCode', message: 'There is no force with the code XYZ' },
    ]);
    expect(newUserProblems(input({ password: 'short' }), true)).toEqual([
      { field: 'password', message: 'Password must be at least 12 characters' },
    ]);
  });
});
