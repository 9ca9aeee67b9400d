// Next calls register() once when the server starts: the controller starts then (so runs
// left open by a previous process are re-attached or closed at once, not on first request),
// and a graceful shutdown stops active runs cleanly before the owned processes are ended.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServerServices } = await import('./server/runs/server-lifecycle');
  await startServerServices();
}
