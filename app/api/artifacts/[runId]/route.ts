// GET /api/artifacts/<runId> → { runId, files: [{ path, size, mtime }] } for the run directory.
import { getEnv } from '@/server/config/env';
import { denyUnlessAuthorized } from '@/server/security/request-guard';
import { listArtifacts } from '@/server/http/artifact-response';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ runId: string }> }): Promise<Response> {
  const denied = denyUnlessAuthorized(req);
  if (denied) return denied;
  const { runId } = await ctx.params;
  return listArtifacts(runId, getEnv().LBWEB_OUTPUT_ROOT);
}
