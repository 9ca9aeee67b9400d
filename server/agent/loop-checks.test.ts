import { describe, expect, it, vi } from 'vitest';
vi.mock('./gateway-client', () => ({ listFunctions: vi.fn(), probeFunction: vi.fn() }));
import { configId, type ConfigPair } from '@/server/peva/enumeration';
import { skipReason } from './loop-checks';
import { configLabel } from './loop-text';

const bench = (...pairs: ConfigPair[]) => ({ id: configId(pairs), pairs });

describe('skipReason (lb DfaasConfigExecutor._check_skip_reason)', () => {
  const f10 = bench({ name: 'f1', rate: 10 });
  const f20 = bench({ name: 'f1', rate: 20 });

  it('gives lb’s codes, dominance first, with lb-web’s words apart', () => {
    expect(skipReason(f20, new Set([f20.id]), [f10])).toEqual({
      reason: 'dominated_by_overload',
      detail: `dominates ${f10.id} (f1=10), which overloaded the node earlier in this run`,
      dominatedBy: f10.id,
    });
    expect(skipReason(f20, new Set([f20.id]), [])).toEqual({
      reason: 'already_indexed',
      detail: 'index.csv of this output has it',
    });
    expect(skipReason(f10, new Set(), [f10])).toBeNull();
  });
});

describe('configLabel (lb _format_pairs_label)', () => {
  it('is name=rate, sorted by function name in code-point order', () => {
    expect(
      configLabel({
        pairs: [
          { name: 'b', rate: 20 },
          { name: 'a', rate: 10 },
        ],
      }),
    ).toBe('a=10, b=20');
    expect(
      configLabel({
        pairs: [
          { name: 'é', rate: 1 },
          { name: 'a', rate: 3 },
          { name: 'Z', rate: 2 },
        ],
      }),
    ).toBe('Z=2, a=3, é=1');
    expect(configLabel({ pairs: [{ name: 'figlet', rate: 2.5 }] })).toBe('figlet=2.5');
  });
});
