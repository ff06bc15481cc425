/**
 * The acceptance test: `keyproof audit --format html --out report.html` on the bundled example world
 * produces a page that Chromium opens, draws, filters and screenshots, without any request leaving the page.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';
import { APP_KEY_ARN, APP_ROLE, BOB, DEPLOYER } from '../fixtures/example-world.js';
import { ARTIFACTS_DIR, launchChromium, openReport, visibleValues, type OpenedReport } from './report-page.js';

let browser: Browser;
let report: OpenedReport;

beforeAll(async () => {
  const out = resolve(ARTIFACTS_DIR, 'example-world-audit.html');
  const output = new CapturedOutput();
  expect(await main(['audit', '--format', 'html', '--out', out], output)).toBe(0);
  browser = await launchChromium();
  report = await openReport(browser, readFileSync(out, 'utf8'), 'example-world-audit');
}, 20 * 60_000);

afterAll(async () => {
  await report?.context.close();
  await browser?.close();
});

describe('keyproof audit --format html on the example world, in Chromium', { timeout: 120_000 }, () => {
  it('draws the keys, the principals and the role chain to the app key', async () => {
    const nodes = await visibleValues(report.page, 'g.node', 'data-node-id');
    expect(nodes).toEqual(expect.arrayContaining([APP_KEY_ARN, BOB, DEPLOYER, APP_ROLE]));
    expect(await report.page.locator('svg#graph path.edge').count()).toBeGreaterThan(5);
  });

  it('filters by key and by principal, then shows everything again', async () => {
    const all = (await visibleValues(report.page, 'tr.access-row', 'data-principal')).length;
    await report.page.selectOption('#filter-key', APP_KEY_ARN);
    expect(new Set(await visibleValues(report.page, 'tr.access-row', 'data-key'))).toEqual(new Set([APP_KEY_ARN]));
    await report.page.click('#filter-clear');
    await report.page.selectOption('#filter-principal', BOB);
    const rows = await visibleValues(report.page, 'tr.access-row', 'data-principal');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(all);
    await report.page.screenshot({ path: resolve(ARTIFACTS_DIR, 'example-world-audit.png'), fullPage: true });
    await report.page.click('#filter-clear');
    expect(await visibleValues(report.page, 'tr.access-row', 'data-principal')).toHaveLength(all);
  });

  it('makes no request but the report itself, and no CSP violation or console error', async () => {
    expect(report.requests).toEqual([report.url]);
    expect(await report.violations()).toEqual([]);
    expect(report.consoleErrors).toEqual([]);
  });
});
