import { describe, expect, it } from 'vitest';
import { stopTimingFromEnv } from './stop-timing';

describe('stopTimingFromEnv', () => {
  it("defaults to lb's 30 s confirmation wait and 5 s k6 grace", () => {
    expect(stopTimingFromEnv({})).toEqual({ confirmTimeoutMs: 30_000, k6GraceS: 5 });
  });
  it('reads both variables in seconds', () => {
    expect(stopTimingFromEnv({ LBWEB_STOP_CONFIRM_TIMEOUT_S: '90', LBWEB_K6_STOP_GRACE_S: '0.5' })).toEqual({
      confirmTimeoutMs: 90_000,
      k6GraceS: 0.5,
    });
  });
  it('names the variable of a bad value', () => {
    expect(() => stopTimingFromEnv({ LBWEB_STOP_CONFIRM_TIMEOUT_S: 'soon' })).toThrow(/LBWEB_STOP_CONFIRM_TIMEOUT_S/);
    expect(() => stopTimingFromEnv({ LBWEB_K6_STOP_GRACE_S: '-1' })).toThrow(/LBWEB_K6_STOP_GRACE_S/);
  });
});
