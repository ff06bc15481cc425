/** The role-assumption rules (roles.kp): who can become whom, forwards and backwards, as recursive rules. */
import type { Program } from '../ir/ast.js';
import { rules, rulesFile } from './rules-file.js';

export const roleRulesFile = (): string => rulesFile('roles.kp');
export const roleRules = (): Program => rules('roles.kp');
