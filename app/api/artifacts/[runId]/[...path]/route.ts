// GET|HEAD /api/artifacts/<runId>/<path…>[?download=1]: one file of a run directory,
// with single-range support (the explorer reads DuckDB headers with Range).
import { getEnv } from '@/server/config/env';
import { denyUnlessAuthorized } from '@/server/security/request-guard';
import { serveArtifact } from '@/server/http/artifact-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(
  req: Request,
  ctx: { params: Promise<{ runId: string; path: string[] }> },
): Promise<Response> {
  const denied = denyUnlessAuthorized(req);
  if (denied) return denied;
  const params = await ctx.params;
  return serveArtifact(req, params, getEnv().LBWEB_OUTPUT_ROOT);
}

export const HEAD = GET;
