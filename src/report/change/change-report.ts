/** One change answer in the format asked for: the one place that maps `change --format` to a renderer. */
import type { ChangeResult } from '../../questions/change/change-result.js';
import { renderChangeText } from './change-text.js';

export const CHANGE_FORMATS = ['text', 'json'] as const;
export type ChangeFormat = (typeof CHANGE_FORMATS)[number];

export function renderChangeReport(result: ChangeResult, format: ChangeFormat): string {
  switch (format) {
    case 'json': return JSON.stringify(result, null, 2) + '\n';
    case 'text': return renderChangeText(result);
  }
}
