// The bulk side of one data store, built once per server: the job queue, the job ledger, object
// storage, the export spool, and the export and import services that share them. Start-up takes up
// the jobs a stopped server left; close() lets the running job finish its batch and leave off.
import type { Store } from '../store/store.js'
import type { Faults } from '../faults/catalogue.js'
import type { Variants } from '../variants/catalogue.js'
import { ObjectStorage, type S3Config } from '../../lib/object-storage.js'
import { JobQueue } from './queue.js'
import { Spool } from './spool.js'
import { ExportService, type ExportJob } from './export.js'
import { ImportService, type ImportJob } from './import.js'
import { JobLedger } from './ledger.js'

export interface BulkConfig {
  store: Store
  db: string
  base: () => string
  datastoreId: string
  faults: Faults
  variants: Variants
  requiresAccessToken: boolean
  s3?: S3Config
  exportDir?: string
  exportTtlMs?: number
  retryAfterSeconds?: number
  legacyExport: boolean
  importAllowHosts?: string[]
  importBatchLines?: number
  prepareThreads?: number
}

export interface BulkServices {
  queue: JobQueue
  spool: Spool
  exports: ExportService
  imports: ImportService
  /** Takes up the jobs a stopped server left on this database (call once the base URL is known). */
  restore(): void
  /** Stops taking jobs (call before the HTTP server closes). */
  stop(): void
  /** Waits for the running job's batch, then releases the spool and storage. */
  close(): Promise<void>
}

export function bulkServices(c: BulkConfig): BulkServices {
  const ledger = new JobLedger(c.store.db)
  let exports: ExportService | undefined
  let imports: ImportService | undefined
  const queue = new JobQueue((job) => (job.kind === 'export' ? exports?.persist(job as ExportJob) : imports?.persist(job as ImportJob)))
  const storage = new ObjectStorage(c.s3)
  const spool = Spool.open(c.db, c.exportDir)
  const context = { store: c.store, base: c.base, datastoreId: c.datastoreId, faults: c.faults, queue, storage, ledger }
  exports = new ExportService({
    ...context,
    spool,
    requiresAccessToken: c.requiresAccessToken,
    variants: c.variants,
    fileTtlMs: c.exportTtlMs,
    retryAfterSeconds: c.retryAfterSeconds,
    legacyExport: c.legacyExport,
  })
  imports = new ImportService({ ...context, allowHosts: c.importAllowHosts, batchLines: c.importBatchLines, prepareThreads: c.prepareThreads })
  return {
    queue,
    spool,
    exports,
    imports,
    restore() {
      // What a stopped server left, in the order it was submitted: finished jobs are answered as
      // before, unfinished ones run again (imports from their last committed batch), and spooled
      // files no job keeps are removed.
      const kept = new Set<string>()
      for (const row of ledger.all()) {
        try {
          if (row.kind === 'import') imports.restore(row.record)
          else if (exports.restore(row.record)) kept.add(row.id)
        } catch {
          ledger.remove(row.id) // a record this version cannot read: dropped, not fatal
        }
      }
      spool.removeExcept(kept)
    },
    stop: () => queue.close(),
    async close() {
      await queue.drain()
      exports.close()
      spool.close()
      storage.close()
    },
  }
}
