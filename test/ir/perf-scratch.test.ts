import { test } from 'vitest';
import { parseProgram } from '../../src/ir/parse.js';
test('perf', () => {
  for (const n of [10000, 30000, 100000]) {
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i % 3 === 0) lines.push(`@from(source: "world", policy: "p${i}", sid: "s")`);
      lines.push(i % 2 ? `key("arn:aws:kms:us-west-2:111122223333:key/${i}", "111122223333").` : `statement_names("ks${i}", "account") :- $account == "111122223333", $action ~i "kms:*", not x(S), ctx("kms:ViaService") any like ["ec2.*.amazonaws.com"].`);
    }
    const text = lines.join('\n');
    const t = performance.now();
    const p = parseProgram(text);
    console.log(n, p.rules.length, text.length, Math.round(performance.now() - t), 'ms', Math.round(process.memoryUsage().heapUsed / 1e6), 'MB');
  }
});
