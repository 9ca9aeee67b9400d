// What lb-web's capacity search says about itself as it goes, in its `log` events
// (`phase: "policy"`, `data.search`): per line — a function alone, or a combination's varied
// function with the others' rates fixed — the rates of its range, the rates tried so far with
// their verdict, and the bracket [highest passing, lowest failing] the capacity is in. The agent
// writes it (server/peva/policy/capacity-search.ts); the run page and the report read it back
// through this schema (lib/run-digest/capacity-search-log.ts). Browser-safe: zod only.
import { z } from 'zod';

/**
 * A tried rate's verdict, as the search (and capacityPerFunction) judges it: within the run's
 * thresholds and nothing overloaded; overloaded (the function or the node, lb's rules); or a
 * threshold broken. Any failing iteration fails the configuration.
 */
export const SearchVerdictSchema = z.enum(['passed', 'overloaded', 'failed']);
export type SearchVerdict = z.infer<typeof SearchVerdictSchema>;

export const SearchTrySchema = z.object({
  rate: z.number(),
  verdict: SearchVerdictSchema,
  /** What failed ("p95 612 ms > 400 ms", "node overloaded"), or "met every limit". */
  reason: z.string(),
});
export type SearchTry = z.infer<typeof SearchTrySchema>;

export const SearchLineSchema = z.object({
  /** The line's key: `<functions joined by +>|<fixed rates>` (unique in a run). */
  line: z.string(),
  /** The function whose rate the line varies. */
  function: z.string(),
  /** The other functions' fixed rates ("figlet=10,env=20"); "" for a function alone. */
  fixed: z.string(),
  /** Every rate of the line's range, ascending (rate 0 left out: no load, no capacity). */
  rates: z.array(z.number()),
  /** Rates tried on this line, in the order their verdicts came. */
  tried: z.array(SearchTrySchema),
  /** Highest passing rate (tried, or implied by dominance); null: none yet. */
  capacity: z.number().nullable(),
  /** Lowest failing rate above it; null: none yet. */
  failsAt: z.number().nullable(),
  /** The capacity is found: within the tolerance (one rate step) of the grid's. */
  bracketed: z.boolean(),
});
export type SearchLine = z.infer<typeof SearchLineSchema>;

export const SearchStateSchema = z.object({
  lines: z.array(SearchLineSchema),
  /** The configuration chosen now (its line and rate), before its load; null in the final event. */
  probe: z.object({ line: z.string(), rate: z.number() }).nullable(),
  /** The search ended (the loop's final `policy` event). */
  done: z.boolean(),
});
export type SearchState = z.infer<typeof SearchStateSchema>;

/** A line's name for people: "cpu-burn", or "figlet with env=20" for a combination's line. */
export const searchLineLabel = (l: Pick<SearchLine, 'function' | 'fixed'>): string =>
  l.fixed ? `${l.function} with ${l.fixed.split(',').join(', ')}` : l.function;

/** The bracket after a tried rate's verdict came in: how the search narrowed, step by step. */
export const BracketStepSchema = SearchTrySchema.extend({
  capacity: z.number().nullable(),
  failsAt: z.number().nullable(),
});
export type BracketStep = z.infer<typeof BracketStepSchema>;

/** What the run page keeps of a search (its run digest's `search`): the latest state, plus each line's steps. */
export const SearchDigestSchema = SearchStateSchema.extend({
  /** The `algorithm_entrypoint` the events name. */
  policy: z.string().nullable(),
  lines: z.array(SearchLineSchema.extend({ steps: z.array(BracketStepSchema) })),
});
export type SearchDigest = z.infer<typeof SearchDigestSchema>;
export type SearchLineDigest = SearchDigest['lines'][number];

/** A verdict in words (the run page's table and the report). */
export const SEARCH_VERDICT_TEXT: Record<SearchVerdict, string> = {
  passed: 'within thresholds',
  overloaded: 'overloaded',
  failed: 'failed threshold',
};

/** Where a line's capacity stands: found (bracketed), between two rates, or not known yet. */
export function searchBracketText(l: Pick<SearchLine, 'capacity' | 'failsAt' | 'bracketed' | 'rates'>): string {
  const fails = l.failsAt !== null ? ` (fails at ${l.failsAt})` : '';
  if (l.bracketed) {
    if (l.capacity === null) return `no capacity: fails from ${l.failsAt ?? l.rates[0] ?? '—'} req/s`;
    return `capacity ${l.capacity} req/s${l.failsAt === null ? ' (held up to the highest rate)' : fails}`;
  }
  if (l.capacity === null && l.failsAt === null) return 'nothing judged yet';
  return `between ${l.capacity ?? 'none'} and ${l.failsAt ?? 'beyond the range'} req/s`;
}

/** [highest passing, lowest failing] as text: "[100, 150]", with "—" for a side not known yet. */
export const bracketPair = (b: { capacity: number | null; failsAt: number | null }): string =>
  `[${b.capacity ?? '—'}, ${b.failsAt ?? '—'}]`;
