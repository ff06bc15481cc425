/**
 * Page script, part 4: the graph as inline SVG. The columns, their order and the waypoints of edges that cross
 * columns come from the data (graph-layout.ts); here they are placed in pixels, closing up the columns when the
 * filters hide nodes, and the edges are drawn left to right through their waypoints (a role assumed from the same
 * or a later column loops round on the right). Edge labels, in the gap after the edge's source, name the first
 * statement or grant that creates the edge and the operations; the tooltip lists them all.
 */
export const GRAPH_SCRIPT = String.raw`
const GRAPH = {
  nodeWidth: 210, nodeHeight: 40, rowGap: 12, columnGap: 170, margin: 16, headerHeight: 34,
  /** The vertical room an edge takes where it crosses a column. */
  waypointHeight: 14,
  /** Room on the right for a role assumed from the same or a later column (its edge loops round). */
  loopReach: 70,
  /** Two lines of edge label, in pixels: labels in one gap are pushed apart by at least this much. */
  labelHeight: 26,
  /** Room kept clear between an edge label and the nodes on either side of its gap. */
  labelMargin: 6,
  nodeLabelChars: 28, edgeLabelChars: 31,
  /** Above this many edges, labels would cover each other: they are left to the tooltips. */
  labelLimit: 60,
};
const NODE_KIND_LABELS = {
  user: 'user', role: 'role', root: 'account', service: 'AWS service', key: 'KMS key', outside: 'outside the world',
};

function edgeLines(edge) {
  const first = edge.by.length > 0 ? describeStatement(edge.by[0]) + (edge.by.length > 1 ? ' +' + (edge.by.length - 1) : '') : edge.kind;
  const what = edge.kind === 'assume-role' ? 'assume role' : listSummary(edge.operations.map(shortOperation), 3);
  const conditional = edge.conditions.length > 0 ? ' · if …' : '';
  return [truncateEnd(first, GRAPH.edgeLabelChars), truncateEnd(what + conditional, GRAPH.edgeLabelChars)];
}

function edgeTooltip(edge) {
  const lines = [edge.from + ' → ' + edge.to, edge.kind === 'assume-role' ? 'assumes the role' : 'key access: ' + edge.operations.join(', ')];
  for (const statement of edge.by) lines.push('  ' + describeStatement(statement) + (statement.location ? '  [' + statement.location + ']' : ''));
  for (const condition of edge.conditions) lines.push('  if ' + condition);
  return lines.join('\n');
}

function nodeElement(node) {
  const kind = Object.prototype.hasOwnProperty.call(NODE_KIND_LABELS, node.kind) ? node.kind : 'outside';
  const group = svgEl('g', { class: 'node node-' + kind, 'data-node-id': node.id, tabindex: '0', role: 'button' });
  group.setAttribute('aria-label', NODE_KIND_LABELS[kind] + ' ' + node.id);
  const lines = [
    [svgEl('text', { class: 'node-label', x: 14, y: 17 }), node.label || node.id],
    [svgEl('text', { class: 'node-sub', x: 14, y: 32 }), NODE_KIND_LABELS[kind] + (node.account ? ' · ' + node.account : '')],
  ];
  for (const [line, full] of lines) {
    line.textContent = truncateMiddle(full, GRAPH.nodeLabelChars);
    FULL_TEXT.set(line, full);
  }
  appendAll(group, [
    svgEl('title', {}, node.id),
    svgEl('rect', { width: GRAPH.nodeWidth, height: GRAPH.nodeHeight, rx: 6 }),
    svgEl('rect', { class: 'node-stripe', width: 5, height: GRAPH.nodeHeight, rx: 2 }),
  ].concat(lines.map(function (pair) { return pair[0]; })));
  return group;
}

function arrowMarker(id) {
  const marker = svgEl('marker', {
    id: id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse',
  });
  return appendAll(marker, [svgEl('path', { d: 'M0,0 L10,5 L0,10 z', class: id })]);
}

function edgeClass(edge, fromKind) {
  if (fromKind === 'outside') return 'outside';
  return edge.kind === 'assume-role' ? 'assume' : 'access';
}

function buildGraph(svg, data, onNodeClick) {
  const graph = data.result.graph;
  const defs = appendAll(svgEl('defs'), ['assume', 'access', 'outside'].map(function (kind) { return arrowMarker('arrow-' + kind); }));
  const layers = svgEl('g', { class: 'layer-titles' });
  const edgeGroup = svgEl('g', { class: 'edges' });
  const labelGroup = svgEl('g', { class: 'edge-labels' });
  const nodeGroup = svgEl('g', { class: 'nodes' });
  appendAll(svg, [defs, layers, edgeGroup, nodeGroup, labelGroup]);

  const nodes = new Map();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) continue;
    const element = nodeElement(node);
    nodes.set(node.id, { node: node, element: element, edges: [] });
    nodeGroup.appendChild(element);
  }
  const layerTitles = data.layout.layers.map(function (layer) { return layers.appendChild(svgEl('text', { class: 'layer-title' }, layer.title)); });

  const edges = [];
  graph.edges.forEach(function (edge, index) {
    const from = nodes.get(edge.from), to = nodes.get(edge.to);
    if (!from || !to || edge.from === edge.to) return;
    const kind = edgeClass(edge, from.node.kind);
    const path = svgEl('path', { class: 'edge edge-' + kind, 'marker-end': 'url(#arrow-' + kind + ')' });
    path.setAttribute('data-from', edge.from);
    path.setAttribute('data-to', edge.to);
    path.appendChild(svgEl('title', {}, edgeTooltip(edge)));
    const label = svgEl('text', { class: 'edge-label' });
    edgeLines(edge).forEach(function (line, i) { label.appendChild(svgEl('tspan', { dy: i === 0 ? '-0.2em' : '1.2em' }, line)); });
    label.appendChild(svgEl('title', {}, edgeTooltip(edge)));
    edgeGroup.appendChild(path);
    labelGroup.appendChild(label);
    const handle = { index: index, edge: edge, path: path, label: label };
    edges.push(handle);
    from.edges.push(handle);
    to.edges.push(handle);
  });

  for (const entry of nodes.values()) {
    const focus = function (on) {
      svg.classList.toggle('has-focus', on);
      entry.element.classList.toggle('is-focus', on);
      for (const handle of entry.edges) {
        handle.path.classList.toggle('is-focus', on);
        handle.label.classList.toggle('is-focus', on);
        nodes.get(handle.edge.from).element.classList.toggle('is-focus', on);
        nodes.get(handle.edge.to).element.classList.toggle('is-focus', on);
      }
    };
    entry.element.addEventListener('mouseenter', function () { focus(true); });
    entry.element.addEventListener('mouseleave', function () { focus(false); });
    entry.element.addEventListener('click', function () { onNodeClick(entry.node); });
    entry.element.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); onNodeClick(entry.node); }
    });
  }
  const edgeByIndex = new Map(edges.map(function (handle) { return [handle.index, handle]; }));
  return { svg: svg, layout: data.layout, nodes: nodes, edges: edges, edgeByIndex: edgeByIndex, layerTitles: layerTitles };
}

/** A curve leaving and arriving horizontally, as an SVG path command. */
function curveTo(from, to) {
  const bend = (to.x - from.x) / 2;
  return ' C' + round(from.x + bend) + ',' + round(from.y) + ' ' + round(to.x - bend) + ',' + round(to.y) + ' ' + round(to.x) + ',' + round(to.y);
}

function round(value) {
  return Math.round(value * 10) / 10;
}

/**
 * The path of an edge and where its label goes. Forward: out of the source's right side, straight across each
 * waypoint's column, into the target's left side; the label sits in the middle of the first gap. Otherwise the
 * edge loops round on the right of both nodes.
 */
function edgeGeometry(a, b, waypoints) {
  const start = { x: a.x + GRAPH.nodeWidth, y: a.y + GRAPH.nodeHeight / 2 };
  if (b.column > a.column) {
    const points = [start];
    for (const w of waypoints) points.push({ x: w.x, y: w.y }, { x: w.x + GRAPH.nodeWidth, y: w.y });
    points.push({ x: b.x - 2, y: b.y + GRAPH.nodeHeight / 2 });
    let d = 'M' + round(start.x) + ',' + round(start.y);
    for (let i = 1; i < points.length; i++) {
      d += i % 2 === 1 ? curveTo(points[i - 1], points[i]) : ' L' + round(points[i].x) + ',' + round(points[i].y);
    }
    const label = { x: start.x + GRAPH.columnGap / 2, y: (points[0].y + points[1].y) / 2, gap: 'after column ' + a.column };
    return { d: d, label: label, loops: false };
  }
  const end = { x: b.x + GRAPH.nodeWidth + 2, y: b.y + GRAPH.nodeHeight / 2 };
  const reach = Math.max(start.x, end.x) + GRAPH.loopReach;
  const d = 'M' + round(start.x) + ',' + round(start.y) + ' C' + reach + ',' + round(start.y) + ' ' + reach + ',' + round(end.y)
    + ' ' + round(end.x) + ',' + round(end.y);
  // In the gap after the rightmost of the two columns, with the labels of the edges that leave it, so that the
  // spreading keeps them apart (a label of its own at the loop would cover theirs).
  const label = { x: Math.max(start.x, end.x) + GRAPH.columnGap / 2, y: (start.y + end.y) / 2, gap: 'after column ' + Math.max(a.column, b.column) };
  return { d: d, label: label, loops: true };
}

/** Where an item's centre sits below its top: a waypoint keeps to the middle of the gap above the next node. */
function centreOffset(item) {
  return 'node' in item ? GRAPH.nodeHeight / 2 : (GRAPH.waypointHeight - GRAPH.rowGap) / 2;
}

function itemHeight(item) {
  return 'node' in item ? GRAPH.nodeHeight + GRAPH.rowGap : GRAPH.waypointHeight;
}

/** The height an edge arrives at in the current column: its last waypoint so far, or its source's centre. */
function arrivalHeight(handle, placed, column) {
  const points = placed.waypoints.get(handle.index);
  if (points && points.length > 0) return points[points.length - 1].y;
  const source = placed.position.get(handle.edge.from);
  return source && source.column < column ? source.y + GRAPH.nodeHeight / 2 : undefined;
}

/** The centre an item would like: the mean height of the shown edges arriving at it from the left. */
function wantedCentre(item, view, selection, placed, column) {
  const arriving = 'node' in item
    ? view.nodes.get(item.node).edges.filter(function (h) { return h.edge.to === item.node && selection.edges.has(h.index); })
    : [view.edgeByIndex.get(item.waypoint)];
  const heights = arriving.map(function (h) { return h ? arrivalHeight(h, placed, column) : undefined; })
    .filter(function (y) { return y !== undefined; });
  return heights.length === 0 ? undefined : heights.reduce(function (a, b) { return a + b; }, 0) / heights.length;
}

/**
 * Places the selected nodes, and the waypoints of the selected edges, in the columns that keep a node: left to
 * right, in the layout's order, each item as level as it can be with the edges arriving from the left (but never
 * above the item before it). A waypoint in a column that keeps no node is dropped with its column.
 */
function placeItems(view, selection, filters) {
  const placed = { position: new Map(), waypoints: new Map(), columns: 0, bottom: 0 };
  view.layout.layers.forEach(function (layer, layerIndex) {
    const shown = layer.items.filter(function (item) {
      return 'node' in item ? selection.nodes.has(item.node) && view.nodes.has(item.node) : selection.edges.has(item.waypoint);
    });
    const title = view.layerTitles[layerIndex];
    const keepsNode = shown.some(function (item) { return 'node' in item; });
    title.classList.toggle('is-hidden', !keepsNode);
    if (!keepsNode) return;
    const column = placed.columns;
    const x = GRAPH.margin + column * (GRAPH.nodeWidth + GRAPH.columnGap);
    title.setAttribute('x', String(x));
    title.setAttribute('y', String(GRAPH.headerHeight - 14));
    let free = GRAPH.headerHeight;
    const centres = shown.map(function (item) { return wantedCentre(item, view, selection, placed, column); });
    shown.forEach(function (item, index) {
      const wanted = centres[index];
      const top = Math.max(free, wanted === undefined ? free : wanted - centreOffset(item));
      if ('node' in item) placed.position.set(item.node, { x: x, y: top, column: column });
      else {
        if (!placed.waypoints.has(item.waypoint)) placed.waypoints.set(item.waypoint, []);
        placed.waypoints.get(item.waypoint).push({ x: x, y: top + centreOffset(item) });
      }
      free = top + itemHeight(item);
    });
    placed.bottom = Math.max(placed.bottom, free);
    placed.columns++;
  });
  for (const [id, entry] of view.nodes) {
    const at = placed.position.get(id);
    entry.element.classList.toggle('is-hidden', !at);
    entry.element.classList.toggle('is-selected', id === filters.key || id === filters.principal);
    if (at) {
      entry.element.setAttribute('transform', 'translate(' + at.x + ',' + at.y + ')');
      fitNodeText(entry.element);
    }
  }
  return placed;
}

/**
 * Labels that share a gap between columns are moved down, in order, until they no longer overlap; a label that
 * would end up further than one label from its edge is hidden instead (hovering a node still shows it).
 * Returns how many were hidden.
 */
function spreadLabels(labels) {
  const byGap = new Map();
  for (const label of labels) {
    if (!byGap.has(label.gap)) byGap.set(label.gap, []);
    byGap.get(label.gap).push(label);
  }
  let crowded = 0;
  for (const column of byGap.values()) {
    column.sort(function (a, b) { return a.y - b.y; });
    let free = -Infinity;
    for (const label of column) {
      const y = Math.max(label.y, free);
      label.crowded = y - label.y > GRAPH.labelHeight;
      if (label.crowded) { crowded++; continue; }
      label.y = y;
      free = y + GRAPH.labelHeight;
    }
  }
  return crowded;
}

/** The full text of each node line, before it was cut to fit. */
const FULL_TEXT = new WeakMap();

/** Shortens a node's lines, in the middle (an ARN's ends say most), until they fit inside the node. */
function fitNodeText(element) {
  const room = GRAPH.nodeWidth - 14 - GRAPH.labelMargin;
  for (const line of element.querySelectorAll('text')) {
    const full = FULL_TEXT.get(line);
    if (full === undefined) continue;
    let max = line.textContent.length;
    while (max > 4 && line.getComputedTextLength() > room) line.textContent = truncateMiddle(full, --max);
  }
}

/**
 * Shortens each line of an edge label until it fits in the gap between two columns: the width of text depends on
 * the fonts the reader has, so it is measured, not guessed from the number of characters (the tooltip keeps it all).
 */
function fitToGap(label) {
  const room = GRAPH.columnGap - 2 * GRAPH.labelMargin;
  for (const line of label.querySelectorAll('tspan')) {
    while (line.textContent.length > 2 && line.getComputedTextLength() > room) line.textContent = line.textContent.slice(0, -2) + '…';
  }
}

/** Draws the selected edges between placed nodes; returns how many, and whether one loops round on the right. */
function drawEdges(view, selection, placed) {
  const position = placed.position;
  const labels = [];
  let loops = false;
  for (const handle of view.edges) {
    const a = position.get(handle.edge.from), b = position.get(handle.edge.to);
    const shown = selection.edges.has(handle.index) && a !== undefined && b !== undefined;
    handle.path.classList.toggle('is-hidden', !shown);
    handle.label.classList.toggle('is-hidden', !shown);
    if (!shown) continue;
    const geometry = edgeGeometry(a, b, placed.waypoints.get(handle.index) || []);
    loops = loops || geometry.loops;
    handle.path.setAttribute('d', geometry.d);
    labels.push({ handle: handle, x: geometry.label.x, y: geometry.label.y, gap: geometry.label.gap });
  }
  const crowded = spreadLabels(labels);
  for (const label of labels) {
    if (!label.crowded) fitToGap(label.handle.label);
    label.handle.label.classList.toggle('is-crowded', label.crowded);
    const x = String(Math.round(label.x));
    label.handle.label.setAttribute('x', x);
    label.handle.label.setAttribute('y', String(Math.round(label.y)));
    for (const line of label.handle.label.querySelectorAll('tspan')) line.setAttribute('x', x);
  }
  const lowestLabel = labels.reduce(function (low, label) { return label.crowded ? low : Math.max(low, label.y); }, 0);
  return { count: labels.length, crowded: crowded, loops: loops, lowestLabel: lowestLabel };
}

/** Shows the selection, columns closed up; returns how many nodes and edges are shown. */
function updateGraph(view, selection, filters) {
  const nodes = placeItems(view, selection, filters);
  const edges = drawEdges(view, selection, nodes);
  const labelsHidden = edges.count > GRAPH.labelLimit;
  view.svg.classList.toggle('no-edge-labels', labelsHidden);
  const width = nodes.columns === 0 ? 0
    : GRAPH.margin * 2 + nodes.columns * GRAPH.nodeWidth + (nodes.columns - 1) * GRAPH.columnGap + (edges.loops ? GRAPH.columnGap : 0);
  const labelsBottom = labelsHidden ? 0 : edges.lowestLabel + GRAPH.labelHeight;
  view.svg.setAttribute('width', String(width));
  view.svg.setAttribute('height', String(Math.max(nodes.bottom, labelsBottom) + GRAPH.margin));
  return { nodes: nodes.position.size, edges: edges.count, labelsHidden: labelsHidden, labelsCrowded: labelsHidden ? 0 : edges.crowded };
}
`;
