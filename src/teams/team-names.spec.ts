import { isSameTeamName, newTeamNameProblem, teamName, teamsInUse } from './team-names';

describe('team names', () => {
  it('keeps a name trimmed', () => {
    expect(teamName('  Force vetting unit (FVU) ')).toBe('Force vetting unit (FVU)');
  });

  it('treats names differing only in case or surrounding spaces as the same team', () => {
    expect(isSameTeamName('Human resources', ' human Resources')).toBe(true);
    expect(isSameTeamName('Human resources', 'Human resource')).toBe(false);
  });

  describe('newTeamNameProblem', () => {
    const teams = [
      { name: 'Human resources', retiredAt: null },
      { name: 'Head of CCU', retiredAt: '2025-01-01T00:00:00.000Z' },
    ];

    it('allows a name the force does not have', () => {
      expect(newTeamNameProblem('Learning and development', teams)).toBeNull();
    });

    it('refuses a name the force has, on the field name', () => {
      expect(newTeamNameProblem('human resources', teams)).toEqual({
        field: 'name',
        message: 'There is already a team called Human resources',
      });
    });

    it('says when the team of that name is retired', () => {
      expect(newTeamNameProblem('Head of CCU', teams)).toEqual({
        field: 'name',
        message: 'There is already a team called Head of CCU, retired',
      });
    });
  });

  describe('teamsInUse', () => {
    it('gives each force its distinct owners, trimmed and sorted, without blanks', () => {
      const result = teamsInUse([
        { forceId: 1, names: ['Human resources', ' Director of finance', null] },
        { forceId: 1, names: ['Human resources ', '', '   ', undefined] },
        { forceId: 2, names: ['Human resources'] },
      ]);
      expect(result).toEqual(
        new Map([
          [1, ['Director of finance', 'Human resources']],
          [2, ['Human resources']],
        ]),
      );
    });

    it('leaves out a name too long to keep', () => {
      expect(teamsInUse([{ forceId: 1, names: ['x'.repeat(201)] }])).toEqual(new Map());
    });
  });
});
