/** A rules file of src/semantics (kms.kp, roles.kp), found in the source tree or the installed package, parsed once. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InternalError } from '../errors.js';
import type { Program } from '../ir/ast.js';
import { parseProgram } from '../ir/parse.js';

/** The file sits next to this module in src/; the built module in dist/src/ finds it in the package's src/. */
export function rulesFile(name: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, name), join(here, '..', '..', '..', 'src', 'semantics', name)]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new InternalError(`the rules file src/semantics/${name} is missing from the installation`);
}

const parsed = new Map<string, Program>();

/** The parsed rules, by the intermediate form's own parser, once per process. */
export function rules(name: string): Program {
  let program = parsed.get(name);
  if (!program) {
    const file = rulesFile(name);
    program = parseProgram(readFileSync(file, 'utf8'), file);
    parsed.set(name, program);
  }
  return program;
}

/** The text of a rules file, as installed (part of what an audit's cached answers depend on). */
export function rulesText(name: string): string {
  return readFileSync(rulesFile(name), 'utf8');
}
