/**
 * The CI example of docs/ci.md (docs/ci/keyproof-change.yml): it parses, it runs the plan as the documented pipeline
 * needs (terraform show -json into the file keyproof reads), and every `keyproof` command in it uses only options
 * and format values the command has; the files it uploads and comments are the ones keyproof writes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { buildProgram } from '../../src/cli/main.js';
import { Output } from '../../src/cli/output.js';
import { CHANGE_FORMATS } from '../../src/report/change/change-report.js';

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; id?: string; if?: string }
const workflow = parse(readFileSync('docs/ci/keyproof-change.yml', 'utf8')) as { on: unknown; permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> };
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const runs = steps.flatMap((s) => (s.run ?? '').split('\n')).map((l) => l.trim());
const keyproofLines = runs.filter((l) => l.startsWith('keyproof '));
const program = buildProgram(new Output());

/** The options of a command line, `--name value` or `--name` alone, by what the command declares. */
function optionsOf(line: string): { command: string; options: Map<string, string | true> } {
  const words = line.split(/\s+/);
  const command = words[1]!;
  const declared = program.commands.find((c) => c.name() === command);
  expect(declared, `keyproof has no command ${command}`).toBeDefined();
  const options = new Map<string, string | true>();
  for (let i = 2; i < words.length; i++) {
    const word = words[i]!;
    expect(word.startsWith('--'), `unexpected argument ${word} in: ${line}`).toBe(true);
    const option = declared!.options.find((o) => o.long === word);
    expect(option, `keyproof ${command} has no option ${word}`).toBeDefined();
    options.set(word, option!.required || option!.optional ? words[++i]! : true);
  }
  return { command, options };
}

describe('docs/ci/keyproof-change.yml', () => {
  test('the plan is shown as JSON into the file keyproof change reads', () => {
    const show = runs.find((l) => l.startsWith('terraform show -json'));
    expect(show).toMatch(/^terraform show -json plan\.tfplan > plan\.json$/);
    const changes = keyproofLines.map(optionsOf).filter((c) => c.command === 'change');
    expect(changes.length).toBe(2);
    for (const c of changes) expect(c.options.get('--terraform-plan')).toBe('infra/plan.json');
  });

  test('every keyproof command uses only options it has, and formats change knows', () => {
    for (const line of keyproofLines) {
      const { command, options } = optionsOf(line);
      if (command === 'change') expect(CHANGE_FORMATS).toContain(options.get('--format'));
    }
  });

  test('the SARIF uploaded and the Markdown commented are the files keyproof writes; the gate fails on external access', () => {
    const changes = keyproofLines.map(optionsOf).filter((c) => c.command === 'change');
    const sarif = changes.find((c) => c.options.get('--format') === 'sarif')!;
    const md = changes.find((c) => c.options.get('--format') === 'md')!;
    expect(sarif.options.get('--fail-on')).toBe('external');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.with?.sarif_file).toBe(sarif.options.get('--out'));
    expect(steps.some((s) => s.run?.includes(`--body-file ${String(md.options.get('--out'))}`))).toBe(true);
    expect(workflow.permissions['security-events']).toBe('write');
    expect(workflow.permissions['pull-requests']).toBe('write');
    // The last step fails the job when the gate did, after the report was uploaded and commented.
    const last = steps[steps.length - 1]!;
    expect(last.if).toContain(`steps.${steps.find((s) => s.run?.includes('--format sarif'))!.id}.outputs.status`);
  });
});
