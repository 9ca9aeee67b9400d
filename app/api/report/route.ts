// GET /api/report?ref=<run|file.duckdb>[&compare=<run|file.duckdb>][&tol=10]: the run's
// self-contained HTML report as a download (server/report/). Sources are confined to the
// output root (server/results/record-source.ts).
import { getEnv } from '@/server/config/env';
import { denyUnlessAuthorized } from '@/server/security/request-guard';
import { buildReport } from '@/server/report/build-report';
import { loadRecordSource } from '@/server/results/record-source';
import { contentDisposition } from '@/server/http/content-type';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const text = (status: number, message: string) =>
  new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

export async function GET(req: Request): Promise<Response> {
  const denied = denyUnlessAuthorized(req);
  if (denied) return denied;
  const url = new URL(req.url);
  const ref = url.searchParams.get('ref');
  const compare = url.searchParams.get('compare') || undefined;
  const tol = Number(url.searchParams.get('tol') ?? '10');
  if (!ref || ref.length > 500 || (compare && compare.length > 500))
    return text(400, 'ref: a run id or a .duckdb file');
  if (!Number.isFinite(tol) || tol < 0 || tol > 1000) return text(400, 'tol: a percentage 0–1000');
  const root = getEnv().LBWEB_OUTPUT_ROOT;
  try {
    const { html, name } = await buildReport(ref, {
      load: (r) => loadRecordSource(root, r),
      compare,
      tolerancePct: tol,
    });
    return new Response(html, {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-disposition': contentDisposition('attachment', name),
        'x-content-type-options': 'nosniff',
        // Opened from the app's origin by mistake, the report still runs and loads nothing.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
        'cache-control': 'no-cache',
      },
    });
  } catch (err) {
    if ((err as Error).name === 'SourceNotFoundError') return text(404, (err as Error).message);
    if ((err as Error).name === 'PathEscapeError') return text(403, (err as Error).message);
    console.error('report failed:', err);
    return text(500, `could not build the report: ${(err as Error).message}`);
  }
}
