// The US Core validator (lib/us-core/validator.ts) judges against the profile @medplum/core parsed
// once, not a fresh parse per call. VALIDATOR-01 holds it to @medplum/core's own path,
// validateResource(r, { profile }), resource by resource: on a generated population, and on the
// same resources broken one element at a time, so that most comparisons are of resources with errors.
import t from 'tap'
import { OperationOutcomeError, validateResource } from '@medplum/core'
import { Rng } from '../../generators/random.js'
import { makeFaker } from '../../generators/faker-source.js'
import { buildPool } from '../../generators/population/pool.js'
import { generatePatient } from '../../generators/clinical/record.js'
import { sharedResources } from '../../generators/chunk.js'
import { usCoreValidator, withoutValidatorGaps } from '../../lib/us-core/validator.js'
import type { Json } from '../helpers.js'

type Resource = Parameters<typeof validateResource>[0]
type Issue = ReturnType<typeof validateResource>[number]

/** @medplum/core's verdict with the profile parsed for this call, as the validator words it. */
function reparsed(resource: Json, profile: Parameters<typeof validateResource>[1]): string[] {
  let issues: Issue[]
  try {
    issues = validateResource(resource as Resource, profile)
  } catch (err) {
    if (!(err instanceof OperationOutcomeError)) throw err
    issues = (err.outcome.issue ?? []) as Issue[]
  }
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`)
  return withoutValidatorGaps(resource, errors)
}

/** The resource broken one way at a time: each element gone, each coding made unknown, a contained resource of its own type. */
function* broken(r: Json): Generator<[string, Json]> {
  for (const k of Object.keys(r)) if (k !== 'resourceType') yield [`without ${k}`, { ...r, [k]: undefined }]
  for (const [k, v] of Object.entries(r)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as Json).coding))
      yield [`${k} miscoded`, { ...r, [k]: { coding: [{ system: 'urn:x', code: 'nope' }] } }]
  }
  yield ['an unknown element', { ...r, shoreline: true }]
  yield ['a contained resource of its own type', { ...r, contained: [{ resourceType: r.resourceType, id: 'c1' }] }]
}

t.test('VALIDATOR-01: the parsed-once profile gives the verdicts of a parse per call, valid and broken alike', async (t) => {
  const validator = await usCoreValidator()
  const seed = 15
  const rng = new Rng(seed)
  const { faker, randomizer } = makeFaker(rng)
  const pool = buildPool(seed, 12)
  const ctx = { seed, referenceMs: Date.parse('2025-01-01T00:00:00Z'), years: 10, pool, rng, faker, randomizer }
  const resources: Json[] = [...sharedResources(pool)]
  for (let i = 0; i < 12; i++) resources.push(...generatePatient(ctx, i).resources)

  const differ: string[] = []
  const perProfile = new Map<string, number>()
  let compared = 0
  let withErrors = 0
  const compare = (r: Json, url: string, how: string) => {
    const fast = validator.errors(r, url)
    const slow = reparsed(r, { profile: validator.profiles.get(url)! })
    compared++
    if (slow.length) withErrors++
    if (JSON.stringify(fast) !== JSON.stringify(slow)) differ.push(`${r.resourceType}/${r.id} ${how} against ${url}: ${JSON.stringify(fast)} ≠ ${JSON.stringify(slow)}`)
  }
  for (const r of resources) {
    const url = ((r.meta?.profile ?? []) as string[]).find((u) => validator.profiles.has(u))
    if (!url) continue
    const n = perProfile.get(url) ?? 0
    if (n >= 6) continue
    perProfile.set(url, n + 1)
    compare(r, url, 'as generated')
    // Two of each profile broken in every way.
    if (n < 2) for (const [how, b] of broken(r)) compare(b, url, how)
  }
  t.same(differ.slice(0, 5), [], `${compared} comparisons over ${perProfile.size} profiles: ${differ.length} differ`)
  t.ok(perProfile.size >= 20, `${perProfile.size} profiles compared`)
  t.ok(withErrors >= 100, `${withErrors} of the comparisons are of resources with errors`)
})
