// The search space of the capacity search: per function set, "lines" of configurations where
// only the last function's rate varies (the others fixed), sorted by that rate. A single
// function is one line; a combination is a staircase of lines. Verdicts of tested
// configurations extend along lb's dominance order: more load on every function than a failing
// configuration fails, less load than a passing one passes (capacity is monotone in load).
import 'server-only';
import type { BenchConfig } from '@/server/peva/enumeration';

export type Verdict = 'pass' | 'fail';

export interface Line {
  key: string;
  /** The varied function (the last by name) — its rate orders the line. */
  varied: string;
  /** Sorted by the varied function's rate; rate-0 points left out (no load: no capacity to find). */
  points: BenchConfig[];
}

const rateOf = (c: BenchConfig, name: string): number => c.pairs.find((p) => p.name === name)?.rate ?? 0;
const namesOf = (c: BenchConfig): string => c.pairs.map((p) => p.name).join('+');

export function buildLines(configs: readonly BenchConfig[]): Line[] {
  const lines = new Map<string, Line>();
  for (const c of configs) {
    const varied = c.pairs[c.pairs.length - 1]?.name;
    if (varied === undefined || rateOf(c, varied) <= 0) continue;
    const fixed = c.pairs
      .slice(0, -1)
      .map((p) => `${p.name}=${p.rate}`)
      .join(',');
    const key = `${namesOf(c)}|${fixed}`;
    const line = lines.get(key) ?? { key, varied, points: [] };
    line.points.push(c);
    lines.set(key, line);
  }
  for (const line of lines.values()) line.points.sort((a, b) => rateOf(a, line.varied) - rateOf(b, line.varied));
  return [...lines.values()];
}

/** b ≥ a on every function of the same set (lb's dominance without the strictness). */
function atLeast(b: BenchConfig, a: BenchConfig): boolean {
  if (namesOf(a) !== namesOf(b)) return false;
  return a.pairs.every((p, i) => b.pairs[i]!.rate >= p.rate);
}

/** A configuration's verdict: its own when tested, else inferred from a tested one it dominates or is dominated by. */
export function knownVerdict(c: BenchConfig, tested: ReadonlyMap<string, { config: BenchConfig; verdict: Verdict }>) {
  const own = tested.get(c.id);
  if (own) return own.verdict;
  for (const t of tested.values()) {
    if (t.verdict === 'fail' && atLeast(c, t.config)) return 'fail';
    if (t.verdict === 'pass' && atLeast(t.config, c)) return 'pass';
  }
  return undefined;
}

export interface Bracket {
  /** Index of the highest passing point (-1: none). */
  lo: number;
  /** Index of the lowest failing point above lo (points.length: none). */
  hi: number;
}

export function bracketOf(line: Line, tested: ReadonlyMap<string, { config: BenchConfig; verdict: Verdict }>): Bracket {
  const verdicts = line.points.map((p) => knownVerdict(p, tested));
  let lo = -1;
  verdicts.forEach((v, i) => {
    if (v === 'pass') lo = i;
  });
  let hi = line.points.length;
  for (let i = lo + 1; i < verdicts.length; i++) {
    if (verdicts[i] === 'fail') {
      hi = i;
      break;
    }
  }
  // A failure below the highest pass (noise) still bounds the search: the grid's capacity stops there.
  const firstFail = verdicts.indexOf('fail');
  if (firstFail >= 0 && firstFail < lo) return { lo: firstFail - 1, hi: firstFail };
  return { lo, hi };
}

/**
 * Bracketed: at most `tolerance` untested points lie between the last pass and the first fail
 * (or the last rate), so the reported capacity — the last pass — is within `tolerance` rate
 * steps of the grid's (default 1). Below the first rate must be exact: "no capacity" and "the
 * first rate" are not one step apart for a reader.
 */
export function bracketed(b: Bracket, length: number, tolerance: number): boolean {
  if (b.hi === 0 || b.lo === length - 1) return true;
  if (b.lo < 0) return false;
  return b.hi - b.lo - 1 <= tolerance;
}

export const rateAt = (line: Line, i: number): number | null =>
  i >= 0 && i < line.points.length ? rateOf(line.points[i]!, line.varied) : null;
