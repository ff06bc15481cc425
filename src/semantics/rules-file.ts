/** A rules file of src/semantics (kms.kp, roles.kp), found in the source tree or the installed package, parsed once. */
import { readFileSync } from 'node:fs';
import { InternalError } from '../errors.js';
import type { Program } from '../ir/ast.js';
import { parseProgram } from '../ir/parse.js';
import { packageFile } from '../package-files.js';

/** The rules files ship in the package's src/semantics (package.json "files"), for the built modules too. */
export function rulesFile(name: string): string {
  const file = packageFile(`src/semantics/${name}`);
  if (file === undefined) throw new InternalError(`the rules file src/semantics/${name} is missing from the installation`);
  return file;
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
