import { test } from 'vitest';
import { parseProgram } from '../../src/ir/parse.js';
import { printProgram } from '../../src/ir/print.js';
test('x', () => {
  const p = parseProgram(`// c
@from(source: "key-policy", policy: "key-policy", sid: "Enable IAM policies", file: "world.yaml:12:9", at: "/keys/0/policy/Statement/0")
statement_names("ks0", "account") :- $account == "111122223333", $kind != "root".
explicit_deny :- statement_denies(S), applies_to_request(S).
allowed :- use_authorized, not explicit_deny, (!(true & !$action ~i "kms:*") | false), ctx("k") any num<= [1.5e3, -0], $resource arn~ "a\\\\*\${aws:x, 'd\\\\''}".
`);
  console.log(JSON.stringify(p, null, 0));
  console.log(printProgram(p));
});
