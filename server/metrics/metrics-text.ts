// The scrape: counters kept as things happen, gauges read now from the run manager and the hubs.
import 'server-only';
import { subscriberCount } from '@/server/runs/event-hub-registry';
import { getRunManager } from '@/server/runs/run-service';
import { renderMetrics } from './lbweb-metrics';

export async function metricsText(): Promise<string> {
  return renderMetrics([
    { name: 'lbweb_active_runs', help: 'Runs this server drives right now', value: getRunManager().activeRunCount },
    {
      name: 'lbweb_sse_subscribers',
      help: 'Live event-stream subscribers across all runs',
      value: await subscriberCount(),
    },
  ]);
}
