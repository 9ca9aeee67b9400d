// GET /metrics: lb-web's own metrics for Prometheus (text format 0.0.4), behind the same
// Host and token rules as the API (a scraper sends `Authorization: Bearer <LBWEB_TOKEN>`).
import { denyUnlessAuthorized } from '@/server/security/request-guard';
import { metricsText } from '@/server/metrics/metrics-text';
import { METRICS_CONTENT_TYPE } from '@/server/metrics/lbweb-metrics';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  const denied = denyUnlessAuthorized(req);
  if (denied) return denied;
  return new Response(await metricsText(), {
    headers: { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' },
  });
}
