// lb-web's built-in policy `lb_web.policies:CapacitySearch`: instead of every rate of the grid,
// a bisection per line (capacity-lines.ts) between the highest rate that passed and the lowest
// that failed, until the capacity is bracketed within the tolerance. Bisection is optimal for a
// monotone pass/fail with one probe at a time (⌈log2(n+1)⌉ probes for n rates); with a
// micro-batch several lines are probed per batch. "Fail" is what capacityPerFunction
// (run-results.ts) calls failing: a run threshold broken, the function or the node overloaded
// (lb's rules) in any iteration — so the search's capacity is the grid's, within the tolerance.
// The loop still applies lb's dominance, cooldown and iterations to each chosen configuration.
import 'server-only';
import type { SearchLine, SearchVerdict } from '@/lib/contract/capacity-search';
import { verdicts } from '@/lib/contract/run-results';
import type { Thresholds } from '@/lib/contract/thresholds';
import type { BenchConfig } from '@/server/peva/enumeration';
import type { ExecutionRecord } from '@/server/peva/memory-schema';
import { bracketed, bracketOf, buildLines, rateAt, type Line, type Verdict } from './capacity-lines';
import type { PolicyAlgorithm, PolicyUpdateSummary } from './policy-contract';

export interface CapacitySearchOptions {
  thresholds?: Thresholds;
  /** Untested rates allowed between the last pass and the first fail (default 1: one rate step). */
  tolerance?: number;
}

export interface LineCapacity {
  line: string;
  function: string;
  /** Highest passing rate (null: none passed). */
  capacity: number | null;
  /** Lowest failing rate above it (null: none failed). */
  failsAt: number | null;
  bracketed: boolean;
  tested: number[];
}

type Tested = { config: BenchConfig; verdict: Verdict; kind: SearchVerdict; reason: string };

/** An overload fails the configuration as an overload; any other failure is a threshold broken. */
const OVERLOAD_FAILURES = new Set(['function overloaded', 'node overloaded']);

export class CapacitySearchPolicy implements PolicyAlgorithm {
  readonly #thresholds: Thresholds | undefined;
  readonly #tolerance: number;
  #lines: Line[] = [];
  readonly #tested = new Map<string, Tested>();
  readonly #why = new Map<string, string>();
  /** Per chosen configuration: the line it probes and its rate there. */
  readonly #probes = new Map<string, { line: string; rate: number }>();

  constructor(opts: CapacitySearchOptions = {}) {
    this.#thresholds = opts.thresholds;
    this.#tolerance = opts.tolerance ?? 1;
  }

