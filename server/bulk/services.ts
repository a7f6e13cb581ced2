// The bulk side of one data store, built once per server: the job queue, object storage, the export
// spool, and the export and import services that share them. close() lets a running job finish its
// batch before the spool and storage go away.
import type { Store } from '../store/store.js'
import type { Faults } from '../faults/catalogue.js'
import type { Variants } from '../variants/catalogue.js'
import { ObjectStorage, type S3Config } from '../../lib/object-storage.js'
import { JobQueue } from './queue.js'
import { Spool } from './spool.js'
import { ExportService } from './export.js'
import { ImportService } from './import.js'

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
}

export interface BulkServices {
  queue: JobQueue
  spool: Spool
  exports: ExportService
  imports: ImportService
  /** Stops taking jobs (call before the HTTP server closes). */
  stop(): void
  /** Waits for the running job's batch, then releases the spool and storage. */
  close(): Promise<void>
}

export function bulkServices(c: BulkConfig): BulkServices {
  const queue = new JobQueue()
  const storage = new ObjectStorage(c.s3)
  const spool = Spool.open(c.db, c.exportDir)
  // Jobs do not outlive the server that ran them, so whatever a stopped server spooled is an orphan.
  spool.removeExcept(new Set())
  const context = { store: c.store, base: c.base, datastoreId: c.datastoreId, faults: c.faults, queue, storage }
  const exports = new ExportService({
    ...context,
    spool,
    requiresAccessToken: c.requiresAccessToken,
    variants: c.variants,
    fileTtlMs: c.exportTtlMs,
    retryAfterSeconds: c.retryAfterSeconds,
    legacyExport: c.legacyExport,
  })
  const imports = new ImportService({ ...context, allowHosts: c.importAllowHosts })
  return {
    queue,
    spool,
    exports,
    imports,
    stop: () => queue.close(),
    async close() {
      await queue.drain()
      exports.close()
      spool.close()
      storage.close()
    },
  }
}
