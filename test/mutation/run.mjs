// `npm run mutations`: breaks one rule of the reference evaluator at a time (reference-mutations.txt) and checks
// that the golden and CLI tests notice. Each file is restored after its run, whatever happens.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const lines = readFileSync(new URL('./reference-mutations.txt', import.meta.url), 'utf8')
  .split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
let survivors = 0;
for (const line of lines) {
  const [file, text, replacement] = line.split(' @@ ');
  const original = readFileSync(file, 'utf8');
  if (!original.includes(text)) { console.log(`STALE  ${file}: the text is no longer there: ${text}`); survivors++; continue; }
  writeFileSync(file, original.replace(text, replacement));
  let caught = false;
  try {
    execFileSync('npx', ['vitest', 'run', 'test/golden', 'test/cli', '-t', 'reference|keyproof check'], { stdio: 'ignore' });
  } catch { caught = true; } finally { writeFileSync(file, original); }
  console.log(`${caught ? 'caught ' : 'MISSED '} ${file}: ${text.slice(0, 90)}`);
  if (!caught) survivors++;
}
console.log(`${lines.length - survivors} of ${lines.length} mutations caught`);
process.exitCode = survivors === 0 ? 0 : 1;
