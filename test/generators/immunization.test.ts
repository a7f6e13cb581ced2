// Declined vaccines: a season a patient goes without a seasonal vaccine (influenza, COVID-19) is
// recorded, where a wellness visit offered it, as an Immunization not done for patient objection (DECLINED) — no lot,
// no performer, not billed, and never in a season the patient was vaccinated.
import t from 'tap'
import { Rng } from '../../generators/random.js'
import { makeFaker } from '../../generators/faker-source.js'
import { buildPool } from '../../generators/population/pool.js'
import { generatePatient } from '../../generators/clinical/record.js'
import { DECLINED, VACCINES } from '../../generators/data/immunizations.js'
import { SYS } from '../../generators/data/systems.js'
import type { Resource } from '../../generators/fhir.js'

const seasonal = new Set(VACCINES.filter((v) => v.every === 12).map((v) => v.cvx))
type Codes = { coding?: Array<{ system?: string; code?: string }> }
const code = (cc: unknown, system: string) => (cc as Codes | undefined)?.coding?.find((c) => c.system === system)?.code
/** The influenza season a date falls in (September to August). */
const season = (iso: unknown) => {
  const d = new Date(String(iso))
  return d.getUTCMonth() >= 8 ? d.getUTCFullYear() : d.getUTCFullYear() - 1
}

t.test('GEN-IMM-01: a declined seasonal vaccine is not done, for patient objection, at a wellness visit of a season without a dose, and is not billed', async (t) => {
  const seed = 17
  const rng = new Rng(seed)
  const { faker, randomizer } = makeFaker(rng)
  const pool = buildPool(seed, 120)
  const ctx = { seed, referenceMs: Date.parse('2025-01-01T00:00:00Z'), years: 10, pool, rng, faker, randomizer }
  let given = 0
  const problems: string[] = []
  const declined: Resource[] = []
  for (let i = 0; i < 120; i++) {
    const rec = generatePatient(ctx, i)
    const shots = rec.resources.filter((r) => r.resourceType === 'Immunization')
    const vaccinated = new Set(shots.filter((r) => r.status === 'completed').map((r) => `${code(r.vaccineCode, SYS.cvx)} ${season(r.occurrenceDateTime)}`))
    given += shots.filter((r) => r.status === 'completed').length
    for (const r of shots.filter((s) => s.status !== 'completed')) {
      declined.push(r)
      const where = rec.resources.find((e) => `Encounter/${e.id}` === (r.encounter as { reference: string }).reference)
      const billed = rec.resources.some(
        (c) =>
          c.resourceType === 'Claim' &&
          (c.item as Array<{ productOrService: unknown }>).some((l) => code(l.productOrService, SYS.cvx) === code(r.vaccineCode, SYS.cvx)) &&
          (c.item as Array<{ encounter: Array<{ reference: string }> }>)[0]!.encounter[0]!.reference === `Encounter/${where?.id}`,
      )
      const wrong = [
        r.status !== 'not-done' && `status ${String(r.status)}`,
        code(r.statusReason, DECLINED.reason.system) !== DECLINED.reason.code && 'no PATOBJ status reason',
        (r.lotNumber !== undefined || r.performer !== undefined) && 'a lot or performer',
        !seasonal.has(code(r.vaccineCode, SYS.cvx) ?? '') && `CVX ${code(r.vaccineCode, SYS.cvx)}, not a seasonal vaccine`,
        code((where?.type as unknown[] | undefined)?.[0], SYS.snomed) !== '162673000' &&
          code((where?.type as unknown[] | undefined)?.[0], SYS.snomed) !== '410620009' &&
          'not at a wellness visit',
        vaccinated.has(`${code(r.vaccineCode, SYS.cvx)} ${season(r.occurrenceDateTime)}`) && 'in a season the patient had that vaccine',
        billed && 'billed',
      ].filter(Boolean)
      if (wrong.length) problems.push(`Immunization/${r.id}: ${wrong.join(', ')}`)
    }
  }
  t.ok(declined.length >= 20 && given > declined.length, `${declined.length} declined, ${given} doses given`)
  t.same(problems.slice(0, 5), [], `every declined vaccine as recorded (${problems.length} are not)`)
})
