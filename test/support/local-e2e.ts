// An e2e session on the local provider: a temp root with the output and hosts roots, the
// production server, Chromium with one page, and the hosts provisioned; torn down with the
// hosts destroyed, nothing left running under the root, and the root removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, type BrowserSession } from './browser';
import { processesUnder } from './orphans';
import { startServer, type TestServer } from './server';
import { hostsOperation, trpcHttp, type TrpcHttp } from './trpc-http';

export interface LocalE2e {
  root: string;
  srv: TestServer;
  api: TrpcHttp;
  browser: BrowserSession;
  page: Page;
}

export async function startLocalE2e(prefix: string): Promise<LocalE2e> {
  const root = mkdtempSync(join(tmpdir(), `lbweb-e2e-${prefix}-`));
  const srv = await startServer({ outputRoot: join(root, 'runs'), env: { LBWEB_HOSTS_ROOT: join(root, 'hosts') } });
  const api = trpcHttp(srv.url);
  const browser = await launchBrowser();
  const page = await browser.newPage();
  expect((await hostsOperation(api, 'provision'))?.ok).toBe(true);
  return { root, srv, api, browser, page };
}

export async function stopLocalE2e(s: Partial<LocalE2e>): Promise<void> {
  await s.browser?.close();
  if (s.srv) await hostsOperation(trpcHttp(s.srv.url), 'destroy', 60_000).catch(() => undefined);
  await s.srv?.stop();
  if (!s.root) return;
  expect(processesUnder(s.root)).toEqual([]);
  rmSync(s.root, { recursive: true, force: true });
}
