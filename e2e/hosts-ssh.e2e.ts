// Saving your own hosts from the Hosts page (issue 14): provider `ssh`, the form validated with
// the router's schema beside each field, saved as a 0600 file, then offered by the New-run form.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, trackPage, type BrowserSession, type PageLog } from '@/test/support/browser';
import { blockExternal } from '@/test/support/routes';
import { startServer, type TestServer } from '@/test/support/server';

let hostsRoot: string;
let srv: TestServer;
let browser: BrowserSession;
let page: Page;
let log: PageLog;

beforeAll(async () => {
  hostsRoot = mkdtempSync(join(tmpdir(), 'lbweb-e2e-hosts-'));
  srv = await startServer({ env: { LBWEB_HOSTS_ROOT: hostsRoot } });
  browser = await launchBrowser();
  await blockExternal(browser.context, srv.url);
  page = await browser.newPage();
  log = trackPage(page);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(hostsRoot, { recursive: true, force: true });
});

const field = (p: Page, name: string) => p.locator(`[data-testid=ssh-pair-form] input[name="${name}"]`);

describe('SSH hosts on the Hosts page', () => {
  it('refuses bad values beside their fields, saves good ones 0600, and the New-run form offers them', async () => {
    await page.goto(`${srv.url}/runs/new`);
    await expect
      .poll(() => page.locator('[data-testid=provider] option[value=ssh]').isDisabled(), { timeout: 30_000 })
      .toBe(true);

    await page.goto(`${srv.url}/hosts`);
    await page.getByTestId('provider-select').selectOption('ssh');
    await field(page, 'runner.user').fill('bench');
    await field(page, 'runner.host').fill('-oProxyCommand=sh');
    await field(page, 'runner.identityFile').fill('keys/id');
    await field(page, 'cluster.gatewayUrl').fill('http://10.0.0.5:31112');
    await field(page, 'cluster.prometheusUrl').fill('not a url');
    await page.getByRole('button', { name: /SSH hosts/ }).click();
    await expect.poll(() => page.getByTestId('error-runner.host').textContent()).toMatch(/host name or an IP/);
    expect(await page.getByTestId('error-runner.identityFile').textContent()).toMatch(/absolute path/);
    expect(await page.getByTestId('error-cluster.prometheusUrl').textContent()).toMatch(/http/);

    await field(page, 'runner.host').fill('10.0.0.7');
    await field(page, 'runner.identityFile').fill('/home/bench/.ssh/id_ed25519');
    await field(page, 'cluster.prometheusUrl').fill('http://10.0.0.5:30411');
    await page.getByRole('button', { name: /SSH hosts/ }).click();
    await expect
      .poll(() => page.getByTestId('ssh-pair-form').textContent(), { timeout: 10_000 })
      .toMatch(/saved: bench@10\.0\.0\.7:22/);
    expect(statSync(join(hostsRoot, 'ssh', 'hosts.json')).mode & 0o777).toBe(0o600);

    // More runners share the load: a bad line is named, good lines are saved and shown again.
    const more = page.locator('[data-testid=ssh-pair-form] textarea[name="moreRunners"]');
    await more.fill('bench@10.0.0.8:22 ~/.lb\nnot-a-runner');
    await page.getByRole('button', { name: /SSH hosts/ }).click();
    await expect.poll(() => page.getByTestId('error-moreRunners').textContent()).toMatch(/line 2: "not-a-runner"/);
    await more.fill('bench@10.0.0.8:22 ~/.lb\nbench@10.0.0.7:22 ~/.lb');
    await page.getByRole('button', { name: /SSH hosts/ }).click();
    await expect.poll(() => page.getByTestId('error-moreRunners').textContent()).toMatch(/already a runner/);
    await more.fill('bench@10.0.0.8:22 ~/.lb\nbench@10.0.0.7:22 ~/.lb-2');
    await page.getByRole('button', { name: /SSH hosts/ }).click();
    await expect
      .poll(() => readFileSync(join(hostsRoot, 'ssh', 'hosts.json'), 'utf8'), { timeout: 10_000 })
      .toMatch(/10\.0\.0\.8/);
    const saved = JSON.parse(readFileSync(join(hostsRoot, 'ssh', 'hosts.json'), 'utf8'));
    expect(saved.moreRunners.map((r: { host: string; workdir: string }) => `${r.host} ${r.workdir}`)).toEqual([
      '10.0.0.8 ~/.lb',
      '10.0.0.7 ~/.lb-2',
    ]);
    expect(saved.moreRunners[0].identityFile).toBe('/home/bench/.ssh/id_ed25519');
    await page.reload();
    await page.getByTestId('provider-select').selectOption('ssh');
    await expect
      .poll(() => more.inputValue(), { timeout: 10_000 })
      .toBe('bench@10.0.0.8:22 ~/.lb\nbench@10.0.0.7:22 ~/.lb-2');

    await page.goto(`${srv.url}/runs/new`);
    await expect
      .poll(() => page.locator('[data-testid=provider] option[value=ssh]').isDisabled(), { timeout: 30_000 })
      .toBe(false);
    expect([...log.consoleErrors, ...log.pageErrors]).toEqual([]);
  }, 90_000);
});
