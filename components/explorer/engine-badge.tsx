'use client';
// Engine state at a glance; a failed start can be retried without reloading the page.
import { getConnector } from '@/components/explorer/engine/duckdb-connector';
import { useEngineStatus } from '@/components/explorer/engine/use-engine';
import s from './explorer.module.css';

export default function EngineBadge() {
  const st = useEngineStatus();
  const cls = st.state === 'ready' ? s.badgeReady : st.state === 'failed' ? s.badgeFailed : s.badgeStarting;
  const text =
    st.state === 'ready'
      ? `DuckDB ${st.version ?? ''} (${st.bundle}) ready in ${st.startMs} ms${st.restarts ? ` · restarted ${st.restarts}×` : ''}`
      : st.state === 'failed'
        ? `DuckDB failed to start: ${st.error ?? 'unknown error'}`
        : 'Starting DuckDB…';
  return (
    <span
      className={`${s.badge} ${cls}`}
      data-testid="engine-status"
      data-state={st.state}
      data-restarts={st.restarts}
      title={st.error}
    >
      {text}
      {st.state === 'failed' && (
        <button
          type="button"
          className={s.button}
          style={{ marginLeft: 8 }}
          onClick={() =>
            void getConnector()
              .init()
              .catch(() => undefined)
          }
        >
          Retry
        </button>
      )}
    </span>
  );
}
