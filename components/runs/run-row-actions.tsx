'use client';
// Per-run actions of the runs list: mark as the baseline of its workload, and delete (confirmed;
// the run's directory goes to the trash, refused while the run is active).
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import type { RunListItem } from '@/components/ui/api-types';
import { isTerminal } from '@/components/ui/run-states';

export function BaselineToggle({ run }: { run: RunListItem }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const set = useMutation(
    trpc.runs.setBaseline.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.runs.list.queryKey() }),
    }),
  );
  const label = run.baseline
    ? `Baseline of ${run.workload} (click to unmark)`
    : `Mark as the baseline of ${run.workload}`;
  return (
    <button
      type="button"
      className={`icon-button${run.baseline ? ' on' : ''}`}
      aria-pressed={run.baseline}
      aria-label={label}
      title={label}
      disabled={set.isPending}
      onClick={() => set.mutate({ runId: run.runId, on: !run.baseline })}
      data-testid="baseline-toggle"
      data-on={run.baseline}
    >
      {run.baseline ? '★' : '☆'}
    </button>
  );
}

export function DeleteRun({ run }: { run: RunListItem }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const del = useMutation(
    trpc.runs.delete.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.runs.list.queryKey() }),
    }),
  );
  if (!isTerminal(run.state)) return null;
  if (!confirming)
    return (
      <button type="button" className="link-button" onClick={() => setConfirming(true)} data-testid="delete-run">
        Delete
      </button>
    );
  return (
    <span className="row-actions" role="group" aria-label={`Delete ${run.runId}?`}>
      <button
        type="button"
        className="button danger small"
        disabled={del.isPending}
        onClick={() => del.mutate({ runId: run.runId })}
        data-testid="confirm-delete"
        autoFocus
      >
        Move to trash
      </button>
      <button type="button" className="link-button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {del.error && <small className="error-text">{del.error.message}</small>}
    </span>
  );
}

export function TrashBar({ count }: { count: number }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const empty = useMutation(
    trpc.runs.emptyTrash.mutationOptions({
      onSuccess: () => void qc.invalidateQueries({ queryKey: trpc.runs.list.queryKey() }),
    }),
  );
  if (count === 0) return null;
  return (
    <p className="muted" data-testid="trash">
      {count} deleted run{count === 1 ? '' : 's'} in the trash (<code>.lbweb/trash/</code> of the output root).{' '}
      <button
        type="button"
        className="link-button"
        disabled={empty.isPending}
        onClick={() => {
          if (window.confirm(`Delete the ${count} run(s) in the trash for good?`)) empty.mutate();
        }}
      >
        Empty trash
      </button>
    </p>
  );
}
