/** The role-assumption rules (roles.kp), parsed once per process by the intermediate form's own parser. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InternalError } from '../errors.js';
import type { Program } from '../ir/ast.js';
import { parseProgram } from '../ir/parse.js';
import { kmsRulesFile } from './kms-rules.js';

/** roles.kp is installed next to kms.kp, wherever that is found. */
export function roleRulesFile(): string {
  const file = join(dirname(kmsRulesFile()), 'roles.kp');
  if (!existsSync(file)) throw new InternalError('the role-assumption rules file src/semantics/roles.kp is missing from the installation');
  return file;
}

let cached: Program | undefined;

export function roleRules(): Program {
  if (!cached) {
    const file = roleRulesFile();
    cached = parseProgram(readFileSync(file, 'utf8'), file);
  }
  return cached;
}
