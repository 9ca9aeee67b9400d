// What the run benchmarks share: a server whose local hosts live in a fresh temp dir, a
// headless Chromium and a plain-HTTP tRPC client; close() tears all of it down (the hosts
// destroyed before the server goes). A failed start stops what it had already started.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, type BrowserSession } from './browser';
import { startServer, type TestServer } from './server';
import { hostsOperation, trpcHttp, type TrpcHttp } from './trpc-http';

export interface LocalHostsSession {
  hostsRoot: string;
  srv: TestServer;
  browser: BrowserSession;
  api: TrpcHttp;
  close(): Promise<void>;
}

export async function startLocalHostsSession(): Promise<LocalHostsSession> {
  const hostsRoot = mkdtempSync(join(tmpdir(), 'lbweb-bench-hosts-'));
  const removeRoot = () => rmSync(hostsRoot, { recursive: true, force: true });
  let srv: TestServer;
  try {
    srv = await startServer({ env: { LBWEB_HOSTS_ROOT: hostsRoot } });
  } catch (e) {
    removeRoot();
    throw e;
  }
  let browser: BrowserSession;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await srv.stop();
    removeRoot();
    throw e;
  }
  const api = trpcHttp(srv.url);
  return {
    hostsRoot,
    srv,
    browser,
    api,
    close: async () => {
      await browser.close();
      await hostsOperation(api, 'destroy', 60_000).catch(() => undefined);
      await srv.stop();
      removeRoot();
    },
  };
}
