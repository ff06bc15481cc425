/**
 * The Z3 session: started once per process (init takes about 0.35 s), reused by every question, and closed so
 * the process can exit (Z3's worker threads would keep it alive). Each query has a time limit; Z3's own limit is
 * cooperative, so a timer guards it too. `unknown` and time-outs become UNKNOWN, never ALLOW or DENY.
 */
import { init, killThreads } from 'z3-solver';

type Z3Api = Awaited<ReturnType<typeof init>>;
export type Z3Context = ReturnType<Z3Api['Context']>;

export interface Z3Session {
  ctx: Z3Context;
  close(): Promise<void>;
}

let session: Promise<{ api: Z3Api; ctx: Z3Context }> | undefined;
let users = 0;

/** The process-wide session; every `openSession` must be matched by a `close`. */
export async function openSession(): Promise<Z3Session> {
  session ??= init().then((api) => ({ api, ctx: api.Context('keyproof') as unknown as Z3Context }));
  const { api, ctx } = await session;
  users++;
  let closed = false;
  return {
    ctx,
    async close() {
      if (closed) return;
      closed = true;
      if (--users === 0) {
        session = undefined;
        await killThreads(api.em);
      }
    },
  };
}

export type Verdict<M> = { status: 'sat'; model: M } | { status: 'unsat' } | { status: 'unknown'; why: string };

/** Runs a solver check with a time limit: Z3's `timeout` parameter, and a timer in case it does not stop. */
export async function checkWithin<M>(
  timeoutMs: number, run: () => Promise<'sat' | 'unsat' | 'unknown'>, model: () => M, reasonUnknown: () => string,
): Promise<Verdict<M>> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs + 250); });
  try {
    const result = await Promise.race([run(), guard]);
    if (result === 'timeout') return { status: 'unknown', why: `the solver did not answer within ${timeoutMs} ms` };
    if (result === 'unknown') return { status: 'unknown', why: `the solver answered unknown: ${reasonUnknown()}` };
    return result === 'sat' ? { status: 'sat', model: model() } : { status: 'unsat' };
  } finally {
    clearTimeout(timer);
  }
}
