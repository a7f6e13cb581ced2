// One test run's state, passed by parameter to every part of the engine (no module or process
// global): the metrics registry, checks and groups seen, SharedArrays, the stop signal with its
// exit code, and the counters k6/execution reports.
import { randomUUID } from 'node:crypto'
import { Registry } from './metrics.js'
import type { Threshold } from './thresholds.js'
import type { Scenario } from './options.js'
import type { CheckCount } from './summary.js'

/** k6's exit codes. */
export const EXIT = { ok: 0, thresholds: 99, setupTimeout: 100, options: 104, interrupted: 105, script: 107, aborted: 108, failed: 110 } as const

/** Ends the run with a k6 exit code (thrown from setup, options, test.abort()). */
export class StopTest extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

export interface Output {
  stdout(text: string): void
  stderr(text: string): void
}

export class TestRun {
  /** The id VU bundles find this run by (k6/runtime.ts). */
  readonly id = randomUUID()
  readonly registry = new Registry()
  /** Wall clock at the start, ms. */
  readonly started = Date.now()
  readonly checks = new Map<string, CheckCount>()
  readonly groups = new Set<string>()
  readonly shared = new Map<string, unknown[]>()
  options: Record<string, unknown> = {}
  thresholds: Threshold[] = []
  scenarios: Scenario[] = []
  /** test.fail() was called. */
  failedByScript = false
  interrupted = 0
  completed = 0
  active = 0
  vusInitialized = 0
  private code = 0
  private why?: string
  private readonly waiters = new Set<() => void>()
  private readonly errorsSeen = new Map<string, number>()

  constructor(readonly out: Output) {}

  /** The first stop wins: its code and reason are the run's. */
  stop(code: number, reason: string): void {
    if (this.code) return
    this.code = code
    this.why = reason
    for (const w of this.waiters) w()
  }

  get stopped(): boolean {
    return this.code !== 0
  }

  get stopCode(): number {
    return this.code
  }

  get stopReason(): string | undefined {
    return this.why
  }

  /** Resolves at `deadline` (ms, performance clock) or when the test stops. */
  until(deadline: number): Promise<void> {
    return new Promise<void>((res) => {
      const ms = deadline - performance.now()
      if (ms <= 0 || this.stopped) return res()
      const done = () => {
        clearTimeout(timer)
        this.waiters.delete(done)
        res()
      }
      const timer = setTimeout(done, ms)
      this.waiters.add(done)
    })
  }

  /** Ends every pending wait: waits that lost a race (a maxDuration far ahead) must not keep the process alive. */
  releaseWaits(): void {
    for (const w of [...this.waiters]) w()
  }

  /** A line in k6's log format on stderr (`INFO[0001] …`); `once` drops a message already said. */
  log(level: 'debug' | 'info' | 'warn' | 'error', text: string, once = false): void {
    if (once) {
      const n = (this.errorsSeen.get(text) ?? 0) + 1
      this.errorsSeen.set(text, n)
      if (n > 1) return
    }
    const tag = level === 'error' ? 'ERRO' : level.toUpperCase().slice(0, 4)
    this.out.stderr(`${tag}[${((Date.now() - this.started) / 1000).toFixed(0).padStart(4, '0')}] ${text}\n`)
  }

  /** k6's ERRO line, once per distinct message. */
  logError(where: string, err: unknown): void {
    const msg = `${where}: ${(err as Error)?.message ?? String(err)}`
    const n = (this.errorsSeen.get(msg) ?? 0) + 1
    this.errorsSeen.set(msg, n)
    if (n === 1) this.out.stderr(`ERRO[${((Date.now() - this.started) / 1000).toFixed(0).padStart(4, '0')}] ${msg}\n`)
  }
}
