// lb's K6Runner.parse_summary against server/peva/k6-summary.ts parseIterationSummary, what the
// agent reads after each iteration (server/agent/iteration.ts): the same values, and the same
// ValueError message where lb rejects the summary (the agent then skips the configuration). lb's tests
// name metrics with ids of their choosing ("fn_figlet"); lb-web derives ids from names, so the
// summary's metric names are renamed to lb-web's ids first (the ids themselves are checked in
// k6-script.conformance.ts).
import { describe, expect, it } from 'vitest';
import { k6MetricIds } from '@/server/peva/k6-script';
import { K6SummaryMissingMetricsError, parseIterationSummary, type ParsedK6Summary } from '@/server/peva/k6-summary';
import { casesOf, Diffs, expectSame, loadFixture, show, title, toPairs } from './support/fixtures';

const file = loadFixture('k6-summary');

interface In {
  summary: unknown;
  metric_ids: Record<string, string>;
  pairs: Array<[string, number]>;
}
type Lb =
  | { ok: true; parsed: Record<string, { success_rate: number; avg_latency: number; request_count: number }> }
  | { ok: false; error: { type: string; message: string } };

const PREFIXES = ['success_rate_', 'latency_', 'request_count_'];

function renamed(summary: unknown, lbIds: Record<string, string>): unknown {
  if (!summary || typeof summary !== 'object' || !('metrics' in summary)) return summary;
  const metrics = (summary as { metrics: unknown }).metrics;
  if (!metrics || typeof metrics !== 'object' || Array.isArray(metrics)) return summary;
  const ours = k6MetricIds(Object.keys(lbIds));
  const rename = new Map<string, string>();
  for (const [name, lbId] of Object.entries(lbIds)) {
    for (const p of PREFIXES) rename.set(p + lbId, p + (ours.get(name) ?? lbId));
  }
  return {
    ...summary,
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [rename.get(k) ?? k, v])),
  };
}

describe('k6 summary', () => {
  for (const c of casesOf<In, Lb>(file, 'parse_summary')) {
    it(title(c), () => {
      let ours: ParsedK6Summary | undefined;
      let error: unknown;
      try {
        ours = parseIterationSummary(renamed(c.input.summary, c.input.metric_ids), toPairs(c.input.pairs));
      } catch (err) {
        error = err;
      }
      if (!c.expected.ok) {
        if (!ours) {
          const e = error as Error;
          expectSame(
            { type: e instanceof K6SummaryMissingMetricsError ? 'ValueError' : e.name, message: e.message },
            c.expected.error,
            'error',
          );
          return;
        }
        const brief = ours.functions.map((f) => ({
          name: f.name,
          success_rate: f.successRate,
          avg_latency: f.latency.avg,
          request_count: f.requests,
        }));
        expect.fail(
          `lb rejects the summary (${c.expected.error.type}: ${c.expected.error.message}); ours parses ${show(brief)}`,
        );
      }
      if (!ours) expect.fail(`lb parses the summary; ours throws ${String(error)}`);
      const diffs = new Diffs();
      diffs.check(
        ours.functions.map((f) => f.name),
        Object.keys(c.expected.parsed).sort(),
        'functions',
      );
      for (const [name, lb] of Object.entries(c.expected.parsed)) {
        const f = ours.functions.find((x) => x.name === name);
        diffs.check(f?.successRate, lb.success_rate, `${name}.success_rate`);
        diffs.check(f?.latency.avg, lb.avg_latency, `${name}.avg_latency`);
        diffs.check(f?.requests, lb.request_count, `${name}.request_count`);
      }
      diffs.assert();
    });
  }
});
