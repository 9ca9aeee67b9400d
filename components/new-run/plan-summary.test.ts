import { describe, expect, it } from 'vitest';
import { parsePevaConfig } from '@/lib/contract/peva-config';
import { PRESETS } from './presets';
import { planSummary } from './plan-summary';

describe('planSummary', () => {
  it('gives the presets’ plans with lb’s runtime estimate', () => {
    const plans = PRESETS.map((p) => {
      const r = parsePevaConfig(p.config);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return [p.id, planSummary(r.config)];
    });
    expect(Object.fromEntries(plans)).toEqual({
      'one-rate-1m': { configurations: 1, iterations: 1, durationSeconds: 60, estimateSeconds: 60 },
      'baseline-10s': { configurations: 1, iterations: 1, durationSeconds: 10, estimateSeconds: 10 },
      // figlet and env at 10..40: 4 + 4 alone, 16 together.
      sweep: { configurations: 24, iterations: 2, durationSeconds: 20, estimateSeconds: 960 },
    });
  });
});
