/**
 * Page script, part 5: the entry point. Reads the data block, builds the page once, fills the filter bar and
 * applies the filters to the tables, the findings and the graph on every change. Clicking a graph node filters
 * by it (a key node by key, any other node by principal); clicking it again clears that filter.
 */
export const CONTROLS_SCRIPT = String.raw`
function show(element, visible) {
  element.classList.toggle('is-hidden', !visible);
}

function fillSelect(select, options) {
  for (const option of options) {
    const element = el('option', '', option.text);
    element.value = option.value;
    select.appendChild(element);
  }
}

function byText(a, b) {
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

function keyOptions(result) {
  const names = new Map();
  for (const node of result.graph.nodes) if (node.kind === 'key') names.set(node.id, node.id);
  for (const finding of result.findings) if (finding.key !== '') names.set(finding.key, finding.key);
  for (const key of result.keys) names.set(key.key, keyTitle(key));
  return Array.from(names, function (entry) {
    return { value: entry[0], text: entry[1] === entry[0] ? entry[0] : entry[1] + ' — ' + entry[0] };
  }).sort(byText);
}

function principalOptions(result, rows, labels) {
  const ids = new Set();
  for (const node of result.graph.nodes) if (node.kind !== 'key') ids.add(node.id);
  for (const row of rows) row.chain.forEach(function (id) { ids.add(id); });
  for (const finding of result.findings) if (finding.principal !== '') ids.add(finding.principal);
  return Array.from(ids, function (id) {
    const label = labels.get(id);
    return { value: id, text: label && label !== id ? label + ' — ' + id : id };
  }).sort(byText);
}

/** The KMS operations of the tables and findings (an assume-role edge's sts:AssumeRole is not one to filter by). */
function operationOptions(result, rows) {
  const operations = new Set();
  for (const row of rows) row.access.operations.forEach(function (op) { operations.add(op); });
  for (const finding of result.findings) finding.operations.forEach(function (op) { operations.add(op); });
  return Array.from(operations, function (op) { return { value: op, text: op }; }).sort(byText);
}

function plural(count, word) {
  return count + ' ' + word + (count === 1 ? '' : 's');
}

function fillSummary(result, rows) {
  document.getElementById('world').textContent = result.world;
  const summary = document.getElementById('summary');
  const principals = new Set(rows.map(function (row) { return row.access.principal; }));
  summary.appendChild(el('span', 'summary-item', plural(result.keys.length, 'key')));
  summary.appendChild(el('span', 'summary-item', plural(principals.size, 'principal') + ' with access'));
  for (const severity of ['error', 'warning', 'note']) {
    const count = result.findings.filter(function (f) { return f.severity === severity; }).length;
    summary.appendChild(el('span', 'badge badge-severity-' + severity + (count === 0 ? ' is-zero' : ''), plural(count, severity)));
  }
  if (!result.complete) {
    const banner = document.getElementById('incomplete');
    banner.appendChild(el('strong', '', 'Incomplete: some questions could not be decided in time. '));
    for (const item of result.undecided) banner.appendChild(el('div', 'item', item));
    show(banner, true);
  }
}

/**
 * The sticky header's height, as --header-height, which every link target keeps above itself (scroll-margin-top):
 * the header wraps to more lines on a narrow window or when the filters grow, so a fixed margin would not do.
 */
function keepAnchorsBelowHeader(header) {
  if (!header) return;
  const update = function () {
    document.documentElement.style.setProperty('--header-height', Math.ceil(header.getBoundingClientRect().height) + 'px');
  };
  update();
  if (typeof ResizeObserver === 'function') new ResizeObserver(update).observe(header);
  else window.addEventListener('resize', update);
}

function main() {
  const data = JSON.parse(document.getElementById('data').textContent);
  const result = data.result;
  const labels = new Map(result.graph.nodes.map(function (node) { return [node.id, node.label]; }));
  const rows = accessRows(result);
  fillSummary(result, rows);

  const findings = buildFindings(document.getElementById('findings'), result, data.locations.findings, labels, data.triage);
  const noFindings = el('p', 'empty is-hidden', 'No findings match the filters.');
  document.getElementById('findings').appendChild(noFindings);
  const keysContainer = document.getElementById('keys');
  const cards = buildKeySections(keysContainer, result, data.locations.keys, labels, rows);
  const noKeys = el('p', 'empty is-hidden', result.keys.length === 0 ? 'The world has no keys.' : 'No key matches the filters.');
  keysContainer.appendChild(noKeys);

  const controls = {
    text: document.getElementById('filter-text'),
    key: document.getElementById('filter-key'),
    principal: document.getElementById('filter-principal'),
    operation: document.getElementById('filter-operation'),
  };
  fillSelect(controls.key, keyOptions(result));
  fillSelect(controls.principal, principalOptions(result, rows, labels));
  fillSelect(controls.operation, operationOptions(result, rows));

  const graphView = buildGraph(document.getElementById('graph'), data, function (node) {
    const select = node.kind === 'key' ? controls.key : controls.principal;
    select.value = select.value === node.id ? '' : node.id;
    apply();
  });

  function apply() {
    const filters = {
      words: searchWords(controls.text.value),
      key: controls.key.value,
      principal: controls.principal.value,
      operation: controls.operation.value,
    };
    const narrowing = rowFiltersActive(filters);
    const kept = new Set(rows.filter(function (row) { return rowKept(row, filters); }));
    const highlight = function (chips) {
      for (const c of chips) c.chip.classList.toggle('op-match', c.operation === filters.operation);
    };

    let cardsShown = 0;
    for (const card of cards) {
      let rowsShown = 0;
      for (const group of card.groups) {
        let groupShown = 0;
        for (const handle of group.rows) {
          const visible = kept.has(handle.row);
          show(handle.element, visible);
          highlight(handle.chips);
          if (visible) groupShown++;
        }
        group.count.textContent = narrowing ? ' ' + groupShown + ' of ' + group.rows.length : ' ' + group.rows.length;
        show(group.element, !narrowing || groupShown > 0);
        if (group.nobody) show(group.nobody, !narrowing);
        rowsShown += groupShown;
      }
      const keyNamed = filters.principal === '' && filters.operation === '' && containsWords(card.text, filters.words);
      const visible = (filters.key === '' || filters.key === card.key) && (!narrowing || rowsShown > 0 || keyNamed);
      show(card.element, visible);
      show(card.empty, visible && narrowing && rowsShown === 0);
      if (visible) cardsShown++;
    }
    show(noKeys, cardsShown === 0);

    let findingsShown = 0;
    for (const handle of findings) {
      const visible = findingKept(handle.finding, handle.text, filters);
      show(handle.element, visible);
      highlight(handle.chips);
      if (visible) findingsShown++;
    }
    const findingsTable = document.querySelector('table.findings');
    if (findingsTable) show(findingsTable, findingsShown > 0);
    show(noFindings, findings.length > 0 && findingsShown === 0);
    document.getElementById('findings-count').textContent = filtersActive(filters)
      ? findingsShown + ' of ' + findings.length : String(findings.length);

    const graphShown = updateGraph(graphView, graphSelection(result.graph, Array.from(kept), filters), filters);
    document.getElementById('graph-note').textContent = plural(graphShown.nodes, 'node') + ', ' + plural(graphShown.edges, 'edge')
      + (graphShown.labelsHidden ? ' — edge labels are hidden above ' + GRAPH.labelLimit + ' edges: filter, or hover a node' : '')
      + (graphShown.labelsCrowded > 0 ? ' — ' + plural(graphShown.labelsCrowded, 'crowded edge label') + ' hidden: hover a node' : '')
      + '. Click a node to filter by it.';
    document.getElementById('filter-count').textContent = 'showing ' + kept.size + ' of ' + plural(rows.length, 'access row')
      + ', ' + findingsShown + ' of ' + plural(findings.length, 'finding');
  }

  let pending = false;
  controls.text.addEventListener('input', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; apply(); });
  });
  for (const select of [controls.key, controls.principal, controls.operation]) select.addEventListener('change', apply);
  document.getElementById('filter-clear').addEventListener('click', function () {
    controls.text.value = '';
    controls.key.value = '';
    controls.principal.value = '';
    controls.operation.value = '';
    apply();
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === '/' && document.activeElement !== controls.text) { event.preventDefault(); controls.text.focus(); }
  });
  apply();
  keepAnchorsBelowHeader(document.querySelector('.topbar'));
  document.body.setAttribute('data-ready', 'true');
}
`;
