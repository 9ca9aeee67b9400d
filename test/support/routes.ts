// Serves local files at chosen URL paths of the app, inside the browser (Playwright
// routing): e2e specs can open "artifacts" without writing into the server's output root.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

/** `files` maps a URL path (e.g. /api/artifacts/run-1/memory/r/peva_faas.duckdb) to a local file. */
export async function serveFiles(target: Page | BrowserContext, files: Record<string, string>): Promise<void> {
  await target.route(
    (url) => url.pathname in files,
    async (route) => {
      const file = files[new URL(route.request().url()).pathname]!;
      await route.fulfill({
        status: 200,
        body: readFileSync(file),
        headers: { 'content-type': 'application/octet-stream' },
      });
    },
  );
}

/** Fails every request that leaves the app's origin (the explorer must work offline). */
export async function blockExternal(
  target: Page | BrowserContext,
  origin: string,
  blocked: string[] = [],
): Promise<string[]> {
  await target.route(
    (url) => url.origin !== origin && (url.protocol === 'http:' || url.protocol === 'https:'),
    async (route) => {
      blocked.push(route.request().url());
      await route.abort('internetdisconnected');
    },
  );
  return blocked;
}
