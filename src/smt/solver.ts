/**
 * The Z3 session. Z3 runs as one WebAssembly module per process (init takes about 0.35 s) whose `check` runs on a
 * worker thread; the module is shared, each session owns its own context on it, and the last session to close
 * stops the module's threads so the process can exit.
 *
 * Every check runs under a watchdog outside Z3. Z3's own time limit is cooperative and may be missed: past the
 * limit the watchdog interrupts the context, waits a bounded time, and the context is discarded (the next
 * question gets a fresh one). A check that ignores the interrupt leaves the module stuck (z3-solver serialises
 * every check of the process behind one lock), so the later questions of the process are UNKNOWN, never a hang.
 * A WebAssembly trap or a Z3 error is UNKNOWN for that question, and the module is replaced. `unknown` and time-outs
 * become UNKNOWN, never ALLOW or DENY.
 */
import { init, killThreads } from 'z3-solver';

type Z3Api = Awaited<ReturnType<typeof init>>;
export type Z3Context = ReturnType<Z3Api['Context']>;
export type Z3Solver = InstanceType<Z3Context['Solver']>;
export type Z3Model = ReturnType<Z3Solver['model']>;
type Z3String = ReturnType<Z3Context['String']['const']>;

export type Verdict<M> = { status: 'sat'; model: M } | { status: 'unsat' } | { status: 'unknown'; why: string };

/**
 * How long a check may overrun its limit before the watchdog interrupts it (the first check of a module also
 * starts its worker thread, which takes about a second on a loaded machine), and then before it is abandoned.
 */
const GRACE_MS = 1_000;
const INTERRUPT_WAIT_MS = 5_000;
const INTERRUPT_EVERY_MS = 100;
/** How long closing waits for the module's threads to stop. */
const STOP_WAIT_MS = 2_000;

/**
 * What the Emscripten runtime prints (worker life-cycle messages such as "received cleanupThread command from
 * terminated worker") is not for the user: shown only with KEYPROOF_DEBUG set.
 */
function runtimeMessage(text: string): void {
  if (process.env.KEYPROOF_DEBUG) process.stderr.write(`keyproof: z3 runtime: ${text}\n`);
}

interface Z3Module {
  api: Z3Api;
  /** live; broken (trapped: replaced on next use); stuck (a check ignored its interrupt and holds the lock). */
  state: 'live' | 'broken' | 'stuck';
  sessions: number;
}

let shared: Z3Module | undefined;
let starting: Promise<Z3Module> | undefined;

async function currentModule(): Promise<Z3Module> {
  if (shared && shared.state !== 'broken') return shared;
  // A broken module's threads are stopped by the last session that leaves it.
  if (shared?.state === 'broken') shared = undefined;
  starting ??= init({ print: runtimeMessage, printErr: runtimeMessage }).then((api) => {
    shared = { api, state: 'live', sessions: 0 };
    starting = undefined;
    return shared;
  });
  return starting;
}

async function stopThreads(module: Z3Module): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => { timer = setTimeout(resolve, STOP_WAIT_MS); timer.unref(); });
  try {
    await Promise.race([killThreads(module.api.em).catch(() => undefined), waited]);
  } finally {
    clearTimeout(timer);
  }
}

const TIMED_OUT = Symbol('timed out');

/** The promise's outcome, or TIMED_OUT after `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<typeof TIMED_OUT>((resolve) => { timer = setTimeout(() => resolve(TIMED_OUT), ms); });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

type Outcome<T> = { ok: T } | { error: unknown };

/** Z3 failures that are not keyproof's bugs: a WebAssembly trap, an exhausted stack, an error Z3 reports. */
export function isSolverFailure(error: unknown): boolean {
  if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) return true;
  return error instanceof Error && (error.name === 'Z3Error' || /^Z3 ?error/i.test(error.message));
}

function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

export class Z3Session {
  private module: Z3Module | undefined;
  private context: Z3Context | undefined;
  private contexts = 0;
  private closed = false;
  /** The low-level API of the module the last context came from, to read values of its models. */
  private lowLevel: Z3Api['Z3'] | undefined;
  private shared: Z3Solver | undefined;

  /** The session's context; valid after `ready()` answered undefined, until the next check's verdict. */
  get ctx(): Z3Context {
    if (!this.context) throw new Error('the Z3 session is not ready');
    return this.context;
  }

