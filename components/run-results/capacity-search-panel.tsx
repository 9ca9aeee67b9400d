'use client';
// The capacity search as it goes (a capacity-search run only): per line — a function, or a
// combination's varied function with the others fixed — its rate range with every tried rate
// marked by verdict, the bracket [highest passing, lowest failing] drawn as a band, the rate
// being tried now, and the capacity once bracketed; then the same as a table, step by step,
// for screen readers and for reading the narrowing. Data: the run digest's `search`
// (lib/run-digest/capacity-search-log.ts). Colours are the theme's tokens (app/globals.css).
import { memo } from 'react';
import {
  bracketPair,
  searchBracketText,
  searchLineLabel,
  SEARCH_VERDICT_TEXT,
  type SearchDigest,
  type SearchLineDigest,
  type SearchVerdict,
} from '@/lib/contract/capacity-search';

const W = 600;
const H = 46;
const PAD = 14;
const AXIS_Y = 26;

const VERDICT_COLOR: Record<SearchVerdict, string> = {
  passed: 'var(--ok-text)',
  overloaded: 'var(--warn-text)',
  failed: 'var(--red)',
};

function Marker({ x, verdict }: { x: number; verdict: SearchVerdict }) {
  const fill = VERDICT_COLOR[verdict];
  // Shape as well as colour: a circle passed, a square failed a threshold, a triangle overloaded.
  if (verdict === 'passed') return <circle cx={x} cy={AXIS_Y} r={5} fill={fill} />;
  if (verdict === 'failed') return <rect x={x - 4.5} y={AXIS_Y - 4.5} width={9} height={9} fill={fill} />;
  return <path d={`M ${x} ${AXIS_Y - 6} L ${x + 6} ${AXIS_Y + 4.5} L ${x - 6} ${AXIS_Y + 4.5} Z`} fill={fill} />;
}

function SearchStrip({ line, probe }: { line: SearchLineDigest; probe: number | null }) {
  const lo = line.rates[0] ?? 0;
  const hi = line.rates.at(-1) ?? lo + 1;
  const x = (rate: number) => PAD + ((rate - lo) / Math.max(1e-9, hi - lo)) * (W - 2 * PAD);
  const bandFrom = x(line.capacity ?? lo);
  const bandTo = x(line.failsAt ?? hi);
  const order = new Map(line.tried.map((t, i) => [t.rate, i + 1]));
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="search-strip"
      role="img"
      aria-label={`${searchLineLabel(line)}: ${searchBracketText(line)}`}
    >
      <rect
        data-testid="search-band"
        x={Math.min(bandFrom, bandTo)}
        y={AXIS_Y - 9}
        width={Math.max(2, Math.abs(bandTo - bandFrom))}
        height={18}
        rx={3}
        fill={line.bracketed ? 'var(--ok-bg)' : 'var(--info-bg)'}
        stroke={line.bracketed ? 'var(--ok-line)' : 'var(--info-line)'}
      />
      <line x1={PAD} x2={W - PAD} y1={AXIS_Y} y2={AXIS_Y} stroke="var(--chart-axis)" />
      {line.rates.map((r) => (
        <line key={r} x1={x(r)} x2={x(r)} y1={AXIS_Y - 3} y2={AXIS_Y + 3} stroke="var(--chart-grid)" />
      ))}
      {probe !== null && (
        <circle
          data-testid="search-probe"
          cx={x(probe)}
          cy={AXIS_Y}
          r={8}
          fill="none"
          stroke="var(--blue)"
          strokeDasharray="3 2"
        />
      )}
      {line.tried.map((t) => (
        <g key={t.rate} data-testid="search-point" data-rate={t.rate} data-verdict={t.verdict}>
          <Marker x={x(t.rate)} verdict={t.verdict} />
          <text x={x(t.rate)} y={AXIS_Y - 11} textAnchor="middle" fontSize={10} fill="var(--muted-strong)">
            {order.get(t.rate)}
          </text>
        </g>
      ))}
      <text x={PAD} y={H - 2} fontSize={10} fill="var(--muted-strong)">
        {lo}
      </text>
      <text x={W - PAD} y={H - 2} fontSize={10} textAnchor="end" fill="var(--muted-strong)">
        {hi} req/s
      </text>
    </svg>
  );
}

function CapacitySearchPanelImpl({ search }: { search: SearchDigest | null }) {
  if (!search) return null;
  const probing = search.done ? null : search.probe;
  return (
    <section className="panel" data-testid="capacity-search" data-done={search.done}>
      <h2>Capacity search</h2>
      <p className="muted">
        Bisection per line between the highest rate within thresholds and the lowest that failed; numbers above the
        points are the order they were tried. <span className="search-legend">● within thresholds</span>{' '}
        <span className="search-legend failed">■ failed threshold</span>{' '}
        <span className="search-legend overloaded">▲ overloaded</span>
        {search.done ? ' · search ended' : ''}
      </p>
      <ul className="search-lines">
        {search.lines.map((line) => (
          <li
            key={line.line}
            data-testid="search-line"
            data-line={line.line}
            data-function={line.function}
            data-capacity={line.capacity ?? ''}
            data-fails-at={line.failsAt ?? ''}
            data-bracketed={line.bracketed}
          >
            <div className="search-line-head">
              <strong>{searchLineLabel(line)}</strong>{' '}
              <span data-testid="search-bracket">{searchBracketText(line)}</span>
              {probing?.line === line.line && (
                <span className="muted" data-testid="search-trying">
                  {' '}
                  · trying {probing.rate} req/s now
                </span>
              )}
            </div>
            <SearchStrip line={line} probe={probing?.line === line.line ? probing.rate : null} />
          </li>
        ))}
      </ul>
      <div className="table-wrap">
        <table className="table" data-testid="search-table">
          <caption className="muted">Rates tried, in order, and the bracket after each verdict</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col" className="num">
                Step
              </th>
              <th scope="col" className="num">
                Rate (req/s)
              </th>
              <th scope="col">Verdict</th>
              <th scope="col">Bracket after</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {search.lines.flatMap((line) =>
              line.steps.map((s, i) => (
                <tr
                  key={`${line.line}@${s.rate}`}
                  data-testid="search-step"
                  data-rate={s.rate}
                  data-verdict={s.verdict}
                >
                  <td>{searchLineLabel(line)}</td>
                  <td className="num">{i + 1}</td>
                  <td className="num">{s.rate}</td>
                  <td className={`search-verdict ${s.verdict}`}>{SEARCH_VERDICT_TEXT[s.verdict]}</td>
                  <td>{bracketPair(s)}</td>
                  <td className="muted">{s.reason}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// Memoised: the run page re-renders once per animation frame while events stream in, and
// these props change only with a result, a throttled findings update or a poll.
export const CapacitySearchPanel = memo(CapacitySearchPanelImpl);
