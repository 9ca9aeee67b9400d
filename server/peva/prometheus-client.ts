// Prometheus HTTP API client with lb's semantics: only result[0] counts, an empty result
// is retried (lb: every 1 s for up to 120 s, because freshly started exporters need a few
// scrapes), but a dead or misconfigured Prometheus fails fast with its URL and the query.
import 'server-only';
import { tryParseJson } from '@/lib/contract/tolerant-json';
import { sleep } from '@/server/process/sleep';
import { z } from 'zod';

export class PrometheusQueryError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly query: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'PrometheusQueryError';
  }
}

export class PrometheusEmptyResultError extends Error {
  constructor(
    readonly url: string,
    readonly query: string,
    readonly waitedMs: number,
  ) {
    super(
      `Prometheus at ${url} returned no data for ${JSON.stringify(query)} after ${waitedMs} ms of retries; ` +
        'check that the exporter is scraped (Prometheus /targets) and the label values exist',
    );
    this.name = 'PrometheusEmptyResultError';
  }
}

/** Per-call overrides: per-function queries use a shorter budget, power none at all. */
export interface QueryCallOptions {
  emptyRetryBudgetMs?: number;
  signal?: AbortSignal;
}
export interface PrometheusClientOptions extends QueryCallOptions {
  fetchImpl?: typeof fetch;
  emptyRetryIntervalMs?: number;
  requestTimeoutMs?: number;
}
export type RangePoint = { t: number; v: number };

const sample = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string());
const envelope = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: z.unknown() }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() }),
]);
const instantData = z.discriminatedUnion('resultType', [
  z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: labels, value: sample })) }),
  z.object({ resultType: z.literal('scalar'), result: sample }),
]);
const rangeData = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels, values: z.array(sample) })),
});

/** Python's str(float): integral values keep ".0" (1000 → "1000.0"). */
export function pythonFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/** Prometheus encodes sample values as strings, including "NaN", "+Inf" and "-Inf". */
export function parseSampleValue(s: string): number {
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  return Number(s);
}

/** Sleeps, then fails if the caller aborted meanwhile (a cancelled query must not look empty). */
async function sleepOrThrow(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, signal);
  signal.throwIfAborted();
}

