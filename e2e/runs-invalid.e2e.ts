// Invalid configurations start nothing (issue 3, Done-when 5): through the New-run form
// (client-side PevaConfigSchema errors beside the fields, server field errors beside the
// field too, a bad lb JSON import) and through tRPC directly (400 with fieldErrors).
import { existsSync, readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, trackPage, type BrowserSession, type PageLog } from '@/test/support/browser';
import { startServer, type TestServer } from '@/test/support/server';

let srv: TestServer;
let browser: BrowserSession;
let page: Page;
let log: PageLog;

beforeAll(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  log = trackPage(page);
});

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
});

async function runCount(): Promise<number> {
  const res = await fetch(`${srv.url}/api/trpc/runs.list`);
  const body = (await res.json()) as { result: { data: { runs: unknown[] } } };
  return body.result.data.runs.length;
}

const runDirs = () => (existsSync(srv.outputRoot) ? readdirSync(srv.outputRoot) : []);
const errorText = (path: string) => page.getByTestId(`error-${path}`).textContent({ timeout: 5_000 });
const startRequests = () => log.requests.filter((r) => r.url().includes('runs.start')).length;

describe('invalid configurations start nothing', () => {
  it('shows schema errors beside the form fields and sends nothing', async () => {
    await page.goto(`${srv.url}/runs/new`);
    await page.getByTestId('preset-baseline-10s').click();
    await page.locator('[name="functions.0.name"]').fill('');
    await page.locator('[name="duration"]').fill('1 minute');
    await page.locator('[name="iterations"]').fill('0');
    await page.locator('[name="rate_strategy.rates"]').fill('10, -5');
    await page.getByTestId('start-run').click();

    await page.getByTestId('error-summary').waitFor({ timeout: 5_000 });
    expect(await errorText('functions.0.name')).toMatch(/must not be empty/);
    expect(await errorText('duration')).toMatch(/ms, s, m or h/);
    expect(await errorText('iterations')).toMatch(/≥ 1/);
    expect(await errorText('rate_strategy.rates')).toMatch(/≥ 0/);
    expect(await page.locator('[name="duration"]').getAttribute('aria-invalid')).toBe('true');
    // Errors follow the edits once shown.
    await page.locator('[name="functions.0.name"]').fill('figlet');
    await expect.poll(() => page.getByTestId('error-functions.0.name').count()).toBe(0);

    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe('/runs/new');
    expect(startRequests()).toBe(0);
    expect(await runCount()).toBe(0);
    expect(runDirs()).toEqual([]);
  });

  it('rejects duplicate function names', async () => {
    await page.goto(`${srv.url}/runs/new`);
    await page.getByRole('button', { name: 'Add function' }).click();
    await page.locator('[name="functions.1.name"]').fill('figlet');
    await page.getByTestId('start-run').click();
    expect(await errorText('functions.1.name')).toMatch(/listed twice/);
    expect(startRequests()).toBe(0);
  });

  it('puts the server’s field errors beside the field (a run id the server refuses)', async () => {
    await page.goto(`${srv.url}/runs/new`);
    await page.getByTestId('preset-baseline-10s').click();
    await page.locator('[name="runId"]').fill('../escape');
    await page.getByTestId('start-run').click();
    expect(await errorText('runId')).not.toBe('');
    expect(startRequests()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/runs/new');
    expect(await runCount()).toBe(0);
    expect(runDirs()).toEqual([]);
  });

  it('imports an lb plugin_settings block and shows its errors beside the fields', async () => {
    await page.goto(`${srv.url}/runs/new`);
    await page.getByTestId('json-panel').locator('summary').click();
    const lb = {
      plugin_settings: {
        peva_faas: {
          functions: [{ name: 'figlet', method: 'FETCH' }],
          duration: '0s',
          rate_strategy: { type: 'linear', min_rate: 50, max_rate: 10 },
        },
      },
    };
    await page.locator('#import-json').fill(JSON.stringify(lb));
    await page.getByRole('button', { name: 'Import into the form' }).click();
    expect(await errorText('duration')).toMatch(/> 0/);
    expect(await errorText('rate_strategy.max_rate')).toMatch(/≥ min_rate/);
    expect(await errorText('functions.0.method')).toMatch(/one of GET/);
    expect(await page.locator('[name="rate_strategy.min_rate"]').inputValue()).toBe('50');
    await page.getByTestId('start-run').click();
    expect(startRequests()).toBe(1);
    expect(await runCount()).toBe(0);
  });

  it('answers a bad config posted to tRPC with 400 and field errors, starting nothing', async () => {
    const res = await fetch(`${srv.url}/api/trpc/runs.start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ config: { functions: [], duration: 'soon', iterations: 0 }, provider: 'local' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { data: { code: string; zodError: { fieldErrors: Record<string, string[]> } } };
    };
    expect(body.error.data.code).toBe('BAD_REQUEST');
    expect(Object.keys(body.error.data.zodError.fieldErrors)).toEqual(
      expect.arrayContaining(['config.functions', 'config.duration', 'config.iterations']),
    );
    expect(await runCount()).toBe(0);
    expect(runDirs()).toEqual([]);
    expect(log.pageErrors).toEqual([]);
  });
});
