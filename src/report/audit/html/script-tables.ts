/**
 * Page script, part 3: the findings table and, per key, the table of who can do what and why. Built once from
 * the data; the filters then only hide rows (see part 5). Badge classes come from fixed lists, never from the input.
 */
export const TABLES_SCRIPT = String.raw`
const SEVERITY_RANK = { error: 0, warning: 1, note: 2 };
const ORIGIN_LABELS = {
  world: 'world', 'external-account': 'external account', organization: 'organization', service: 'AWS service', anyone: 'anyone',
};
const KEY_STATE_CLASSES = { Enabled: 'ok', Disabled: 'off', PendingDeletion: 'danger', PendingReplicaDeletion: 'danger' };
const ACCESS_COLUMNS = ['Principal', 'Operations', 'Role path', 'Via', 'Conditions', 'Matched statements'];
const FINDING_COLUMNS = ['Severity', 'Finding', 'Key', 'Principal', 'Operations', 'Message', 'Source'];

/** Input values pick a class or a label only when a fixed table names them (so 'constructor' picks nothing). */
function lookup(table, value, fallback) {
  return Object.prototype.hasOwnProperty.call(table, value) ? table[value] : fallback;
}

function headerRow(columns) {
  const row = el('tr');
  for (const column of columns) {
    const cell = el('th', '', column);
    cell.setAttribute('scope', 'col');
    row.appendChild(cell);
  }
  return appendAll(el('thead'), [row]);
}

function muted(text) {
  return el('span', 'muted', text);
}

/** A name as the graph labels it, with the full ARN underneath and as a tooltip. */
function identityCell(id, labels) {
  const cell = el('td', 'identity');
  const label = labels.get(id);
  if (label && label !== id) cell.appendChild(el('div', 'identity-label', label));
  const arn = breakable('code', 'arn', id);
  arn.setAttribute('title', id);
  return appendAll(cell, [arn]);
}

function operationsCell(operations, chips) {
  const cell = el('td', 'operations');
  for (const operation of operations) {
    const chip = el('span', 'op', shortOperation(operation));
    chip.setAttribute('title', operation);
    chips.push({ chip: chip, operation: operation });
    cell.appendChild(chip);
  }
  return cell;
}

function pathCell(path, labels) {
  const cell = el('td', 'path');
  const roles = path.slice(1);
  if (roles.length === 0) return appendAll(cell, [muted('direct')]);
  roles.forEach(function (role, index) {
    if (index > 0) cell.appendChild(el('span', 'arrow', ' → '));
    const name = breakable('span', 'hop', labels.get(role) || role);
    name.setAttribute('title', role);
    cell.appendChild(name);
  });
  return cell;
}

function listCell(className, items, empty) {
  const cell = el('td', className);
  if (items.length === 0) return appendAll(cell, [muted(empty)]);
  return appendAll(cell, items.map(function (item) { return el('div', 'item', item); }));
}

function viaCell(via) {
  const cell = el('td', 'via');
  for (const source of via) cell.appendChild(el('span', 'badge badge-source', source));
  return cell;
}

function statementsCell(statements) {
  const cell = el('td', 'statements');
  if (statements.length === 0) return appendAll(cell, [muted('—')]);
  for (const statement of statements) {
    const item = el('div', 'statement');
    item.appendChild(el('span', 'statement-name', describeStatement(statement)));
    if (statement.location) item.appendChild(breakable('div', 'location', statement.location));
    cell.appendChild(item);
  }
  return cell;
}

function originBadge(origin) {
  const label = lookup(ORIGIN_LABELS, origin, null);
  return label === null ? el('span', 'badge', origin) : el('span', 'badge badge-origin-' + origin, label);
}

function keyTitle(key) {
  return key.aliases.length > 0 ? key.aliases.join(', ') : key.key;
}

function buildFindings(container, result, locations, labels, triage) {
  const states = triage ? triage.states : [];
  const suppressions = triage ? triage.suppressions : [];
  if (triage) for (const note of triage.notes) container.appendChild(el('p', 'triage-note', note));
  const keyNames = new Map(result.keys.map(function (key) { return [key.key, keyTitle(key)]; }));
  const handles = [];
  if (result.findings.length === 0) {
    container.appendChild(el('p', 'empty', 'No findings.'));
    return handles;
  }
  const order = result.findings.map(function (finding, index) { return index; });
  order.sort(function (a, b) {
    const fa = result.findings[a], fb = result.findings[b];
    // Suppressed findings are listed after the others (still shown, never hidden).
    return (suppressions[a] ? 1 : 0) - (suppressions[b] ? 1 : 0)
      || lookup(SEVERITY_RANK, fa.severity, 3) - lookup(SEVERITY_RANK, fb.severity, 3) || a - b;
  });
  const body = el('tbody');
  for (const index of order) {
    const finding = result.findings[index];
    const severity = lookup(SEVERITY_RANK, finding.severity, null) === null ? 'note' : finding.severity;
    const row = el('tr', 'finding-row severity-' + severity + (suppressions[index] ? ' suppressed' : ''));
    const kindCell = el('td', 'finding-kind', finding.kind);
    if (states[index] === 'new') kindCell.appendChild(el('span', 'badge badge-new', 'new'));
    if (suppressions[index]) kindCell.appendChild(el('span', 'badge badge-suppressed', 'suppressed'));
    const messageCell = el('td', 'message', finding.message);
    if (suppressions[index]) messageCell.appendChild(el('div', 'suppression', suppressions[index]));
    row.setAttribute('data-key', finding.key);
    row.setAttribute('data-principal', finding.principal);
    const keyCell = el('td', 'identity');
    if (keyNames.has(finding.key) && keyNames.get(finding.key) !== finding.key) keyCell.appendChild(el('div', 'identity-label', keyNames.get(finding.key)));
    keyCell.appendChild(breakable('code', 'arn', finding.key));
    const chips = [];
    appendAll(row, [
      appendAll(el('td'), [el('span', 'badge badge-severity-' + severity, finding.severity)]),
      kindCell,
      keyCell,
      finding.principal === '' ? appendAll(el('td'), [muted('the key')]) : identityCell(finding.principal, labels),
      operationsCell(finding.operations, chips),
      messageCell,
      appendAll(el('td', 'location'), [locations[index] ? breakable('span', '', locations[index]) : muted('—')]),
    ]);
    body.appendChild(row);
    handles.push({ element: row, finding: finding, text: findingText(finding, locations[index]), chips: chips });
  }
  container.appendChild(appendAll(el('table', 'findings'), [headerRow(FINDING_COLUMNS), body]));
  return handles;
}

function keyHeader(key, location) {
  const header = el('header', 'key-header');
  const title = el('h3', '', keyTitle(key));
  const state = el('span', 'badge badge-state-' + lookup(KEY_STATE_CLASSES, key.state, 'other'), key.state);
  const facts = appendAll(el('div', 'key-facts'), [
    breakable('code', 'arn', key.key), el('span', '', 'account ' + key.account), state,
  ]);
  if (location) facts.appendChild(breakable('span', 'location', location));
  return appendAll(header, [title, facts]);
}

function accessRow(key, access, labels, rowModel) {
  const row = el('tr', 'access-row');
  row.setAttribute('data-key', key.key);
  row.setAttribute('data-principal', access.principal);
  const chips = [];
  const principal = identityCell(access.principal, labels);
  if (access.origin !== 'world') principal.appendChild(originBadge(access.origin));
  appendAll(row, [
    principal,
    operationsCell(access.operations, chips),
    pathCell(access.path, labels),
    viaCell(access.via),
    listCell('conditions', access.conditions, 'none'),
    statementsCell(access.matched),
  ]);
  return { element: row, row: rowModel, chips: chips };
}

/** A link target for a key's card, #key-KEYID (with its place in the list when two keys share an id). */
function keyAnchor(arn, keyIndex, taken) {
  let anchor = 'key-' + arn.replace(/^.*:key\//, '');
  if (taken.has(anchor)) anchor += '-' + (keyIndex + 1);
  taken.add(anchor);
  return anchor;
}

/**
 * One card per key; returns, per key, its groups and their rows so that the filters can hide them. "rows" is
 * accessRows(result): it walks keys, groups and access in the same order as here, so rows[n] is the n-th row built.
 */
function buildKeySections(container, result, locations, labels, rows) {
  let next = 0;
  const anchors = new Set();
  return result.keys.map(function (key, keyIndex) {
    const card = appendAll(el('section', 'key-card'), [keyHeader(key, locations[keyIndex])]);
    card.setAttribute('data-key', key.key);
    card.setAttribute('id', keyAnchor(key.key, keyIndex, anchors));
    const table = appendAll(el('table', 'access'), [headerRow(ACCESS_COLUMNS)]);
    const groups = key.groups.map(function (group) {
      const body = el('tbody', 'group');
      body.setAttribute('data-group', group.group);
      const heading = el('th', 'group-title');
      heading.setAttribute('colspan', String(ACCESS_COLUMNS.length));
      heading.setAttribute('scope', 'rowgroup');
      const count = el('span', 'count');
      appendAll(heading, [el('span', '', group.title), count]);
      appendAll(body, [appendAll(el('tr', 'group-row'), [heading])]);
      const nobody = el('tr', 'nobody-row');
      const nobodyCell = el('td', 'muted', 'nobody');
      nobodyCell.setAttribute('colspan', String(ACCESS_COLUMNS.length));
      nobody.appendChild(nobodyCell);
      if (group.access.length === 0) body.appendChild(nobody);
      const handles = group.access.map(function (access) {
        const handle = accessRow(key, access, labels, rows[next++]);
        body.appendChild(handle.element);
        return handle;
      });
      table.appendChild(body);
      return { element: body, rows: handles, count: count, nobody: group.access.length === 0 ? nobody : null };
    });
    const empty = el('p', 'empty is-hidden', 'No access to this key matches the filters.');
    appendAll(card, [appendAll(el('div', 'table-scroll'), [table]), empty]);
    container.appendChild(card);
    return { element: card, key: key.key, text: keyText(key), groups: groups, empty: empty };
  });
}
`;
