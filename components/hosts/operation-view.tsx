'use client';
// The latest provision / verify / destroy: its progress lines as they arrive, its outcome,
// and (after provision or verify) the verification checks.
import { useLayoutEffect, useRef } from 'react';
import { formatClock, formatDuration } from '@/components/ui/format';
import { PassBadge } from '@/components/ui/pass-badge';
import type { HostOperationView } from '@/components/ui/api-types';
import { useNow } from '@/components/ui/use-now';
import { CheckList } from './check-list';

export function OperationView({ op }: { op: HostOperationView }) {
  const linesRef = useRef<HTMLOListElement>(null);
  useLayoutEffect(() => {
    const el = linesRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [op.lines.length]);
  const running = op.endedAt === null;
  const now = useNow(running);
  return (
    <section
      className="panel"
      aria-labelledby="op-h"
      data-testid="operation"
      data-kind={op.kind}
      data-running={String(running)}
      data-ok={String(op.ok)}
    >
      <div className="panel-head">
        <h2 id="op-h">
          {op.kind} <PassBadge ok={running ? null : Boolean(op.ok)} />
        </h2>
        <span className="muted" role="status">
          {running
            ? `running for ${formatDuration(Math.max(0, now - op.startedAt) / 1000)}…`
            : `${op.ok ? 'done' : 'failed'} in ${formatDuration(((op.endedAt ?? op.startedAt) - op.startedAt) / 1000)}`}
        </span>
      </div>
      {op.error && (
        <p className="error-box" role="alert">
          {op.error}
        </p>
      )}
      {/* No empty strip: the list appears with its first line. */}
      {op.lines.length > 0 && (
        <ol className="op-lines" ref={linesRef} data-testid="op-lines" aria-label="Progress">
          {op.lines.map((l, i) => (
            <li key={i} className={l.level === 'error' ? 'error-text' : undefined}>
              <span className="ev-time">{formatClock(l.t)}</span> <span className="ev-host">{l.host}</span>{' '}
              <strong>{l.step}</strong> {l.message}
            </li>
          ))}
        </ol>
      )}
      {op.checks.length > 0 && <CheckList checks={op.checks} />}
    </section>
  );
}
