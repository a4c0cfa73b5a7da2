import { throttleDecision } from './sign-in-throttle';

describe('throttleDecision', () => {
  it('lets the first attempts through at once', () => {
    expect(throttleDecision(0, 0, 500)).toEqual({ locked: false, delayMs: 0 });
    expect(throttleDecision(2, 2, 500)).toEqual({ locked: false, delayMs: 0 });
  });

  it('slows each attempt after three failures, up to a cap', () => {
    expect(throttleDecision(3, 3, 500)).toEqual({ locked: false, delayMs: 500 });
    expect(throttleDecision(5, 5, 500)).toEqual({ locked: false, delayMs: 1500 });
    expect(throttleDecision(9, 9, 500)).toEqual({ locked: false, delayMs: 2500 });
  });

  it('locks after ten failures for a name, or thirty from one address', () => {
    expect(throttleDecision(10, 10, 500)).toEqual({ locked: true, minutes: 15 });
    expect(throttleDecision(0, 30, 500)).toEqual({ locked: true, minutes: 15 });
  });
});
