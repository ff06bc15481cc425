/** Renders the answer to a `keyproof query` question as text, with the renderer of the matching command. */
import type { QueryAnswer } from '../../api/query.js';
import { InternalError } from '../../errors.js';
import type { Query } from '../../query/ast.js';
import { decisionText, renderCheckText } from './check.js';
import { renderExposedKeysText } from './exposed-keys.js';
import { renderWhatCanText } from './what-can.js';
import { renderWhoCanText } from './who-can.js';

export function renderQueryText(q: Query, answer: QueryAnswer, colors: boolean): string {
  switch (answer.kind) {
    case 'who-can':
      return renderWhoCanText(answer.result);
    case 'what-can':
      return renderWhatCanText(answer.result);
    case 'which-keys':
      return renderExposedKeysText(answer.result);
    case 'who-can-pattern':
      return answer.result.map(renderWhoCanText).join('\n');
    case 'can':
    case 'why-not':
      if (q.kind !== 'can' && q.kind !== 'why-not') throw new InternalError('a check answer for a query of another kind');
      return renderCheckText({ principal: q.principal, action: q.action, key: q.key }, answer.result, colors);
    case 'why-not-pattern': {
      if (q.kind !== 'why-not') throw new InternalError('a why-not answer for a query of another kind');
      // Each operation in full: the changes differ from one operation to the next.
      return answer.result.map(({ action, result }) => renderCheckText({ principal: q.principal, action, key: q.key }, result, colors)).join('\n');
    }
    case 'can-pattern': {
      if (q.kind !== 'can') throw new InternalError('a can answer for a query of another kind');
      // One line per operation: the full flowchart of each is `keyproof check`'s to print.
      const width = Math.max(...answer.result.map((r) => r.action.length));
      const lines = [`can ${q.principal} ${answer.action} on ${q.key}`, ''];
      for (const { action, result } of answer.result) {
        lines.push(`  ${decisionText(result.decision, colors)}  ${action.padEnd(width)}  ${result.reason}${result.path.length > 1 ? ` via ${result.path.slice(1).join(' -> ')}` : ''}`);
      }
      return lines.join('\n') + '\n';
    }
  }
}
