import { describe, expect, it } from 'vitest';
import { parseThresholdsText } from './thresholds';

describe('the New-run thresholds box', () => {
  it('treats an empty box, or limits that limit nothing, as no thresholds', () => {
    expect(parseThresholdsText('  \n')).toEqual({ ok: true, thresholds: undefined });
    expect(parseThresholdsText('{"*": {}}')).toEqual({ ok: true, thresholds: undefined });
  });

  it('accepts per-function and "*" limits', () => {
    expect(parseThresholdsText('{"*": {"success_rate": 0.99}, "figlet": {"p95_ms": 200}}')).toEqual({
      ok: true,
      thresholds: { '*': { success_rate: 0.99 }, figlet: { p95_ms: 200 } },
    });
  });

  it('says what is wrong, with the path of the bad limit', () => {
    expect(parseThresholdsText('{"figlet": {"p95": 200}}')).toEqual({
      ok: false,
      errors: ['figlet: unknown limit p95'],
    });
    const bad = parseThresholdsText('{"figlet": {"p95_ms": -1, "success_rate": 2}}');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toEqual([
      'figlet.p95_ms: p95_ms must be > 0',
      'figlet.success_rate: success_rate must be ≤ 1',
    ]);
    const notJson = parseThresholdsText('{figlet');
    expect(!notJson.ok && notJson.errors[0]).toMatch(/^not JSON: /);
  });
});
