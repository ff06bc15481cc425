/**
 * The HTML report's one inline style sheet. System fonts only (the page loads nothing); no `url()`.
 * The Content-Security-Policy names this exact text by its hash.
 */
export const PAGE_STYLE = `
:root {
  --text: #1c2430; --muted: #66717f; --line: #dfe4ea; --page: #f4f6f9; --card: #ffffff; --accent: #2457c5;
  --error: #b42318; --error-bg: #fde8e6; --warning: #9a5b00; --warning-bg: #fff1d6; --note: #2457c5; --note-bg: #e7efff;
  --ok: #1e7a46; --ok-bg: #e3f5ea;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
/* A link target (#key-..., a section) lands below the sticky header: --header-height is its measured height. */
[id] { scroll-margin-top: calc(var(--header-height, 7rem) + 0.5rem); }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", sans-serif;
  color: var(--text); background: var(--page); }
.is-hidden { display: none !important; }
code, .arn, .location { font-family: var(--mono); }
.muted { color: var(--muted); }

.topbar { position: sticky; top: 0; z-index: 10; background: var(--card); border-bottom: 1px solid var(--line);
  box-shadow: 0 2px 6px rgba(20, 30, 45, 0.06); padding: 0.6rem 1.5rem 0.7rem; }
.title-row { display: flex; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
.title-row h1 { font-size: 1.15rem; margin: 0; }
#world { margin: 0; color: var(--muted); font-family: var(--mono); font-size: 0.8rem; }
#summary { margin: 0 0 0 auto; display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; }
.summary-item { color: var(--muted); font-size: 0.85rem; }
.filters { display: flex; gap: 0.75rem; align-items: flex-end; flex-wrap: wrap; margin-top: 0.55rem; }
.filters label { display: flex; flex-direction: column; font-size: 0.72rem; font-weight: 600; color: var(--muted);
  text-transform: uppercase; letter-spacing: 0.03em; gap: 0.15rem; }
.filters input, .filters select { font: inherit; font-size: 0.85rem; text-transform: none; letter-spacing: 0; color: var(--text);
  border: 1px solid #c5ccd6; border-radius: 6px; padding: 0.3rem 0.5rem; background: #fff; height: 2rem; }
.filters input { width: 19rem; }
.filters select { max-width: 17rem; }
.filters input:focus, .filters select:focus, .filters button:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
.filters button { font: inherit; font-size: 0.85rem; height: 2rem; padding: 0 0.9rem; border-radius: 6px; cursor: pointer;
  border: 1px solid #c5ccd6; background: #f7f8fa; color: var(--text); }
.filters button:hover { background: #eef1f5; }
#filter-count { color: var(--muted); font-size: 0.8rem; padding-bottom: 0.4rem; }

main { padding: 1rem 1.5rem 3rem; max-width: 1800px; }
section > h2 { font-size: 1rem; margin: 1.4rem 0 0.6rem; display: flex; gap: 0.5rem; align-items: baseline; }
#findings-count, .group-title .count { color: var(--muted); font-weight: 400; font-size: 0.85rem; }
.banner { background: var(--warning-bg); color: var(--warning); border: 1px solid #f0d08a; border-radius: 8px;
  padding: 0.6rem 0.9rem; margin-top: 1rem; }
.empty { color: var(--muted); font-style: italic; margin: 0.4rem 0; }

table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--line); }
thead th { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); background: #f8f9fb;
  border-bottom: 1px solid var(--line); white-space: nowrap; }
tbody tr.access-row:hover, tbody tr.finding-row:hover { background: #f8fafd; }
.table-scroll { overflow-x: auto; }
table.findings, .key-card { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
.arn { font-size: 0.78rem; overflow-wrap: anywhere; color: #3a4554; }
.identity { min-width: 14rem; max-width: 26rem; }
.identity-label { font-weight: 600; }
.identity .badge { margin-top: 0.25rem; }
.message { min-width: 16rem; }
.location { font-size: 0.72rem; color: var(--muted); overflow-wrap: anywhere; }
td.location { min-width: 13rem; max-width: 20rem; }
table.findings .identity { min-width: 12rem; max-width: 18rem; }
.finding-kind { font-weight: 600; white-space: nowrap; }
tr.severity-error td:first-child { box-shadow: inset 4px 0 0 var(--error); }
tr.severity-warning td:first-child { box-shadow: inset 4px 0 0 #e8a317; }
tr.severity-note td:first-child { box-shadow: inset 4px 0 0 var(--note); }

.badge { display: inline-block; border-radius: 999px; padding: 0.05rem 0.55rem; font-size: 0.72rem; font-weight: 600;
  background: #eef1f5; color: #435063; white-space: nowrap; }
.badge-severity-error { background: var(--error-bg); color: var(--error); }
.badge-severity-warning { background: var(--warning-bg); color: var(--warning); }
.badge-severity-note { background: var(--note-bg); color: var(--note); }
.badge-new { background: var(--error-bg); color: var(--error); margin-left: 0.4rem; }
.badge-suppressed { background: var(--note-bg); color: var(--note); margin-left: 0.4rem; }
tr.suppressed td { opacity: 0.7; }
.suppression, .triage-note { font-size: 0.85rem; color: var(--note); }
.badge.is-zero { background: #f1f3f6; color: #98a2ae; }
.badge-origin-anyone { background: var(--error-bg); color: var(--error); }
.badge-origin-external-account, .badge-origin-organization { background: var(--warning-bg); color: var(--warning); }
.badge-origin-service { background: #e6f4f4; color: #0f6b6b; }
.badge-state-ok { background: var(--ok-bg); color: var(--ok); }
.badge-state-off, .badge-state-other { background: #eceff3; color: #56606c; }
.badge-state-danger { background: var(--error-bg); color: var(--error); }
.badge-source { background: #eef2fb; color: #34508f; margin: 0 0.2rem 0.2rem 0; }
.op { display: inline-block; font-family: var(--mono); font-size: 0.72rem; background: #f0f2f5; border: 1px solid #e1e5eb;
  border-radius: 4px; padding: 0 0.3rem; margin: 0 0.2rem 0.2rem 0; }
.op.op-match { background: #fff4c2; border-color: #e6c84f; }
.operations { min-width: 12rem; max-width: 24rem; }
td.via { width: 7.5rem; }
td.conditions { min-width: 9rem; max-width: 20rem; }
td.path { min-width: 8rem; }
.hop { font-family: var(--mono); font-size: 0.78rem; }
.arrow { color: var(--muted); }
.conditions .item { font-family: var(--mono); font-size: 0.75rem; }
.statement + .statement { margin-top: 0.3rem; }
.statement-name { font-size: 0.82rem; }

.key-card { background: var(--card); margin-bottom: 1rem; }
.key-header { padding: 0.7rem 0.9rem; border-bottom: 1px solid var(--line); }
.key-header h3 { margin: 0 0 0.2rem; font-size: 1rem; }
.key-facts { display: flex; gap: 0.8rem; flex-wrap: wrap; align-items: center; color: var(--muted); font-size: 0.85rem; }
.group-row th { background: #f3f5f8; font-size: 0.8rem; text-transform: none; letter-spacing: 0; color: var(--text); font-weight: 600; }
.key-card .empty { padding: 0 0.9rem 0.6rem; }

.legend { display: flex; gap: 1rem; flex-wrap: wrap; font-size: 0.8rem; color: var(--muted); margin-bottom: 0.4rem; }
.legend span::before { content: ""; display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 3px; margin-right: 0.3rem;
  vertical-align: -0.1rem; background: var(--swatch); }
.legend .swatch-user { --swatch: #3b6fd8; } .legend .swatch-role { --swatch: #7c4dcc; } .legend .swatch-root { --swatch: #5b6675; }
.legend .swatch-service { --swatch: #0f8a8a; } .legend .swatch-outside { --swatch: #c43d2f; } .legend .swatch-key { --swatch: #c08a00; }
.legend .line-assume::before { height: 0; border-top: 2px dashed #7c4dcc; border-radius: 0; background: none; }
.legend .line-access::before { height: 0; border-top: 2px solid #8593a3; border-radius: 0; background: none; }
#graph-note { margin: 0 0 0.4rem; color: var(--muted); font-size: 0.8rem; }
.graph-scroll { overflow: auto; max-height: 75vh; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
#graph { display: block; }
.layer-title { font-size: 11px; font-weight: 700; fill: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.node { cursor: pointer; }
.node rect { fill: #fff; stroke: #c9d1db; stroke-width: 1; }
.node .node-stripe { stroke: none; }
.node-user .node-stripe { fill: #3b6fd8; } .node-role .node-stripe { fill: #7c4dcc; } .node-root .node-stripe { fill: #5b6675; }
.node-service .node-stripe { fill: #0f8a8a; } .node-outside .node-stripe { fill: #c43d2f; } .node-key .node-stripe { fill: #c08a00; }
.node-outside rect:first-of-type { fill: #fff6f5; } .node-key rect:first-of-type { fill: #fffbef; }
.node-label { font-size: 12px; font-weight: 600; fill: var(--text); }
.node-sub { font-size: 10.5px; fill: var(--muted); }
.node:hover rect:first-of-type, .node:focus rect:first-of-type { stroke: var(--accent); stroke-width: 1.5; }
.node:focus { outline: none; }
.node.is-selected rect:first-of-type { stroke: var(--accent); stroke-width: 2.5; }
.edge { fill: none; stroke-width: 1.4; }
.edge-access { stroke: #8593a3; }
.edge-assume { stroke: #7c4dcc; stroke-dasharray: 5 3; }
.edge-outside { stroke: #c43d2f; }
.arrow-access { fill: #8593a3; } .arrow-assume { fill: #7c4dcc; } .arrow-outside { fill: #c43d2f; }
.edge-label { font-size: 10px; fill: #44505f; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round;
  text-anchor: middle; }
.no-edge-labels .edge-label, .edge-label.is-crowded { display: none; }
.no-edge-labels .edge-label.is-focus, .edge-label.is-crowded.is-focus { display: inline; }
.has-focus .edge, .has-focus .node, .has-focus .edge-label { opacity: 0.25; }
.has-focus .is-focus { opacity: 1; }
.has-focus .edge.is-focus { stroke-width: 2.4; }
noscript p { margin: 2rem 1.5rem; }
`;
