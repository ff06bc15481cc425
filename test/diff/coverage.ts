/**
 * Which questions of the reference's flowchart (kms/policy-evaluation.md, as src/reference/ asks them) the generated
 * cases reach, and with which answers. A question that is never reached, or reached with one answer only, points at
 * a rule the differential test does not exercise.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceStep } from '../../src/answer.js';

export interface CoverageRow {
  part: TraceStep['part'];
  question: string;
  yes: number;
  no: number;
}

/** Masks the operation and the key state a question names, so that each question is one row. */
export function normaliseQuestion(question: string): string {
  return question.replace(/kms:[A-Za-z]+/g, 'kms:OPERATION').replace(/key state \([A-Za-z]+\)/, 'key state (STATE)');
}

export class FlowchartCoverage {
  private readonly rows = new Map<string, CoverageRow>();

  add(steps: readonly TraceStep[]): void {
    for (const step of steps) {
      const question = normaliseQuestion(step.question);
      const id = `${step.part}\u0000${question}`;
      const row = this.rows.get(id) ?? { part: step.part, question, yes: 0, no: 0 };
      if (step.answer) row.yes++;
      else row.no++;
      this.rows.set(id, row);
    }
  }

  table(): CoverageRow[] {
    return [...this.rows.values()].sort((a, b) => a.part.localeCompare(b.part) || a.question.localeCompare(b.question));
  }

  format(): string {
    return this.table().map((r) => `${String(r.yes).padStart(7)} yes ${String(r.no).padStart(7)} no   [${r.part}] ${r.question}`).join('\n');
  }
}

/**
 * The questions the reference asks, read from its source: the first argument of every `trace.ask(...)` in
 * src/reference/. A `${...}` in a template matches any text. Read rather than listed here, so that a question
 * added to the reference and never reached by the generators makes the coverage test fail.
 */
export function flowchartQuestionPatterns(referenceDir = join(process.cwd(), 'src', 'reference')): { text: string; pattern: RegExp }[] {
  const found: { text: string; pattern: RegExp }[] = [];
  for (const file of readdirSync(referenceDir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(referenceDir, file), 'utf8');
    for (const match of source.matchAll(/trace\.ask\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
      const text = match[2]!.replace(/\\(.)/g, '$1');
      const pattern = new RegExp(`^${text.split(/\$\{[^}]*\}/).map(escapeRegExp).join('.+')}$`);
      found.push({ text, pattern });
    }
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
