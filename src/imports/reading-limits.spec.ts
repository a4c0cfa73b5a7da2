import { describeDuration, timeLimitMessage } from './reading-limits';

describe('describeDuration', () => {
  it('says a time limit in the largest whole unit', () => {
    expect(describeDuration(120_000)).toBe('2 minutes');
    expect(describeDuration(60_000)).toBe('1 minute');
    expect(describeDuration(90_000)).toBe('90 seconds');
    expect(describeDuration(1000)).toBe('1 second');
    expect(describeDuration(250)).toBe('250 milliseconds');
    expect(describeDuration(1)).toBe('1 millisecond');
  });

  it('is how the time limit is told to the person importing', () => {
    expect(timeLimitMessage('report.pdf', 120_000)).toBe(
      'Reading report.pdf took longer than 2 minutes, so the tracker stopped. Check that the file is one inspection report, then try again.',
    );
  });
});
