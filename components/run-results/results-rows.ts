// The rows of the run page's results table: one per function of each recorded iteration (with
// its threshold verdict), one per skipped or failed configuration, and the load in progress —
// or, once the run stopped, the iteration it interrupted (not recorded, as in lb).
import { verdicts, type ResultRecord } from '@/lib/contract/run-results';
import type { Thresholds } from '@/lib/contract/thresholds';
import type { ConfigNote, LiveLoad } from '@/lib/run-digest/run-findings-log';

export interface ResultsRow {
  key: string;
  label: string;
  configId: string;
  iteration: number | null;
  fn: string;
  rate: number | null;
  requests: number | null;
  success: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  cpuNode: number | null;
  cpuUnit: string;
  replicas: number | null;
  overloaded: boolean | null;
  /** pass / fail against the thresholds; none without thresholds or for a row not measured. */
  verdict: 'pass' | 'fail' | 'none';
  /** Broken limits, or the skip / failure / interruption reason. */
  note: string;
  kind: 'result' | 'skipped' | 'failed' | 'live' | 'interrupted';
}

const fin = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function resultsRows(args: {
  records: readonly ResultRecord[];
  notes: readonly ConfigNote[];
  live: LiveLoad | null;
  thresholds: Thresholds | undefined;
  stopped: boolean;
}): ResultsRow[] {
  const rows: ResultsRow[] = [];
  for (const r of args.records) {
    const byFn = new Map(verdicts(r, args.thresholds).map((v) => [v.function, v]));
    const hasLimits = args.thresholds !== undefined && Object.keys(args.thresholds).length > 0;
    for (const f of r.functions) {
      const v = byFn.get(f.function);
      rows.push({
        key: `${r.config_id}/${r.iteration}/${f.function}`,
        label: r.label,
        configId: r.config_id,
        iteration: r.iteration,
        fn: f.function,
        rate: f.rate,
        requests: fin(f.requests),
        success: fin(f.success_rate),
        p50: fin(f.p50_ms),
        p95: fin(f.p95_ms),
        p99: fin(f.p99_ms),
        max: fin(f.max_ms),
        cpuNode: fin(r.cpu_usage_node),
        cpuUnit: r.cpu_unit,
        replicas: fin(f.replicas),
        overloaded: f.overloaded || r.overloaded_node,
        verdict: !hasLimits || !v ? 'none' : v.pass ? 'pass' : 'fail',
        note: v ? [...v.failures, ...v.unknown].join('; ') : '',
        kind: 'result',
      });
    }
  }
  for (const n of args.notes) {
    rows.push({
      ...EMPTY,
      key: `${n.config_id}/${n.outcome}`,
      label: n.label,
      configId: n.config_id,
      note: n.reason,
      kind: n.outcome,
    });
  }
  if (args.live) {
    const seconds = Math.max(0, Math.round(args.live.lastAt - args.live.startedAt + 1));
    for (const [fn, f] of Object.entries(args.live.functions)) {
      rows.push({
        ...EMPTY,
        key: `${args.live.config_id}/${args.live.iteration}/${fn}/live`,
        label: '',
        configId: args.live.config_id,
        iteration: args.live.iteration,
        fn,
        requests: f.requests,
        success: f.successRate,
        p95: f.p95,
        note: args.stopped
          ? `interrupted at ${seconds} s — not recorded (live figures: ${f.rps ?? '—'} req/s)`
          : `under load for ${seconds} s`,
        kind: args.stopped ? 'interrupted' : 'live',
      });
    }
  }
  return rows;
}

const EMPTY: Omit<ResultsRow, 'key' | 'label' | 'configId' | 'note' | 'kind'> = {
  iteration: null,
  fn: '',
  rate: null,
  requests: null,
  success: null,
  p50: null,
  p95: null,
  p99: null,
  max: null,
  cpuNode: null,
  cpuUnit: '',
  replicas: null,
  overloaded: null,
  verdict: 'none',
};

export const RESULTS_COLUMNS: ReadonlyArray<{ key: keyof ResultsRow; label: string; numeric?: boolean }> = [
  { key: 'label', label: 'configuration' },
  { key: 'iteration', label: 'iter', numeric: true },
  { key: 'fn', label: 'function' },
  { key: 'rate', label: 'rate', numeric: true },
  { key: 'requests', label: 'requests', numeric: true },
  { key: 'success', label: 'success', numeric: true },
  { key: 'p50', label: 'p50 ms', numeric: true },
  { key: 'p95', label: 'p95 ms', numeric: true },
  { key: 'p99', label: 'p99 ms', numeric: true },
  { key: 'max', label: 'max ms', numeric: true },
  { key: 'cpuNode', label: 'node CPU %', numeric: true },
  { key: 'replicas', label: 'replicas', numeric: true },
  { key: 'overloaded', label: 'overloaded' },
  { key: 'verdict', label: 'thresholds' },
  { key: 'note', label: 'why' },
];

/** The table as CSV (RFC 4180 quoting), the columns above plus config id and CPU unit. */
export function resultsCsv(rows: readonly ResultsRow[]): string {
  const cols: Array<keyof ResultsRow> = [...RESULTS_COLUMNS.map((c) => c.key), 'configId', 'cpuUnit', 'kind'];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** Rows sorted by a column (nulls last), stable. */
export function sortRows(rows: readonly ResultsRow[], key: keyof ResultsRow, dir: 1 | -1): ResultsRow[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = a.r[key];
      const y = b.r[key];
      if (x === y) return a.i - b.i;
      if (x === null || x === '') return 1;
      if (y === null || y === '') return -1;
      return (x < y ? -1 : 1) * dir;
    })
    .map(({ r }) => r);
}