  /** Makes sure the session has a live context; the reason it cannot have one otherwise. */
  async ready(): Promise<string | undefined> {
    if (this.closed) throw new Error('the Z3 session is closed');
    if (this.module?.state === 'stuck') return 'an earlier solver query did not stop when interrupted; Z3 is not available to this process any more';
    if (this.module && this.module.state !== 'live') this.release();
    if (!this.module) {
      const module = await currentModule();
      if (module.state === 'stuck') return 'an earlier solver query did not stop when interrupted; Z3 is not available to this process any more';
      module.sessions++;
      this.module = module;
    }
    this.context ??= this.module.api.Context(`keyproof-${++this.contexts}`) as unknown as Z3Context;
    this.lowLevel = this.module.api.Z3;
    return undefined;
  }

  /** Is this context still the session's (not discarded after a time-out or failure)? */
  owns(ctx: Z3Context): boolean {
    return this.context === ctx && this.module?.state === 'live';
  }

  /** A solver check under the watchdog (see the file comment); afterwards the model is read with `model`. */
  async check(solver: Z3Solver, timeoutMs: number): Promise<Verdict<Z3Model>> {
    const ctx = this.ctx;
    const module = this.module!;
    const running: Promise<Outcome<'sat' | 'unsat' | 'unknown'>> = solver.check().then((ok) => ({ ok }), (error: unknown) => ({ error }));
    let outcome = await within(running, timeoutMs + GRACE_MS);
    if (outcome === TIMED_OUT) {
      const interrupter = setInterval(() => { try { ctx.interrupt(); } catch { /* the check may have just ended */ } }, INTERRUPT_EVERY_MS);
      try { ctx.interrupt(); } catch { /* as above */ }
      outcome = await within(running, INTERRUPT_WAIT_MS);
      clearInterval(interrupter);
      if (outcome === TIMED_OUT) module.state = 'stuck';
      this.discardContext();
      return { status: 'unknown', why: `the solver did not answer within ${timeoutMs} ms` };
    }
    if ('error' in outcome) return this.failed(outcome.error);
    try {
      if (outcome.ok === 'sat') return { status: 'sat', model: solver.model() };
      if (outcome.ok === 'unsat') return { status: 'unsat' };
      const reason = solver.reasonUnknown();
      // A solver that stopped on a time-out or cancel is not reused: the next question gets a fresh one. (Its
      // context is kept: Z3 stopped by itself, and a context's memory is never given back.)
      this.shared = undefined;
      return { status: 'unknown', why: `the solver answered unknown: ${reason}` };
    } catch (error) {
      return this.failed(error);
    }
  }

  /**
   * A failure of Z3 during a question (a trap, a Z3 error, an exhausted stack) as that question's UNKNOWN; the
   * module is replaced. Anything else is keyproof's bug and is thrown on.
   */
  failed(error: unknown): { status: 'unknown'; why: string } {
    if (!isSolverFailure(error)) throw error;
    if (this.module && this.module.state === 'live') this.module.state = 'broken';
    this.discardContext();
    return { status: 'unknown', why: `the solver failed (${describeFailure(error)})` };
  }

  /** The exact characters of a Z3 string value (Z3 prints non-ASCII characters as `\u{…}` escapes). */
  stringValue(value: Z3String): string {
    const z3 = this.lowLevel!;
    const length = z3.get_string_length(value.ctx.ptr, value.ast);
    const codes = z3.get_string_contents(value.ctx.ptr, value.ast, length);
    let text = '';
    for (const code of codes) text += String.fromCodePoint(code);
    return text;
  }

  /**
   * The session's solver for questions asked each in its own push/pop scope: a fresh solver per question made
   * Z3's memory grow past its 2 GB limit on thousands of questions.
   */
  sharedSolver(): Z3Solver {
    this.shared ??= new this.ctx.Solver();
    return this.shared;
  }

  private discardContext(): void {
    this.context = undefined;
    this.shared = undefined;
  }

  /** Leaves the module; the last session out stops its threads (a broken or stuck module's too). */
  private release(): void {
    const module = this.module;
    this.module = undefined;
    this.discardContext();
    if (module && --module.sessions === 0 && module.state !== 'live') {
      if (shared === module) shared = undefined;
      void stopThreads(module);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const module = this.module;
    this.module = undefined;
    this.context = undefined;
    if (!module || --module.sessions > 0) return;
    if (shared === module) shared = undefined;
    await stopThreads(module);
  }
}

/** A new session (its module started if need be); every `openSession` must be matched by a `close`. */
export async function openSession(): Promise<Z3Session> {
  const session = new Z3Session();
  await session.ready();
  return session;
}
