// Next 16 renamed middleware.ts to proxy.ts; it always runs on the Node.js runtime,
// so node:crypto and our env module are available here.
// No matcher: when LBWEB_TOKEN is set, every request — pages, /_next assets, tRPC,
// artifacts — needs the token (the first page load brings it as ?token=, which we turn
// into an HttpOnly cookie so later asset, fetch and EventSource requests carry it).
import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '@/server/config/env';
import { isolationHeaders } from '@/server/security/isolation';
import { guardRequest } from '@/server/security/request-guard';

export function proxy(request: NextRequest) {
  const { denied, setCookie } = guardRequest(request);
  if (denied) return denied;
  const response = NextResponse.next();
  if (setCookie) response.headers.append('set-cookie', setCookie);
  for (const [name, value] of isolationHeaders(request.nextUrl.pathname, getEnv().LBWEB_EXPLORER_THREADS)) {
    response.headers.set(name, value);
  }
  return response;
}
