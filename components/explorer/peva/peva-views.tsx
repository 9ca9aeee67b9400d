'use client';
// PEVA views of the main file and, when one is attached, the comparison file: summary
// strips, three charts with both files in the same axes, and the per-configuration table.
import { useEffect, useMemo, useState } from 'react';
import type { CatalogState } from '@/components/explorer/catalog/use-catalog';
import { getConnector } from '@/components/explorer/engine/duckdb-connector';
import ConfigTable from './config-table';
import PevaChart from './peva-chart';
import { functionSeries, nodeCpuSeries, type ChartSeries } from './peva-chart-data';
import { loadPevaData } from './peva-loader';
import type { PevaData } from './peva-types';
import SummaryStrip from './summary-strip';
import s from '@/components/explorer/explorer.module.css';

interface Loaded {
  alias: string;
  label: string;
  data: PevaData;
}

const LABEL: Record<string, string> = { run: 'A', cmp: 'B' };

export default function PevaViews({
  catalog,
  names,
}: {
  catalog: CatalogState;
  names: Record<string, string | undefined>;
}) {
  const aliases = useMemo(
    () => ['run', 'cmp'].filter((a) => catalog.tables.some((t) => t.catalog === a)),
    [catalog.tables],
  );
  // Results belong to one catalog generation (a file opened, replaced or closed): until the
  // current one has loaded, the previous results stay on screen under "Reading results…".
  const [result, setResult] = useState<{ generation: number; loaded: Loaded[]; error: string | null } | null>(null);
  const generation = catalog.generation;
  useEffect(() => {
    let live = true;
    Promise.all(
      aliases.map(async (alias) => ({
        alias,
        label: LABEL[alias] ?? alias,
        data: await loadPevaData(getConnector(), alias, catalog.tables),
      })),
    )
      .then((loaded) => live && setResult({ generation, loaded, error: null }))
      .catch(
        (e: unknown) =>
          live &&
          setResult((prev) => ({
            generation,
            loaded: prev?.loaded ?? [],
            error: e instanceof Error ? e.message : String(e),
          })),
      );
    return () => {
      live = false;
    };
  }, [aliases, generation, catalog.tables]);
  const loading = result?.generation !== generation;
  const loaded = result?.loaded ?? [];
  const error = loading ? null : (result?.error ?? null);

  // With one file, series are named by function only; with two, "A · figlet" / "B · figlet".
  const tag = (l: Loaded) => (loaded.length > 1 ? l.label : '');
  const latency: ChartSeries[] = loaded.flatMap((l) => functionSeries(l.data.results, 'latency', tag(l)));
  const success: ChartSeries[] = loaded.flatMap((l) => functionSeries(l.data.results, 'success', tag(l)));
  const cpu: ChartSeries[] = loaded.map((l) => nodeCpuSeries(l.data.results, tag(l)));
  const usedAvg = latency.some((x) => x.points.some((p) => p.fallback));

  if (aliases.length === 0) return <p className={s.status}>Open a memory file to see its PEVA views.</p>;
  return (
    <div className={s.main} data-testid="peva-views" data-loading={loading}>
      {loading && <p className={s.status}>Reading results…</p>}
      {error && <pre className={s.error}>{error}</pre>}
      {loaded.length > 1 && (
        <p className={s.notice}>
          Comparing A = {names.run ?? 'main file'} (circles, solid) with B = {names.cmp ?? 'comparison file'}{' '}
          (triangles, dashed).
        </p>
      )}
      {loaded.map((l) => (
        <div key={l.alias}>
          <SummaryStrip label={l.label} data={l.data} />
          {l.data.truncatedAt !== null && (
            <p className={s.notice}>
              {l.label}: the views use the first {l.data.truncatedAt.toLocaleString('en-US')} events (payload_json is
              parsed in the page); query the rest in SQL.
            </p>
          )}
          {l.data.unreadable > 0 && (
            <p className={s.notice}>
              {l.label}: {l.data.unreadable} events have a payload_json that is not JSON; they are left out.
            </p>
          )}
        </div>
      ))}
      <div className={s.charts}>
        <PevaChart
          id="latency"
          title="Latency p95 vs rate, per function"
          xLabel="rate (req/s)"
          yLabel="ms"
          yDomain={[0, 'auto']}
          series={latency}
          note={
            usedAvg
              ? 'Where a file records no p95 (lb keeps only the mean latency), the mean is drawn instead.'
              : undefined
          }
        />
        <PevaChart
          id="success"
          title="Success rate vs rate, per function"
          xLabel="rate (req/s)"
          yLabel="success rate"
          series={success}
          yDomain={[0, 1]}
        />
        <PevaChart
          id="cpu"
          title="Node CPU vs Σ rate (one point per configuration)"
          xLabel="Σ rate (req/s)"
          yLabel="% of one core"
          yDomain={[0, 'auto']}
          series={cpu}
          note="lb's unit: 100 = one core busy."
        />
      </div>
      {loaded.map((l) => (
        <ConfigTable key={l.alias} label={l.label} results={l.data.results} />
      ))}
    </div>
  );
}
