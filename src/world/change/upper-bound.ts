/**
 * The most permissive value an unknown policy document could take, so that access computed with it is all the
 * access the change could give: Allow everything (to anyone, for a resource or trust policy). An SCP, RCP or
 * permissions boundary that allows everything restricts nothing, which is also the most permissive.
 */
import type { SourceLocation } from '../../errors.js';
import type { PolicyDocument } from '../../policy/model.js';

export function allowEverything(kind: 'resource' | 'trust' | 'identity' | 'scp' | 'rcp', location: SourceLocation): PolicyDocument {
  const principal = kind === 'resource' || kind === 'trust' || kind === 'rcp' ? { principal: [{ type: 'AWS' as const, value: '*' }] } : {};
  return {
    version: '2012-10-17', location,
    statements: [{ index: 0, sid: 'unknown until applied', effect: 'Allow', ...principal, action: ['*'], resource: ['*'], conditions: [], location }],
  };
}
