// How a run is stopped from outside: the first Ctrl-C or SIGTERM (the command context's signal) or
// the whole-run deadline (--max-duration). The signal goes to the target client, which aborts
// every request in flight and every wait, so a run stops within moments whatever the target does;
// its reason says which of the two it was.
import { RunStoppedError } from './errors.js'

export class RunControl {
  readonly signal: AbortSignal
  private readonly controller = new AbortController()
  private readonly timer?: NodeJS.Timeout
  private readonly onStop: () => void

  /** `maxDurationMs` as parsed by parseRunDuration (at most a week, so the timer cannot overflow). */
  constructor(
    private readonly stop: AbortSignal,
    maxDurationMs?: number,
    label?: string,
  ) {
    this.signal = this.controller.signal
    this.onStop = () => this.controller.abort(new RunStoppedError('interrupted'))
    if (stop.aborted) this.onStop()
    else stop.addEventListener('abort', this.onStop, { once: true })
    if (maxDurationMs !== undefined) {
      this.timer = setTimeout(() => this.controller.abort(new RunStoppedError('deadline', `the run reached --max-duration ${label ?? `${maxDurationMs / 1000}s`}`)), maxDurationMs)
      this.timer.unref()
    }
  }

  /** Why the run was stopped, or undefined while it runs. */
  get stopped(): RunStoppedError | undefined {
    return this.signal.aborted ? (this.signal.reason as RunStoppedError) : undefined
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.stop.removeEventListener('abort', this.onStop)
  }
}

/** A promise that settles (never rejects) when `signal` aborts: for Promise.race against a run. */
export function whenAborted(signal: AbortSignal): Promise<'stopped'> {
  return new Promise((resolve) => (signal.aborted ? resolve('stopped') : signal.addEventListener('abort', () => resolve('stopped'), { once: true })))
}

/** Why `signal` stopped the run, as the error a caller throws. */
export function stoppedBy(signal: AbortSignal | undefined): RunStoppedError {
  const reason: unknown = signal?.reason
  return reason instanceof RunStoppedError ? reason : new RunStoppedError('interrupted')
}

/** Waits `ms`, or throws the run's stop as soon as `signal` aborts. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error)
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        clearTimeout(t)
        reject(signal?.reason as Error)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  } catch {
    throw stoppedBy(signal)
  }
}
