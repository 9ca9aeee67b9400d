'use client';
// Stop → confirm → "Stopping…" until the controller reaches a terminal state, then the
// button shows that state and stays disabled. The mutation only creates the run's STOP
// file (like `touch`), so the page learns the outcome from the event stream.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { isStopping, isTerminal } from '@/components/ui/run-states';

export function StopButton({
  runId,
  state,
  stopRequested,
}: {
  runId: string;
  state: string | null;
  stopRequested: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stop = useMutation(
    trpc.runs.stop.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.runs.get.queryKey({ runId }) }),
    }),
  );
  if (isTerminal(state)) {
    return (
      <button type="button" className="button" disabled data-testid="stop-button" title="The run has ended">
        Run {state}
      </button>
    );
  }
  const stopping = stop.isPending || stop.isSuccess || stopRequested || isStopping(state);
  return (
    <span className="stop-control">
      <ConfirmButton
        testId="stop-button"
        label="Stop"
        question="Stop this run? k6 is stopped and the DuckDB file is collected."
        confirmLabel="Confirm stop"
        busy={stopping}
        busyLabel="Stopping…"
        onConfirm={() => stop.mutate({ runId })}
      />
      {stop.error && (
        <span className="error-text" role="alert">
          Stop failed: {stop.error.message}
        </span>
      )}
    </span>
  );
}