  chooseBatch({ candidates, desiredSize }: { candidates: readonly BenchConfig[]; desiredSize: number }): BenchConfig[] {
    // The first call sees every candidate: the lines are fixed from it (later calls see what is left).
    if (this.#lines.length === 0) this.#lines = buildLines(candidates);
    const open = new Set(candidates.map((c) => c.id));
    const chosen: BenchConfig[] = [];
    for (const line of this.#lines) {
      if (chosen.length >= desiredSize) break;
      const probe = this.#probe(line, open);
      if (probe) chosen.push(probe);
    }
    return chosen;
  }

  /** The untried point of an open bracket nearest its middle, with why it was chosen. */
  #probe(line: Line, open: ReadonlySet<string>): BenchConfig | undefined {
    const b = bracketOf(line, this.#tested);
    if (bracketed(b, line.points.length, this.#tolerance)) return undefined;
    const mid = Math.floor((b.lo + b.hi) / 2);
    const inside = line.points
      .map((p, i) => ({ p, i }))
      .filter(({ p, i }) => i > b.lo && i < b.hi && open.has(p.id))
      .sort((x, y) => Math.abs(x.i - mid) - Math.abs(y.i - mid));
    const pick = inside[0];
    if (!pick) return undefined;
    const low = rateAt(line, b.lo);
    const high = rateAt(line, b.hi);
    this.#probes.set(pick.p.id, { line: line.key, rate: rateAt(line, pick.i)! });
    this.#why.set(
      pick.p.id,
      `capacity search on ${line.varied}${line.key.endsWith('|') ? '' : ` (${line.key.split('|')[1]})`}: ` +
        `passed up to ${low ?? 'none yet'}, failed from ${high ?? 'none yet'} → trying ${rateAt(line, pick.i)}`,
    );
    return pick.p;
  }

  /** Why the configuration was chosen (the loop logs it). */
  reasonFor(configId: string): string | undefined {
    return this.#why.get(configId);
  }

  /** The line and rate a chosen configuration probes (the loop's `data.search.probe`). */
  probeOf(configId: string): { line: string; rate: number } | undefined {
    return this.#probes.get(configId);
  }

  updateOnline(event: ExecutionRecord): PolicyUpdateSummary | void {
    return this.updateBatch([event]);
  }

  updateBatch(events: ExecutionRecord[]): PolicyUpdateSummary | void {
    let learnt = false;
    for (const e of events) {
      if (!e.record) continue;
      const failures = verdicts(e.record, withOverloadFailing(this.#thresholds)).flatMap((v) => v.failures);
      const config = {
        id: e.configId,
        pairs: e.functions.map((name, i) => ({ name, rate: e.rates[i]! })),
      };
      const before = this.#tested.get(e.configId);
      // Any failing iteration fails the configuration (capacityPerFunction's rule).
      if (before?.verdict === 'fail') continue;
      this.#tested.set(e.configId, {
        config,
        verdict: failures.length > 0 ? 'fail' : 'pass',
        kind:
          failures.length === 0 ? 'passed' : failures.some((f) => OVERLOAD_FAILURES.has(f)) ? 'overloaded' : 'failed',
        reason: failures.length > 0 ? failures.join('; ') : 'met every limit',
      });
      learnt = true;
    }
    if (!learnt) return undefined;
    const caps = this.capacities();
    const widths = caps.map((c) => (c.failsAt ?? Number.NaN) - (c.capacity ?? 0)).filter(Number.isFinite);
    // score: share of lines bracketed; loss: the widest known bracket left, in req/s.
    return {
      score: caps.length ? caps.filter((c) => c.bracketed).length / caps.length : null,
      loss: widths.length ? Math.max(...widths) : null,
    };
  }

  /**
   * Per line, what the search knows now (lib/contract/capacity-search.ts, the loop's
   * `data.search`): its rates, the rates tried in the order their verdicts came, and the bracket.
   */
  searchLines(): SearchLine[] {
    const caps = new Map(this.capacities().map((c) => [c.line, c]));
    return this.#lines.map((line) => {
      const ids = new Map(line.points.map((p, i) => [p.id, rateAt(line, i)!]));
      const cap = caps.get(line.key)!;
      return {
        line: line.key,
        function: line.varied,
        fixed: line.key.slice(line.key.indexOf('|') + 1),
        rates: line.points.map((_, i) => rateAt(line, i)!),
        tried: [...this.#tested.entries()]
          .filter(([id]) => ids.has(id))
          .map(([id, t]) => ({ rate: ids.get(id)!, verdict: t.kind, reason: t.reason })),
        capacity: cap.capacity,
        failsAt: cap.failsAt,
        bracketed: cap.bracketed,
      };
    });
  }

  /** Per line: the capacity found so far and whether it is bracketed. */
  capacities(): LineCapacity[] {
    return this.#lines.map((line) => {
      const b = bracketOf(line, this.#tested);
      return {
        line: line.key,
        function: line.varied,
        capacity: rateAt(line, b.lo),
        failsAt: rateAt(line, b.hi),
        bracketed: bracketed(b, line.points.length, this.#tolerance),
        tested: line.points
          .map((p, i) => (this.#tested.has(p.id) ? rateAt(line, i) : null))
          .filter((r): r is number => r !== null),
      };
    });
  }
}

/** The run's thresholds with `overloaded: false` for every function: an overload fails, as in capacityPerFunction. */
function withOverloadFailing(thresholds: Thresholds | undefined): Thresholds {
  const out: Thresholds = { ...(thresholds ?? {}) };
  for (const [fn, limits] of Object.entries(out)) out[fn] = { ...limits, overloaded: false };
  out['*'] = { ...(out['*'] ?? {}), overloaded: false };
  return out;
}
