import { headLineWithin } from './audit-heads';

describe('headLineWithin', () => {
  const hash = 'a'.repeat(64);

  it('keeps the heads up to the backed-up head and leaves out later ones', () => {
    expect(headLineWithin(`#12 ${hash}`, 12)).toBe(true);
    expect(headLineWithin(`#3 ${hash}`, 12)).toBe(true);
    expect(headLineWithin(`#13 ${hash}`, 12)).toBe(false);
  });

  it('keeps a line it cannot read, as evidence for audit:verify', () => {
    expect(headLineWithin('#14 not-a-hash', 12)).toBe(true);
  });
});
