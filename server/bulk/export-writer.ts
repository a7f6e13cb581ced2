// Writing one export job's files: each type's rows, a batch at a time, from the store to the spool
// (server/bulk/spool.ts), then for HealthLake's form on to the job's S3 output. A file database is
// read from a snapshot on a connection of the job's own; :memory: from the server's connection.
// What a job selects of a type: live rows, `_since` / `_until` on lastUpdated, HealthLake's `_tag` /
// `_security`, the patient compartment for Patient and Group exports, and `_typeFilter`
// alternatives (ORed: a resource is exported when it matches any of its type's filters).
import { rmSync } from 'node:fs'
import { setImmediate as tick } from 'node:timers/promises'
import { CURRENT, type Store } from '../store/store.js'
import { joinUri } from '../../lib/object-storage.js'
import type { BulkOptions, ExportJob } from './export.js'
import { outcome } from '../../lib/outcomes.js'
import { leaveOff } from './queue.js'
import type { SpoolWriter } from './spool.js'
import { parseSearch } from '../search/query.js'
import { compartmentParams, pidsSql } from '../auth/compartment.js'

/** The file of a job's messages (the manifest's `error`): OperationOutcomes, as the Bulk Data IG allows nothing else. */
export const ERRORS_FILE = 'OperationOutcome.ndjson'

export async function writeExport(job: ExportJob, o: BulkOptions) {
  const store = o.store
  // A file database is read on a connection of the export's own, in one read transaction: every
  // file is the data as of one instant, and writes go on meanwhile (WAL). :memory: shares the
  // server's connection, a batch at a time.
  const reader = store.openReader()
  try {
    if (reader) {
      reader.exec('BEGIN')
      reader.prepare('SELECT 1 FROM resources LIMIT 1').get() // the first read fixes the snapshot
      // transactionTime is the snapshot's instant: nothing written after it is in the files (Bulk Data IG).
      job.transactionTime = new Date().toISOString()
    }
    await writeFrom(job, reader ?? store.db, o)
  } finally {
    reader?.close()
  }
}

async function writeFrom(job: ExportJob, db: Store['db'], o: BulkOptions) {
  const store = o.store
  const started = Date.now()
  let members: string[] | undefined
  if (job.groupId) {
    const g = JSON.parse(store.read('Group', job.groupId)!.json) as { member?: Array<{ entity?: { reference?: string } }> }
    members = (g.member ?? []).map((m) => /^Patient\/(.+)$/.exec(m.entity?.reference ?? '')?.[1]).filter((x): x is string => !!x)
  }
  let n = 0
  for (const type of job.types) {
    if (leaveOff(job)) return
    job.progress = `exporting ${type} (${n + 1} of ${job.types.length} types)`
    // export-attachment-url-relative: an attachment URL under the server's base is written relative to it.
    const relativeUrls = o.faults.has('export-attachment-url-relative') ? (json: string) => json.replaceAll(`"url":"${o.base()}`, '"url":"') : (json: string) => json
    const { where, args } = exportWhere(job, type, members)
    const name = `${type}.ndjson`
    // The file is made with the type's first row: most of the ~146 types have none in a job, and
    // making and removing an empty file for each cost more than the rest of a small export.
    let file: SpoolWriter | undefined
    let count = 0
    try {
      // Batches by id, yielding between them so other requests run; no SQLite iterator stays open
      // across a yield (on :memory: the connection is the server's, and an open iterator would block
      // its every other statement). Each batch goes to disk as it is read: memory holds one batch.
      const batch = db.prepare(`SELECT r.id, h.json FROM ${CURRENT} WHERE ${where.join(' AND ')} AND r.id > ? ORDER BY r.id LIMIT 2000`)
      for (let after = ''; ;) {
        if (leaveOff(job)) break
        const rows = batch.all(...args, after) as Array<{ id: string; json: string }>
        if (rows.length) {
          file ??= await o.spool.create(job.id, name)
          await file.write(rows.map((r) => relativeUrls(r.json)).join('\n') + '\n')
        }
        count += rows.length
        if (rows.length < 2000) break
        after = rows.at(-1)?.id ?? after
        await tick()
      }
    } catch (err) {
      await file?.discard()
      throw err
    }
    n++
    if (!file) continue
    if (leaveOff(job)) {
      await file.discard()
      continue
    }
    const spooled = await file.close()
    if (job.healthlake) {
      // HealthLake's form: the file goes to the job's S3 (or file://) output, streamed, and leaves the spool.
      const uri = joinUri(job.healthlake.s3Uri, `${o.datastoreId}-FHIR_EXPORT-${job.id}`, name)
      await o.storage.upload(uri, spooled.path, job.healthlake.kmsKeyId)
      rmSync(spooled.path, { force: true })
      job.output.push({ type, url: uri, count })
    } else {
      job.files.set(name, spooled)
      job.output.push({ type, url: `${o.base()}export/${job.id}/${name}`, count })
    }
    await tick()
  }
  // export-lenient-unreported: what a lenient kick-off ignored is not said.
  if (job.lenientNotes.length && !job.healthlake && !o.faults.has('export-lenient-unreported')) await writeLenientNotes(job, o)
  const rest = (o.minRunMs ?? 100) - (Date.now() - started)
  if (rest > 0) await new Promise((r) => setTimeout(r, rest))
  job.progress = 'complete'
  job.status = 'COMPLETED'
  job.endTime = Date.now()
  job.expiresAt = job.endTime + (o.fileTtlMs ?? 3_600_000)
}

