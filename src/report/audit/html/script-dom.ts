/**
 * Page script, part 1: building DOM nodes. These helpers are the only way the page writes text: `textContent`
 * and `setAttribute`, never markup, so a string from the audit can never become an element or a handler.
 * (Client code is kept as a string; it avoids template literals so that `${` never appears in it.)
 */
export const DOM_SCRIPT = String.raw`
const SVG_NS = 'http://www.w3.org/2000/svg';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function svgEl(tag, attributes, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const name of Object.keys(attributes || {})) node.setAttribute(name, String(attributes[name]));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Text that may wrap after ':' and '/', as ARNs and file locations have no spaces; textContent stays the text. */
function breakable(tag, className, text) {
  const node = el(tag, className);
  text.split(/(?<=[:\/])/).forEach(function (part, index) {
    if (index > 0) node.appendChild(document.createElement('wbr'));
    node.appendChild(document.createTextNode(part));
  });
  return node;
}

function appendAll(parent, children) {
  for (const child of children) if (child) parent.appendChild(child);
  return parent;
}

function shortOperation(operation) {
  return operation.replace(/^kms:/, '');
}

/** "source · policy · sid", leaving out the policy when it only repeats the source (the key policy). */
function describeStatement(statement) {
  const parts = [statement.source];
  if (statement.policy && statement.policy !== statement.source) parts.push(statement.policy);
  parts.push(statement.sid);
  return parts.join(' · ') + (statement.effect === 'Deny' ? ' (Deny)' : '');
}

/** Keeps the start and the end, which tell ARNs apart better than the middle does. */
function truncateMiddle(text, max) {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return text.slice(0, head) + '…' + text.slice(text.length - (max - 1 - head));
}

function truncateEnd(text, max) {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

function listSummary(items, shown) {
  if (items.length <= shown) return items.join(', ');
  return items.slice(0, shown).join(', ') + ' +' + (items.length - shown);
}
`;
