import { RunMonitor } from '@/components/run-monitor/run-monitor';

export const metadata = { title: 'Run · lb-web' };

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  // Keyed by id: navigating to another run starts a fresh event log.
  return <RunMonitor key={runId} runId={runId} />;
}
