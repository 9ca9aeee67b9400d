// lb's dominance rule (FORMATS.md §6): once A is overloaded, every B that puts at least as
// much load on the same functions is skipped as `dominated_by_overload`.
import 'server-only';
import type { ConfigPair } from './enumeration';

const byName = (a: ConfigPair, b: ConfigPair): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** True when B has A's function set, every rate ≥ A's, and at least one strictly greater. */
export function dominates(b: ConfigPair[], a: ConfigPair[]): boolean {
  if (b.length !== a.length) return false;
  const bs = [...b].sort(byName);
  const as = [...a].sort(byName);
  let strictlyGreater = false;
  for (let i = 0; i < bs.length; i++) {
    const pb = bs[i]!;
    const pa = as[i]!;
    if (pb.name !== pa.name || !(pb.rate >= pa.rate)) return false;
    if (pb.rate > pa.rate) strictlyGreater = true;
  }
  return strictlyGreater;
}

/** The first overloaded config that `candidate` dominates, if any (its id goes to skipped.csv). */
export function dominatingOverload<T extends { pairs: ConfigPair[] }>(
  candidate: ConfigPair[],
  overloaded: readonly T[],
): T | undefined {
  return overloaded.find((o) => dominates(candidate, o.pairs));
}