function causeText(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

export class PrometheusClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly budgetMs: number;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly signal?: AbortSignal;

  constructor(baseUrl: string, opts: PrometheusClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetchImpl = opts.fetchImpl ?? fetch;
    this.budgetMs = opts.emptyRetryBudgetMs ?? 120_000;
    this.intervalMs = opts.emptyRetryIntervalMs ?? 1000;
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.signal = opts.signal;
  }

  /** Value of result[0] at `timeS` (default: now). NaN when Prometheus says "NaN". */
  async instant(query: string, timeS?: number, call: QueryCallOptions = {}): Promise<number> {
    const params: Record<string, string> = timeS === undefined ? { query } : { query, time: String(timeS) };
    return this.retryEmpty('/api/v1/query', params, call, (data) => {
      const parsed = instantData.parse(data);
      if (parsed.resultType === 'scalar') return parseSampleValue(parsed.result[1]);
      const first = parsed.result[0];
      return first ? parseSampleValue(first.value[1]) : undefined;
    });
  }

  /**
   * Points of the first series of a range query. Times are sent the way lb's Python sends
   * them (`str(float)`: "1000.0"), and the step as a duration ("10s"), so the requests match.
   */
  async range(
    query: string,
    startS: number,
    endS: number,
    stepS = 10,
    call: QueryCallOptions = {},
  ): Promise<RangePoint[]> {
    const params = { query, start: pythonFloat(startS), end: pythonFloat(endS), step: `${stepS}s` };
    return this.retryEmpty('/api/v1/query_range', params, call, (data) => {
      const first = rangeData.parse(data).result[0];
      if (!first || first.values.length === 0) return undefined;
      return first.values.map(([t, v]) => ({ t, v: parseSampleValue(v) }));
    });
  }

  /** lb's `parse_range_average`: the mean of every point of the first series (a NaN point makes it NaN). */
  async rangeMean(
    query: string,
    startS: number,
    endS: number,
    stepS = 10,
    call: QueryCallOptions = {},
  ): Promise<number> {
    const points = await this.range(query, startS, endS, stepS, call);
    return points.reduce((sum, p) => sum + p.v, 0) / points.length;
  }

  /** GET /-/ready; false on any failure (never throws, except when aborted). */
  async ready(call: { signal?: AbortSignal } = {}): Promise<boolean> {
    const signal = this.requestSignal(call.signal);
    try {
      const res = await this.fetchImpl(`${this.baseUrl}/-/ready`, { signal });
      await res.body?.cancel();
      return res.ok;
    } catch {
      this.throwIfCallerAborted(call.signal);
      return false;
    }
  }

  private async retryEmpty<T>(
    path: string,
    params: Record<string, string>,
    call: QueryCallOptions,
    extract: (data: unknown) => T | undefined,
  ): Promise<T> {
    const budget = call.emptyRetryBudgetMs ?? this.budgetMs;
    const started = Date.now();
    for (;;) {
      const value = await this.request(path, params, call.signal, extract);
      if (value !== undefined) return value;
      const waited = Date.now() - started;
      if (waited + this.intervalMs > budget)
        throw new PrometheusEmptyResultError(this.baseUrl, params.query ?? '', waited);
      await sleepOrThrow(this.intervalMs, AbortSignal.any(this.callerSignals(call.signal)));
    }
  }

  /** One HTTP round trip; one quick retry on a network error (a refused port stays refused). */
  private async request<T>(
    path: string,
    params: Record<string, string>,
    callSignal: AbortSignal | undefined,
    extract: (data: unknown) => T,
  ): Promise<T> {
    const where = this.baseUrl + path;
    const query = params.query ?? '';
    const fail = (detail: string, cause?: unknown) =>
      new PrometheusQueryError(`Prometheus query failed at ${where}: ${detail}; query: ${query}`, where, query, cause);
    let res: Response | undefined;
    for (let attempt = 0; !res; attempt++) {
      try {
        const init = { signal: this.requestSignal(callSignal), headers: { accept: 'application/json' } };
        res = await this.fetchImpl(`${where}?${new URLSearchParams(params).toString()}`, init);
      } catch (err) {
        this.throwIfCallerAborted(callSignal);
        if ((err as Error)?.name === 'TimeoutError') throw fail(`no answer within ${this.timeoutMs} ms`, err);
        if (attempt >= 1)
          throw fail(`cannot connect (${causeText(err)}); check prometheus_url and that Prometheus is running`, err);
        await sleepOrThrow(200, AbortSignal.any(this.callerSignals(callSignal)));
      }
    }
    const text = await res.text();
    const body = envelope.safeParse(tryParseJson(text));
    const answer = body.success ? body.data : undefined;
    if (answer?.status === 'error')
      throw fail(`HTTP ${res.status}, ${answer.errorType ?? 'error'}: ${answer.error ?? ''}`);
    if (!res.ok || !answer) throw fail(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    try {
      return extract(answer.data);
    } catch (err) {
      throw fail(`unexpected answer shape (${causeText(err)})`, err);
    }
  }

  private callerSignals(callSignal?: AbortSignal): AbortSignal[] {
    return [this.signal, callSignal].filter((s): s is AbortSignal => s !== undefined);
  }

  private requestSignal(callSignal?: AbortSignal): AbortSignal {
    return AbortSignal.any([...this.callerSignals(callSignal), AbortSignal.timeout(this.timeoutMs)]);
  }

  /** Aborts by the owner propagate as the signal's reason, not as a query error. */
  private throwIfCallerAborted(callSignal?: AbortSignal): void {
    for (const s of this.callerSignals(callSignal)) s.throwIfAborted();
  }
}
