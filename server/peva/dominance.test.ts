import { describe, expect, it } from 'vitest';
import { dominates, dominatingOverload } from './dominance';

const cfg = (o: Record<string, number>) => Object.entries(o).map(([name, rate]) => ({ name, rate }));

describe('dominates', () => {
  it('needs the same function set, every rate ≥ and one strictly >', () => {
    expect(dominates(cfg({ a: 20, b: 10 }), cfg({ a: 10, b: 10 }))).toBe(true);
    expect(dominates(cfg({ b: 10, a: 20 }), cfg({ a: 10, b: 10 }))).toBe(true);
    expect(dominates(cfg({ a: 10, b: 10 }), cfg({ a: 10, b: 10 }))).toBe(false);
    expect(dominates(cfg({ a: 30, b: 5 }), cfg({ a: 10, b: 10 }))).toBe(false);
    expect(dominates(cfg({ a: 10, b: 10 }), cfg({ a: 20, b: 10 }))).toBe(false);
  });
  it('never across different function sets', () => {
    expect(dominates(cfg({ a: 50 }), cfg({ b: 10 }))).toBe(false);
    expect(dominates(cfg({ a: 50, b: 50 }), cfg({ a: 10 }))).toBe(false);
    expect(dominates(cfg({ a: 50 }), cfg({ a: 10, b: 10 }))).toBe(false);
  });
  it('finds the overloaded config that a candidate dominates', () => {
    const overloaded = [
      { id: 'x', pairs: cfg({ a: 40 }) },
      { id: 'y', pairs: cfg({ b: 20 }) },
    ];
    expect(dominatingOverload(cfg({ b: 30 }), overloaded)?.id).toBe('y');
    expect(dominatingOverload(cfg({ a: 30 }), overloaded)).toBeUndefined();
  });
});
