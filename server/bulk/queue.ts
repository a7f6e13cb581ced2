// Jobs per data store: one import or export runs at a time, the rest wait in FIFO order
// (HealthLake: "one import/export job at a time per data store, queued"). Each job's state
// follows HealthLake's JobStatus: SUBMITTED → QUEUED → IN_PROGRESS → COMPLETED |
// COMPLETED_WITH_ERRORS | FAILED, or CANCEL_* when cancelled.

import type { Store } from '../store/store.js'
import type { Faults } from '../faults/catalogue.js'
import type { ObjectStorage } from '../../lib/object-storage.js'
import type { JobLedger } from './ledger.js'

/** What every bulk job service of one data store shares. */
export interface BulkContext {
  store: Store
  /** FHIR base URL ending in `/` (known once the server listens). */
  base: () => string
  datastoreId: string
  faults: Faults
  queue: JobQueue
  storage: ObjectStorage
  /** Where jobs are recorded, in the data store's database. */
  ledger: JobLedger
}

export type JobStatus =
  'SUBMITTED' | 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED_WITH_ERRORS' | 'COMPLETED' | 'FAILED' | 'CANCEL_SUBMITTED' | 'CANCEL_IN_PROGRESS' | 'CANCEL_COMPLETED' | 'CANCEL_FAILED'

export const TERMINAL: ReadonlySet<JobStatus> = new Set(['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCEL_COMPLETED', 'CANCEL_FAILED'])

export interface QueuedJob {
  id: string
  kind: 'import' | 'export'
  status: JobStatus
  submitTime: number
  endTime?: number
  message?: string
  /** Set by cancel(); the job's runner checks it between batches. */
  cancelRequested?: boolean
  /** Set when the server stops: the runner leaves off after its batch, and the next server picks the job up. */
  stopRequested?: boolean
}

/** What a runner checks between batches: leave off now (cancelled, or the server is stopping). */
export const leaveOff = (job: QueuedJob) => job.cancelRequested === true || job.stopRequested === true

export class JobQueue {
  private readonly waiting: Array<{ job: QueuedJob; run: () => Promise<void> }> = []
  private running?: QueuedJob
  private idle: Promise<void> = Promise.resolve()
  private closed = false

  /** Called whenever a job's state changes (the ledger records it). */
  constructor(private readonly onChange: (job: QueuedJob) => void = () => undefined) {}

  enqueue(job: QueuedJob, run: () => Promise<void>) {
    job.status = this.running || this.waiting.length ? 'QUEUED' : 'SUBMITTED'
    this.waiting.push({ job, run })
    this.onChange(job)
    // The state the kick-off reports is SUBMITTED/QUEUED; work starts on a later tick.
    setImmediate(() => this.next())
  }

  cancel(job: QueuedJob) {
    const i = this.waiting.findIndex((w) => w.job === job)
    if (i >= 0) {
      this.waiting.splice(i, 1)
      job.status = 'CANCEL_COMPLETED'
      job.endTime = Date.now()
      this.onChange(job)
      return
    }
    if (!TERMINAL.has(job.status)) {
      job.cancelRequested = true
      job.status = 'CANCEL_IN_PROGRESS'
      this.onChange(job)
    }
  }

  /** Resolves when nothing runs or waits. */
  async drain(): Promise<void> {
    while (this.running || this.waiting.length) await this.idle
  }

  /**
   * Takes no more work: waiting jobs stay as recorded (QUEUED), the running one leaves off after its
   * batch and stays IN_PROGRESS; the next server on the same database takes them up again.
   */
  close() {
    this.closed = true
    this.waiting.length = 0
    if (this.running) this.running.stopRequested = true
  }

  private next() {
    if (this.running || this.closed) return
    const item = this.waiting.shift()
    if (!item) return
    const { job, run } = item
    this.running = job
    job.status = 'IN_PROGRESS'
    this.onChange(job)
    this.idle = run()
      .catch((err: unknown) => {
        job.status = 'FAILED'
        job.message = (err as Error).message
      })
      .finally(() => {
        this.running = undefined
        // Stopped mid-way by close(): not finished, and recorded as it was for the next server.
        if (job.stopRequested && job.status === 'IN_PROGRESS') return
        if (job.status === 'CANCEL_IN_PROGRESS') job.status = 'CANCEL_COMPLETED'
        job.endTime ??= Date.now()
        this.onChange(job)
        this.next()
      })
  }
}
