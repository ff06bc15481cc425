/** The KMS decision rules (kms.kp), parsed once per process by the intermediate form's own parser. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InternalError } from '../errors.js';
import type { Program } from '../ir/ast.js';
import { parseProgram } from '../ir/parse.js';

/** kms.kp sits next to this file in src/; the built file in dist/src/ finds it in the package's src/. */
export function kmsRulesFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, 'kms.kp'), join(here, '..', '..', '..', 'src', 'semantics', 'kms.kp')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new InternalError('the KMS rules file src/semantics/kms.kp is missing from the installation');
}

let cached: Program | undefined;

export function kmsRules(): Program {
  if (!cached) {
    const file = kmsRulesFile();
    cached = parseProgram(readFileSync(file, 'utf8'), file);
  }
  return cached;
}
