/**
 * The HTML audit report in a real browser (headless Chromium): the graph is drawn, the filters hide the right rows
 * and nodes, the page makes no request, and hostile strings in the input stay text.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderAuditHtml } from '../../src/report/audit/html.js';
import {
  ANYONE, APP_KEY, APP_ROLE, BATCH_ROLE, BOB, CAROL, DEPLOYER, DEV_KEY, HOSTILE, HOSTILE_AUDIT, KEY_ACCOUNT_ROOT, KEY_ADMIN,
  PARTNER_ACCOUNT, PARTNER_KEY, S3, SAMPLE_AUDIT, largeAuditResult,
} from '../fixtures/audit-result.js';
import { ARTIFACTS_DIR, launchChromium, openReport, visibleValues, type OpenedReport } from './report-page.js';

const ALL_NODES = [...SAMPLE_AUDIT.graph.nodes.map((node) => node.id)].sort();
const sorted = (values: string[]) => [...values].sort();

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 20 * 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('HTML audit report in Chromium', { timeout: 120_000 }, () => {
  let report: OpenedReport;
  beforeAll(async () => {
    report = await openReport(browser, renderAuditHtml(SAMPLE_AUDIT, { title: 'keyproof audit — example world' }), 'audit');
  }, 120_000);
  afterAll(async () => {
    await report?.context.close();
  });

  const shownNodes = () => visibleValues(report.page, 'g.node', 'data-node-id');
  const shownRows = () => visibleValues(report.page, 'tr.access-row', 'data-principal');
  const shownRowKeys = () => visibleValues(report.page, 'tr.access-row', 'data-key');
  const shownFindings = () => visibleValues(report.page, 'tr.finding-row', 'data-principal');
  afterEach(async () => {
    await report.page.click('#filter-clear');
  });

  it('draws one SVG node per graph node, one edge per graph edge, and a labelled edge', async () => {
    expect(await shownNodes()).toEqual(ALL_NODES);
    expect(await report.page.locator('svg#graph path.edge').count()).toBe(SAMPLE_AUDIT.graph.edges.length);
    expect(await visibleValues(report.page, 'svg#graph path.edge', 'data-from')).toHaveLength(SAMPLE_AUDIT.graph.edges.length);
    const grantEdge = report.page.locator('svg#graph text.edge-label', { hasText: 'grant · a1b2c3d4e5f6 · batch-finance' });
    await expect.poll(() => grantEdge.count()).toBe(1);
    expect(await grantEdge.textContent()).toContain('Decrypt · if …');
    // Keys are the last column, to the right of every principal.
    const x = (id: string) => report.page.evaluate((nodeId) => {
      const element = Array.from(document.querySelectorAll('g.node')).find((g) => g.getAttribute('data-node-id') === nodeId);
      return element?.getBoundingClientRect().x ?? Number.NaN;
    }, id);
    expect(await x(BOB)).toBeLessThan(await x(DEPLOYER));
    expect(await x(DEPLOYER)).toBeLessThan(await x(APP_ROLE));
    expect(await x(APP_ROLE)).toBeLessThan(await x(APP_KEY));
  });

  it('shows every access row, the findings with the errors first, and the summary', async () => {
    expect(await shownRows()).toHaveLength(15);
    expect(await report.page.locator('tr.finding-row td:first-child').allTextContents()).toEqual(['error', 'error', 'warning', 'note']);
    expect(await report.page.locator('#summary').textContent()).toContain('2 errors');
    expect(await report.page.locator('#world').textContent()).toBe('examples/world.yaml');
  });

  it('filters by key: rows, findings and nodes of the other keys are hidden', async () => {
    await report.page.selectOption('#filter-key', APP_KEY);
    expect(await shownRowKeys()).toEqual(Array(7).fill(APP_KEY));
    expect(await shownRows()).toEqual(sorted([BOB, DEPLOYER, APP_ROLE, BATCH_ROLE, KEY_ADMIN, CAROL, KEY_ACCOUNT_ROOT]));
    expect(await shownNodes()).toEqual(sorted([BOB, DEPLOYER, APP_ROLE, BATCH_ROLE, KEY_ADMIN, CAROL, KEY_ACCOUNT_ROOT, APP_KEY]));
    expect(await visibleValues(report.page, 'section.key-card', 'data-key')).toEqual([APP_KEY]);
    expect(await shownFindings()).toEqual(sorted([KEY_ADMIN, 'arn:aws:iam::777788889999:role/DeletedRole']));
    await report.page.click('#filter-clear');
    expect(await shownNodes()).toEqual(ALL_NODES);
  });

  it('filters by principal: its own rows and the rows whose role path goes through it', async () => {
    await report.page.selectOption('#filter-principal', BOB);
    expect(await shownRows()).toEqual([BOB, BOB, BOB]);
    expect(await shownRowKeys()).toEqual(sorted([DEV_KEY, DEV_KEY, APP_KEY]));
    expect(await shownNodes()).toEqual(sorted([BOB, DEPLOYER, APP_ROLE, DEV_KEY, APP_KEY]));
    expect(await shownFindings()).toEqual([]);

    await report.page.selectOption('#filter-principal', DEPLOYER);
    expect(await shownRows()).toEqual(sorted([BOB, DEPLOYER]));
    expect(await shownNodes()).toEqual(sorted([BOB, DEPLOYER, APP_ROLE, APP_KEY]));
  });

  it('filters by operation, and marks the operation in the rows', async () => {
    const offered = await report.page.locator('#filter-operation option').allTextContents();
    expect(offered[0]).toBe('all operations');
    expect(offered.slice(1).every((op) => op.startsWith('kms:'))).toBe(true);
    expect(offered).toContain('kms:PutKeyPolicy');
    await report.page.selectOption('#filter-operation', 'kms:Encrypt');
    expect(await shownRows()).toEqual(sorted([KEY_ACCOUNT_ROOT, BOB, ANYONE, S3]));
    expect(await shownNodes()).toEqual(sorted([KEY_ACCOUNT_ROOT, BOB, DEV_KEY, ANYONE, S3, PARTNER_KEY]));
    expect(await shownFindings()).toEqual([ANYONE]);
    expect(await report.page.locator('tr.access-row:not(.is-hidden) .op.op-match').count()).toBe(4);
    // Combined with a key, only that key's rows stay.
    await report.page.selectOption('#filter-key', PARTNER_KEY);
    expect(await shownRows()).toEqual(sorted([ANYONE, S3]));
  });

  it('searches every word in any case, in conditions and statement Sids too', async () => {
    await report.page.fill('#filter-text', 'FINANCE decrypt');
    await expect.poll(shownRows).toEqual([BATCH_ROLE]);
    expect(await shownNodes()).toEqual(sorted([BATCH_ROLE, APP_KEY]));
    await report.page.fill('#filter-text', 'partner account decrypts');
    await expect.poll(shownRows).toEqual([PARTNER_ACCOUNT, PARTNER_ACCOUNT]);
    await report.page.fill('#filter-text', 'no such thing anywhere');
    await expect.poll(shownRows).toEqual([]);
    expect(await report.page.locator('#keys > p.empty').isVisible()).toBe(true);
    await report.page.click('#filter-clear');
    expect(await shownRows()).toHaveLength(15);
  });

  it('filters by a node when it is clicked, and clears the filter on a second click', async () => {
    const node = (id: string) => report.page.locator(`g.node[data-node-id="${id}"]`);
    await node(CAROL).click();
    expect(await report.page.inputValue('#filter-principal')).toBe(CAROL);
    expect(await shownRows()).toEqual([CAROL]);
    expect(await shownNodes()).toEqual(sorted([CAROL, KEY_ADMIN, APP_KEY]));
    await node(CAROL).click();
    expect(await report.page.inputValue('#filter-principal')).toBe('');
    await node(PARTNER_KEY).click();
    expect(await report.page.inputValue('#filter-key')).toBe(PARTNER_KEY);
    expect(await shownRowKeys()).toEqual(Array(4).fill(PARTNER_KEY));
  });

  it('makes no request but the report itself, breaks no CSP rule, logs no error; saves a screenshot', async () => {
    expect(report.requests).toEqual([report.url]);
    expect(await report.page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name))).toEqual([]);
    expect(await report.violations()).toEqual([]);
    expect(report.consoleErrors).toEqual([]);
    expect(report.dialogs).toEqual([]);
    await report.page.screenshot({ path: resolve(ARTIFACTS_DIR, 'audit.png'), fullPage: true });
  });

  it('enforces its Content-Security-Policy: an injected inline script does not run', async () => {
    const ran = await report.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__cspProbe = 1';
      document.body.appendChild(script);
      await new Promise((done) => setTimeout(done, 50));
      return (window as unknown as { __cspProbe?: number }).__cspProbe;
    });
    expect(ran).toBeUndefined();
    expect((await report.violations()).some((violation) => violation.startsWith('script-src'))).toBe(true);
  });
});

describe('HTML audit report with hostile strings', { timeout: 120_000 }, () => {
  // With the CSP bypassed the escaping alone must hold; with it, the page must still work.
  for (const bypassCsp of [true, false]) {
    it(`runs none of them and shows them as text (CSP ${bypassCsp ? 'bypassed' : 'enforced'})`, async () => {
      const html = renderAuditHtml(HOSTILE_AUDIT, { title: HOSTILE.title });
      const report = await openReport(browser, html, bypassCsp ? 'hostile-no-csp' : 'hostile', { bypassCsp });
      try {
        const page = report.page;
        await page.selectOption('#filter-principal', HOSTILE.principal);
        await page.selectOption('#filter-principal', '');
        await page.selectOption('#filter-key', { label: `${HOSTILE.alias} — ${PARTNER_KEY}` });
        await page.fill('#filter-text', HOSTILE.sid);
        await expect.poll(() => visibleValues(page, 'tr.access-row', 'data-principal')).toEqual([ANYONE]);
        await page.click('#filter-clear');
        await page.fill('#filter-text', '<script>');
        // bob's three rows, and BatchRole's, whose condition holds a script element too.
        await expect.poll(() => visibleValues(page, 'tr.access-row', 'data-principal'))
          .toEqual([HOSTILE.principal, HOSTILE.principal, HOSTILE.principal, BATCH_ROLE].sort());
        await page.locator('g.node', { hasText: 'user/<script>' }).click();
        await page.locator('g.node', { hasText: 'user/<script>' }).hover();
        await page.click('#filter-clear');

        expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
        expect(report.dialogs).toEqual([]);
        expect(report.consoleErrors).toEqual([]);
        expect(report.requests).toEqual([report.url]);
        // No element was made from the input: only the page's own two scripts, no images, frames or handlers.
        expect(await page.locator('script').count()).toBe(2);
        expect(await page.locator('img, iframe, svg svg, [onload], [onerror]').count()).toBe(0);
        expect(await page.title()).toBe(HOSTILE.title);

        const shown = (selector: string) => visibleValues(page, selector, { text: true });
        expect(await shown('.statement-name')).toContain(`key-policy · ${HOSTILE.sid}`);
        expect(await shown('td.identity code.arn')).toContain(HOSTILE.principal);
        expect(await shown('#world')).toEqual([HOSTILE.world]);
        expect(await shown('.key-card h3')).toContain(HOSTILE.alias);
        expect(await shown('td.conditions .item')).toContain(HOSTILE.condition);
        // Node labels are cut to fit their box (the middle gives way); the beginning is there as text.
        expect((await shown('g.node .node-label')).some((label) => label.startsWith('alias/"><svg'))).toBe(true);
        expect(await shown('td.message')).toContain(`anyone (any principal of any AWS account) can use ${PARTNER_KEY} (statement "${HOSTILE.sid}")`);
        expect(await page.locator('h1').textContent()).toBe(HOSTILE.title);
      } finally {
        await report.context.close();
      }
    });
  }
});

describe('HTML audit report of an incomplete audit', { timeout: 120_000 }, () => {
  it('says so above everything else, listing what was not decided', async () => {
    const undecided = ['kms:Decrypt on alias/app-key for anyone: the solver timed out'];
    const report = await openReport(browser, renderAuditHtml({ ...SAMPLE_AUDIT, complete: false, undecided }), 'incomplete');
    try {
      const banner = report.page.locator('#incomplete');
      expect(await banner.isVisible()).toBe(true);
      expect(await banner.textContent()).toContain(undecided[0]);
    } finally {
      await report.context.close();
    }
    const complete = await openReport(browser, renderAuditHtml(SAMPLE_AUDIT), 'complete');
    try {
      expect(await complete.page.locator('#incomplete').isVisible()).toBe(false);
    } finally {
      await complete.context.close();
    }
  });
});

describe('HTML audit report with a few hundred nodes', { timeout: 180_000 }, () => {
  it('draws them all in a scrollable panel and filters them quickly', async () => {
    const large = largeAuditResult(300, 40, 25);
    const report = await openReport(browser, renderAuditHtml(large), 'large');
    try {
      const page = report.page;
      expect(await page.locator('g.node').count()).toBe(365);
      expect(await visibleValues(page, 'g.node', 'data-node-id')).toHaveLength(365);
      const panel = await page.evaluate(() => {
        const scroll = document.querySelector('.graph-scroll') as HTMLElement;
        return { scrollHeight: scroll.scrollHeight, clientHeight: scroll.clientHeight };
      });
      expect(panel.scrollHeight).toBeGreaterThan(panel.clientHeight);
      // Too many edges for readable labels: they are left to the tooltips, and the note says so.
      expect(await page.locator('#graph-note').textContent()).toContain('edge labels are hidden');

      const started = Date.now();
      await page.selectOption('#filter-key', large.keys[3]?.key ?? '');
      const elapsed = Date.now() - started;
      const shown = await visibleValues(page, 'g.node', 'data-node-id');
      expect(shown.length).toBeGreaterThan(1);
      expect(shown.length).toBeLessThan(100);
      expect(elapsed).toBeLessThan(5_000);
      await page.screenshot({ path: resolve(ARTIFACTS_DIR, 'audit-large-filtered.png'), fullPage: false });
    } finally {
      await report.context.close();
    }
  });
});
