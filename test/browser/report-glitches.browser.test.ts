/**
 * Issue 17's HTML glitches, in headless Chromium: no two graph labels overlap (on the example world, on the sample
 * audit and on a denser generated one, role cycles included), a service that assumes a role has a node of its own
 * with an edge to the role, and navigating to a key's anchor leaves its heading below the sticky header.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';
import type { AuditResult } from '../../src/questions/audit/result.js';
import { renderAuditHtml } from '../../src/report/audit/html.js';
import { SAMPLE_AUDIT, largeAuditResult } from '../fixtures/audit-result.js';
import { APP_KEY_ARN, BATCH_ROLE } from '../fixtures/example-world.js';
import { ARTIFACTS_DIR, launchChromium, openReport, visibleValues, type OpenedReport } from './report-page.js';

let browser: Browser;
let example: OpenedReport;
let exampleResult: AuditResult;

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const out = resolve(ARTIFACTS_DIR, 'glitches-example-audit.html');
  const json = new CapturedOutput();
  expect(await main(['audit', '--format', 'json'], json)).toBe(0);
  exampleResult = JSON.parse(json.out) as AuditResult;
  const html = new CapturedOutput();
  expect(await main(['audit', '--format', 'html', '--out', out], html), html.err).toBe(0);
  browser = await launchChromium();
  example = await openReport(browser, readFileSync(out, 'utf8'), 'glitches-example-audit');
}, 20 * 60_000);

afterAll(async () => {
  await example?.context.close();
  await browser?.close();
});

/** A denser graph than the example's: 20 users into 6 roles, two roles that assume each other (edges loop round). */
function denseAudit(): AuditResult {
  const base = largeAuditResult(20, 6, 4);
  const roles = base.graph.nodes.filter((n) => n.kind === 'role').map((n) => n.id);
  const trust = base.graph.edges.find((e) => e.kind === 'assume-role')!.by;
  const cycle = [[roles[0]!, roles[1]!], [roles[1]!, roles[0]!], [roles[2]!, roles[0]!]].map(([from, to]) =>
    ({ from: from!, to: to!, kind: 'assume-role' as const, operations: [], by: trust, conditions: [] }));
  return { ...base, graph: { nodes: base.graph.nodes, edges: [...base.graph.edges, ...cycle] } };
}

/** Two roles that assume each other, both using one key: the edge back loops round past the labels of the keys' gap. */
function roleCycleAudit(): AuditResult {
  const base = largeAuditResult(2, 2, 1);
  const [a, b] = base.graph.nodes.filter((n) => n.kind === 'role').map((n) => n.id);
  const trust = base.graph.edges.find((e) => e.kind === 'assume-role')!.by;
  const assume = (from: string, to: string) => ({ from, to, kind: 'assume-role' as const, operations: [], by: trust, conditions: [] });
  return { ...base, graph: { nodes: base.graph.nodes, edges: [...base.graph.edges, assume(a!, b!), assume(b!, a!)] } };
}

/** Every pair of rendered graph texts (edge labels, node labels, column titles) whose boxes overlap. */
function overlappingLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rendered = (element: Element): boolean => {
      for (let at: Element | null = element; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (style.display === 'none' || style.visibility === 'hidden') return false;
      }
      return true;
    };
    const texts = Array.from(document.querySelectorAll('svg#graph text')).filter(rendered)
      .map((element) => ({
        // The text shown, without the tooltip (<title>) that edge labels carry.
        text: Array.from(element.childNodes).filter((n) => n.nodeName !== 'title').map((n) => n.textContent).join(' / '),
        box: element.getBoundingClientRect(),
      }))
      .filter(({ box }) => box.width > 0 && box.height > 0);
    const overlaps: string[] = [];
    texts.forEach((a, i) => texts.slice(i + 1).forEach((b) => {
      const width = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const height = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (width > 0.5 && height > 0.5) overlaps.push(`"${a.text}" and "${b.text}" (${Math.round(width)}x${Math.round(height)} px)`);
    }));
    return overlaps;
  });
}

describe('HTML report glitches, in Chromium', { timeout: 120_000 }, () => {
  it('no two graph labels overlap on the example world', async () => {
    expect(await example.page.locator('svg#graph text.edge-label').count()).toBeGreaterThan(5);
    expect(await overlappingLabels(example.page)).toEqual([]);
  });

  it.each([['the sample audit', () => SAMPLE_AUDIT], ['a denser generated world with role cycles', denseAudit], ['two roles that assume each other', roleCycleAudit]])(
    'no two graph labels overlap on %s', async (name, make) => {
      const report = await openReport(browser, renderAuditHtml(make(), { title: name }), `glitches-${name.replace(/\W+/g, '-')}`);
      try {
        expect(await report.page.locator('svg#graph text.edge-label').count()).toBeGreaterThan(3);
        expect(await overlappingLabels(report.page)).toEqual([]);
      } finally {
        await report.context.close();
      }
    });

  it('a service that assumes a role has its own node, with an edge to the role', async () => {
    // examples/world.yaml: BatchRole's trust policy lets ec2.amazonaws.com assume it.
    const service = exampleResult.graph.nodes.find((n) => n.id === 'ec2.amazonaws.com');
    expect(service).toMatchObject({ kind: 'service' });
    expect(exampleResult.graph.edges).toContainEqual(expect.objectContaining({ from: 'ec2.amazonaws.com', to: BATCH_ROLE, kind: 'assume-role' }));
    expect(await visibleValues(example.page, 'g.node', 'data-node-id')).toContain('ec2.amazonaws.com');
    expect(await visibleValues(example.page, 'svg#graph path.edge', 'data-from')).toContain('ec2.amazonaws.com');
    // Every service principal that a shown role's trust lets in: a node with an edge to that role.
    const drawnEdges = await example.page.evaluate(() => Array.from(document.querySelectorAll('svg#graph path.edge'))
      .map((p) => `${p.getAttribute('data-from')} -> ${p.getAttribute('data-to')}`));
    for (const edge of exampleResult.graph.edges.filter((e) => e.kind === 'assume-role')) expect(drawnEdges).toContain(`${edge.from} -> ${edge.to}`);
  });

  it('navigating to a key\'s anchor leaves its heading below the sticky header', async () => {
    const anchor = `key-${APP_KEY_ARN.replace(/^.*:key\//, '')}`;
    for (const width of [1440, 700]) {
      await example.page.setViewportSize({ width, height: 900 });
      // A narrow window wraps the header onto more lines: the page follows its height.
      await example.page.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--header-height').trim()
        === `${Math.ceil(document.querySelector('.topbar')!.getBoundingClientRect().height)}px`);
      await example.page.evaluate(() => { window.location.hash = ''; window.scrollTo(0, 0); });
      await example.page.evaluate((id) => { window.location.hash = id; }, anchor);
      await example.page.waitForFunction(() => window.scrollY > 0);
      const { headingTop, headerBottom } = await example.page.evaluate((id) => ({
        headingTop: document.querySelector(`#${CSS.escape(id)} h3`)!.getBoundingClientRect().top,
        headerBottom: document.querySelector('.topbar')!.getBoundingClientRect().bottom,
      }), anchor);
      expect(headingTop, `at ${width} px wide`).toBeGreaterThanOrEqual(headerBottom);
    }
  });
});