/**
 * A lenient kick-off's invalid or unsupported parameters, one OperationOutcome (a warning) each, in
 * the manifest's error files, as the Bulk Data IG asks (complete status, `error`).
 */
async function writeLenientNotes(job: ExportJob, o: BulkOptions) {
  const file = await o.spool.create(job.id, ERRORS_FILE)
  await file.write(job.lenientNotes.map((m) => JSON.stringify(outcome('not-supported', `ignored under Prefer: handling=lenient: ${m}`, 'warning'))).join('\n') + '\n')
  job.files.set(ERRORS_FILE, await file.close())
  job.errors.push({ type: 'OperationOutcome', url: `${o.base()}export/${job.id}/${ERRORS_FILE}` })
}

function exportWhere(job: ExportJob, type: string, members: string[] | undefined): { where: string[]; args: unknown[] } {
  const where = ['r.type = ?', 'r.deleted = 0']
  const args: unknown[] = [type]
  if (job.since !== undefined) {
    where.push('r.last_updated_ms > ?')
    args.push(job.since)
  }
  if (job.until !== undefined) {
    where.push('r.last_updated_ms <= ?')
    args.push(job.until)
  }
  if (job.metaFilters && [...job.metaFilters.keys()].length) {
    const q = parseSearch(type, job.metaFilters, { strict: true })
    where.push(...q.where)
    args.push(...q.args)
  }
  if (job.level !== 'system') {
    const restrict = patientRestriction(type, members)
    where.push(restrict.sql)
    args.push(...restrict.args)
  }
  const filters = job.typeFilters.get(type)
  if (filters) {
    const alts = filters.map((p) => parseSearch(type, p, { strict: true }))
    where.push(`(${alts.map((q) => (q.where.length ? q.where.map((w) => `(${w})`).join(' AND ') : '1')).join(' OR ')})`)
    args.push(...alts.flatMap((q) => q.args))
  }
  return { where, args }
}

/** Rows of `type` in the compartment of any patient (Patient export) or of the listed ones (Group). */
function patientRestriction(type: string, members: string[] | undefined): { sql: string; args: unknown[] } {
  if (type === 'Patient') return members ? { sql: 'r.id IN (SELECT value FROM json_each(?))', args: [JSON.stringify(members)] } : { sql: '1', args: [] }
  const base = `EXISTS (SELECT 1 FROM sp_reference c INDEXED BY sp_reference_r WHERE c.rid = r.rid AND c.pid IN (${pidsSql(type, compartmentParams(type))}) AND c.target_type = 'Patient'`
  return members ? { sql: `${base} AND c.target_id IN (SELECT value FROM json_each(?)))`, args: [JSON.stringify(members)] } : { sql: `${base})`, args: [] }
}
