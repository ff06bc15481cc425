/** One change answer in the format asked for: the one place that maps `change --format` to a renderer. */
import type { ChangeResult } from '../../questions/change/change-result.js';
import { renderChangeMarkdown } from './change-markdown.js';
import { renderChangeSarif } from './change-sarif.js';
import { renderChangeText } from './change-text.js';

export const CHANGE_FORMATS = ['text', 'json', 'md', 'sarif'] as const;
export type ChangeFormat = (typeof CHANGE_FORMATS)[number];

export function renderChangeReport(result: ChangeResult, format: ChangeFormat, tool: { version: string }): string {
  switch (format) {
    case 'json': return JSON.stringify(result, null, 2) + '\n';
    case 'text': return renderChangeText(result);
    case 'md': return renderChangeMarkdown(result);
    case 'sarif': return renderChangeSarif(result, tool);
  }
}
