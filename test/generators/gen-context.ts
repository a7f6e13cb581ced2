// A generator context for tests that build records one patient at a time (generatePatient,
// foresee) instead of running `generate`: the run's seed, its reference date and --years, and a
// shared pool sized for `patients`, as the CLI would make them.
import { Rng } from '../../generators/random.js'
import { makeFaker } from '../../generators/faker-source.js'
import { buildPool } from '../../generators/population/pool.js'
import { sharedResources } from '../../generators/chunk.js'
import type { GenContext } from '../../generators/clinical/record.js'

export function genContext(seed: number, patients: number, years: number, referenceDate = '2025-01-01') {
  const rng = new Rng(seed)
  const { faker, randomizer } = makeFaker(rng)
  const referenceMs = Date.parse(`${referenceDate}T00:00:00Z`)
  const ctx: GenContext = { seed, referenceMs, years, pool: buildPool(seed, patients), rng, faker, randomizer }
  return { ctx, ref: referenceMs, shared: sharedResources(ctx.pool) }
}
