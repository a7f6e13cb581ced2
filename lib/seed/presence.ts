// Is a generated dataset in the target? A load scenario that reads the dataset's ids (`load
// --data`) against a target that does not hold them would measure 404s; one read of the dataset's
// first Patient (and its first Observation) says so before any load is sent.
import { InputError } from '../errors.js'
import type { TargetClient } from '../target/client.js'
import { chunks, type Dataset } from './dataset.js'

/** The dataset's first resource of each of `types` (in file order). */
async function firstOf(ds: Dataset, types: string[]): Promise<Array<{ type: string; id: string }>> {
  const found = new Map<string, string>()
  for await (const chunk of chunks(ds, 200)) {
    for (const r of chunk.resources) if (types.includes(r.type) && !found.has(r.type)) found.set(r.type, r.id)
    if (found.size === types.length) break
  }
  return [...found].map(([type, id]) => ({ type, id }))
}

/**
 * Throws one line (exit 2) when the target answers 404 or 410 for a resource of the dataset; other
 * answers (401, 5xx) are left to the run itself, which reports them with their context.
 */
export async function assertDatasetPresent(client: TargetClient, ds: Dataset): Promise<void> {
  for (const { type, id } of await firstOf(ds, ['Patient', 'Observation'])) {
    const res = await client.request('GET', `${type}/${id}`, { headers: { accept: 'application/fhir+json' } })
    if (res.status === 404 || res.status === 410)
      throw new InputError(
        `the dataset is not in the target: ${type}/${id} answered HTTP ${res.status}; seed it first (shoreline seed --target ${client.base} --data ${ds.dir})`,
        ds.dir,
      )
  }
}
