/** The KMS decision rules (kms.kp): the flowchart of kms/policy-evaluation.md as rules. */
import type { Program } from '../ir/ast.js';
import { rules, rulesFile } from './rules-file.js';

export const kmsRulesFile = (): string => rulesFile('kms.kp');
export const kmsRules = (): Program => rules('kms.kp');
