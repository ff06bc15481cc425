/**
 * The HTML audit report as text: escaping, the Content-Security-Policy, no outside resources, the embedded data,
 * and the graph layout. (test/browser/ runs the page itself in Chromium.)
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GraphNode, ReachGraph } from '../../../src/questions/audit/result.js';
import { renderAuditHtml } from '../../../src/report/audit/html.js';
import { contentSecurityPolicy } from '../../../src/report/audit/html/content-security-policy.js';
import { escapeHtml, jsonForScriptElement } from '../../../src/report/audit/html/escape.js';
import { layoutGraph, type GraphLayout, type LayerItem } from '../../../src/report/audit/html/graph-layout.js';
import { PAGE_SCRIPT } from '../../../src/report/audit/html/page-script.js';
import { PAGE_STYLE } from '../../../src/report/audit/html/page-style.js';
import {
  ANYONE, APP_KEY, APP_ROLE, BATCH_ROLE, BOB, CAROL, DEPLOYER, DEV_KEY, HOSTILE, HOSTILE_AUDIT, KEY_ACCOUNT_ROOT, KEY_ADMIN,
  PARTNER_ACCOUNT, PARTNER_KEY, S3, SAMPLE_AUDIT,
} from '../../fixtures/audit-result.js';

const RUNS = { seed: 42, numRuns: 500, verbose: true } as const;

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';

function dataBlock(html: string): string {
  const match = /<script type="application\/json" id="data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no data block');
  return match[1] as string;
}

function inlineScript(html: string): string {
  const match = /<script>([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no inline script');
  return match[1] as string;
}

function inlineStyle(html: string): string {
  const match = /<style>([\s\S]*?)<\/style>/.exec(html);
  if (!match) throw new Error('no inline style');
  return match[1] as string;
}

function cspOf(html: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  if (!match) throw new Error('no CSP meta tag');
  return (match[1] as string).replace(/&#39;/g, "'");
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The inverse of escapeHtml, written independently: the five entities it produces. */
function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] as string);
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('plain text, ünïcödé')).toBe('plain text, ünïcödé');
  });

  it('leaves no markup character and can be undone, for any string (fast-check, seed 42)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(escaped).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
        expect(unescapeHtml(escaped)).toBe(text);
      }),
      RUNS,
    );
  });
});

describe('jsonForScriptElement', () => {
  it('writes <, >, &, U+2028 and U+2029 as \\u escapes', () => {
    expect(jsonForScriptElement({ a: '</script><!--&\u2028\u2029' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}');
  });

  it('never contains them, and JSON.parse reads back the same value (fast-check, seed 42)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary', maxLength: 20 }), (value, text) => {
        const data = { value, text: `${text}</script>\u2028` };
        const json = jsonForScriptElement(data);
        expect(json).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      RUNS,
    );
  });
});

describe('contentSecurityPolicy', () => {
  it('allows nothing but the given inline code, by hash', () => {
    expect(contentSecurityPolicy({ scripts: ['a()'], styles: ['b{}'] })).toBe(
      `default-src 'none'; script-src ${sha256('a()')}; style-src ${sha256('b{}')}; base-uri 'none'; form-action 'none'`,
    );
  });
});

