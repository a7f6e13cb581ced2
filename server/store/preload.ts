// Loads a generated dataset's NDJSON straight into the store (by id, as HealthLake's import
// writes), for `shoreline serve --load`. Seeding over HTTP is `shoreline seed`'s job.
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { InputError, describeSystemError } from '../../lib/errors.js'
import { ndjsonLines } from '../../lib/ndjson-lines.js'
import type { Store, Resource } from './store.js'

export async function loadDataset(store: Store, dir: string): Promise<number> {
  const ndjsonDir = join(dir, 'ndjson')
  const files = await readdir(ndjsonDir).catch((err) => {
    throw new InputError(describeSystemError(err, ndjsonDir) ?? `cannot read ${ndjsonDir}`)
  })
  let count = 0
  for (const f of files.filter((n) => /\.ndjson(\.gz)?$/.test(n)).sort()) {
    let batch: Resource[] = []
    const flush = () => {
      store.transaction(
        () => {
          for (const r of batch) store.put(r, 'PUT')
        },
        { gatherIndexRows: true },
      )
      count += batch.length
      batch = []
    }
    for await (const { line, lineNo } of ndjsonLines(join(ndjsonDir, f), f)) {
      let r: Resource
      try {
        r = JSON.parse(line)
      } catch {
        throw new InputError('not JSON', `${f}:${lineNo}`)
      }
      if (typeof r?.resourceType !== 'string' || typeof r.id !== 'string') throw new InputError('a resource needs resourceType and id', `${f}:${lineNo}`)
      batch.push(r)
      if (batch.length >= 1000) flush()
    }
    if (batch.length) flush()
  }
  return count
}
