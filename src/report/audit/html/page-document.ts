/**
 * The HTML report's document: the fixed markup of the page (filter bar, sections, legend), its inline style and
 * script, the data block and the Content-Security-Policy that allows exactly that style and script. The page
 * script fills the sections from the data; the only input text written here is the title, through escapeHtml.
 */
import { InternalError } from '../../../errors.js';
import { contentSecurityPolicy } from './content-security-policy.js';
import { escapeHtml } from './escape.js';

export interface PageParts {
  title: string;
  style: string;
  script: string;
  /** The data block's text, already made safe by jsonForScriptElement. */
  dataJson: string;
}

const LEGEND = `<div class="legend" aria-label="legend">
  <span class="swatch-user">user</span><span class="swatch-role">role</span><span class="swatch-root">account</span>
  <span class="swatch-service">AWS service</span><span class="swatch-outside">outside the world</span><span class="swatch-key">KMS key</span>
  <span class="line-assume">can assume the role</span><span class="line-access">can use the key</span>
</div>`;

const FILTER_BAR = `<div class="filters" role="search">
    <label for="filter-text">Search<input id="filter-text" type="search" placeholder="ARN, alias, Sid, condition…  ( / )" autocomplete="off" spellcheck="false"></label>
    <label for="filter-key">Key<select id="filter-key"><option value="">all keys</option></select></label>
    <label for="filter-principal">Principal (caller or role on its path)<select id="filter-principal"><option value="">all principals</option></select></label>
    <label for="filter-operation">Operation<select id="filter-operation"><option value="">all operations</option></select></label>
    <button type="button" id="filter-clear">Clear filters</button>
    <span id="filter-count" aria-live="polite"></span>
  </div>`;

/** The page's own code must not be able to end its element early; input never reaches these two. */
function assertInlineSafe(code: string, element: 'script' | 'style'): void {
  if (code.toLowerCase().includes(`</${element}`) || code.includes('<!--')) {
    throw new InternalError(`the HTML report's inline ${element} contains a sequence that would end its element`);
  }
}

export function pageDocument(parts: PageParts): string {
  assertInlineSafe(parts.script, 'script');
  assertInlineSafe(parts.style, 'style');
  assertInlineSafe(parts.dataJson, 'script');
  const title = escapeHtml(parts.title);
  const csp = escapeHtml(contentSecurityPolicy({ scripts: [parts.script], styles: [parts.style] }));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${parts.style}</style>
</head>
<body>
<header class="topbar">
  <div class="title-row"><h1>${title}</h1><p id="world"></p><p id="summary"></p></div>
  ${FILTER_BAR}
</header>
<main>
  <div id="incomplete" class="banner is-hidden" role="alert"></div>
  <section id="findings-section" aria-labelledby="findings-heading">
    <h2 id="findings-heading">Findings <span id="findings-count"></span></h2>
    <div id="findings"></div>
  </section>
  <section id="graph-section" aria-labelledby="graph-heading">
    <h2 id="graph-heading">Who reaches which key</h2>
    ${LEGEND}
    <p id="graph-note"></p>
    <div class="graph-scroll"><svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="graph-heading"></svg></div>
  </section>
  <section id="keys-section" aria-labelledby="keys-heading">
    <h2 id="keys-heading">Who can do what, per key</h2>
    <div id="keys"></div>
  </section>
</main>
<noscript><p>This report builds its tables and graph with JavaScript; the data is in the page's source, in the element with id "data".</p></noscript>
<script type="application/json" id="data">${parts.dataJson}</script>
<script>${parts.script}</script>
</body>
</html>
`;
}
