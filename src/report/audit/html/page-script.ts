/**
 * The HTML report's one inline script: its parts joined in one strict-mode function scope, so nothing leaks into
 * the page's globals. The Content-Security-Policy names this exact text by its hash.
 */
import { CONTROLS_SCRIPT } from './script-controls.js';
import { DOM_SCRIPT } from './script-dom.js';
import { FILTER_MODEL_SCRIPT } from './script-filter-model.js';
import { GRAPH_SCRIPT } from './script-graph.js';
import { TABLES_SCRIPT } from './script-tables.js';

export const PAGE_SCRIPT = [
  '(function () {',
  "'use strict';",
  DOM_SCRIPT,
  FILTER_MODEL_SCRIPT,
  TABLES_SCRIPT,
  GRAPH_SCRIPT,
  CONTROLS_SCRIPT,
  'main();',
  '})();',
].join('\n');
