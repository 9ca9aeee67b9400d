import { stateTone } from './run-states';

/** The controller state as a live badge; `role="status"` so screen readers and tests find it. */
export function StateBadge({
  state,
  testId,
  live = true,
}: {
  state: string | null | undefined;
  testId?: string;
  live?: boolean;
}) {
  const tone = stateTone(state);
  return (
    <span
      className={`badge badge-${tone}`}
      role={live ? 'status' : undefined}
      data-testid={testId}
      data-state={state ?? ''}
    >
      {state ?? 'unknown'}
    </span>
  );
}
