// Search may be eventually consistent: HealthLake indexes writes after it acknowledges them (unless
// the request asks for strong consistency), and R4 sets no time within which a write must show in
// search. A check that writes and then searches asks again, with backoff, while the answer does not
// yet show its write — for at most the run's settle time (conform --settle). This never decides a
// verdict: the caller judges the last answer, so a server that never shows the write still fails.
import { setTimeout as sleep } from 'node:timers/promises'
import type { CheckContext } from './context.js'

export async function settled<T>(ctx: CheckContext, attempt: (n: number) => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = performance.now() + ctx.settleMs
  let delay = 100
  for (let n = 0; ; n++) {
    const value = await attempt(n)
    if (done(value) || performance.now() + delay > deadline) return value
    await sleep(delay)
    delay = Math.min(delay * 2, 2000)
  }
}

/** A name for the n-th attempt of a named exchange (exchanges are recorded once per name). */
export const nth = (name: string, n: number): string => (n === 0 ? name : `${name}~${n}`)
