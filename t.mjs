import { loadWorld, check, closeEngines } from './dist/src/index.js';
const w = loadWorld('benchmarks/worlds/M/world.json');
const users = [...w.accounts.values()].flatMap(a => [...a.users.values()]).slice(0, 40);
const keys = [...w.keys.values()].slice(0, 5);
let t = performance.now(), n = 0, allow = 0;
for (const u of users) for (const k of keys) { const a = await check(w, { principal: u.arn, action: 'kms:Decrypt', key: k.arn, transitive: true, engine: 'z3' }); n++; if (a.decision === 'ALLOW') allow++; }
console.log('z3 transitive', n, 'checks', ((performance.now() - t) / n).toFixed(1), 'ms/check', 'allow', allow, 'rss MB', (process.memoryUsage().rss / 1e6).toFixed(0));
t = performance.now(); n = 0; let allowR = 0;
for (const u of users) for (const k of keys) { const a = await check(w, { principal: u.arn, action: 'kms:Decrypt', key: k.arn, transitive: true, engine: 'reference' }); n++; if (a.decision === 'ALLOW') allowR++; }
console.log('reference transitive', ((performance.now() - t) / n).toFixed(1), 'ms/check', 'allow', allowR);
await closeEngines();