describe('renderAuditHtml', () => {
  const html = renderAuditHtml(SAMPLE_AUDIT);

  it('declares a CSP that allows exactly its own inline script and style, before either appears', () => {
    const csp = cspOf(html);
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${sha256(inlineScript(html))}`,
      `style-src ${sha256(inlineStyle(html))}`,
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<style>'));
    expect(inlineScript(html)).toBe(PAGE_SCRIPT);
    expect(inlineStyle(html)).toBe(PAGE_STYLE);
  });

  it('refers to no outside resource: the only URL is the SVG namespace', () => {
    const urls = html.match(/https?:\/\/[^\s"')]*/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    expect(new Set(urls)).toEqual(new Set([SVG_NAMESPACE]));
    expect(html).toContain(`xmlns="${SVG_NAMESPACE}"`);
    expect(html).not.toMatch(/\b(src|href|srcset|action|formaction|background|poster)\s*=/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|base|audio|video|source|form)\b/i);
    expect(PAGE_STYLE).not.toMatch(/url\(|@import|@font-face/i);
    expect(PAGE_SCRIPT).not.toMatch(/\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts|import\()/);
  });

  it('has one data block and one script, and the script writes no markup', () => {
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(PAGE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\(['"]on/);
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
  });

  it('embeds the audit unchanged, with its layout and formatted locations', () => {
    const data = JSON.parse(dataBlock(html));
    expect(data.result).toEqual(SAMPLE_AUDIT);
    expect(data.title).toBe('keyproof audit');
    expect(data.layout).toEqual(layoutGraph(SAMPLE_AUDIT.graph));
    expect(data.locations.keys).toEqual([
      'examples/world.yaml:140:5 (at /keys/0)', 'examples/world.yaml:170:5 (at /keys/1)', 'examples/world.yaml:200:5 (at /keys/2)',
    ]);
    expect(data.locations.findings[3]).toBe('');
  });

  it('is the same text every time', () => {
    expect(renderAuditHtml(SAMPLE_AUDIT)).toBe(html);
  });
});

describe('renderAuditHtml with hostile strings', () => {
  const html = renderAuditHtml(HOSTILE_AUDIT, { title: HOSTILE.title });

  it('never writes them as they are', () => {
    for (const text of Object.values(HOSTILE)) expect(html).not.toContain(text);
    expect(html).not.toMatch(/<(img|svg onload|iframe)/i);
    expect(html).not.toMatch(/[\u2028\u2029]/);
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
  });

  it('writes the title escaped, and everything else only into the data block, which reads back unchanged', () => {
    const escapedTitle = '&lt;/title&gt;&lt;script&gt;window.__xss=6&lt;/script&gt;';
    expect(html).toContain(`<title>${escapedTitle}</title>`);
    expect(html).toContain(`<h1>${escapedTitle}</h1>`);
    const data = JSON.parse(dataBlock(html));
    expect(data.result).toEqual(HOSTILE_AUDIT);
    expect(data.title).toBe(HOSTILE.title);
    expect(dataBlock(html)).toContain('\\u003cimg src=x onerror=\\"window.__xss=1\\"\\u003e');
  });
});

const nodesOf = (layout: GraphLayout) => layout.layers.map((layer) => layer.items.flatMap((item) => ('node' in item ? [item.node] : [])));
const waypointsOf = (layout: GraphLayout, edge: number) =>
  layout.layers.flatMap((layer, index) => (layer.items.some((item) => 'waypoint' in item && item.waypoint === edge) ? [index] : []));

describe('layoutGraph on the example audit', () => {
  const layout = layoutGraph(SAMPLE_AUDIT.graph);

  it('puts principals first, roles by their depth in a role chain, keys last', () => {
    expect(layout.layers.map((layer) => layer.title)).toEqual([
      'principals and outside classes', 'roles, chain step 1', 'roles, chain step 2', 'keys',
    ]);
    const [principals, rolesFirst, rolesSecond, keys] = nodesOf(layout).map((ids) => [...ids].sort());
    expect(principals).toEqual([BOB, CAROL, KEY_ACCOUNT_ROOT, PARTNER_ACCOUNT, ANYONE, S3].sort());
    expect(rolesFirst).toEqual([DEPLOYER, KEY_ADMIN, BATCH_ROLE].sort());
    expect(rolesSecond).toEqual([APP_ROLE]);
    expect(keys).toEqual([DEV_KEY, APP_KEY, PARTNER_KEY].sort());
  });

  it('gives an edge a waypoint in each column it crosses, and none to an edge between neighbouring columns', () => {
    SAMPLE_AUDIT.graph.edges.forEach((edge, index) => {
      const from = nodesOf(layout).findIndex((ids) => ids.includes(edge.from));
      const to = nodesOf(layout).findIndex((ids) => ids.includes(edge.to));
      expect(waypointsOf(layout, index), `${edge.from} -> ${edge.to}`).toEqual(Array.from({ length: Math.max(0, to - from - 1) }, (_, i) => from + 1 + i));
    });
  });
});

describe('layoutGraph', () => {
  const node = (id: string, kind: GraphNode['kind']): GraphNode => ({ id, kind, label: id });
  const access = (from: string, to: string) => ({ from, to, kind: 'key-access' as const, operations: ['kms:Decrypt'], by: [], conditions: [] });
  const assume = (from: string, to: string) => ({ from, to, kind: 'assume-role' as const, operations: [], by: [], conditions: [] });

  it('orders a column after its neighbours, so that edges do not cross', () => {
    const graph: ReachGraph = {
      nodes: [node('a-user', 'user'), node('b-user', 'user'), node('y-key', 'key'), node('z-key', 'key')],
      edges: [access('a-user', 'z-key'), access('b-user', 'y-key')],
    };
    const [users = [], keys = []] = nodesOf(layoutGraph(graph));
    // Sorted by id, the keys would be y, z and the edges would cross.
    expect(users.indexOf('a-user') < users.indexOf('b-user')).toBe(keys.indexOf('z-key') < keys.indexOf('y-key'));
  });

  it('breaks a cycle of role trust in id order, and ignores self-loops and edges to unknown nodes', () => {
    const graph: ReachGraph = {
      nodes: [node('user', 'user'), node('role-b', 'role'), node('role-a', 'role'), node('key', 'key')],
      edges: [assume('user', 'role-b'), assume('role-a', 'role-b'), assume('role-b', 'role-a'), assume('role-a', 'role-a'),
        access('role-b', 'key'), access('ghost', 'key')],
    };
    const layout = layoutGraph(graph);
    expect(nodesOf(layout)).toEqual([['user'], ['role-a'], ['role-b'], ['key']]);
    // user -> role-b crosses role-a's column; the back edge role-b -> role-a loops instead.
    expect(layout.layers.flatMap((layer) => layer.items).filter((item) => 'waypoint' in item)).toEqual([{ waypoint: 0 }]);
    expect(waypointsOf(layout, 0)).toEqual([1]);
  });

  it('leaves out empty columns', () => {
    const layout = layoutGraph({ nodes: [node('k', 'key'), node('u', 'user')], edges: [access('u', 'k')] });
    expect(layout.layers.map((layer) => layer.title)).toEqual(['principals and outside classes', 'keys']);
    expect(layoutGraph({ nodes: [], edges: [] })).toEqual({ layers: [] });
  });

  // Random graphs: principals, roles and keys, with unique (from, to) edges.
  const kinds: GraphNode['kind'][] = ['user', 'role', 'root', 'service', 'outside', 'key'];
  const graphs = fc
    .record({
      kindsOf: fc.array(fc.constantFrom(...kinds), { minLength: 1, maxLength: 14 }),
      pairs: fc.uniqueArray(fc.tuple(fc.nat(13), fc.nat(13)), { maxLength: 30, selector: ([a, b]) => `${a}-${b}` }),
    })
    .map(({ kindsOf, pairs }): ReachGraph => {
      const nodes = kindsOf.map((kind, i) => node(`${kind}-${i}`, kind));
      const edges = pairs
        .filter(([a, b]) => a < nodes.length && b < nodes.length)
        .map(([a, b]) => {
          const from = nodes[a] as GraphNode;
          const to = nodes[b] as GraphNode;
          return to.kind === 'key' ? access(from.id, to.id) : assume(from.id, to.id);
        });
      return { nodes, edges };
    });

  it('places every node once, keys last, principals first, waypoints only where edges cross (fast-check, seed 42)', () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        const layout = layoutGraph(graph);
        const columns = nodesOf(layout);
        expect(columns.flat().sort()).toEqual(graph.nodes.map((n) => n.id).sort());
        expect(columns.every((ids) => ids.length > 0)).toBe(true);
        const columnOf = (id: string) => columns.findIndex((ids) => ids.includes(id));
        const titleOf = (id: string) => layout.layers[columnOf(id)]?.title ?? '';
        for (const n of graph.nodes) {
          if (n.kind === 'key') expect(titleOf(n.id)).toBe('keys');
          else if (n.kind === 'role') expect(titleOf(n.id)).toMatch(/^roles/);
          else expect(titleOf(n.id)).toBe('principals and outside classes');
        }
        expect(layout.layers.at(-1)?.title === 'keys').toBe(graph.nodes.some((n) => n.kind === 'key'));
        if (graph.nodes.some((n) => n.kind !== 'role' && n.kind !== 'key')) expect(layout.layers[0]?.title).toBe('principals and outside classes');
        graph.edges.forEach((edge, index) => {
          const from = columnOf(edge.from);
          const to = columnOf(edge.to);
          const expected = edge.from === edge.to ? [] : Array.from({ length: Math.max(0, to - from - 1) }, (_, i) => from + 1 + i);
          expect(waypointsOf(layout, index)).toEqual(expected);
        });
      }),
      RUNS,
    );
  });

  it('does not depend on the order of nodes and edges (fast-check, seed 42)', () => {
    fc.assert(
      fc.property(graphs, fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (graph, noise) => {
        const shuffle = <T>(items: readonly T[]) => items.map((item) => ({ item, r: noise.next().value as number }))
          .sort((a, b) => a.r - b.r).map(({ item }) => item);
        const edges = shuffle(graph.edges);
        const shuffled = layoutGraph({ nodes: shuffle(graph.nodes), edges });
        // Waypoints name their edge by index: map the shuffled indexes back to the original ones.
        const original = (item: LayerItem): LayerItem => ('node' in item ? item : { waypoint: graph.edges.indexOf(edges[item.waypoint]!) });
        const mapped = { layers: shuffled.layers.map((layer) => ({ title: layer.title, items: layer.items.map(original) })) };
        expect(mapped).toEqual(layoutGraph(graph));
      }),
      RUNS,
    );
  });
});
