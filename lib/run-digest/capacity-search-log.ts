// The capacity search as the run page and the report show it, folded from the run's `policy`
// events (`data.search`, lib/contract/capacity-search.ts): per line the latest state — rates,
// tried rates with their verdicts, bracket, the configuration being tried now — and the bracket
// after each verdict, so the page can show it narrowing without replaying the run. Part of the
// run digest (the server keeps it in series.json, the browser carries it on with live events).
import {
  SearchStateSchema,
  type BracketStep,
  type SearchDigest,
  type SearchLineDigest,
} from '@/lib/contract/capacity-search';
import type { StoredEvent } from '@/lib/contract/stored-event';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class CapacitySearchLog {
  #state: SearchDigest | null;
  #cached: { version: number; snapshot: SearchDigest | null } | null = null;

  constructor(state: SearchDigest | null = null) {
    this.#state = state;
  }

  /** The search so far (null: the run has no capacity-search event). Plain JSON, for the digest. */
  toState(): SearchDigest | null {
    return this.#state ? structuredClone(this.#state) : null;
  }

  /** A copy for React, made once per `version` of the owning event log (callers pass it). */
  snapshotAt(version: number): SearchDigest | null {
    if (this.#cached?.version !== version) this.#cached = { version, snapshot: this.toState() };
    return this.#cached.snapshot;
  }

  /** Applies a `policy` event that carries the search's state; returns whether it did. */
  add(e: StoredEvent): boolean {
    if (e.phase !== 'policy' || !isRecord(e.data)) return false;
    const parsed = SearchStateSchema.safeParse(e.data.search);
    if (!parsed.success) return false;
    const next = parsed.data;
    const before = new Map((this.#state?.lines ?? []).map((l) => [l.line, l]));
    const lines: SearchLineDigest[] = next.lines.map((line) => {
      const old = before.get(line.line);
      // A rate keeps the bracket seen right after its verdict; a new one gets this event's bracket.
      const seen = new Map((old?.steps ?? []).map((s) => [s.rate, s]));
      const steps: BracketStep[] = line.tried.map((t) => {
        const prior = seen.get(t.rate);
        const bracket = prior ?? { capacity: line.capacity, failsAt: line.failsAt };
        return { ...t, capacity: bracket.capacity, failsAt: bracket.failsAt };
      });
      return { ...line, steps };
    });
    const policy = typeof e.data.policy === 'string' ? e.data.policy : (this.#state?.policy ?? null);
    this.#state = { policy, lines, probe: next.probe, done: next.done };
    return true;
  }
}
