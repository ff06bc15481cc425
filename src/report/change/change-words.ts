/** The words every change report uses (text, Markdown, SARIF): who, what, through what, and how sure. */
import type { AccessChange, ChangeResult, ChangeWitness, KeyChange } from '../../questions/change/change-result.js';
import { operationList, principalText } from '../audit/text.js';

export function whoText(entry: AccessChange): string {
  if (entry.origin === 'unknown-principal') return entry.description ?? `any principal ${entry.principal} could be`;
  if (entry.description) return `${entry.principal}, the identity ${entry.description}`;
  return principalText({ principal: entry.principal, origin: entry.origin });
}

export function keyText(key: Pick<KeyChange, 'key' | 'createdBy' | 'status'>): string {
  if (!key.createdBy) return key.key;
  return key.status === 'created' ? `the key ${key.createdBy} creates (ARN known after apply)` : `the key of ${key.createdBy} (its ARN is not in the change)`;
}

const KIND_WORDS: Record<AccessChange['kind'], string> = {
  new: 'gains', removed: 'loses', widened: 'gains (under more conditions)', narrowed: 'loses (under some conditions)',
};

/** `arn:...:role/App gains Decrypt, Encrypt` */
export function accessSentence(entry: AccessChange): string {
  return `${whoText(entry)} ${KIND_WORDS[entry.kind]} ${operationList(entry.operations)}`;
}

/** `via key-policy, through role/A -> role/B, if kms:ViaService = ...` */
export function pathText(entry: AccessChange): string {
  const parts = [`via ${entry.via.join(', ') || 'policies'}`];
  if (entry.path.length > 1) parts.push(`through ${entry.path.slice(1).join(' -> ')}`);
  if (entry.conditions.length > 0) parts.push(`if ${entry.conditions.join(' and ')}`);
  return parts.join('; ');
}

export function witnessText(witness: ChangeWitness): string {
  const context = Object.entries(witness.context).map(([k, v]) => `${k}=${v.join(',')}`);
  const through = witness.through.length > 0 ? ` through ${witness.through.join(' -> ')}` : '';
  return `${witness.principal}${through} calls ${witness.action}${context.length > 0 ? ` with ${context.join(' ')}` : ''}`;
}

export function dependsText(entry: AccessChange): string | undefined {
  return entry.dependsOn.length > 0 ? `possible: depends on ${entry.dependsOn.join(', ')} (known after apply; assumed as permissive as it could be)` : undefined;
}

export function verdictText(result: ChangeResult): string {
  const { newAccess, public: isPublic, external } = result.verdict;
  if (!newAccess) return 'no principal gains access';
  const what = isPublic ? 'anyone can gain access' : external ? 'a principal outside the estate can gain access' : 'principals gain access';
  return what;
}

const SOURCE_WORDS: Record<ChangeResult['source'], string> = {
  'terraform-plan': 'Terraform plan', cloudformation: 'CloudFormation template', 'policy-diff': 'Policy',
};

/** `Terraform plan`, `CloudFormation template`, `Policy` (diff --world): what the change was read from. */
export function sourceText(result: ChangeResult): string {
  return SOURCE_WORDS[result.source];
}
