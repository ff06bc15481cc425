/**
 * Page script, part 2: what the filters keep, without touching the page. The filters are a free-text search
 * (every word must appear, any case), a key, a principal and an operation.
 * - An access row is kept when its key is the key chosen, when the principal chosen is its caller or a role on
 *   its path, when its operations include the operation chosen, and when the search words appear in its text.
 * - A finding is kept on the same terms, its principal standing for the caller.
 * - The graph keeps, once any filter is set, the edges that the kept rows walk (each role assumption of their path,
 *   then the key access of the last identity, for the operation chosen), the nodes at their ends, the key and the
 *   principal chosen, and the nodes whose name contains the search words.
 */
export const FILTER_MODEL_SCRIPT = String.raw`
function searchWords(text) {
  return text.toLowerCase().split(/\s+/).filter(function (word) { return word !== ''; });
}

function containsWords(haystack, words) {
  return words.every(function (word) { return haystack.indexOf(word) !== -1; });
}

function textOf(values) {
  return values.join('\n').toLowerCase();
}

function statementTexts(statements) {
  const texts = [];
  for (const s of statements) texts.push(s.source, s.policy, s.sid, s.effect, s.location || '');
  return texts;
}

function keyText(key) {
  return textOf([key.key, key.account, key.state].concat(key.aliases));
}

function accessRows(result) {
  const rows = [];
  for (const key of result.keys) {
    for (const group of key.groups) {
      for (const access of group.access) {
        rows.push({
          key: key.key,
          group: group.group,
          access: access,
          chain: access.path.length > 0 ? access.path : [access.principal],
          text: textOf([keyText(key), group.title, access.principal, access.origin]
            .concat(access.operations, access.path, access.via, access.conditions, statementTexts(access.matched))),
        });
      }
    }
  }
  return rows;
}

function filtersActive(filters) {
  return filters.words.length > 0 || filters.key !== '' || filters.principal !== '' || filters.operation !== '';
}

/** Filters other than the key: they narrow the rows inside a key, not the keys shown. */
function rowFiltersActive(filters) {
  return filters.words.length > 0 || filters.principal !== '' || filters.operation !== '';
}

function rowKept(row, filters) {
  return (filters.key === '' || row.key === filters.key)
    && (filters.principal === '' || row.chain.indexOf(filters.principal) !== -1)
    && (filters.operation === '' || row.access.operations.indexOf(filters.operation) !== -1)
    && containsWords(row.text, filters.words);
}

function findingText(finding, location) {
  return textOf([finding.kind, finding.severity, finding.key, finding.principal, finding.message, location]
    .concat(finding.operations));
}

function findingKept(finding, text, filters) {
  return (filters.key === '' || finding.key === filters.key)
    && (filters.principal === '' || finding.principal === filters.principal)
    && (filters.operation === '' || finding.operations.indexOf(filters.operation) !== -1)
    && containsWords(text, filters.words);
}

function pairKey(from, to) {
  return JSON.stringify([from, to]);
}

/** The node ids and edge indexes the graph shows for the kept rows; everything when no filter is set. */
function graphSelection(graph, keptRows, filters) {
  const nodes = new Set();
  const edges = new Set();
  if (!filtersActive(filters)) {
    graph.nodes.forEach(function (node) { nodes.add(node.id); });
    graph.edges.forEach(function (edge, index) { edges.add(index); });
    return { nodes: nodes, edges: edges };
  }
  const walked = new Set();
  for (const row of keptRows) {
    for (let i = 0; i + 1 < row.chain.length; i++) walked.add(pairKey(row.chain[i], row.chain[i + 1]));
    walked.add(pairKey(row.chain[row.chain.length - 1], row.key));
  }
  graph.edges.forEach(function (edge, index) {
    if (!walked.has(pairKey(edge.from, edge.to))) return;
    if (edge.kind === 'key-access' && filters.operation !== '' && edge.operations.indexOf(filters.operation) === -1) return;
    edges.add(index);
    nodes.add(edge.from);
    nodes.add(edge.to);
  });
  for (const node of graph.nodes) {
    if (node.id === filters.key || node.id === filters.principal) nodes.add(node.id);
    if (filters.words.length > 0 && containsWords(textOf([node.id, node.label]), filters.words)) nodes.add(node.id);
  }
  return { nodes: nodes, edges: edges };
}
`;
