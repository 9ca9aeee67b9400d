import { describe, expect, it } from 'vitest';
import { parsePevaConfig, type PevaConfig, type PevaConfigInput } from './peva-config';
import { countConfigs, estimateRuntimeSeconds, formatRuntime, ratesForFunction } from './rate-plan';

function config(input: PevaConfigInput): PevaConfig {
  const r = parsePevaConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

describe('estimateRuntimeSeconds (lb estimate_runtime_seconds)', () => {
  it('is duration × iterations × configurations in whole seconds', () => {
    const c = config({
      functions: [{ name: 'a' }, { name: 'b' }],
      rate_strategy: { type: 'linear', min_rate: 0, max_rate: 10, step: 10 },
      duration: '2s',
      iterations: 3,
    });
    expect(countConfigs(c)).toBe(4);
    expect(estimateRuntimeSeconds(c)).toBe(24);
    expect(estimateRuntimeSeconds(c, 7)).toBe(42); // lb's test stubs the count to 7
  });

  it('counts milliseconds as lb does: truncated to seconds, at least 1', () => {
    const c = (duration: string) =>
      config({ functions: [{ name: 'a' }], rate_strategy: { type: 'custom', rates: [1] }, duration, iterations: 2 });
    expect(estimateRuntimeSeconds(c('500ms'))).toBe(2);
    expect(estimateRuntimeSeconds(c('1999ms'))).toBe(2);
    expect(estimateRuntimeSeconds(c('1m'))).toBe(120);
  });

  it('never goes below 1 and takes at least one configuration', () => {
    const c = config({
      functions: [{ name: 'a' }],
      rate_strategy: { type: 'custom', rates: [1] },
      duration: '1s',
      iterations: 1,
    });
    expect(estimateRuntimeSeconds(c, 0)).toBe(1);
  });

  it('uses the per-function caps like the enumeration', () => {
    const c = config({
      functions: [{ name: 'a', max_rate: 10 }, { name: 'b' }],
      rate_strategy: { type: 'linear', min_rate: 0, max_rate: 20, step: 10 },
      combinations: { min_functions: 1, max_functions: 3 },
      duration: '30s',
      iterations: 3,
    });
    expect(ratesForFunction(c.rate_strategy, 10)).toEqual([0, 10]);
    expect(countConfigs(c)).toBe(2 + 3 + 2 * 3);
    expect(estimateRuntimeSeconds(c)).toBe(990);
  });
});

describe('formatRuntime', () => {
  it('gives the two largest units', () => {
    expect(formatRuntime(0)).toBe('0 s');
    expect(formatRuntime(45)).toBe('45 s');
    expect(formatRuntime(750)).toBe('12 min 30 s');
    expect(formatRuntime(3600)).toBe('1 h');
    expect(formatRuntime(3 * 3600 + 5 * 60 + 9)).toBe('3 h 5 min');
    expect(formatRuntime(2 * 86_400 + 4 * 3600 + 1)).toBe('2 d 4 h');
    expect(formatRuntime(Infinity)).toBe('more than 10^308 s');
  });
});
