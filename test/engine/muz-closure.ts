/**
 * The role-assumption rules (src/semantics/roles.kp) on Z3's own fixpoint engine, muZ with its `datalog` engine,
 * over facts given up front. keyproof answers with datalog/fixpoint.ts instead (docs/role-assumption.md has the
 * measurements and the reasons); this translation is kept to measure muZ again and to check the fixpoint's closure
 * against it in tests.
 *
 * Every string constant becomes a bit-vector value (muZ's datalog tables hold finite domains), every rule a Horn
 * clause, every fact a table fact. Positive atoms and `==` / `!=` only, as in the fixpoint.
 */
import type { Atom, Program, Term } from '../../src/ir/ast.js';
import type { Z3Context } from '../../src/smt/solver.js';
import type { Fact } from '../../src/engine/datalog/derivations.js';

type Z3Bool = ReturnType<Z3Context['Bool']['val']>;
type Z3BitVec = ReturnType<Z3Context['BitVec']['const']>;

export interface MuzQuery {
  /** The predicate asked, with every argument but the last bound. */
  predicate: string;
  bound: readonly string[];
}

/**
 * For each query, the values of the last argument for which `predicate(bound..., _)` is derivable, or 'unknown' when
 * muZ does not answer within the time limit (cooperative: muZ checks it between steps). The rules and facts are
 * loaded once for all the queries.
 */
export async function muzAnswers(
  ctx: Z3Context, program: Program, facts: readonly Fact[], queries: readonly MuzQuery[], timeoutMs: number,
): Promise<Array<Set<string> | 'unknown'>> {
  const constants = new Map<string, number>();
  const intern = (s: string) => { let id = constants.get(s); if (id === undefined) { id = constants.size; constants.set(s, id); } return id; };
  for (const f of facts) f.args.forEach(intern);
  for (const q of queries) q.bound.forEach(intern);
  for (const rule of program.rules) for (const a of atomsOf(rule.head, rule.body)) for (const t of a.args) if (t.kind === 'string') intern(t.value);
  const width = Math.max(1, Math.ceil(Math.log2(constants.size + 1)));
  const sort = ctx.BitVec.sort(width);

  const fp = new ctx.Fixedpoint();
  try {
    fp.set('engine', 'datalog');
    fp.set('timeout', timeoutMs);
    const decls = new Map<string, ReturnType<Z3Context['Function']['declare']>>();
    const declare = (predicate: string, arity: number) => {
      let decl = decls.get(predicate);
      if (!decl) {
        decl = ctx.Function.declare(predicate, ...Array<typeof sort>(arity).fill(sort), ctx.Bool.sort());
        fp.registerRelation(decl);
        decls.set(predicate, decl);
      }
      return decl;
    };
    for (const rule of program.rules) {
      const variables = new Map<string, Z3BitVec>();
      const term = (t: Term): Z3BitVec | ReturnType<Z3Context['BitVec']['val']> => {
        if (t.kind === 'field') throw new Error(`muZ translation: request field $${t.name} has no meaning here`);
        if (t.kind === 'string') return ctx.BitVec.val(intern(t.value), width);
        let v = variables.get(t.name);
        if (!v) { v = ctx.BitVec.const(t.name, width); variables.set(t.name, v); }
        return v;
      };
      const call = (a: Atom): Z3Bool => declare(a.predicate, a.args.length).call(...a.args.map(term)) as Z3Bool;
      const body: Z3Bool[] = rule.body.map((literal) => {
        if (literal.kind === 'atom') {
          if (literal.negated) throw new Error('muZ translation: negated atoms are not used by the role rules');
          return call(literal.atom);
        }
        const c = literal.constraint;
        if (c.kind !== 'compare') throw new Error(`muZ translation: constraint '${c.kind}' is not used by the role rules`);
        const equal = ctx.Eq(term(c.left), term(c.right));
        return c.op === '==' ? equal : ctx.Not(equal);
      });
      const head = call(rule.head);
      const clause = body.length === 0 ? head : ctx.Implies(ctx.And(...body), head);
      const bound = [...variables.values()];
      fp.addRule(bound.length === 0 ? clause : ctx.ForAll(bound as [Z3BitVec, ...Z3BitVec[]], clause) as unknown as Z3Bool);
    }
    for (const f of facts) fp.addFact(declare(f.predicate, f.args.length), ...f.args.map(intern));
    const names = [...constants.keys()];
    const answers: Array<Set<string> | 'unknown'> = [];
    for (const query of queries) {
      const free = ctx.BitVec.const('answer', width);
      const asked = declare(query.predicate, query.bound.length + 1).call(...query.bound.map((b) => ctx.BitVec.val(intern(b), width)), free) as Z3Bool;
      const result = await fp.query(ctx.Exists([free], asked) as unknown as Z3Bool);
      answers.push(result === 'unknown' ? 'unknown'
        : result === 'unsat' ? new Set() : new Set(answerValues(fp.getAnswer()?.toString() ?? 'false').map((id) => names[id]!)));
    }
    return answers;
  } finally {
    fp.release();
  }
}

function atomsOf(head: Atom, body: Program['rules'][number]['body']): Atom[] {
  return [head, ...body.flatMap((l) => (l.kind === 'atom' ? [l.atom] : []))];
}

/**
 * The values in a datalog answer for one free variable: `(= (:var 0) #x1)` or an `or` of such equalities. Any other
 * shape (ranges, say) is refused rather than read wrongly.
 */
function answerValues(answer: string): number[] {
  const equality = /\(= \(:var 0\) #(x[0-9a-f]+|b[01]+)\)/g;
  const rest = answer.replace(equality, '').replace(/^\(or\s*|\s*\)$/g, '').trim();
  if (rest !== '' && answer !== 'false') throw new Error(`muZ answered in a form this reader does not know: ${answer.slice(0, 200)}`);
  return [...answer.matchAll(equality)].map((m) => (m[1]![0] === 'x' ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!.slice(1), 2)));
}
