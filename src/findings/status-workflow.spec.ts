import { availableTransitions, checkTransition } from './status-workflow';

const request = (
  name: string,
  extra: Partial<{ commentary: string; supersededBy: string; activeEvidence: number }> = {},
) => ({
  name,
  commentary: 'Done and documented',
  supersededBy: '',
  activeEvidence: 1,
  ...extra,
});

describe('status workflow', () => {
  it('lets force staff start work and claim implemented with evidence and a commentary', () => {
    expect(checkTransition('not_started', 'force_staff', request('start'))).toMatchObject({ ok: true });
    expect(checkTransition('in_progress', 'force_staff', request('claim'))).toMatchObject({
      ok: true,
      transition: { to: 'implemented' },
    });
  });

  it('refuses a claim without evidence or without a commentary', () => {
    expect(checkTransition('in_progress', 'force_staff', request('claim', { activeEvidence: 0 }))).toEqual({
      ok: false,
      errors: [
        {
          field: 'transition',
          message: 'Add at least one piece of evidence before claiming the finding is implemented',
        },
      ],
    });
    expect(checkTransition('in_progress', 'force_staff', request('claim', { commentary: '  ' }))).toEqual({
      ok: false,
      errors: [{ field: 'commentary', message: 'Say what was done and how the evidence shows it' }],
    });
  });

  it('lets only an inspector verify or reject a claim, with a reason', () => {
    expect(checkTransition('implemented', 'inspector', request('verify'))).toMatchObject({
      ok: true,
      transition: { to: 'verified_closed' },
    });
    expect(checkTransition('implemented', 'inspector', request('reject'))).toMatchObject({
      ok: true,
      transition: { to: 'in_progress' },
    });
    for (const role of ['force_staff', 'force_lead', 'board_member', 'administrator'] as const) {
      expect(checkTransition('implemented', role, request('verify'))).toMatchObject({ ok: false });
    }
    expect(checkTransition('implemented', 'inspector', request('verify', { commentary: '' }))).toEqual({
      ok: false,
      errors: [{ field: 'commentary', message: 'Give the reason' }],
    });
  });

  it('refuses moves the workflow does not have', () => {
    expect(checkTransition('not_started', 'inspector', request('verify'))).toEqual({
      ok: false,
      errors: [{ field: 'transition', message: 'A finding that is not started cannot be moved to verified closed' }],
    });
    expect(checkTransition('verified_closed', 'force_staff', request('claim'))).toMatchObject({ ok: false });
    expect(checkTransition('in_progress', 'force_staff', request('teleport'))).toEqual({
      ok: false,
      errors: [{ field: 'transition', message: 'Select what to do' }],
    });
  });

  it('re-opens a closed finding with a reason, by an inspector or lead', () => {
    expect(checkTransition('verified_closed', 'force_lead', request('reopen'))).toMatchObject({ ok: true });
    expect(checkTransition('verified_closed', 'force_staff', request('reopen'))).toMatchObject({ ok: false });
  });

  it('needs what supersedes a finding', () => {
    expect(checkTransition('in_progress', 'inspector', request('supersede'))).toEqual({
      ok: false,
      errors: [{ field: 'supersededBy', message: 'Enter the reference of the finding that supersedes this one' }],
    });
    expect(
      checkTransition('in_progress', 'inspector', request('supersede', { supersededBy: 'DER-2025-AFI-01' })),
    ).toMatchObject({ ok: true });
  });

  it('offers each role only its own moves', () => {
    expect(availableTransitions('in_progress', 'force_staff').map((t) => t.name)).toEqual(['claim']);
    expect(availableTransitions('implemented', 'inspector').map((t) => t.name)).toEqual([
      'verify',
      'reject',
      'supersede',
    ]);
    expect(availableTransitions('implemented', 'board_member')).toEqual([]);
  });
});
